/**
 * Proof that the fake Anthropic upstream speaks the real protocol: the official
 * `@anthropic-ai/sdk` is its client (messages.create whole and streamed, the stream helper,
 * tools, thinking, errors mapped to the SDK's error classes, mid-stream error events).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { FAKE_ANTHROPIC_TEXT, FAKE_SIGNATURE, FAKE_THINKING } from './fake-anthropic-answers.ts';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.ts';

const API_KEY = 'sk-ant-test-fake-key-1234';
const MODEL = 'claude-sonnet-4-6';
const hi = [{ role: 'user' as const, content: 'Say hello' }];
const weatherTool = { name: 'get_weather', description: 'weather', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } } } };

describe('fake Anthropic driven by @anthropic-ai/sdk', () => {
  let fake: FakeAnthropic;
  let client: Anthropic;

  before(async () => {
    fake = await startFakeAnthropic({ apiKey: API_KEY, models: [MODEL] });
    client = new Anthropic({ baseURL: fake.url, apiKey: API_KEY, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers messages.create and records the request (the SDK sends a bearer key)', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 100, messages: hi });
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, MODEL);
    assert.match(message.id, /^msg_fake/);
    assert.deepEqual(message.content, [{ type: 'text', text: FAKE_ANTHROPIC_TEXT }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    const recorded = fake.requests[0];
    assert.equal(recorded?.path, '/v1/messages');
    assert.equal(recorded?.headers.authorization, `Bearer ${API_KEY}`);
    assert.ok(recorded?.headers['anthropic-version'] !== undefined);
    assert.deepEqual(recorded?.body, { model: MODEL, max_tokens: 100, messages: hi });
  });

  it('accepts the key as x-api-key too', async () => {
    const keyed = new Anthropic({ baseURL: fake.url, apiKey: null, authToken: null, defaultHeaders: { 'x-api-key': API_KEY }, maxRetries: 0 });
    const message = await keyed.messages.create({ model: MODEL, max_tokens: 100, messages: hi });
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(fake.requests[0]?.headers['x-api-key'], API_KEY);
    assert.equal(fake.requests[0]?.headers.authorization, undefined);
  });

  it('streams with create({stream: true}); the SDK skips the interleaved pings', async () => {
    const stream = await client.messages.create({ model: MODEL, max_tokens: 100, messages: hi, stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    assert.equal(text, FAKE_ANTHROPIC_TEXT);
    assert.equal(types[0], 'message_start');
    assert.equal(types.at(-1), 'message_stop');
    assert.ok(!types.includes('ping'));
    assert.equal(types.filter((t) => t === 'content_block_delta').length, 3);
  });

  it('the stream helper accumulates the final message, tool_use included', async () => {
    const stream = client.messages.stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [weatherTool] });
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    const block = message.content[0];
    assert.equal(block?.type, 'tool_use');
    assert.deepEqual(block?.type === 'tool_use' ? [block.name, block.input] : undefined, ['get_weather', { location: 'Paris' }]);
    assert.match(block?.type === 'tool_use' ? block.id : '', /^toolu_/);
  });

  it('answers a tool result with text, and thinking first when enabled', async () => {
    const first = await client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] });
    const call = first.content[0];
    assert.equal(call?.type, 'tool_use');
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call?.type === 'tool_use' ? call.id : '', content: 'sunny' }] },
      ],
    });
    assert.deepEqual(second.content.map((block) => block.type), ['thinking', 'text']);
    const thinking = second.content[0];
    assert.deepEqual(thinking?.type === 'thinking' ? [thinking.thinking, thinking.signature] : undefined, [FAKE_THINKING, FAKE_SIGNATURE]);
  });

  it('streams thinking and signature deltas the SDK assembles', async () => {
    const stream = client.messages.stream({ model: MODEL, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: hi });
    const message = await stream.finalMessage();
    const thinking = message.content[0];
    assert.deepEqual(thinking?.type === 'thinking' ? [thinking.thinking, thinking.signature] : undefined, [FAKE_THINKING, FAKE_SIGNATURE]);
    assert.equal(message.content[1]?.type === 'text' ? message.content[1].text : undefined, FAKE_ANTHROPIC_TEXT);
  });

  it('serves scripted answers with their usage', async () => {
    fake.queueAnswer({ content: [{ type: 'text', text: 'scripted' }], stop_reason: 'max_tokens', usage: { cache_read_input_tokens: 7 } });
    const message = await client.messages.create({ model: MODEL, max_tokens: 100, messages: hi });
    assert.deepEqual(message.content, [{ type: 'text', text: 'scripted' }]);
    assert.equal(message.stop_reason, 'max_tokens');
    assert.equal(message.usage.cache_read_input_tokens, 7);
  });

  describe('errors map to the SDK error classes', () => {
    const cases: { name: string; act: () => Promise<unknown>; cls: () => new (...args: never[]) => Error; status: number; type: string }[] = [
      { name: 'wrong key', act: () => new Anthropic({ baseURL: fake.url, apiKey: 'wrong', maxRetries: 0 }).messages.create({ model: MODEL, max_tokens: 10, messages: hi }), cls: () => Anthropic.AuthenticationError, status: 401, type: 'authentication_error' },
      { name: 'missing max_tokens', act: () => client.messages.create({ model: MODEL, messages: hi } as unknown as Anthropic.MessageCreateParamsNonStreaming), cls: () => Anthropic.BadRequestError, status: 400, type: 'invalid_request_error' },
      { name: 'temperature above 1', act: () => client.messages.create({ model: MODEL, max_tokens: 10, temperature: 1.5, messages: hi } as unknown as Anthropic.MessageCreateParamsNonStreaming), cls: () => Anthropic.BadRequestError, status: 400, type: 'invalid_request_error' },
      { name: 'an unknown field', act: () => client.messages.create({ model: MODEL, max_tokens: 10, messages: hi, n: 2 } as unknown as Anthropic.MessageCreateParamsNonStreaming), cls: () => Anthropic.BadRequestError, status: 400, type: 'invalid_request_error' },
      { name: 'an empty text block', act: () => client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }), cls: () => Anthropic.BadRequestError, status: 400, type: 'invalid_request_error' },
      { name: 'roles that do not alternate', act: () => client.messages.create({ model: MODEL, max_tokens: 10, messages: [...hi, ...hi] }), cls: () => Anthropic.BadRequestError, status: 400, type: 'invalid_request_error' },
      { name: 'an unknown model', act: () => client.messages.create({ model: 'claude-nope', max_tokens: 10, messages: hi }), cls: () => Anthropic.NotFoundError, status: 404, type: 'not_found_error' },
    ];
    for (const { name, act, cls, status, type } of cases) {
      it(name, async () => {
        await assert.rejects(act(), (error: unknown) => {
          assert.ok(error instanceof cls(), `${String(error)} is a ${cls().name}`);
          assert.equal((error as InstanceType<typeof Anthropic.APIError>).status, status);
          assert.equal((error as InstanceType<typeof Anthropic.APIError>).type, type);
          return true;
        });
      });
    }

    it('injected 429 with retry-after, 529 overloaded and 403', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
      await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 10, messages: hi }), (error: unknown) => {
        assert.ok(error instanceof Anthropic.RateLimitError);
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.equal(error.type, 'rate_limit_error');
        return true;
      });
      fake.failNext({ kind: 'status', status: 529 });
      await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 10, messages: hi }), (error: unknown) => {
        assert.ok(error instanceof Anthropic.InternalServerError);
        assert.equal(error.status, 529);
        assert.equal(error.type, 'overloaded_error');
        return true;
      });
      fake.failNext({ kind: 'status', status: 403 });
      await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 10, messages: hi }), Anthropic.PermissionDeniedError);
    });

    it('a mid-stream error event is thrown by the SDK stream', async () => {
      fake.failNext({ kind: 'stream-error', afterEvents: 5 }); // message_start, ping, block start, ping, one delta
      const stream = await client.messages.create({ model: MODEL, max_tokens: 100, messages: hi, stream: true });
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const event of stream) seen.push(event.type);
        })(),
        (error: unknown) => {
          assert.ok(error instanceof Anthropic.APIError);
          assert.equal(error.type, 'overloaded_error');
          return true;
        },
      );
      assert.deepEqual(seen, ['message_start', 'content_block_start', 'content_block_delta']);
    });
  });
});
