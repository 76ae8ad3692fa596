import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatCompletionRequest } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { AnthropicImageLoader } from './convert-to-anthropic-content.ts';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.ts';

const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';
const PDF_DATA_URL = 'data:application/pdf;base64,JVBERi0xLjQ=';
const hi = [{ role: 'user' as const, content: 'hi' }];
const userHi = { role: 'user', content: [{ type: 'text', text: 'hi' }] };
const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } };

/** Decodes data URLs; "fetches" http URLs as a fixed JPEG, recording them. */
function stubLoader(fetched: string[] = []): AnthropicImageLoader {
  return async ({ url }) => {
    const match = /^data:([^;]+);base64,(.*)$/.exec(url);
    if (match !== null) return { mediaType: match[1] ?? '', data: match[2] ?? '' };
    fetched.push(url);
    return { mediaType: 'image/jpeg', data: 'SlBFRw==' };
  };
}

async function convert(request: Partial<ChatCompletionRequest>) {
  return convertToAnthropicRequest({ model: 'alias', messages: hi, ...request } as ChatCompletionRequest, { model: 'claude-x', loadImage: stubLoader(), defaultMaxTokens: 4096 });
}

describe('convertToAnthropicRequest', () => {
  const cases: { name: string; request: Partial<ChatCompletionRequest>; want: Record<string, unknown>; jsonMode?: boolean }[] = [
    { name: 'minimal: model, default max_tokens, user text as a block', request: {}, want: { model: 'claude-x', max_tokens: 4096, messages: [userHi] } },
    {
      name: 'system and developer messages → top-level system blocks, cache_control kept',
      request: {
        messages: [
          { role: 'system', content: 'rules' },
          { role: 'system', content: [{ type: 'text', text: 'cached', cache_control: { type: 'ephemeral' } }] },
          { role: 'developer', content: 'dev' },
          ...hi,
        ],
      },
      want: { system: [{ type: 'text', text: 'rules' }, { type: 'text', text: 'cached', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'dev' }], messages: [userHi] },
    },
    {
      name: 'consecutive same-role messages are merged; blank text is left out',
      request: { messages: [...hi, { role: 'user', content: '  ' }, { role: 'user', content: [{ type: 'text', text: 'again' }] }] },
      want: { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'text', text: 'again' }] }] },
    },
    { name: 'max_completion_tokens → max_tokens (wins over max_tokens)', request: { max_tokens: 10, max_completion_tokens: 20 }, want: { max_tokens: 20 } },
    { name: 'max_tokens kept', request: { max_tokens: 10 }, want: { max_tokens: 10 } },
    { name: 'stop string → stop_sequences', request: { stop: 'END' }, want: { stop_sequences: ['END'] } },
    { name: 'stop list → stop_sequences', request: { stop: ['a', 'b'] }, want: { stop_sequences: ['a', 'b'] } },
    { name: 'temperature, top_p, top_k pass', request: { temperature: 0.5, top_p: 0.9, top_k: 3 }, want: { temperature: 0.5, top_p: 0.9, top_k: 3 } },
    { name: 'user → metadata.user_id', request: { user: 'u-1' }, want: { metadata: { user_id: 'u-1' } } },
    { name: 'an e-mail address as user is left out', request: { user: 'a@b.example' }, want: { metadata: undefined } },
    { name: 'n: 1, logprobs: false and stream_options are consumed', request: { n: 1, logprobs: false, stream_options: { include_usage: true } }, want: { n: undefined, logprobs: undefined, stream_options: undefined } },
    {
      name: 'tools → name, description, input_schema (cache_control kept)',
      request: { tools: [{ ...weather, cache_control: { type: 'ephemeral' } }] },
      want: { tools: [{ name: 'get_weather', description: 'weather', input_schema: weather.function.parameters, cache_control: { type: 'ephemeral' } }] },
    },
    { name: 'a tool without parameters gets an empty object schema', request: { tools: [{ type: 'function', function: { name: 'now' } }] }, want: { tools: [{ name: 'now', input_schema: { type: 'object', properties: {} } }] } },
    { name: 'tool_choice auto', request: { tools: [weather], tool_choice: 'auto' }, want: { tool_choice: { type: 'auto' } } },
    { name: 'tool_choice none', request: { tools: [weather], tool_choice: 'none' }, want: { tool_choice: { type: 'none' } } },
    { name: 'tool_choice required → any', request: { tools: [weather], tool_choice: 'required' }, want: { tool_choice: { type: 'any' } } },
    { name: 'named tool_choice → tool', request: { tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } }, want: { tool_choice: { type: 'tool', name: 'get_weather' } } },
    { name: 'parallel_tool_calls false → disable_parallel_tool_use', request: { tools: [weather], parallel_tool_calls: false }, want: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } } },
    { name: 'parallel_tool_calls true with required', request: { tools: [weather], tool_choice: 'required', parallel_tool_calls: true }, want: { tool_choice: { type: 'any', disable_parallel_tool_use: false } } },
    {
      name: 'assistant tool_calls → tool_use (arguments parsed); tool → tool_result merged with the next user text',
      request: {
        messages: [
          ...hi,
          { role: 'assistant', content: 'let me look', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }, { id: 'toolu_2', type: 'function', function: { name: 'now', arguments: '' } }] },
          { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
          { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: 'noon' }] },
          { role: 'user', content: 'thanks' },
        ],
      },
      want: {
        messages: [
          userHi,
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'let me look' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } },
              { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'noon' }] },
              { type: 'text', text: 'thanks' },
            ],
          },
        ],
      },
    },
    {
      name: 'images: data URL → base64 image, http URL fetched, PDF file → document, cache_control kept',
      request: {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image_url', image_url: { url: PNG_DATA_URL }, cache_control: { type: 'ephemeral' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
              { type: 'file', file: { file_data: PDF_DATA_URL, filename: 'a.pdf' } },
            ],
          },
        ],
      },
      want: {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' }, cache_control: { type: 'ephemeral' } },
              { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'SlBFRw==' } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' } },
            ],
          },
        ],
      },
    },
    {
      name: 'response_format json_schema → forced json_tool_call',
      request: { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', properties: { a: { type: 'string' } } } } } },
      want: { tools: [{ name: 'json_tool_call', input_schema: { type: 'object', properties: { a: { type: 'string' } } } }], tool_choice: { type: 'tool', name: 'json_tool_call' } },
      jsonMode: true,
    },
    {
      name: 'response_format json_object → forced json_tool_call with an open schema',
      request: { response_format: { type: 'json_object' } },
      want: { tools: [{ name: 'json_tool_call', input_schema: { type: 'object', additionalProperties: true, properties: {} } }], tool_choice: { type: 'tool', name: 'json_tool_call' } },
      jsonMode: true,
    },
    { name: 'response_format text changes nothing', request: { response_format: { type: 'text' } }, want: { tools: undefined, tool_choice: undefined }, jsonMode: false },
    {
      name: 'response_format with thinking: the tool is offered, not forced',
      request: { reasoning_effort: 'low', response_format: { type: 'json_object' } },
      want: { tool_choice: undefined, thinking: { type: 'enabled', budget_tokens: 1024 } },
      jsonMode: true,
    },
    { name: 'reasoning_effort low → 1024 budget, max_tokens above it', request: { reasoning_effort: 'low' }, want: { thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 1024 + 4096 } },
    { name: 'reasoning_effort medium → 2048', request: { reasoning_effort: 'medium' }, want: { thinking: { type: 'enabled', budget_tokens: 2048 } } },
    { name: 'reasoning_effort high → 4096, given max_tokens kept', request: { reasoning_effort: 'high', max_tokens: 9000 }, want: { thinking: { type: 'enabled', budget_tokens: 4096 }, max_tokens: 9000 } },
    { name: 'reasoning_effort none → no thinking', request: { reasoning_effort: 'none' }, want: { thinking: undefined, max_tokens: 4096 } },
    { name: 'thinking passes through and wins over reasoning_effort', request: { thinking: { type: 'enabled', budget_tokens: 3000 }, reasoning_effort: 'low' }, want: { thinking: { type: 'enabled', budget_tokens: 3000 }, max_tokens: 3000 + 4096 } },
    {
      name: 'assistant thinking_blocks go first in their turn, signatures and redacted blocks kept',
      request: {
        messages: [
          ...hi,
          { role: 'assistant', content: 'answer', thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }] },
          { role: 'user', content: 'more' },
        ],
      },
      want: {
        messages: [
          userHi,
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }, { type: 'text', text: 'answer' }] },
          { role: 'user', content: [{ type: 'text', text: 'more' }] },
        ],
      },
    },
    {
      name: 'web_search_options → hosted web_search tool',
      request: { web_search_options: { search_context_size: 'medium', user_location: { type: 'approximate', approximate: { city: 'Paris' } } } },
      want: { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5, user_location: { type: 'approximate', city: 'Paris' } }] },
    },
    {
      name: 'a final assistant (prefill) turn loses trailing whitespace',
      request: { messages: [...hi, { role: 'assistant', content: 'The answer is ' }] },
      want: { messages: [userHi, { role: 'assistant', content: [{ type: 'text', text: 'The answer is' }] }] },
    },
    { name: 'extra_headers is not sent in the body', request: { extra_headers: { 'anthropic-beta': 'x' } }, want: { extra_headers: undefined } },
  ];

  for (const { name, request, want, jsonMode } of cases) {
    test(name, async () => {
      const { body, jsonMode: gotJsonMode } = await convert(request);
      for (const [field, value] of Object.entries(want)) assert.deepEqual(body[field], value, field);
      if (jsonMode !== undefined) assert.equal(gotJsonMode, jsonMode);
    });
  }

  test('leaves model out when none is given (Vertex AI rawPredict bodies)', async () => {
    const { body } = await convertToAnthropicRequest({ model: 'alias', messages: hi }, { loadImage: stubLoader(), defaultMaxTokens: 4096 });
    assert.equal('model' in body, false);
    assert.deepEqual(body, { max_tokens: 4096, messages: [userHi] });
  });

  test('http image URLs go through the loader', async () => {
    const fetched: string[] = [];
    await convertToAnthropicRequest(
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://img.example/a.png' } }] }] },
      { loadImage: stubLoader(fetched) },
    );
    assert.deepEqual(fetched, ['http://img.example/a.png']);
  });

  const errors: { name: string; request: Partial<ChatCompletionRequest>; param: string; message: RegExp }[] = [
    { name: 'only system messages', request: { messages: [{ role: 'system', content: 'rules' }] }, param: 'messages', message: /at least one non-system message/ },
    {
      name: 'tool-call arguments that are not JSON',
      request: { messages: [...hi, { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{bad' } }] }] },
      param: 'messages[1].tool_calls[0].function.arguments',
      message: /not valid JSON/,
    },
    {
      name: 'tool-call arguments that are not an object',
      request: { messages: [...hi, { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] },
      param: 'messages[1].tool_calls[0].function.arguments',
      message: /JSON object/,
    },
    { name: 'a tool message without tool_call_id', request: { messages: [...hi, { role: 'tool', content: 'x' }] }, param: 'messages[1].tool_call_id', message: /tool_call_id/ },
    { name: 'audio input', request: { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] }, param: 'messages[0].content[0]', message: /audio/ },
    { name: 'legacy function messages', request: { messages: [...hi, { role: 'function', name: 'f', content: 'x' }] }, param: 'messages[1].role', message: /function/ },
    { name: 'an unknown reasoning_effort', request: { reasoning_effort: 'extreme' }, param: 'reasoning_effort', message: /reasoning_effort/ },
    { name: 'a non-text system part', request: { messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }] }, ...hi] }, param: 'messages[0].content[0]', message: /system messages take text only/ },
  ];
  for (const { name, request, param, message } of errors) {
    test(`400: ${name}`, async () => {
      await assert.rejects(convert(request), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.kind, 'bad_request');
        assert.equal(error.param, param);
        assert.match(error.message, /^litellm\.BadRequestError: AnthropicException - /);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
