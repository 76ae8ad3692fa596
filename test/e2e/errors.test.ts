import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { errorOf, MASTER_KEY, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const UPSTREAM_KEY = 'sk-upstream-very-secret-0123456789';
const hi = [{ role: 'user' as const, content: 'hi' }];

describe('the error catalogue, end to end', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    const upstream = { api_base: `${fake.url}/v1`, api_key: UPSTREAM_KEY };
    gateway = await startGateway({
      models: [
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', ...upstream } },
        { model_name: 'slow', litellm_params: { model: 'openai/gpt-4o', ...upstream, timeout: 0.3, stream_timeout: 0.3 } },
        { model_name: 'wrong-key', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-wrong-upstream-key-999999' } },
        { model_name: 'groq', litellm_params: { model: 'groq/llama-3.1-8b', ...upstream } },
        { model_name: 'groq-dropping', litellm_params: { model: 'groq/llama-3.1-8b', ...upstream, drop_params: true } },
        { model_name: 'claude', litellm_params: { model: 'cohere/command-r' } },
      ],
      general_settings: { max_request_size_mb: 0.05 },
      // These tests check how each failure is answered, not routing: one attempt, no cooldowns.
      router_settings: { num_retries: 0, disable_cooldowns: true },
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  describe('bad requests', () => {
    it('malformed JSON → 400', async () => {
      const r = await gateway.post('/v1/chat/completions', '{"model": "gpt-4o", "messages": [');
      assert.equal(r.status, 400);
      assert.equal(errorOf(r.body).code, '400');
      assert.match(errorOf(r.body).message, /Invalid JSON/);
    });

    it('wrong field types → 400 naming the field', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, temperature: 'hot' });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r.body).param, 'temperature');
      const r2 = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: 'hi' });
      assert.equal(errorOf(r2.body).param, 'messages');
      const r3 = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'robot', content: 'x' }] });
      assert.equal(errorOf(r3.body).param, 'messages[0].role');
      assert.equal(fake.requests.length, 0, 'nothing reached the upstream');
    });

    it('missing model → 400 naming model', async () => {
      const r = await gateway.post('/v1/chat/completions', { messages: hi });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r.body).param, 'model');
    });

    it('unknown model → 400 listing the aliases, as the SDK BadRequestError', async () => {
      await assert.rejects(gateway.client.chat.completions.create({ model: 'gpt-5-nope', messages: hi }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /Invalid model name passed in model=gpt-5-nope/);
        assert.match(error.message, /gpt-4o, slow/);
        return true;
      });
    });

    it('a body over max_request_size_mb → 413', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] });
      assert.equal(r.status, 413);
      assert.equal(errorOf(r.body).code, '413');
    });

    it('client-side credentials are refused', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, api_base: 'http://evil.invalid' });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r.body).param, 'api_base');
    });

    it('an unknown route → 404 in the same shape', async () => {
      const r = await gateway.post('/v1/nope', {});
      assert.equal(r.status, 404);
      assert.equal(errorOf(r.body).code, '404');
    });

    it('a provider not served yet → 501, and the config still loads', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi });
      assert.equal(r.status, 501);
      assert.match(errorOf(r.body).message, /cohere/);
    });
  });

  describe('unsupported parameters', () => {
    it('→ 400 naming them', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'groq', messages: hi, logprobs: true, top_logprobs: 2 });
      assert.equal(r.status, 400);
      assert.match(errorOf(r.body).message, /does not support parameters: \['logprobs', 'top_logprobs'\]/);
      assert.equal(errorOf(r.body).param, 'logprobs');
      assert.equal(fake.requests.length, 0);
    });

    it('are dropped with drop_params per request or per deployment', async () => {
      const perRequest = await gateway.post('/v1/chat/completions', { model: 'groq', messages: hi, logprobs: true, drop_params: true });
      assert.equal(perRequest.status, 200);
      assert.equal((fake.requests.at(-1)?.body as Record<string, unknown>)['logprobs'], undefined);
      const perDeployment = await gateway.post('/v1/chat/completions', { model: 'groq-dropping', messages: hi, logprobs: true });
      assert.equal(perDeployment.status, 200);
      assert.equal((fake.requests.at(-1)?.body as Record<string, unknown>)['logprobs'], undefined);
    });

    it('are forced through with allowed_openai_params', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'groq', messages: hi, logprobs: true, allowed_openai_params: ['logprobs'] });
      assert.equal(r.status, 200);
      assert.equal((fake.requests.at(-1)?.body as Record<string, unknown>)['logprobs'], true);
    });
  });

  describe('authentication', () => {
    it('no key → 401', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi }, { authorization: '' });
      assert.equal(r.status, 401);
      assert.match(errorOf(r.body).message, /No api key passed in/);
    });

    it('a wrong key → 401 that does not echo the key', async () => {
      const wrong = 'sk-this-is-not-the-master-key-xyz9';
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi }, { authorization: `Bearer ${wrong}` });
      assert.equal(r.status, 401);
      assert.equal(errorOf(r.body).type, 'auth_error');
      assert.ok(!r.text.includes(wrong));
      const sdk = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: wrong, maxRetries: 0 });
      await assert.rejects(sdk.models.list(), OpenAI.AuthenticationError);
    });

    it('accepts the key from every LiteLLM header', async () => {
      for (const header of ['x-api-key', 'api-key', 'x-litellm-api-key']) {
        const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi }, { authorization: '', [header]: MASTER_KEY });
        assert.equal(r.status, 200, header);
      }
    });
  });

  describe('upstream failures', () => {
    const cases: { status: number; sdkClass: new (...args: never[]) => Error }[] = [
      { status: 400, sdkClass: OpenAI.BadRequestError },
      { status: 403, sdkClass: OpenAI.PermissionDeniedError },
      { status: 404, sdkClass: OpenAI.NotFoundError },
      { status: 500, sdkClass: OpenAI.InternalServerError },
      { status: 502, sdkClass: OpenAI.InternalServerError },
      { status: 503, sdkClass: OpenAI.InternalServerError },
    ];
    for (const { status, sdkClass } of cases) {
      it(`upstream ${status} → ${status}`, async () => {
        fake.failNext({ kind: 'status', status });
        const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi });
        assert.equal(r.status, status);
        assert.equal(errorOf(r.body).code, String(status));
        assert.match(errorOf(r.body).message, /^litellm\.\w+: OpenAIException - /);
        fake.failNext({ kind: 'status', status });
        await assert.rejects(gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi }), sdkClass);
      });
    }

    it('upstream 429 → 429 with retry-after passed on', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
      await assert.rejects(gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.match(error.message, /litellm\.RateLimitError/);
        return true;
      });
    });

    it('upstream 401 → 401 without the upstream key in the message', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'wrong-key', messages: hi });
      assert.equal(r.status, 401);
      assert.equal(errorOf(r.body).type, 'authentication_error');
      assert.ok(!r.text.includes('sk-wrong-upstream-key-999999'), r.text);
      assert.ok(!r.text.includes(UPSTREAM_KEY));
    });

    it('context window exceeded → 400 ContextWindowExceededError', async () => {
      fake.failNext({
        kind: 'status',
        status: 400,
        body: { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
      });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi });
      assert.equal(r.status, 400);
      assert.match(errorOf(r.body).message, /^litellm\.ContextWindowExceededError: /);
      assert.equal(errorOf(r.body).param, 'messages');
    });

    it('content policy → 400 ContentPolicyViolationError', async () => {
      fake.failNext({ kind: 'status', status: 400, body: { error: { message: 'Your request was rejected as a result of our safety system.', type: 'invalid_request_error', param: null, code: 'content_policy_violation' } } });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi });
      assert.equal(r.status, 400);
      assert.match(errorOf(r.body).message, /^litellm\.ContentPolicyViolationError: /);
    });

    it('a stalled upstream → 408 after the deployment timeout', async () => {
      fake.failNext({ kind: 'stall' });
      const r = await gateway.post('/v1/chat/completions', { model: 'slow', messages: hi });
      assert.equal(r.status, 408);
      assert.match(errorOf(r.body).message, /litellm\.Timeout/);
      fake.failNext({ kind: 'stall' });
      const stream = await gateway.post('/v1/chat/completions', { model: 'slow', messages: hi, stream: true });
      assert.equal(stream.status, 408, 'a stream that never starts is a 408 too');
    });

    it('the x-litellm-timeout header overrides the timeout', async () => {
      fake.failNext({ kind: 'stall' });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi }, { 'x-litellm-timeout': '0.2' });
      assert.equal(r.status, 408);
    });

    it('a reset connection → 500 APIConnectionError', async () => {
      fake.failNext({ kind: 'reset' });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi });
      assert.equal(r.status, 500);
      assert.equal(errorOf(r.body).type, 'api_connection_error');
    });

    it('garbage from the upstream → 502', async () => {
      fake.failNext({ kind: 'garbage', contentType: 'application/json' });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi });
      assert.equal(r.status, 502);
      assert.match(errorOf(r.body).message, /invalid response from the provider/);
    });

    it('an error before the first stream byte keeps its status', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '3' } });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, stream: true });
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '3');
    });

    it('a stream cut mid-way ends with an SSE error event, never [DONE]', async () => {
      fake.failNext({ kind: 'stream-error-after', chunks: 1 });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, stream: true });
      assert.equal(r.status, 200);
      const events = sseData(r.text);
      assert.ok(!events.includes('[DONE]'));
      const last = JSON.parse(events.at(-1) ?? '{}') as unknown;
      assert.equal(errorOf(last).code, '500');
      fake.failNext({ kind: 'stream-error-after', chunks: 1 });
      const stream = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true });
      await assert.rejects(async () => {
        for await (const _chunk of stream) {
          // drain until the error event
        }
      }, OpenAI.APIError);
    });

    it('a stream that stalls mid-way ends with a timeout error event', async () => {
      fake.failNext({ kind: 'stall-stream-after', chunks: 1 });
      const r = await gateway.post('/v1/chat/completions', { model: 'slow', messages: hi, stream: true });
      const last = JSON.parse(sseData(r.text).at(-1) ?? '{}') as unknown;
      assert.equal(errorOf(last).code, '408');
    });
  });
});

describe('a stream answered with something that is not SSE', () => {
  it('→ 502, never an empty success', async () => {
    const fake = await startFakeOpenAI();
    const gateway = await startGateway({
      models: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'k' } }],
      router_settings: { num_retries: 0 },
    });
    try {
      fake.failNext({ kind: 'garbage' });
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, stream: true });
      assert.equal(r.status, 502);
      assert.match(errorOf(r.body).message, /content type "text\/html/);
    } finally {
      await gateway.close();
      await fake.close();
    }
  });
});
