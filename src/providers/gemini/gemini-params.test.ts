import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsupportedGeminiParams } from './gemini-params.ts';

describe('unsupportedGeminiParams', () => {
  it('chat: refuses what Gemini lacks, accepts harmless values and translated params', () => {
    const body = { model: 'm', messages: [], logit_bias: {}, user: 'u', parallel_tool_calls: false, store: false, n: 2, logprobs: true, top_k: 3, safety_settings: [], reasoning_effort: 'low', seed: 1 };
    assert.deepEqual(unsupportedGeminiParams('chat', body), ['logit_bias', 'user', 'parallel_tool_calls']);
    assert.deepEqual(unsupportedGeminiParams('chat', { parallel_tool_calls: true, store: true }), ['store']);
  });
  it('images: only b64_json answers, no quality / style', () => {
    assert.deepEqual(unsupportedGeminiParams('image_generation', { response_format: 'url', quality: 'hd', n: 2, size: '1024x1024' }), ['response_format', 'quality']);
    assert.deepEqual(unsupportedGeminiParams('image_generation', { response_format: 'b64_json' }), []);
  });
  it('embeddings: user', () => assert.deepEqual(unsupportedGeminiParams('embedding', { user: 'u', dimensions: 3 }), ['user']));
});
