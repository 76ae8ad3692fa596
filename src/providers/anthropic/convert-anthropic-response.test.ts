import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { AnthropicMessageResponse, AnthropicResponseBlock, AnthropicUsage } from './anthropic-api.ts';
import { convertAnthropicResponse } from './convert-anthropic-response.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';
import { parseAnthropicAnswer } from './parse-anthropic-answer.ts';

const usage = { input_tokens: 10, output_tokens: 5 };

function message(content: AnthropicResponseBlock[], stopReason = 'end_turn', extra: Partial<AnthropicMessageResponse> = {}): AnthropicMessageResponse {
  return { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content, stop_reason: stopReason, stop_sequence: null, usage, ...extra };
}

describe('convertAnthropicResponse', () => {
  const cases: { name: string; input: AnthropicMessageResponse; jsonMode?: boolean; want: Record<string, unknown>; finish: string }[] = [
    { name: 'text blocks joined', input: message([{ type: 'text', text: 'Hello' }, { type: 'text', text: ' world' }]), want: { role: 'assistant', content: 'Hello world' }, finish: 'stop' },
    {
      name: 'tool_use → tool_calls with the toolu_ id and JSON arguments',
      input: message([{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { location: 'Paris' } }], 'tool_use'),
      want: { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
      finish: 'tool_calls',
    },
    {
      name: 'only tool_use → content null',
      input: message([{ type: 'tool_use', id: 'toolu_02', name: 'now', input: {} }], 'tool_use'),
      want: { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_02', type: 'function', function: { name: 'now', arguments: '{}' } }] },
      finish: 'tool_calls',
    },
    {
      name: 'thinking → reasoning_content and thinking_blocks (redacted kept)',
      input: message([{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }, { type: 'text', text: 'ok' }]),
      want: {
        role: 'assistant',
        content: 'ok',
        reasoning_content: 'hmm',
        thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }],
      },
      finish: 'stop',
    },
    {
      name: 'JSON mode: the json_tool_call input becomes the content',
      input: message([{ type: 'tool_use', id: 'toolu_03', name: 'json_tool_call', input: { a: 1 } }], 'tool_use'),
      jsonMode: true,
      want: { role: 'assistant', content: '{"a":1}' },
      finish: 'stop',
    },
    {
      name: 'citations are kept in provider_specific_fields',
      input: message([{ type: 'text', text: 'cited', citations: [{ type: 'char_location', cited_text: 'x' }] }]),
      want: { role: 'assistant', content: 'cited', provider_specific_fields: { citations: [[{ type: 'char_location', cited_text: 'x' }]] } },
      finish: 'stop',
    },
    { name: 'max_tokens → length', input: message([{ type: 'text', text: 'cut' }], 'max_tokens'), want: { role: 'assistant', content: 'cut' }, finish: 'length' },
    { name: 'refusal → content_filter', input: message([], 'refusal'), want: { role: 'assistant', content: null }, finish: 'content_filter' },
  ];
  for (const { name, input, jsonMode, want, finish } of cases) {
    test(name, () => {
      const out = convertAnthropicResponse(input, { jsonMode: jsonMode ?? false, created: 1700000000 });
      assert.deepEqual(out.choices[0]?.message, want);
      assert.equal(out.choices[0]?.finish_reason, finish);
      assert.equal(out.id, 'msg_1');
      assert.equal(out.model, 'claude-x');
      assert.equal(out.object, 'chat.completion');
      assert.equal(out.created, 1700000000);
    });
  }
});

describe('mapAnthropicFinishReason', () => {
  const table: [string | null, string][] = [
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    [null, 'stop'],
    ['something_new', 'stop'],
  ];
  for (const [reason, want] of table) test(`${String(reason)} → ${want}`, () => assert.equal(mapAnthropicFinishReason(reason), want));
});

describe('convertAnthropicUsage', () => {
  const cases: { name: string; input: AnthropicUsage; want: Record<string, unknown> }[] = [
    {
      name: 'plain',
      input: { input_tokens: 10, output_tokens: 5 },
      want: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 0 }, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
    {
      name: 'cache writes and reads count as prompt tokens; reads are cached_tokens',
      input: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 },
      want: { prompt_tokens: 1110, completion_tokens: 5, total_tokens: 1115, prompt_tokens_details: { cached_tokens: 1000 }, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 },
    },
    {
      name: 'null counters are zero; thinking tokens → reasoning_tokens',
      input: { input_tokens: 3, output_tokens: 40, cache_creation_input_tokens: null, output_tokens_details: { thinking_tokens: 30 } },
      want: {
        prompt_tokens: 3,
        completion_tokens: 40,
        total_tokens: 43,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 30 },
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    },
  ];
  for (const { name, input, want } of cases) test(name, () => assert.deepEqual(convertAnthropicUsage(input), want));
});

describe('parseAnthropicAnswer', () => {
  test('a message converts', () => {
    const out = parseAnthropicAnswer(message([{ type: 'text', text: 'hi' }]), { jsonMode: false, secrets: [] });
    assert.equal(out.choices[0]?.message.content, 'hi');
  });

  test('an error object with a 2xx status is thrown as its kind, secrets redacted', () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded for key sk-ant-secret-123456' } };
    assert.throws(() => parseAnthropicAnswer(body, { jsonMode: false, secrets: ['sk-ant-secret-123456'] }), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'internal');
      assert.equal(error.message, 'litellm.InternalServerError: AnthropicException - Overloaded for key [REDACTED]');
      return true;
    });
  });

  test('anything else → 502', () => {
    assert.throws(() => parseAnthropicAnswer({ choices: [] }, { jsonMode: false, secrets: [] }), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_gateway');
  });

  test('the provider name can be changed (Vertex AI)', () => {
    assert.throws(
      () => parseAnthropicAnswer({ nope: true }, { jsonMode: false, secrets: [], providerName: 'Vertex_ai' }),
      (error: unknown) => error instanceof GatewayError && /Vertex_aiException/.test(error.message),
    );
  });
});
