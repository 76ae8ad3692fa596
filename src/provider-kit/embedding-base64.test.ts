import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeEmbeddingBase64, encodeEmbeddingBase64 } from './embedding-base64.ts';

/** An independent encoder: a Float32Array written through a DataView, explicitly little-endian. */
function referenceBase64(vector: readonly number[]): string {
  const floats = new Float32Array(vector.length);
  const view = new DataView(floats.buffer);
  vector.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(floats.buffer).toString('base64');
}

describe('embedding base64', () => {
  test('a known vector encodes to a known string', () => {
    // Computed once with `Buffer.from(new Float32Array([1, -2.5, 0.1, 3.4028234663852886e38]).buffer)`.
    const vector = [1, -2.5, 0.1, 3.4028234663852886e38];
    assert.equal(encodeEmbeddingBase64(vector), 'AACAPwAAIMDNzMw9//9/fw==');
    assert.equal(referenceBase64(vector), 'AACAPwAAIMDNzMw9//9/fw==');
  });

  test('a known string decodes to the float32 values', () => {
    assert.deepEqual(decodeEmbeddingBase64('AACAPwAAIMDNzMw9//9/fw=='), [1, -2.5, Math.fround(0.1), 3.4028234663852886e38]);
  });

  const vectors: { name: string; vector: number[] }[] = [
    { name: 'empty', vector: [] },
    { name: 'one value', vector: [0.5] },
    { name: 'small and negative values', vector: [-0.0123, 0.98765, 1e-7, -1e-30, 123456.789] },
    { name: 'special values', vector: [0, -0, Infinity, -Infinity] },
    { name: 'a 1536-dimension unit vector', vector: Array.from({ length: 1536 }, (_, i) => Math.sin(i + 1) / Math.sqrt(768)) },
  ];

  for (const { name, vector } of vectors) {
    test(`matches the reference encoder and round-trips through float32: ${name}`, () => {
      const text = encodeEmbeddingBase64(vector);
      assert.equal(text, referenceBase64(vector));
      assert.equal(Buffer.from(text, 'base64').length, vector.length * 4);
      const decoded = decodeEmbeddingBase64(text);
      assert.equal(decoded.length, vector.length);
      decoded.forEach((value, i) => assert.ok(Object.is(value, Math.fround(vector[i] ?? NaN)), `index ${i}: ${value} vs ${vector[i]}`));
    });
  }

  test('NaN survives the round trip', () => {
    const [value] = decodeEmbeddingBase64(encodeEmbeddingBase64([NaN]));
    assert.ok(Number.isNaN(value));
  });

  test('float32-exact values round-trip exactly, and encode(decode(s)) === s', () => {
    const vector = [0.25, -3, 1024, Math.fround(0.1), Math.fround(-7.3)];
    assert.deepEqual(decodeEmbeddingBase64(encodeEmbeddingBase64(vector)), vector);
    const text = 'AACAPwAAIMDNzMw9//9/fw==';
    assert.equal(encodeEmbeddingBase64(decodeEmbeddingBase64(text)), text);
  });

  test('the OpenAI SDK decoding (Float32Array over the bytes) reads what we encode', () => {
    const vector = [0.125, -0.5, 0.75];
    const bytes = Buffer.from(encodeEmbeddingBase64(vector), 'base64');
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    assert.deepEqual(Array.from(floats), vector);
  });
});
