import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cacheKeySource, responseCacheKey } from './cache-key.ts';
import { pythonRepr, pythonStr } from './python-repr.ts';

/**
 * Expected keys were computed with CPython 3.11 running LiteLLM's `get_cache_key` loop
 * (`f"{param}: {value}"` over the kwargs in the order LiteLLM's router passes them, model →
 * model group, SHA-256 hex) on the same inputs — not with this code.
 */
describe('responseCacheKey matches LiteLLM for the same request', () => {
  test('chat: model group, messages (Python repr, quotes and escapes), body params in order, stream: False last', () => {
    const body = { model: 'gpt', messages: [{ role: 'user', content: 'it\'s "quoted" ✓\n' }], max_tokens: 10, temperature: 0.7, user: 'u1' };
    assert.equal(
      cacheKeySource({ call: 'chat', body, modelValue: 'gpt' }),
      `model: gptmessages: [{'role': 'user', 'content': 'it\\'s "quoted" ✓\\n'}]max_tokens: 10temperature: 0.7user: u1stream: False`,
    );
    assert.equal(responseCacheKey({ call: 'chat', body, modelValue: 'gpt' }), '7d759fbd04611bc038b2f8dc16e490661559d885ddb77af4b90b6c08ecf0d717');
  });

  test('a streamed request has the key of the same request not streamed (stream and stream_options left out)', () => {
    const plain = { model: 'gpt', messages: [{ role: 'user', content: 'it\'s "quoted" ✓\n' }], max_tokens: 10, temperature: 0.7, user: 'u1' };
    const streamed = { ...plain, stream: true, stream_options: { include_usage: true } };
    assert.equal(responseCacheKey({ call: 'chat', body: streamed, modelValue: 'gpt' }), responseCacheKey({ call: 'chat', body: plain, modelValue: 'gpt' }));
  });

  test('embeddings: one input at a time, as a plain string', () => {
    const body = { model: 'embed', input: ['hello', 'other'], encoding_format: 'float' };
    assert.equal(responseCacheKey({ call: 'embedding', body, modelValue: 'embed', prompt: 'hello' }), '5c0f203a10e81f0859d78a453e14e2eb934b9116c6c51afe836c9bc0fa2b137b');
    assert.equal(responseCacheKey({ call: 'embedding', body: { ...body, input: 'hello' }, modelValue: 'embed' }), '5c0f203a10e81f0859d78a453e14e2eb934b9116c6c51afe836c9bc0fa2b137b');
  });

  test('a caching group is printed as a Python list; the namespace prefixes the hash', () => {
    const body = { messages: [{ role: 'user', content: 'hi' }], model: 'gpt' };
    assert.equal(
      responseCacheKey({ call: 'chat', body, modelValue: pythonRepr(['gpt', 'gpt-backup']), namespace: 'team-a' }),
      'team-a:6e005391b5749bfab862b2f769d7c9a1fa7af88038087b03ef456c3664ba262c',
    );
  });

  test('nested values: True/False/None, floats in exponent form, non-printable characters escaped, null params skipped', () => {
    const body = JSON.parse(
      '{"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": "zero\\u200bwidth \\ud83d\\ude00 tab\\t bell\\u0007 back\\\\slash"}]}], "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}, "required": [], "additionalProperties": false}, "strict": true}}], "tool_choice": null, "top_p": 1e-05, "seed": 1234567890123, "logit_bias": {"50256": -100}, "n": 2}',
    ) as Record<string, unknown>;
    assert.equal(responseCacheKey({ call: 'chat', body, modelValue: 'm' }), 'e7600db1a3f8b854d65f0769dfd981221aeb7d0c07d4d7cab9f29242123c6660');
  });

  test('text completions: prompt second, no stream part', () => {
    const body = { model: 'text', max_tokens: 5, prompt: [1, 2, 3], temperature: 1.5, stream: true };
    assert.equal(responseCacheKey({ call: 'completion', body, modelValue: 'text' }), 'cba37a02c369852065a4fe16037f0dae89a666002080b31fc1fc0926111747fc');
  });

  test('parameters LiteLLM does not know count only with enable_caching_on_provider_specific_optional_params', () => {
    const body = { model: 'g', messages: [], top_k: 3, repetition_penalty: 1.1 };
    assert.equal(cacheKeySource({ call: 'chat', body, modelValue: 'g' }), 'model: gmessages: []top_k: 3stream: False');
    assert.equal(cacheKeySource({ call: 'chat', body, modelValue: 'g', providerSpecificParams: true }), 'model: gmessages: []top_k: 3repetition_penalty: 1.1stream: False');
  });
});

describe('pythonRepr / pythonStr', () => {
  const cases: [unknown, string][] = [
    [null, 'None'],
    [true, 'True'],
    [0, '0'],
    [-3, '-3'],
    [0.1, '0.1'],
    [1e-7, '1e-07'],
    [1.5e300, '1.5e+300'],
    [123456.789, '123456.789'],
    ['plain', "'plain'"],
    ["it's", `"it's"`],
    [`it's "both"`, `'it\\'s "both"'`],
    ['\u00e9\u00a0\u2028', "'é\\xa0\\u2028'"],
    ['\ud800', "'\\ud800'"],
    [[], '[]'],
    [{}, '{}'],
    [{ a: [1, { b: null }] }, "{'a': [1, {'b': None}]}"],
  ];
  for (const [value, expected] of cases) {
    test(`${JSON.stringify(value)} → ${expected}`, () => assert.equal(pythonRepr(value), expected));
  }
  test('str() prints a top-level string as is', () => {
    assert.equal(pythonStr("it's"), "it's");
    assert.equal(pythonStr(['a']), "['a']");
  });
});
