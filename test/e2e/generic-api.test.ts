import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startFakeCollector, type FakeCollector } from '../fakes/fake-collector.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

const UPSTREAM_KEY = 'sk-upstream-secret-webhook-1234';

describe('generic_api callback: StandardLoggingPayload POSTed per call', () => {
  let fake: FakeOpenAI;
  let webhook: FakeCollector;
  let gateway: TestGateway;
  /** The payload of one call (batches of one here). */
  const payloadOf = async (callId: string): Promise<Record<string, unknown>> => {
    for (let count = 1; ; count++) {
      await webhook.waitForRequests(count);
      const payloads = webhook.requests.flatMap((request) => request.body as Record<string, unknown>[]);
      const payload = payloads.find((p) => p['id'] === callId);
      if (payload !== undefined) return payload;
    }
  };

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    webhook = await startFakeCollector({ paths: ['/hook'], authorize: (headers) => headers.authorization === 'Bearer hook-token' });
    Object.assign(process.env, { GENERIC_LOGGER_ENDPOINT: `${webhook.url}/hook`, GENERIC_LOGGER_HEADERS: 'Authorization=Bearer hook-token', DEFAULT_BATCH_SIZE: '1' });
    gateway = await startGateway({
      models: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o-2024-08-06', api_base: `${fake.url}/v1`, api_key: UPSTREAM_KEY }, model_info: { id: 'deploy-hook' } }],
      litellm_settings: { success_callback: ['generic_api'], failure_callback: ['generic_api'], num_retries: 0 },
      router_settings: { disable_cooldowns: true },
    });
  });
  after(async () => {
    webhook.release();
    await gateway.close();
    await webhook.close();
    await fake.close();
  });

  it('posts the payload of a successful call as a JSON array', async () => {
    const params = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }], temperature: 0.1, metadata: { tags: ['t1'], trace_id: 'trace-9' } };
    const { data, response } = await gateway.client.chat.completions.create(params as unknown as { model: string; messages: { role: 'user'; content: string }[] }).withResponse();
    const payload = await payloadOf(response.headers.get('x-litellm-call-id') ?? '');
    assert.equal(webhook.requests[0]?.headers['content-type'], 'application/json');
    assert.equal(payload['trace_id'], 'trace-9');
    assert.equal(payload['call_type'], 'acompletion');
    assert.equal(payload['status'], 'success');
    assert.equal(payload['stream'], false);
    assert.equal(payload['model'], 'gpt-4o-2024-08-06');
    assert.equal(payload['model_group'], 'gpt-4o');
    assert.equal(payload['model_id'], 'deploy-hook');
    assert.equal(payload['custom_llm_provider'], 'openai');
    assert.equal(payload['api_base'], `${fake.url}/v1`);
    assert.equal(payload['prompt_tokens'], data.usage?.prompt_tokens);
    assert.equal(payload['completion_tokens'], data.usage?.completion_tokens);
    assert.equal(payload['total_tokens'], data.usage?.total_tokens);
    assert.equal(payload['response_cost'], Number(response.headers.get('x-litellm-response-cost')));
    assert.deepEqual(payload['request_tags'], ['t1']);
    assert.deepEqual(payload['messages'], [{ role: 'user', content: 'hi' }]);
    assert.deepEqual((payload['response'] as { choices: unknown[] }).choices, data.choices);
    assert.deepEqual(payload['model_parameters'], { temperature: 0.1 });
    assert.equal(payload['error_str'], null);
    const { startTime, endTime } = payload as { startTime: number; endTime: number };
    assert.ok(startTime > 1_600_000_000 && endTime >= startTime, 'epoch seconds');
  });

  it('posts failures with their error information', async () => {
    fake.failNext({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key', param: null } } });
    const failure = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(failure.status, 401);
    const payload = await payloadOf(failure.headers.get('x-litellm-call-id') ?? '');
    assert.equal(payload['status'], 'failure');
    assert.equal(payload['response'], null);
    assert.match(String(payload['error_str']), /Incorrect API key/);
    assert.equal((payload['error_information'] as { error_class: string }).error_class, 'upstream_authentication');
  });

  it('calls succeed while the webhook hangs, and while it answers 500', async () => {
    webhook.setMode('hang');
    const already = webhook.requests.length;
    await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one' }] });
    await webhook.waitForRequests(already + 1);
    const second = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'two' }] });
    assert.equal(second.object, 'chat.completion');
    await webhook.waitForRequests(already + 2);
    webhook.setMode('fail');
    webhook.release();
    const third = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'three' }] });
    assert.equal(third.object, 'chat.completion');
    await webhook.waitForRequests(already + 3);
  });
});
