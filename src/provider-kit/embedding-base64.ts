/** Encodes a float vector the way OpenAI does for `encoding_format: "base64"`: little-endian float32 bytes. */
export function encodeEmbeddingBase64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i] ?? 0, i * 4);
  return bytes.toString('base64');
}

/** The inverse of encodeEmbeddingBase64. */
export function decodeEmbeddingBase64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const out: number[] = new Array<number>(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
