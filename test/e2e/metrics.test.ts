/**
 * Prometheus /metrics through the real gateway: known traffic from the official openai SDK
 * (successes, failures, a stream, fallbacks, a cooldown) against fake upstreams, then the
 * exposition parsed by a strict Prometheus text parser and checked for exact counts, token
 * sums, LiteLLM's metric and label names, and the absence of any raw key.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ModelEntry } from '../../src/config/config-types.ts';
import { COUNTER_LABELS, GAUGE_LABELS, HISTOGRAM_LABELS } from '../../src/telemetry/litellm-metric-labels.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { parsePrometheusText, samplesOf, sumOf, type PromFamily } from '../support/parse-prometheus-text.ts';
import { MASTER_KEY, startGateway, type TestGateway } from '../support/start-gateway.ts';

const hi = [{ role: 'user' as const, content: 'hi' }];
const UPSTREAM_KEY = 'sk-upstream-secret-9876';
const HASHED_MASTER_KEY = createHash('sha256').update(MASTER_KEY).digest('hex');

async function scrape(gateway: TestGateway, headers: Record<string, string> = {}): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await fetch(`${gateway.url}/metrics`, { headers });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

describe('GET /metrics after known traffic', () => {
  let a: FakeOpenAI;
  let b: FakeOpenAI;
  let c: FakeOpenAI;
  let gateway: TestGateway;
  let text: string;
  let metrics: Map<string, PromFamily>;
  const tokens = { prompt: 0, completion: 0, total: 0 };
  let fallbackTokens = 0;

  const on = (fake: () => FakeOpenAI, name: string, id: string, params: Record<string, unknown> = {}): ModelEntry => ({
    model_name: name,
    litellm_params: { model: 'openai/gpt-4o', api_base: `${fake().url}/v1`, api_key: UPSTREAM_KEY, ...params },
    model_info: { id },
  });

  const addUsage = (usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined | null): void => {
    assert.ok(usage, 'the answer carries usage');
    tokens.prompt += usage.prompt_tokens;
    tokens.completion += usage.completion_tokens;
    tokens.total += usage.total_tokens;
  };

  before(async () => {
    [a, b, c] = await Promise.all([startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI()]);
    gateway = await startGateway({
      models: [
        on(() => a, 'm', 'dep-a', { tpm: 1000, rpm: 10 }),
        on(() => a, 'primary', 'primary-a'),
        on(() => b, 'backup', 'backup-b'),
        on(() => c, 'cool', 'cool-c'),
      ],
      litellm_settings: { callbacks: ['prometheus'] },
      router_settings: { num_retries: 0, fallbacks: [{ primary: ['backup'] }] },
      random: () => 0,
      sleep: async () => {},
    });

    // 2 failures the provider answers with 400 (not retried, no cooldown).
    const badRequest = { error: { message: 'Invalid value for temperature', type: 'invalid_request_error', param: 'temperature', code: null } };
    a.failNext({ kind: 'status', status: 400, body: badRequest }, 2);
    for (let i = 0; i < 2; i++) {
      await assert.rejects(gateway.client.chat.completions.create({ model: 'm', messages: hi }), { status: 400 });
    }
    // 3 successes.
    for (let i = 0; i < 3; i++) {
      const answer = await gateway.client.chat.completions.create({ model: 'm', messages: hi, max_tokens: 5 + i });
      addUsage(answer.usage);
    }
    // 1 stream, with usage in its last chunk.
    const stream = await gateway.client.chat.completions.create({ model: 'm', messages: hi, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) if (chunk.usage) addUsage(chunk.usage);
    // A fallback that works: primary fails with 500, backup answers.
    a.failNext({ kind: 'status', status: 500 });
    const fallen = await gateway.client.chat.completions.create({ model: 'primary', messages: hi });
    addUsage(fallen.usage);
    fallbackTokens = fallen.usage?.total_tokens ?? 0;
    // A fallback that fails too.
    a.failNext({ kind: 'status', status: 500 });
    b.failNext({ kind: 'status', status: 500 });
    await assert.rejects(gateway.client.chat.completions.create({ model: 'primary', messages: hi }), { status: 500 });
    // An upstream 401 cools its deployment at once.
    c.failNext({ kind: 'status', status: 401 });
    await assert.rejects(gateway.client.chat.completions.create({ model: 'cool', messages: hi }), { status: 401 });

    const scraped = await scrape(gateway);
    assert.equal(scraped.status, 200);
    assert.match(scraped.contentType ?? '', /^text\/plain; version=0\.0\.4/);
    text = scraped.text;
    metrics = parsePrometheusText(text);
  });

  after(async () => {
    await gateway.close();
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('is public (no key needed), like LiteLLM by default, and also answers on /metrics/', async () => {
    const slash = await fetch(`${gateway.url}/metrics/`);
    assert.equal(slash.status, 200);
    assert.ok(parsePrometheusText(await slash.text()).has('litellm_deployment_state'));
  });

  it('counts every client request by status code, and the failures by exception', () => {
    const total = 'litellm_proxy_total_requests_metric_total';
    assert.equal(sumOf(metrics, total, { status_code: '200' }), 5);
    assert.equal(sumOf(metrics, total, { status_code: '400' }), 2);
    assert.equal(sumOf(metrics, total, { status_code: '500' }), 1);
    assert.equal(sumOf(metrics, total, { status_code: '401' }), 1);
    const failed = 'litellm_proxy_failed_requests_metric_total';
    assert.equal(sumOf(metrics, failed), 4);
    assert.equal(sumOf(metrics, failed, { exception_status: '400', exception_class: 'Openai.BadRequestError', requested_model: 'm' }), 2);
    assert.equal(sumOf(metrics, failed, { exception_status: '500', exception_class: 'Openai.InternalServerError' }), 1);
    assert.equal(sumOf(metrics, failed, { exception_status: '401', exception_class: 'Openai.AuthenticationError', model_id: 'cool-c' }), 1);
    assert.equal(sumOf(metrics, total, { route: '/v1/chat/completions' }), 9);
    assert.equal(sumOf(metrics, 'litellm_requests_metric_total'), 5);
  });

  it('adds up tokens exactly, under the current and the older metric names', () => {
    assert.ok(tokens.total > 0);
    for (const [name, expected] of [
      ['litellm_input_tokens_metric_total', tokens.prompt],
      ['litellm_output_tokens_metric_total', tokens.completion],
      ['litellm_total_tokens_metric_total', tokens.total],
      ['litellm_input_tokens_total', tokens.prompt],
      ['litellm_output_tokens_total', tokens.completion],
      ['litellm_total_tokens_total', tokens.total],
    ] as const) {
      assert.equal(sumOf(metrics, name), expected, name);
    }
    // The fallback's tokens are labelled with the group that answered, as LiteLLM does.
    assert.ok(fallbackTokens > 0);
    assert.equal(sumOf(metrics, 'litellm_total_tokens_metric_total', { requested_model: 'backup', model_id: 'backup-b' }), fallbackTokens);
  });

  it('observes latency for every success, and time to first token for the stream only', () => {
    assert.equal(sumOf(metrics, 'litellm_request_total_latency_metric_count'), 5);
    assert.equal(sumOf(metrics, 'litellm_llm_api_latency_metric_count'), 5);
    assert.equal(sumOf(metrics, 'litellm_overhead_latency_metric_count'), 5);
    assert.equal(sumOf(metrics, 'litellm_llm_api_time_to_first_token_metric_count'), 1);
    assert.equal(sumOf(metrics, 'litellm_request_total_latency_metric_bucket', { le: '+Inf' }), 5);
    const buckets = samplesOf(metrics, 'litellm_request_total_latency_metric_bucket', { model_id: 'dep-a' }).map((s) => s.labels['le']);
    assert.deepEqual(buckets.slice(0, 8), ['0.005', '0.00625', '0.0125', '0.025', '0.05', '0.1', '0.5', '1.0'], "LiteLLM's buckets, written as Python does");
    assert.ok(sumOf(metrics, 'litellm_request_total_latency_metric_sum') > 0);
  });

  it('counts deployment successes and failures per deployment', () => {
    const success = 'litellm_deployment_success_responses_total';
    const failure = 'litellm_deployment_failure_responses_total';
    const total = 'litellm_deployment_total_requests_total';
    assert.equal(sumOf(metrics, success, { model_id: 'dep-a', api_provider: 'openai', litellm_model_name: 'gpt-4o', api_base: `${a.url}/v1` }), 4);
    assert.equal(sumOf(metrics, failure, { model_id: 'dep-a', exception_status: '400' }), 2);
    assert.equal(sumOf(metrics, total, { model_id: 'dep-a' }), 6);
    assert.equal(sumOf(metrics, failure, { model_id: 'primary-a', exception_status: '500', exception_class: 'Openai.InternalServerError' }), 2);
    assert.equal(sumOf(metrics, success, { model_id: 'backup-b', requested_model: 'backup' }), 1);
    assert.equal(sumOf(metrics, failure, { model_id: 'backup-b' }), 1);
    assert.equal(sumOf(metrics, failure, { model_id: 'cool-c', exception_status: '401' }), 1);
    assert.equal(sumOf(metrics, 'litellm_llm_api_failed_requests_metric_total'), 6);
  });

  it('counts fallbacks that worked and fallbacks that failed', () => {
    const where = { requested_model: 'primary', fallback_model: 'backup', exception_status: '500', exception_class: 'InternalServerError', hashed_api_key: HASHED_MASTER_KEY };
    assert.equal(sumOf(metrics, 'litellm_deployment_successful_fallbacks_total', where), 1);
    assert.equal(sumOf(metrics, 'litellm_deployment_failed_fallbacks_total', where), 1);
  });

  it('counts the cooldown and shows each deployment state (0 healthy, 1 partial, 2 complete outage)', () => {
    assert.equal(sumOf(metrics, 'litellm_deployment_cooled_down_total', { model_id: 'cool-c', exception_status: '401' }), 1);
    assert.equal(sumOf(metrics, 'litellm_deployment_cooled_down_total'), 1);
    const state = (id: string): number | undefined => samplesOf(metrics, 'litellm_deployment_state', { model_id: id })[0]?.value;
    assert.equal(state('dep-a'), 0);
    assert.equal(state('primary-a'), 1);
    assert.equal(state('backup-b'), 1);
    assert.equal(state('cool-c'), 2);
  });

  it("reports the configured tpm and rpm of a deployment", () => {
    assert.equal(samplesOf(metrics, 'litellm_deployment_tpm_limit', { model_id: 'dep-a' })[0]?.value, 1000);
    assert.equal(samplesOf(metrics, 'litellm_deployment_rpm_limit', { model_id: 'dep-a' })[0]?.value, 10);
  });

  it("uses LiteLLM's metric names, types and label names", () => {
    const expectFamily = (name: string, type: PromFamily['type'], labels: readonly string[]): void => {
      const family = metrics.get(name);
      assert.ok(family, `${name} is exposed`);
      assert.equal(family.type, type, name);
      for (const sample of family.samples) {
        const own = Object.keys(sample.labels).filter((label) => label !== 'le');
        assert.deepEqual(own.sort(), [...labels].sort(), `${sample.name} labels`);
      }
    };
    for (const [name, labels] of Object.entries(COUNTER_LABELS)) expectFamily(`${name}_total`, 'counter', labels);
    for (const [name, labels] of Object.entries(GAUGE_LABELS)) expectFamily(name, 'gauge', labels);
    for (const [name, labels] of Object.entries(HISTOGRAM_LABELS)) expectFamily(name, 'histogram', labels);
    // The ones with no data yet are registered (dashboards find them) but have no series.
    assert.deepEqual(samplesOf(metrics, 'litellm_cache_hits_metric_total'), []);
    assert.deepEqual(samplesOf(metrics, 'litellm_remaining_api_key_budget_metric'), []);
    assert.deepEqual(samplesOf(metrics, 'litellm_remaining_team_budget_metric'), []);
  });

  it('labels callers by hashed key and never shows a raw key', () => {
    assert.equal(sumOf(metrics, 'litellm_proxy_total_requests_metric_total', { hashed_api_key: HASHED_MASTER_KEY, user: 'default_user_id', api_key_alias: 'None' }), 9);
    assert.ok(!text.includes(MASTER_KEY), 'the master key never appears');
    assert.ok(!text.includes(UPSTREAM_KEY), 'the upstream key never appears');
  });
});

describe('/metrics settings', () => {
  it('with require_auth_for_metrics_endpoint, /metrics needs the key', async () => {
    const gateway = await startGateway({ models: [], litellm_settings: { success_callback: ['prometheus'], require_auth_for_metrics_endpoint: true } });
    try {
      assert.equal((await scrape(gateway)).status, 401);
      const authed = await scrape(gateway, { authorization: `Bearer ${MASTER_KEY}` });
      assert.equal(authed.status, 200);
      assert.ok(parsePrometheusText(authed.text).has('litellm_proxy_total_requests_metric_total'));
    } finally {
      await gateway.close();
    }
  });

  it('without the prometheus callback there is no /metrics', async () => {
    const gateway = await startGateway({ models: [], litellm_settings: { callbacks: [] } });
    try {
      assert.equal((await scrape(gateway, { authorization: `Bearer ${MASTER_KEY}` })).status, 404);
    } finally {
      await gateway.close();
    }
  });
});
