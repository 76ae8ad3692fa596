import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatCompletionChunk } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { ApiResponse } from '../../provider-kit/post-to-api.ts';
import { streamAnthropicChunks } from './stream-anthropic-chunks.ts';

type Event = Record<string, unknown> & { type: string };

const start = (usage: Record<string, unknown> = { input_tokens: 10, output_tokens: 1 }): Event => ({
  type: 'message_start',
  message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, stop_sequence: null, usage },
});
const blockStart = (index: number, block: Record<string, unknown>): Event => ({ type: 'content_block_start', index, content_block: block });
const delta = (index: number, value: Record<string, unknown>): Event => ({ type: 'content_block_delta', index, delta: value });
const blockStop = (index: number): Event => ({ type: 'content_block_stop', index });
const messageDelta = (stopReason: string, usage: Record<string, unknown> = { output_tokens: 7 }): Event => ({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage });
const stop: Event = { type: 'message_stop' };
const ping: Event = { type: 'ping' };

/** An upstream answer whose body is `text`, cut into small byte pieces. */
function response(text: string, contentType = 'text/event-stream'): ApiResponse & { cancelled: boolean } {
  const bytes = new TextEncoder().encode(text);
  const out = {
    status: 200,
    headers: { 'content-type': contentType },
    cancelled: false,
    json: async () => JSON.parse(text) as unknown,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += 7) yield bytes.slice(at, at + 7);
    },
    cancel() {
      out.cancelled = true;
    },
  };
  return out;
}

const sse = (events: readonly Event[]): string => events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');

async function run(events: readonly Event[], jsonMode = false): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const chunk of streamAnthropicChunks({ response: response(sse(events)), jsonMode, secrets: [] })) out.push(chunk);
  return out;
}

/** The choice deltas and finish reasons, and the usage of the last chunk. */
function summary(chunks: ChatCompletionChunk[]): { deltas: unknown[]; finish: unknown[]; usage: unknown } {
  return {
    deltas: chunks.filter((c) => c.choices.length > 0 && c.choices[0]?.finish_reason === null).map((c) => c.choices[0]?.delta),
    finish: chunks.flatMap((c) => (c.choices[0]?.finish_reason ? [c.choices[0].finish_reason] : [])),
    usage: chunks.at(-1)?.choices.length === 0 ? chunks.at(-1)?.usage : undefined,
  };
}

describe('streamAnthropicChunks', () => {
  const cases: { name: string; events: Event[]; jsonMode?: boolean; deltas: unknown[]; finish: string[] }[] = [
    {
      name: 'text deltas, pings anywhere ignored',
      events: [ping, start(), ping, blockStart(0, { type: 'text', text: '' }), delta(0, { type: 'text_delta', text: 'Hel' }), ping, delta(0, { type: 'text_delta', text: 'lo' }), blockStop(0), messageDelta('end_turn'), ping, stop],
      deltas: [{ role: 'assistant', content: '' }, { content: 'Hel' }, { content: 'lo' }],
      finish: ['stop'],
    },
    {
      name: 'tool calls: id and name first, argument fragments after; index counts tool calls, not blocks',
      events: [
        start(),
        blockStart(0, { type: 'text', text: '' }),
        delta(0, { type: 'text_delta', text: 'Checking.' }),
        blockStop(0),
        blockStart(1, { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: {} }),
        delta(1, { type: 'input_json_delta', partial_json: '{"loc' }),
        delta(1, { type: 'input_json_delta', partial_json: 'ation":"Paris"}' }),
        blockStop(1),
        blockStart(2, { type: 'tool_use', id: 'toolu_b', name: 'now', input: {} }),
        blockStop(2),
        messageDelta('tool_use'),
        stop,
      ],
      deltas: [
        { role: 'assistant', content: '' },
        { content: 'Checking.' },
        { tool_calls: [{ index: 0, id: 'toolu_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
        { tool_calls: [{ index: 0, function: { arguments: '{"loc' } }] },
        { tool_calls: [{ index: 0, function: { arguments: 'ation":"Paris"}' } }] },
        { tool_calls: [{ index: 1, id: 'toolu_b', type: 'function', function: { name: 'now', arguments: '' } }] },
        { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
      ],
      finish: ['tool_calls'],
    },
    {
      name: 'thinking and signature deltas; redacted thinking kept',
      events: [
        start(),
        blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
        delta(0, { type: 'thinking_delta', thinking: 'hmm' }),
        delta(0, { type: 'signature_delta', signature: 'sig' }),
        blockStop(0),
        blockStart(1, { type: 'redacted_thinking', data: 'opaque' }),
        blockStop(1),
        blockStart(2, { type: 'text', text: '' }),
        delta(2, { type: 'text_delta', text: 'ok' }),
        blockStop(2),
        messageDelta('end_turn'),
        stop,
      ],
      deltas: [
        { role: 'assistant', content: '' },
        { reasoning_content: 'hmm', thinking_blocks: [{ type: 'thinking', thinking: 'hmm' }] },
        { thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'sig' }] },
        { thinking_blocks: [{ type: 'redacted_thinking', data: 'opaque' }] },
        { content: 'ok' },
      ],
      finish: ['stop'],
    },
    {
      name: 'JSON mode: the json_tool_call input streams as content and finishes with stop',
      jsonMode: true,
      events: [
        start(),
        blockStart(0, { type: 'tool_use', id: 'toolu_j', name: 'json_tool_call', input: {} }),
        delta(0, { type: 'input_json_delta', partial_json: '{"a":' }),
        delta(0, { type: 'input_json_delta', partial_json: '1}' }),
        blockStop(0),
        messageDelta('tool_use'),
        stop,
      ],
      deltas: [{ role: 'assistant', content: '' }, { content: '{"a":' }, { content: '1}' }],
      finish: ['stop'],
    },
    { name: 'max_tokens → length', events: [start(), messageDelta('max_tokens'), stop], deltas: [{ role: 'assistant', content: '' }], finish: ['length'] },
    { name: 'unknown event types are skipped', events: [start(), { type: 'brand_new_event', x: 1 }, messageDelta('end_turn'), stop], deltas: [{ role: 'assistant', content: '' }], finish: ['stop'] },
  ];
  for (const { name, events, jsonMode, deltas, finish } of cases) {
    test(name, async () => {
      const chunks = await run(events, jsonMode);
      const got = summary(chunks);
      assert.deepEqual(got.deltas, deltas);
      assert.deepEqual(got.finish, finish);
      for (const chunk of chunks) {
        assert.equal(chunk.id, 'msg_1');
        assert.equal(chunk.object, 'chat.completion.chunk');
        assert.equal(chunk.model, 'claude-x');
      }
    });
  }

  test('the last chunk carries usage with choices: [] (input from message_start, output from message_delta)', async () => {
    const chunks = await run([start({ input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 90 }), messageDelta('end_turn', { output_tokens: 7 }), stop]);
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.deepEqual(last?.usage, {
      prompt_tokens: 100,
      completion_tokens: 7,
      total_tokens: 107,
      prompt_tokens_details: { cached_tokens: 90 },
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 90,
    });
  });

  const failures: { name: string; text: string; kind: string; status: number; message: RegExp }[] = [
    { name: 'overloaded_error event → 500 InternalServerError', text: sse([start(), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]), kind: 'internal', status: 500, message: /^litellm\.InternalServerError: AnthropicException - Overloaded$/ },
    { name: 'rate_limit_error event → 429', text: sse([start(), { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }]), kind: 'rate_limit', status: 429, message: /RateLimitError/ },
    { name: '"prompt is too long" event → context window', text: sse([{ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 300000 tokens > 200000 maximum' } }]), kind: 'context_window_exceeded', status: 400, message: /ContextWindowExceededError/ },
    { name: 'a stream that ends before message_stop', text: sse([start(), messageDelta('end_turn')]), kind: 'api_connection', status: 500, message: /ended before it was complete/ },
    { name: 'an event that is not JSON → 502', text: 'event: message_start\ndata: {oops\n\n', kind: 'bad_gateway', status: 502, message: /not JSON/ },
    { name: 'an event without its fields → 502', text: sse([{ type: 'content_block_delta' }]), kind: 'bad_gateway', status: 502, message: /Messages API shape/ },
    { name: 'content before message_start → 502', text: sse([delta(0, { type: 'text_delta', text: 'x' })]), kind: 'bad_gateway', status: 502, message: /before message_start/ },
  ];
  for (const { name, text, kind, status, message } of failures) {
    test(`throws: ${name}`, async () => {
      const upstream = response(text);
      await assert.rejects(
        (async () => {
          for await (const _chunk of streamAnthropicChunks({ response: upstream, jsonMode: false, secrets: [] })) {
            // drain
          }
        })(),
        (error: unknown) => {
          assert.ok(error instanceof GatewayError, String(error));
          assert.equal(error.kind, kind);
          assert.equal(error.status, status);
          assert.match(error.message, message);
          return true;
        },
      );
      assert.equal(upstream.cancelled, true, 'the upstream connection is released');
    });
  }

  test('a non-SSE answer is a 502 before any chunk, and is released', () => {
    const upstream = response('{}', 'application/json');
    assert.throws(() => streamAnthropicChunks({ response: upstream, jsonMode: false, secrets: [] }), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_gateway');
    assert.equal(upstream.cancelled, true);
  });
});
