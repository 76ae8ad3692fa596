import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startFakeOtlp, type DecodedSpan, type FakeOtlp } from '../fakes/fake-otlp.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

const UPSTREAM_KEY = 'sk-upstream-secret-otel-1234';

describe('otel callback: a GenAI span per call, exported over OTLP/HTTP', () => {
  let fake: FakeOpenAI;
  let otlp: FakeOtlp;
  let gateway: TestGateway;
  const spanOf = async (callId: string): Promise<DecodedSpan> => {
    for (let count = 1; ; count++) {
      await otlp.waitForRequests(count);
      const span = otlp.spans().find((s) => s.attributes['litellm.call_id'] === callId);
      if (span !== undefined) return span;
    }
  };

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    otlp = await startFakeOtlp({ authorize: (headers) => headers['x-otlp-token'] === 'secret token' });
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-otlp-token=secret%20token',
      OTEL_SERVICE_NAME: 'gateway-under-test',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1',
    });
    gateway = await startGateway({
      models: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o-2024-08-06', api_base: `${fake.url}/v1`, api_key: UPSTREAM_KEY } }],
      litellm_settings: { callbacks: ['otel'], num_retries: 0 },
    });
  });
  after(async () => {
    await gateway.close();
    await otlp.close();
    await fake.close();
  });

  it('records the GenAI attributes of a chat call and continues the incoming traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    const { data, response } = await gateway.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], temperature: 0.3, max_tokens: 40 }, { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } })
      .withResponse();
    const span = await spanOf(response.headers.get('x-litellm-call-id') ?? '');
    assert.equal(span.traceId, traceId);
    assert.equal(span.parentSpanId, parentSpanId);
    assert.equal(span.name, 'chat gpt-4o');
    assert.equal(span.kind, 3, 'CLIENT');
    assert.equal(span.resource['service.name'], 'gateway-under-test');
    assert.equal(span.attributes['gen_ai.operation.name'], 'chat');
    assert.equal(span.attributes['gen_ai.provider.name'], 'openai');
    assert.equal(span.attributes['gen_ai.system'], 'openai');
    assert.equal(span.attributes['gen_ai.request.model'], 'gpt-4o');
    assert.equal(span.attributes['gen_ai.response.model'], data.model);
    assert.equal(span.attributes['gen_ai.response.id'], data.id);
    assert.deepEqual(span.attributes['gen_ai.response.finish_reasons'], ['stop']);
    assert.equal(span.attributes['gen_ai.request.temperature'], 0.3);
    assert.equal(span.attributes['gen_ai.request.max_tokens'], 40);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], data.usage?.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], data.usage?.completion_tokens);
    assert.equal(span.status.code, 1, 'OK');
    assert.ok(span.endMs >= span.startMs);
  });

  it('starts a new trace without traceparent, and marks failures with error.type', async () => {
    fake.failNext({ kind: 'status', status: 429, body: { error: { message: 'slow down', type: 'rate_limit_error', code: null, param: null } } });
    const failure = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(failure.status, 429);
    const span = await spanOf(failure.headers.get('x-litellm-call-id') ?? '');
    assert.equal(span.parentSpanId, undefined);
    assert.equal(span.attributes['error.type'], 'rate_limit');
    assert.equal(span.status.code, 2, 'ERROR');
    assert.match(span.status.message ?? '', /slow down/);
  });

  it('calls succeed while the collector hangs, and while it answers 500', async () => {
    otlp.setMode('hang');
    const already = otlp.requests.length;
    await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one' }] });
    await otlp.waitForRequests(already + 1);
    const second = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'two' }] });
    assert.equal(second.object, 'chat.completion');
    assert.equal(otlp.requests.length, already + 1, 'the held export is still unanswered');
    otlp.setMode('fail');
    otlp.release();
    await otlp.waitForRequests(already + 2);
    const third = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'three' }] });
    assert.equal(third.object, 'chat.completion');
  });
});
