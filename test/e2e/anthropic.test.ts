import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FAKE_ANTHROPIC_TEXT, FAKE_SIGNATURE, FAKE_THINKING } from '../fakes/fake-anthropic-answers.ts';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/fake-anthropic.ts';
import { errorOf, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const UPSTREAM_KEY = 'sk-ant-upstream-secret-0123456789';
const AUTH_TOKEN = 'anthropic-auth-token-abcdef987654';
const hi = [{ role: 'user' as const, content: 'hi' }];
const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
/** A 1x1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

type Body = Record<string, unknown>;

describe('anthropic/ deployments through the openai SDK', () => {
  let fake: FakeAnthropic;
  let gateway: TestGateway;
  let images: Server;
  let imagesUrl: string;
  const lastBody = (): Body => fake.requests.at(-1)?.body as Body;

  before(async () => {
    fake = await startFakeAnthropic({ apiKey: UPSTREAM_KEY });
    images = createServer((req, res) => {
      if (req.url !== '/pixel.png') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(PNG.length) });
      res.end(PNG);
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    const upstream = { api_base: fake.url, api_key: UPSTREAM_KEY };
    gateway = await startGateway({
      models: [
        { model_name: 'claude', litellm_params: { model: 'anthropic/claude-sonnet-4-6', ...upstream }, model_info: { id: 'claude-1' } },
        { model_name: 'claude-betas', litellm_params: { model: 'anthropic/claude-sonnet-4-6', ...upstream, extra_headers: { 'anthropic-beta': 'beta-from-config' } } },
        { model_name: 'claude-dropping', litellm_params: { model: 'anthropic/claude-sonnet-4-6', ...upstream, drop_params: true } },
        { model_name: 'claude-token', litellm_params: { model: 'anthropic/claude-sonnet-4-6', api_base: `${fake.url}/` } },
        { model_name: 'claude-slow', litellm_params: { model: 'anthropic/claude-sonnet-4-6', ...upstream, timeout: 0.3, stream_timeout: 0.3 } },
      ],
      router_settings: { num_retries: 0, disable_cooldowns: true },
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
    await new Promise<void>((resolve) => images.close(() => resolve()));
  });
  beforeEach(() => fake.reset());

  it('answers a chat completion from a Messages API call with x-api-key and anthropic-version', async () => {
    const { data, response } = await gateway.client.chat.completions
      .create({ model: 'claude', messages: [{ role: 'system', content: 'be brief' }, ...hi], temperature: 0.2, stop: ['###'], user: 'user-7' })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0]?.message.content, FAKE_ANTHROPIC_TEXT);
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.equal(data.model, 'claude-sonnet-4-6');
    assert.ok(data.usage !== undefined && data.usage.prompt_tokens > 0 && data.usage.total_tokens === data.usage.prompt_tokens + data.usage.completion_tokens);
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.path, '/v1/messages');
    assert.equal(upstream?.headers['x-api-key'], UPSTREAM_KEY);
    assert.equal(upstream?.headers.authorization, undefined);
    assert.equal(upstream?.headers['anthropic-version'], '2023-06-01');
    assert.deepEqual(upstream?.body, {
      model: 'claude-sonnet-4-6',
      max_tokens: 4096,
      system: [{ type: 'text', text: 'be brief' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      temperature: 0.2,
      stop_sequences: ['###'],
      metadata: { user_id: 'user-7' },
    });
    assert.equal(response.headers.get('x-litellm-model-id'), 'claude-1');
    assert.equal(response.headers.get('x-litellm-model-api-base'), fake.url);
  });

  it('streams tool-call deltas (id and name first) and one usage chunk when asked', async () => {
    const stream = await gateway.client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
      tools,
      tool_choice: 'required',
      parallel_tool_calls: false,
      stream: true,
      stream_options: { include_usage: true },
    });
    let args = '';
    let firstDelta: OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall | undefined;
    let finish: string | null = null;
    let usageChunks = 0;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      firstDelta ??= delta;
      args += delta?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) {
        usageChunks++;
        assert.deepEqual(chunk.choices, []);
        assert.ok(chunk.usage.prompt_tokens > 0 && chunk.usage.completion_tokens > 0);
      }
    }
    assert.match(firstDelta?.id ?? '', /^toolu_/);
    assert.equal(firstDelta?.function?.name, 'get_weather');
    assert.equal(firstDelta?.index, 0);
    assert.deepEqual(JSON.parse(args), { location: 'Paris' });
    assert.equal(finish, 'tool_calls');
    assert.equal(usageChunks, 1);
    const body = lastBody();
    assert.equal(body['stream'], true);
    assert.equal(body['stream_options'], undefined);
    assert.deepEqual(body['tool_choice'], { type: 'any', disable_parallel_tool_use: true });
    assert.deepEqual(body['tools'], [{ name: 'get_weather', description: 'weather', input_schema: tools[0]?.function.parameters }]);
  });

  it('streams text without a usage chunk when the caller did not ask', async () => {
    const stream = await gateway.client.chat.completions.create({ model: 'claude', messages: hi, stream: true });
    let text = '';
    for await (const chunk of stream) {
      assert.ok(chunk.usage === undefined || chunk.usage === null);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    assert.equal(text, FAKE_ANTHROPIC_TEXT);
  });

  it('sends a tool round trip as tool_use / tool_result blocks the upstream accepts', async () => {
    const first = await gateway.client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'weather?' }], tools });
    const call = first.choices[0]?.message.tool_calls?.[0];
    assert.equal(first.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call !== undefined && call.type === 'function');
    const second = await gateway.client.chat.completions.create({
      model: 'claude',
      tools,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'sunny' },
        { role: 'user', content: 'and tomorrow?' },
      ],
    });
    assert.equal(second.choices[0]?.message.content, FAKE_ANTHROPIC_TEXT);
    assert.deepEqual(lastBody()['messages'], [
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { location: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }, { type: 'text', text: 'and tomorrow?' }] },
    ]);
  });

  it('maps reasoning_effort to a thinking budget and returns reasoning with signed thinking blocks that can be sent back', async () => {
    const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, reasoning_effort: 'low' });
    assert.equal(r.status, 200);
    assert.deepEqual(lastBody()['thinking'], { type: 'enabled', budget_tokens: 1024 });
    assert.equal(lastBody()['max_tokens'], 1024 + 4096);
    const message = (r.body as { choices: { message: Body }[] }).choices[0]?.message ?? {};
    assert.equal(message['reasoning_content'], FAKE_THINKING);
    assert.deepEqual(message['thinking_blocks'], [{ type: 'thinking', thinking: FAKE_THINKING, signature: FAKE_SIGNATURE }]);
    const again = await gateway.post('/v1/chat/completions', {
      model: 'claude',
      reasoning_effort: 'low',
      messages: [...hi, { role: 'assistant', content: message['content'], thinking_blocks: message['thinking_blocks'] }, { role: 'user', content: 'more' }],
    });
    assert.equal(again.status, 200);
    const sent = (lastBody()['messages'] as { content: Body[] }[])[1]?.content;
    assert.deepEqual(sent?.[0], { type: 'thinking', thinking: FAKE_THINKING, signature: FAKE_SIGNATURE });
  });

  it('streams reasoning deltas', async () => {
    const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, reasoning_effort: 'medium', stream: true });
    const chunks = sseData(r.text).filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as { choices: { delta: Body }[] });
    const reasoning = chunks.map((c) => c.choices[0]?.delta['reasoning_content'] ?? '').join('');
    const content = chunks.map((c) => c.choices[0]?.delta['content'] ?? '').join('');
    assert.equal(reasoning, FAKE_THINKING);
    assert.equal(content, FAKE_ANTHROPIC_TEXT);
    assert.equal(sseData(r.text).at(-1), '[DONE]');
  });

  it('answers response_format json_schema through the forced json_tool_call', async () => {
    const schema = { type: 'object', properties: { location: { type: 'string' } } };
    const data = await gateway.client.chat.completions.create({ model: 'claude', messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'place', schema } } });
    assert.deepEqual(JSON.parse(data.choices[0]?.message.content ?? ''), { location: 'Paris' });
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.equal(data.choices[0]?.message.tool_calls, undefined);
    assert.deepEqual(lastBody()['tool_choice'], { type: 'tool', name: 'json_tool_call' });
  });

  it('downloads an http image URL and sends it as base64', async () => {
    await gateway.client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: `${imagesUrl}/pixel.png` } }] }],
    });
    const content = (lastBody()['messages'] as { content: Body[] }[])[0]?.content;
    assert.deepEqual(content?.[1], { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.toString('base64') } });
  });

  it('answers 400 naming the part when an image URL cannot be fetched', async () => {
    const r = await gateway.post('/v1/chat/completions', {
      model: 'claude',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: `${imagesUrl}/missing.png` } }] }],
    });
    assert.equal(r.status, 400);
    assert.equal(errorOf(r.body).param, 'messages[0].content[1].image_url.url');
    assert.match(errorOf(r.body).message, /ImageFetchError.*HTTP 404/);
    assert.equal(fake.requests.length, 0);
  });

  it('merges anthropic-beta from the deployment, the request and needed features', async () => {
    const r = await gateway.post('/v1/chat/completions', {
      model: 'claude-betas',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
      extra_headers: { 'anthropic-beta': 'beta-from-request' },
    });
    assert.equal(r.status, 200);
    assert.equal(fake.requests.at(-1)?.headers['anthropic-beta'], 'beta-from-config,beta-from-request,extended-cache-ttl-2025-04-11');
    assert.equal(lastBody()['extra_headers'], undefined);
  });

  it('uses ANTHROPIC_AUTH_TOKEN as a bearer token when no key is configured', async () => {
    const saved = { key: process.env['ANTHROPIC_API_KEY'], token: process.env['ANTHROPIC_AUTH_TOKEN'] };
    delete process.env['ANTHROPIC_API_KEY'];
    process.env['ANTHROPIC_AUTH_TOKEN'] = AUTH_TOKEN;
    try {
      const r = await gateway.post('/v1/chat/completions', { model: 'claude-token', messages: hi });
      // The fake only knows UPSTREAM_KEY: the token reaches it as a bearer and is refused.
      assert.equal(r.status, 401);
      assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${AUTH_TOKEN}`);
      assert.equal(fake.requests.at(-1)?.headers['x-api-key'], undefined);
      assert.ok(!r.text.includes(AUTH_TOKEN));
      delete process.env['ANTHROPIC_AUTH_TOKEN'];
      const missing = await gateway.post('/v1/chat/completions', { model: 'claude-token', messages: hi });
      assert.equal(missing.status, 401);
      assert.match(errorOf(missing.body).message, /Missing Anthropic API Key/);
    } finally {
      if (saved.key !== undefined) process.env['ANTHROPIC_API_KEY'] = saved.key;
      if (saved.token === undefined) delete process.env['ANTHROPIC_AUTH_TOKEN'];
      else process.env['ANTHROPIC_AUTH_TOKEN'] = saved.token;
    }
  });

  describe('parameters', () => {
    it('refuses parameters Anthropic cannot take, naming them', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, seed: 1, n: 2, presence_penalty: 0.1 });
      assert.equal(r.status, 400);
      assert.match(errorOf(r.body).message, /anthropic does not support parameters: \['presence_penalty', 'seed', 'n'\]/);
      assert.equal(fake.requests.length, 0);
    });

    it('drops them with drop_params', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'claude-dropping', messages: hi, seed: 1, frequency_penalty: 0.5, top_k: 5 });
      assert.equal(r.status, 200);
      assert.equal(lastBody()['seed'], undefined);
      assert.equal(lastBody()['frequency_penalty'], undefined);
      assert.equal(lastBody()['top_k'], 5);
    });

    it('maps max_completion_tokens to max_tokens', async () => {
      await gateway.client.chat.completions.create({ model: 'claude', messages: hi, max_completion_tokens: 77 });
      assert.equal(lastBody()['max_tokens'], 77);
    });

    it('answers embeddings with a 400: Anthropic has none', async () => {
      const r = await gateway.post('/v1/embeddings', { model: 'claude', input: 'hello' });
      assert.equal(r.status, 400);
      assert.match(errorOf(r.body).message, /does not support embedding/);
    });

    it('answers 400 for tool-call arguments that are not JSON, before calling upstream', async () => {
      const r = await gateway.post('/v1/chat/completions', {
        model: 'claude',
        messages: [...hi, { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{oops' } }] }, { role: 'tool', tool_call_id: 'toolu_1', content: 'x' }],
      });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r.body).param, 'messages[1].tool_calls[0].function.arguments');
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('errors', () => {
    it('429 → RateLimitError with retry-after passed on', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '9' } });
      await assert.rejects(gateway.client.chat.completions.create({ model: 'claude', messages: hi }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.headers?.get('retry-after'), '9');
        assert.match(error.message, /litellm\.RateLimitError: AnthropicException - Number of request tokens/);
        return true;
      });
    });

    const cases: { status: number; errorType?: string; message?: string; want: number; cls: string }[] = [
      { status: 401, want: 401, cls: 'AuthenticationError' },
      { status: 403, want: 403, cls: 'PermissionDeniedError' },
      { status: 404, want: 404, cls: 'NotFoundError' },
      { status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum', want: 400, cls: 'ContextWindowExceededError' },
      { status: 400, message: 'Output blocked by content filtering policy', want: 400, cls: 'ContentPolicyViolationError' },
      { status: 413, want: 400, cls: 'BadRequestError' },
      { status: 500, want: 500, cls: 'InternalServerError' },
      { status: 529, want: 500, cls: 'InternalServerError' },
    ];
    for (const { status, message, want, cls } of cases) {
      it(`upstream ${status}${message === undefined ? '' : ` "${message}"`} → ${want} ${cls}`, async () => {
        fake.failNext({ kind: 'status', status, ...(message === undefined ? {} : { message }) });
        const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi });
        assert.equal(r.status, want);
        assert.match(errorOf(r.body).message, new RegExp(`^litellm\\.${cls}: AnthropicException - `));
        assert.ok(!r.text.includes(UPSTREAM_KEY));
      });
    }

    it('an error event mid-stream ends the stream with an SSE error, never [DONE]', async () => {
      fake.failNext({ kind: 'stream-error', afterEvents: 5 });
      const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, stream: true });
      assert.equal(r.status, 200);
      const events = sseData(r.text);
      assert.ok(!events.includes('[DONE]'));
      const error = errorOf(JSON.parse(events.at(-1) ?? '{}') as unknown);
      assert.equal(error.code, '500');
      assert.match(error.message, /^litellm\.InternalServerError: AnthropicException - Overloaded/);
      fake.failNext({ kind: 'stream-error', afterEvents: 5, errorType: 'rate_limit_error' });
      const stream = await gateway.client.chat.completions.create({ model: 'claude', messages: hi, stream: true });
      await assert.rejects(async () => {
        for await (const _chunk of stream) {
          // drain until the error event
        }
      }, OpenAI.APIError);
    });

    it('an error event before any content is answered with its status', async () => {
      fake.failNext({ kind: 'stream-error', afterEvents: 0, errorType: 'rate_limit_error' });
      const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, stream: true });
      assert.equal(r.status, 429);
    });

    it('an upstream that does not answer → 408 Timeout', async () => {
      fake.failNext({ kind: 'stall' });
      const r = await gateway.post('/v1/chat/completions', { model: 'claude-slow', messages: hi });
      assert.equal(r.status, 408);
      assert.match(errorOf(r.body).message, /^litellm\.Timeout: AnthropicException - /);
    });

    it('a stream cut before message_stop ends with an error event', async () => {
      fake.failNext({ kind: 'cut-stream', afterEvents: 6 });
      const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, stream: true });
      const events = sseData(r.text);
      assert.ok(!events.includes('[DONE]'));
      assert.equal(errorOf(JSON.parse(events.at(-1) ?? '{}') as unknown).code, '500');
    });
  });
});
