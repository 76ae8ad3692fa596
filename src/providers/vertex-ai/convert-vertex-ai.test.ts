import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.ts';
import { decodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import { convertToVertexEmbeddingRequest, convertVertexEmbeddingResponse } from './convert-vertex-ai-embedding.ts';
import { convertToVertexImagenRequest, convertVertexImagenResponse } from './convert-vertex-ai-imagen.ts';

describe('Vertex embeddings (:predict)', () => {
  it('one instance per input; dimensions and task_type', () => {
    assert.deepEqual(convertToVertexEmbeddingRequest({ model: 'm', input: 'a' }), { instances: [{ content: 'a' }] });
    assert.deepEqual(convertToVertexEmbeddingRequest({ model: 'm', input: ['a', 'b'], dimensions: 256, task_type: 'RETRIEVAL_QUERY' }), {
      instances: [{ content: 'a', task_type: 'RETRIEVAL_QUERY' }, { content: 'b', task_type: 'RETRIEVAL_QUERY' }],
      parameters: { outputDimensionality: 256 },
    });
  });
  it('refuses token arrays', () => {
    assert.throws(() => convertToVertexEmbeddingRequest({ model: 'm', input: [1, 2, 3] }), (e: unknown) => e instanceof GatewayError && e.param === 'input');
  });
  it('predictions → data in order, usage from token_count, base64 when asked', () => {
    const value = { predictions: [{ embeddings: { values: [0.5, 1], statistics: { token_count: 2 } } }, { embeddings: { values: [0.25, 0], statistics: { token_count: 3 } } }] };
    const floats = convertVertexEmbeddingResponse(value, { inputs: 2, model: 'text-embedding-005', base64: false, providerName: 'VertexAI' });
    assert.deepEqual(floats, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.5, 1] }, { object: 'embedding', index: 1, embedding: [0.25, 0] }], model: 'text-embedding-005', usage: { prompt_tokens: 5, total_tokens: 5 } });
    const b64 = convertVertexEmbeddingResponse(value, { inputs: 2, model: 'm', base64: true, providerName: 'VertexAI' });
    assert.deepEqual(decodeEmbeddingBase64(String(b64.data[1]?.embedding)), [0.25, 0]);
  });
  it('a count mismatch is a 502', () => {
    assert.throws(() => convertVertexEmbeddingResponse({ predictions: [] }, { inputs: 1, model: 'm', base64: false, providerName: 'VertexAI' }), (e: unknown) => e instanceof GatewayError && e.kind === 'bad_gateway');
  });
});

describe('Imagen (:predict)', () => {
  const sizes: [string | undefined, string | undefined][] = [[undefined, undefined], ['1024x1024', '1:1'], ['1792x1024', '16:9'], ['1024x1792', '9:16'], ['1536x2048', '3:4'], ['2048x1536', '4:3'], ['auto', undefined]];
  for (const [size, ratio] of sizes) {
    it(`size ${String(size)} → aspectRatio ${String(ratio)}`, () => {
      const body = convertToVertexImagenRequest({ model: 'm', prompt: 'p', ...(size === undefined ? {} : { size }) });
      assert.deepEqual(body, { instances: [{ prompt: 'p' }], parameters: { sampleCount: 1, ...(ratio === undefined ? {} : { aspectRatio: ratio }) } });
    });
  }
  it('n → sampleCount; Imagen extras pass through', () => {
    assert.deepEqual(convertToVertexImagenRequest({ model: 'm', prompt: 'p', n: 4, negativePrompt: 'dogs' }).parameters, { sampleCount: 4, negativePrompt: 'dogs' });
  });
  it('refuses a size Imagen cannot make', () => {
    assert.throws(() => convertToVertexImagenRequest({ model: 'm', prompt: 'p', size: '1000x300' }), (e: unknown) => e instanceof GatewayError && e.param === 'size');
  });
  it('predictions → b64_json; all filtered → content policy; no predictions array → 502', () => {
    assert.deepEqual(convertVertexImagenResponse({ predictions: [{ bytesBase64Encoded: 'AAA', mimeType: 'image/png' }, { raiFilteredReason: 'x' }] }, 'VertexAI').data, [{ b64_json: 'AAA' }]);
    assert.throws(() => convertVertexImagenResponse({ predictions: [{ raiFilteredReason: 'blocked' }] }, 'VertexAI'), (e: unknown) => e instanceof GatewayError && e.kind === 'content_policy_violation' && /blocked/.test(e.message));
    assert.throws(() => convertVertexImagenResponse({ predictions: 'x' }, 'VertexAI'), (e: unknown) => e instanceof GatewayError && e.kind === 'bad_gateway');
  });
});
