/**
 * Deterministic embedding answers of the fake OpenAI upstream.
 *
 * Embedding vectors are derived from the input text, unit length, and made of float32 values,
 * so the `float` answer and the `base64` answer (little-endian float32 bytes, as OpenAI sends
 * them) decode to exactly the same numbers.
 */
import type { Embedding, EmbeddingRequest, EmbeddingResponse } from '../../src/spec/embedding.ts';
import { inputTokens, positiveInt, splitInputs } from './fake-openai-requests.ts';

/** Embedding dimension when the request has no `dimensions`. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** mulberry32: a tiny seeded generator of floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The deterministic unit-length float32 vector the fake returns for `text`. */
export function fakeEmbeddingVector(text: string, dimensions: number): number[] {
  const next = seededRandom(fnv1a(text));
  const raw = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

/** Encodes floats as OpenAI does for `encoding_format: "base64"`: little-endian float32 bytes. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** The POST /v1/embeddings answer: one item per input. */
export function buildEmbeddingResponse(request: EmbeddingRequest, model: string): EmbeddingResponse {
  const dimensions = positiveInt(request.dimensions, DEFAULT_EMBEDDING_DIMENSIONS);
  const base64 = request.encoding_format === 'base64';
  const data: Embedding[] = splitInputs(request.input).map((text, index) => {
    const vector = fakeEmbeddingVector(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector };
  });
  const tokens = inputTokens(request.input);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
