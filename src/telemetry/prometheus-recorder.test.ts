import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { CallCompleteEvent } from '../server/call-events.ts';
import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { parsePrometheusText, sumOf } from '../../test/support/parse-prometheus-text.ts';
import { createLitellmMetrics } from './litellm-metrics.ts';
import { pythonBucketBounds } from './metrics-endpoint.ts';
import { PrometheusRecorder } from './prometheus-recorder.ts';

const deployment: Deployment = {
  id: 'dep-1',
  modelName: 'gpt',
  provider: 'openai',
  providerModel: 'gpt-4o',
  params: { model: 'openai/gpt-4o', api_base: 'https://example.test/v1' },
  info: { id: 'dep-1' },
};

function event(overrides: Partial<CallCompleteEvent> = {}): CallCompleteEvent {
  return {
    requestId: 'r1',
    deployment,
    modelGroup: 'gpt',
    call: 'chat',
    status: 'success',
    usage: { prompt_tokens: 3, completion_tokens: 7, total_tokens: 10 },
    cost: undefined,
    latencyMs: 120,
    ttftMs: undefined,
    stream: false,
    errorKind: undefined,
    upstreamMs: 100,
    caller: { hashedApiKey: 'h1', user: 'u1' },
    ...overrides,
  };
}

async function recordAndScrape(feed: (recorder: PrometheusRecorder) => void) {
  const recorder = new PrometheusRecorder(createLitellmMetrics(new Registry()));
  feed(recorder);
  return parsePrometheusText(await recorder.metrics.registry.metrics());
}

describe('PrometheusRecorder', () => {
  test('adds priced spend only; an unpriced call is not $0 of spend', async () => {
    const metrics = await recordAndScrape((r) => {
      r.recordCall(event({ cost: { cost: 0.25, priced: true, source: 'custom', pricedModel: 'gpt-4o' } }));
      r.recordCall(event({ cost: { cost: 0.5, priced: true, source: 'custom', pricedModel: 'gpt-4o' } }));
      r.recordCall(event({ cost: { cost: 0, priced: false, source: 'unpriced', pricedModel: 'gpt-4o' } }));
    });
    assert.equal(sumOf(metrics, 'litellm_spend_metric_total', { model: 'gpt-4o', hashed_api_key: 'h1', user: 'u1', end_user: 'None' }), 0.75);
    assert.equal(sumOf(metrics, 'litellm_requests_metric_total'), 3);
  });

  test("sets remaining requests and tokens from the provider's x-ratelimit headers, under both names", async () => {
    const metrics = await recordAndScrape((r) => {
      r.recordCall(event({ upstreamHeaders: { 'x-ratelimit-remaining-requests': '99', 'x-ratelimit-remaining-tokens': '1500' } }));
      r.recordCall(event({ upstreamHeaders: { 'x-ratelimit-remaining-requests': '98', 'x-ratelimit-remaining-tokens': 'soon' } }));
    });
    const where = { model_group: 'gpt', api_provider: 'openai', api_base: 'https://example.test/v1', litellm_model_name: 'gpt-4o', model_id: 'dep-1', hashed_api_key: 'h1' };
    assert.equal(sumOf(metrics, 'litellm_remaining_requests_metric', where), 98);
    assert.equal(sumOf(metrics, 'litellm_remaining_requests', where), 98);
    assert.equal(sumOf(metrics, 'litellm_remaining_tokens_metric', where), 1500, 'a value that is not a number is ignored');
    assert.equal(sumOf(metrics, 'litellm_remaining_tokens', where), 1500);
  });

  test('a stream that fails after its first chunk counts as a deployment failure; one that failed before does not (the router reported it)', async () => {
    const metrics = await recordAndScrape((r) => {
      r.recordCall(event({ status: 'failure', stream: true, ttftMs: 40, errorKind: 'api_connection', usage: undefined }));
      r.recordCall(event({ status: 'failure', stream: true, ttftMs: undefined, errorKind: 'rate_limit', usage: undefined }));
    });
    assert.equal(sumOf(metrics, 'litellm_deployment_failure_responses_total', { exception_status: '500', exception_class: 'Openai.APIConnectionError' }), 1);
    assert.equal(sumOf(metrics, 'litellm_deployment_failure_responses_total'), 1);
    assert.equal(sumOf(metrics, 'litellm_proxy_failed_requests_metric_total', { exception_status: '429', exception_class: 'Openai.RateLimitError' }), 1);
    assert.equal(sumOf(metrics, 'litellm_deployment_state', { model_id: 'dep-1' }), 1);
  });

  test('ttft only for streams; latency per output token uses ttft for streams, the upstream time otherwise', async () => {
    const metrics = await recordAndScrape((r) => {
      r.recordCall(event({ stream: true, ttftMs: 50, upstreamMs: 400, latencyMs: 450 }));
      r.recordCall(event({ stream: false, ttftMs: undefined, upstreamMs: 100, latencyMs: 120 }));
    });
    const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);
    assert.equal(sumOf(metrics, 'litellm_llm_api_time_to_first_token_metric_count'), 1);
    close(sumOf(metrics, 'litellm_llm_api_time_to_first_token_metric_sum'), 0.05);
    close(sumOf(metrics, 'litellm_deployment_latency_per_output_token_sum'), 0.05 / 7 + 0.1 / 7);
    close(sumOf(metrics, 'litellm_overhead_latency_metric_sum'), 0.05 + 0.02);
    close(sumOf(metrics, 'litellm_llm_api_latency_metric_sum'), 0.4 + 0.1);
  });

  test('requests rejected for a bad proxy key are left out, as LiteLLM does', async () => {
    const metrics = await recordAndScrape((r) => r.recordCall(event({ status: 'failure', errorKind: 'authentication', deployment: undefined })));
    assert.equal(sumOf(metrics, 'litellm_proxy_total_requests_metric_total'), 0);
  });

  test('route events: attempt failures, fallbacks and cooldowns, labelled with the caller read only when needed', async () => {
    let callerReads = 0;
    const metrics = await recordAndScrape((r) => {
      const route = r.routeEvents(() => {
        callerReads++;
        return { hashedApiKey: 'h2' };
      });
      const error = new GatewayError('service_unavailable', 'down');
      assert.equal(callerReads, 0);
      route.attemptFailed?.({ attempt: { requestedModel: 'gpt', group: { name: 'gpt', deployments: [deployment] }, deployment, isFallback: false }, error });
      route.fallbackFailed?.({ requestedModel: 'gpt', fallbackModel: 'other', error });
      r.routerEvents().cooldownStarted?.({ deployment, error });
    });
    assert.equal(callerReads, 2);
    assert.equal(sumOf(metrics, 'litellm_deployment_failure_responses_total', { hashed_api_key: 'h2', exception_status: '503', exception_class: 'Openai.ServiceUnavailableError' }), 1);
    assert.equal(sumOf(metrics, 'litellm_deployment_failed_fallbacks_total', { requested_model: 'gpt', fallback_model: 'other', exception_class: 'ServiceUnavailableError' }), 1);
    assert.equal(sumOf(metrics, 'litellm_deployment_cooled_down_total', { model_id: 'dep-1', exception_status: '503' }), 1);
    assert.equal(sumOf(metrics, 'litellm_deployment_state', { model_id: 'dep-1' }), 2);
  });

  test('a broken update is reported, never thrown', () => {
    const errors: unknown[] = [];
    const recorder = new PrometheusRecorder(createLitellmMetrics(new Registry()), (error) => errors.push(error));
    const broken = event({ usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: -5 } });
    Object.defineProperty(broken, 'latencyMs', { get: () => { throw new Error('boom'); } });
    assert.doesNotThrow(() => recorder.recordCall(broken));
    assert.equal(errors.length, 1);
  });
});

describe('pythonBucketBounds', () => {
  test('writes whole-number bounds as 1.0, leaving the rest alone', () => {
    assert.equal(pythonBucketBounds('x_bucket{le="1",a="1"} 2\nx_bucket{le="0.5"} 1\nx_bucket{le="+Inf"} 3\n'), 'x_bucket{le="1.0",a="1"} 2\nx_bucket{le="0.5"} 1\nx_bucket{le="+Inf"} 3\n');
  });
});
