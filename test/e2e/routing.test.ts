/**
 * The router through the real gateway: retries that re-pick, backoff honouring retry-after,
 * stream failures before and after the first byte, fallbacks of every kind, cooldowns, the
 * LiteLLM testing hooks and the routing headers — driven by the official openai SDK against
 * two fake upstreams whose fault injection breaks them on cue.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ModelEntry } from '../../src/config/config-types.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { errorOf, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const hi = [{ role: 'user' as const, content: 'hi' }];

/** A chat body with LiteLLM's extra fields, as the SDK sends them through. */
function body(model: string, extra: Record<string, unknown> = {}): ChatCompletionCreateParamsNonStreaming {
  return { model, messages: hi, ...extra } as ChatCompletionCreateParamsNonStreaming;
}

describe('routing through the gateway', () => {
  let a: FakeOpenAI;
  let b: FakeOpenAI;
  let gateway: TestGateway;
  const sleeps: number[] = [];

  const on = (fake: () => FakeOpenAI, name: string, id: string, params: Record<string, unknown> = {}): ModelEntry => ({
    model_name: name,
    litellm_params: { model: 'openai/gpt-4o', api_base: `${fake().url}/v1`, api_key: 'sk-upstream', ...params },
    model_info: { id },
  });

  before(async () => {
    a = await startFakeOpenAI();
    b = await startFakeOpenAI();
    gateway = await startGateway({
      models: [
        on(() => a, 'pair', 'pair-a'),
        on(() => b, 'pair', 'pair-b'),
        on(() => a, 'solo', 'solo-a'),
        on(() => a, 'primary', 'primary-a'),
        on(() => b, 'backup', 'backup-b'),
        on(() => a, 'small', 'small-a'),
        on(() => b, 'large', 'large-b'),
        on(() => a, 'strict', 'strict-a'),
        on(() => b, 'lenient', 'lenient-b'),
        on(() => a, 'cooling', 'cooling-a'),
        on(() => a, 'cooling', 'cooling-a2', { api_base: `${'http://127.0.0.1:9'}/v1` }),
        on(() => a, 'quick', 'quick-a', { timeout: 0.3, stream_timeout: 0.3 }),
        on(() => b, 'quick', 'quick-b'),
      ],
      router_settings: {
        // Cooldowns are tested on their own below; here every test starts from healthy deployments.
        disable_cooldowns: true,
        num_retries: 2,
        fallbacks: [{ primary: ['backup'] }],
        context_window_fallbacks: [{ small: ['large'] }],
        content_policy_fallbacks: [{ strict: ['lenient'] }],
      },
      // The first healthy deployment in config order is picked, so each test knows which upstream it hits.
      random: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  });
  after(async () => {
    await gateway.close();
    await a.close();
    await b.close();
  });
  beforeEach(() => {
    a.reset();
    b.reset();
    sleeps.length = 0;
  });

  describe('retries', () => {
    it('a 500 is retried on the other deployment at once, and the headers say so', async () => {
      a.failNext({ kind: 'status', status: 500 }, 10);
      const { data, response } = await gateway.client.chat.completions.create(body('pair')).withResponse();
      assert.equal(data.choices[0]?.message.role, 'assistant');
      assert.equal(response.headers.get('x-litellm-model-id'), 'pair-b');
      assert.equal(response.headers.get('x-litellm-attempted-retries'), '1');
      assert.equal(response.headers.get('x-litellm-max-retries'), '2');
      assert.deepEqual(sleeps, [], 'no wait when another healthy deployment exists');
      assert.equal(b.requests.length, 1);
    });

    it('a connection reset is retried like any upstream failure', async () => {
      a.failNext({ kind: 'reset' }, 10);
      const { response } = await gateway.client.chat.completions.create(body('pair')).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'pair-b');
      assert.equal(a.requests.length, 1, 'the first pick was tried');
    });

    it('a lone deployment is retried after a backoff that honours retry-after', async () => {
      a.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '3' } }, 2);
      const { response } = await gateway.client.chat.completions.create(body('solo')).withResponse();
      assert.equal(response.headers.get('x-litellm-attempted-retries'), '2');
      assert.equal(sleeps.length, 2);
      for (const ms of sleeps) assert.ok(ms >= 3000, `waited ${ms} ms, retry-after said 3 s`);
      assert.equal(a.requests.length, 3);
    });

    it('num_retries in the body and x-litellm-num-retries limit the retries', async () => {
      a.failNext({ kind: 'status', status: 503 }, 5);
      const fromBody = await gateway.post('/v1/chat/completions', { model: 'solo', messages: hi, num_retries: 0 });
      assert.equal(fromBody.status, 503);
      assert.equal(a.requests.length, 1);
      const fromHeader = await gateway.post('/v1/chat/completions', { model: 'solo', messages: hi }, { 'x-litellm-num-retries': '1' });
      assert.equal(fromHeader.status, 503);
      assert.equal(a.requests.length, 3);
    });

    it('a 400 from the provider is not retried', async () => {
      a.failNext({ kind: 'status', status: 400 }, 5);
      const r = await gateway.post('/v1/chat/completions', { model: 'solo', messages: hi });
      assert.equal(r.status, 400);
      assert.equal(a.requests.length, 1);
    });
  });

  describe('timeouts', () => {
    it('a stalled upstream times out as a 408 and the next deployment answers', async () => {
      a.failNext({ kind: 'stall' });
      const { response } = await gateway.client.chat.completions.create(body('quick')).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'quick-b');
      assert.equal(a.requests.length, 1, 'the first pick was tried');
      assert.equal(response.headers.get('x-litellm-attempted-retries'), '1');
    });

    it('x-litellm-timeout sets the timeout per request', async () => {
      a.failNext({ kind: 'stall' });
      const r = await gateway.post('/v1/chat/completions', { model: 'solo', messages: hi, num_retries: 0 }, { 'x-litellm-timeout': '0.2' });
      assert.equal(r.status, 408);
      assert.equal(errorOf(r.body).code, '408');
    });
  });

  describe('streams', () => {
    it('a failure before the first byte is retried, and the client sees one clean stream', async () => {
      a.failNext({ kind: 'status', status: 503 }, 10);
      const stream = await gateway.client.chat.completions.create({ model: 'pair', messages: hi, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.ok(text.length > 0);
      assert.equal(a.requests.length, 1, 'the first pick was tried');
      assert.equal(b.requests.length, 1);
    });

    it('a stream whose connection drops before any answer is retried too', async () => {
      a.failNext({ kind: 'reset' }, 10);
      const r = await gateway.post('/v1/chat/completions', { model: 'pair', messages: hi, stream: true });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-litellm-model-id'), 'pair-b');
      assert.equal(a.requests.length, 1, 'the first pick was tried');
      assert.equal(sseData(r.text).at(-1), '[DONE]');
    });

    it('a failure after the first chunk ends the stream with an error event, never a clean end', async () => {
      a.failNext({ kind: 'stream-error-after', chunks: 2 });
      const r = await gateway.post('/v1/chat/completions', { model: 'solo', messages: hi, stream: true });
      const events = sseData(r.text);
      assert.equal(r.status, 200);
      assert.ok(!events.includes('[DONE]'), 'no [DONE] after a failure');
      const last = JSON.parse(events.at(-1) ?? '{}') as unknown;
      assert.ok(errorOf(last).code.length > 0);
      assert.equal(a.requests.length, 1, 'a started stream is not retried');
    });

    it('the openai SDK raises on that error event', async () => {
      a.failNext({ kind: 'stream-error-after', chunks: 2 });
      const stream = await gateway.client.chat.completions.create({ model: 'solo', messages: hi, stream: true });
      await assert.rejects(async () => {
        for await (const chunk of stream) void chunk;
      }, OpenAI.APIError);
    });
  });

  describe('fallbacks', () => {
    it('fallbacks: when a group fails after its retries, the next group answers', async () => {
      a.failNext({ kind: 'status', status: 500 }, 10);
      const { response } = await gateway.client.chat.completions.create(body('primary')).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'backup-b');
      assert.equal(response.headers.get('x-litellm-attempted-fallbacks'), '1');
      assert.equal(a.requests.length, 3, 'the primary group used its own retries first');
    });

    it('context_window_fallbacks catch a context-length error at once', async () => {
      a.failNext({ kind: 'status', status: 400, body: { error: { message: "This model's maximum context length is 8192 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } });
      const { response } = await gateway.client.chat.completions.create(body('small')).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'large-b');
      assert.equal(a.requests.length, 1, 'not retried on the same group');
    });

    it('content_policy_fallbacks catch a content-policy error', async () => {
      a.failNext({ kind: 'status', status: 400, body: { error: { message: 'Your request was rejected as a result of our safety system.', type: 'invalid_request_error', param: null, code: 'content_policy_violation' } } });
      const { response } = await gateway.client.chat.completions.create(body('strict')).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'lenient-b');
      assert.equal(a.requests.length, 1);
    });

    it('client-side fallbacks in the body replace the configured ones', async () => {
      a.failNext({ kind: 'status', status: 500 }, 10);
      const { response } = await gateway.client.chat.completions.create(body('solo', { fallbacks: ['large'] })).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'large-b');
      assert.equal(a.requests.length, 3, 'solo used its retries before the client fallback');
    });

    it('without fallbacks the last error is answered', async () => {
      a.failNext({ kind: 'status', status: 500 }, 10);
      const r = await gateway.post('/v1/chat/completions', { model: 'solo', messages: hi });
      assert.equal(r.status, 500);
      assert.equal(r.headers.get('x-litellm-attempted-retries'), null);
    });
  });

  describe("LiteLLM's testing hooks", () => {
    it('mock_testing_fallbacks fails the group and the fallback answers', async () => {
      const { response } = await gateway.client.chat.completions.create(body('primary', { mock_testing_fallbacks: true })).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'backup-b');
      assert.equal(a.requests.length, 0);
    });

    it('mock_testing_context_window_fallbacks goes to the context-window fallback', async () => {
      const { response } = await gateway.client.chat.completions.create(body('small', { mock_testing_context_window_fallbacks: true })).withResponse();
      assert.equal(response.headers.get('x-litellm-model-id'), 'large-b');
    });

    it('mock_testing_rate_limit_error answers 429 as the SDK expects', async () => {
      await assert.rejects(gateway.client.chat.completions.create(body('solo', { mock_testing_rate_limit_error: true })), OpenAI.RateLimitError);
    });
  });
});

describe('cooldowns through the gateway', () => {
  let a: FakeOpenAI;
  let b: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    a = await startFakeOpenAI();
    b = await startFakeOpenAI();
    gateway = await startGateway({
      models: [
        { model_name: 'g', litellm_params: { model: 'openai/gpt-4o', api_base: `${a.url}/v1`, api_key: 'sk-upstream' }, model_info: { id: 'g-a' } },
        { model_name: 'g', litellm_params: { model: 'openai/gpt-4o', api_base: `${b.url}/v1`, api_key: 'sk-upstream' }, model_info: { id: 'g-b' } },
      ],
      router_settings: { num_retries: 0, allowed_fails: 0, cooldown_time: 60 },
      random: () => 0,
      sleep: async () => undefined,
    });
  });
  after(async () => {
    await gateway.close();
    await a.close();
    await b.close();
  });

  it('a failing deployment cools down and gets no traffic; when all cool → 429 naming the wait', async () => {
    a.failNext({ kind: 'status', status: 500 });
    const first = await gateway.post('/v1/chat/completions', { model: 'g', messages: hi });
    assert.equal(first.status, 500, 'num_retries 0: the failure is answered');
    for (let i = 0; i < 3; i++) {
      const r = await gateway.post('/v1/chat/completions', { model: 'g', messages: hi });
      assert.equal(r.headers.get('x-litellm-model-id'), 'g-b');
    }
    assert.equal(a.requests.length, 1, 'the cooling deployment got nothing more');
    b.failNext({ kind: 'status', status: 429 });
    await gateway.post('/v1/chat/completions', { model: 'g', messages: hi });
    const none = await gateway.post('/v1/chat/completions', { model: 'g', messages: hi });
    assert.equal(none.status, 429);
    const message = errorOf(none.body).message;
    assert.match(message, /No deployments available for selected model, Try again in (\d+) seconds/);
    const seconds = Number(/Try again in (\d+) seconds/.exec(message)?.[1]);
    assert.ok(seconds > 0 && seconds <= 60, String(seconds));
    assert.equal(none.headers.get('retry-after'), String(seconds));
  });
});
