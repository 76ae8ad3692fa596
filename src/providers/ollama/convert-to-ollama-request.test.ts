import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionRequest } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import {
  convertChatToOllamaGenerateRequest,
  convertCompletionToOllamaGenerateRequest,
  convertToOllamaChatRequest,
  convertToOllamaEmbedRequest,
} from './convert-to-ollama-request.ts';

const signal = new AbortController().signal;
const at = { model: 'llama3.1', params: { model: 'ollama_chat/llama3.1' }, stream: false, signal };
const user = { role: 'user' as const, content: 'hi' };
const req = (extra: Partial<ChatCompletionRequest>): ChatCompletionRequest => ({ model: 'm', messages: [user], ...extra });

describe('canonical chat → /api/chat body', () => {
  const cases: { name: string; request: ChatCompletionRequest; params?: Record<string, unknown>; expected: Record<string, unknown> }[] = [
    { name: 'plain message, no options', request: req({}), expected: { messages: [{ role: 'user', content: 'hi' }], options: {} } },
    { name: 'max_tokens → num_predict', request: req({ max_tokens: 7 }), expected: { options: { num_predict: 7 } } },
    { name: 'max_completion_tokens wins over max_tokens', request: req({ max_tokens: 7, max_completion_tokens: 9 }), expected: { options: { num_predict: 9 } } },
    {
      name: 'sampling options keep their names; stop string → list',
      request: req({ temperature: 0.5, top_p: 0.9, seed: 3, frequency_penalty: 0.1, presence_penalty: 0.2, stop: 'X' }),
      expected: { options: { temperature: 0.5, top_p: 0.9, seed: 3, presence_penalty: 0.2, frequency_penalty: 0.1, stop: ['X'] } },
    },
    { name: 'Ollama options in the body (top_k, num_ctx, repeat_penalty)', request: req({ top_k: 40, num_ctx: 4096, repeat_penalty: 1.1 }), expected: { options: { top_k: 40, num_ctx: 4096, repeat_penalty: 1.1 } } },
    { name: 'Ollama options from litellm_params, body wins', request: req({ num_ctx: 2048 }), params: { num_ctx: 8192, top_k: 20 }, expected: { options: { num_ctx: 2048, top_k: 20 } } },
    { name: 'json_object → format "json"', request: req({ response_format: { type: 'json_object' } }), expected: { format: 'json' } },
    {
      name: 'json_schema → format schema',
      request: req({ response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object' } } } }),
      expected: { format: { type: 'object' } },
    },
    { name: 'response_format text → no format', request: req({ response_format: { type: 'text' } }), expected: { format: undefined } },
    { name: 'reasoning_effort → think true', request: req({ reasoning_effort: 'high' }), expected: { think: true } },
    { name: 'reasoning_effort none → think false', request: req({ reasoning_effort: 'none' }), expected: { think: false } },
    { name: 'explicit think level passes', request: req({ think: 'low' }), expected: { think: 'low' } },
    { name: 'keep_alive from the body', request: req({ keep_alive: '5m' }), expected: { keep_alive: '5m' } },
    { name: 'keep_alive from litellm_params', request: req({}), params: { keep_alive: -1 }, expected: { keep_alive: -1 } },
    {
      name: 'tools keep their shape without strict; tool_choice auto is fine',
      request: req({ tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' }, strict: true } }], tool_choice: 'auto' }),
      expected: { tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } }] },
    },
    { name: 'tool_choice none sends no tools', request: req({ tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'none' }), expected: { tools: undefined } },
    {
      name: 'system and developer → system; text parts joined',
      request: req({ messages: [{ role: 'developer', content: 'dev' }, { role: 'system', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }, user] }),
      expected: { messages: [{ role: 'system', content: 'dev' }, { role: 'system', content: 'ab' }, { role: 'user', content: 'hi' }] },
    },
    {
      name: 'images: data: prefix stripped',
      request: req({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,QUJD' } }, { type: 'text', text: 'what?' }] }] }),
      expected: { messages: [{ role: 'user', content: 'what?', images: ['QUJD'] }] },
    },
    {
      name: 'assistant tool calls: arguments parsed to objects, reasoning → thinking; tool result → tool_name',
      request: req({
        messages: [
          user,
          { role: 'assistant', content: null, reasoning_content: 'hmm', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
      }),
      expected: {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: '', thinking: 'hmm', tool_calls: [{ id: 'c1', function: { name: 'f', arguments: { a: 1 } } }] },
          { role: 'tool', content: 'ok', tool_name: 'f', tool_call_id: 'c1' },
        ],
      },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const body = await convertToOllamaChatRequest(c.request, { ...at, params: { model: 'ollama_chat/llama3.1', ...c.params } });
      assert.equal(body.model, 'llama3.1');
      assert.equal(body.stream, false);
      for (const [key, value] of Object.entries(c.expected)) assert.deepEqual((body as unknown as Record<string, unknown>)[key], value, key);
    });
  }

  it('refuses tool arguments that are not a JSON object', async () => {
    const request = req({ messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] });
    await assert.rejects(convertToOllamaChatRequest(request, at), (e: unknown) => e instanceof GatewayError && e.kind === 'bad_request');
  });

  it('refuses audio parts with a 400 naming the part', async () => {
    const request = req({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] });
    await assert.rejects(convertToOllamaChatRequest(request, at), (e: unknown) => e instanceof GatewayError && e.param === 'messages[0].content[0]');
  });
});

describe('canonical chat → /api/generate body (ollama/)', () => {
  it('flattens turns into ### sections, leading system → system, images collected', async () => {
    const body = await convertChatToOllamaGenerateRequest(
      req({
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
          { role: 'assistant', content: 'a cat' },
          { role: 'user', content: 'sure?' },
        ],
        temperature: 0,
      }),
      { ...at, stream: true },
    );
    assert.deepEqual(body, {
      model: 'llama3.1',
      prompt: '### User:\nlook\n\n### Assistant:\na cat\n\n### User:\nsure?\n\n',
      system: 'be brief',
      images: ['AAAA'],
      stream: true,
      options: { temperature: 0 },
    });
  });
});

describe('completion and embedding bodies', () => {
  it('completion: prompt, suffix, max_tokens → num_predict', () => {
    const body = convertCompletionToOllamaGenerateRequest({ model: 'm', prompt: ['def f('], suffix: ')', max_tokens: 3 }, { model: 'codellama', params: { model: 'ollama/codellama' }, stream: false });
    assert.deepEqual(body, { model: 'codellama', prompt: 'def f(', suffix: ')', stream: false, options: { num_predict: 3 } });
  });

  it('completion: several prompts are refused', () => {
    assert.throws(() => convertCompletionToOllamaGenerateRequest({ model: 'm', prompt: ['a', 'b'] }, { model: 'x', params: { model: 'ollama/x' }, stream: false }), GatewayError);
  });

  it('embedding: input, dimensions, keep_alive and truncate', () => {
    const body = convertToOllamaEmbedRequest({ model: 'm', input: ['a'], dimensions: 4, truncate: false }, { model: 'nomic', params: { model: 'ollama/nomic', keep_alive: '1m' } });
    assert.deepEqual(body, { model: 'nomic', input: ['a'], dimensions: 4, truncate: false, keep_alive: '1m' });
  });

  it('embedding: token arrays are refused', () => {
    assert.throws(() => convertToOllamaEmbedRequest({ model: 'm', input: [1, 2] }, { model: 'x', params: { model: 'ollama/x' } }), GatewayError);
  });
});
