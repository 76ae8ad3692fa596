import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ModelEntry } from '../../src/config/config-types.ts';
import type { HealthScheduler } from '../../src/health/health-scheduler.ts';
import { HealthChecker } from '../../src/health/health-checker.ts';
import { resolveHealthSettings } from '../../src/health/health-settings.ts';
import { buildDeployments } from '../../src/router/build-deployments.ts';
import { ModelGroups } from '../../src/router/model-groups.ts';
import { createApp, type SwitchyardApp } from '../../src/server/create-app.ts';
import { startFakeAnthropic } from '../fakes/fake-anthropic.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { MASTER_KEY, startGateway, type TestGateway } from '../support/start-gateway.ts';

const GOOD_KEY = 'sk-good-upstream-secret-123456';
const WRONG_KEY = 'sk-wrong-upstream-secret-987654';
const HEADER_TOKEN = 'tok-hidden-in-extra-headers-55555';
const SECRETS = [GOOD_KEY, WRONG_KEY, HEADER_TOKEN, 'aws-secret-value-77777'];

interface HealthBody {
  healthy_endpoints: Record<string, unknown>[];
  unhealthy_endpoints: Record<string, unknown>[];
  healthy_count: number;
  unhealthy_count: number;
}

/** GETs `url` with the master key, or with no key when `key` is null. */
async function getJson(url: string, key: string | null = MASTER_KEY): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, key === null ? {} : { headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown, text };
}

function ids(endpoints: readonly Record<string, unknown>[]): string[] {
  return endpoints.map((e) => String(e['model_id'])).sort();
}

function assertNoSecrets(text: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `secret ${secret.slice(0, 8)}… leaked into ${text}`);
}

describe('GET /health checks every deployment with a small real call', () => {
  let good: FakeOpenAI;
  let locked: FakeOpenAI;
  let stalled: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    good = await startFakeOpenAI({ apiKey: GOOD_KEY });
    locked = await startFakeOpenAI({ apiKey: 'sk-the-real-key-000000' });
    stalled = await startFakeOpenAI();
    const models: ModelEntry[] = [
      {
        model_name: 'gpt-good',
        litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${good.url}/v1`, api_key: GOOD_KEY, extra_headers: { 'x-api-token': HEADER_TOKEN }, aws_secret_access_key: 'aws-secret-value-77777', rpm: 100 },
        model_info: { id: 'good-1' },
      },
      { model_name: 'gpt-bad', litellm_params: { model: 'openai/gpt-4o', api_base: `${locked.url}/v1`, api_key: WRONG_KEY }, model_info: { id: 'bad-1' } },
      { model_name: 'gpt-slow', litellm_params: { model: 'openai/gpt-4o', api_base: `${stalled.url}/v1`, api_key: 'sk-stalled-key-111111' }, model_info: { id: 'slow-1', health_check_timeout: 0.3 } },
      { model_name: 'embedder', litellm_params: { model: 'openai/text-embedding-3-small', api_base: `${good.url}/v1`, api_key: GOOD_KEY }, model_info: { id: 'embed-1', mode: 'embedding' } },
      { model_name: 'openai/*', litellm_params: { model: 'openai/*', api_base: `${good.url}/v1`, api_key: GOOD_KEY }, model_info: { id: 'wild-1', health_check_model: 'openai/gpt-4.1-nano' } },
      { model_name: 'groq/*', litellm_params: { model: 'groq/*', api_base: `${good.url}/v1`, api_key: GOOD_KEY }, model_info: { id: 'wild-unchecked' } },
    ];
    gateway = await startGateway({ models });
  });
  after(async () => {
    await gateway.close();
    await Promise.all([good.close(), locked.close(), stalled.close()]);
  });
  beforeEach(() => {
    for (const fake of [good, locked, stalled]) fake.reset();
    stalled.failNext({ kind: 'stall' }, 10);
  });

  it('needs a key', async () => {
    const { status } = await getJson(`${gateway.url}/health`, null);
    assert.equal(status, 401);
  });

  it('reports healthy and unhealthy deployments in LiteLLM\'s shape; a stalled one times out while the others report', async () => {
    const { status, body, text } = await getJson(`${gateway.url}/health`);
    assert.equal(status, 200);
    const report = body as HealthBody;
    assert.deepEqual(ids(report.healthy_endpoints), ['embed-1', 'good-1', 'wild-1']);
    assert.deepEqual(ids(report.unhealthy_endpoints), ['bad-1', 'slow-1', 'wild-unchecked']);
    assert.equal(report.healthy_count, 3);
    assert.equal(report.unhealthy_count, 3);
    const byId = new Map([...report.healthy_endpoints, ...report.unhealthy_endpoints].map((e) => [e['model_id'], e]));
    assert.deepEqual(byId.get('good-1'), { model: 'openai/gpt-4o-mini', api_base: `${good.url}/v1`, rpm: 100, model_id: 'good-1' });
    assert.equal(byId.get('wild-1')?.['model'], 'openai/gpt-4.1-nano');
    assert.match(String(byId.get('bad-1')?.['error']), /401|Incorrect API key|auth/i);
    assert.equal(byId.get('slow-1')?.['error'], 'Timeout exceeded');
    assert.match(String(byId.get('wild-unchecked')?.['error']), /health_check_model/);
    assert.ok(!('api_key' in (byId.get('bad-1') ?? {})));
    assertNoSecrets(text);
  });

  it('sends a tiny chat probe, a tiny embedding input, and the health_check_model for a wildcard', async () => {
    await getJson(`${gateway.url}/health`);
    const bodies = good.requests.map((r) => ({ path: r.path, body: r.body }));
    assert.deepEqual(
      bodies.find((r) => (r.body as { model?: string }).model === 'gpt-4o-mini'),
      { path: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: "Hey how's it going?" }], max_tokens: 16 } },
    );
    assert.deepEqual(
      bodies.find((r) => r.path === '/v1/embeddings'),
      { path: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: ['test from litellm'] } },
    );
    assert.ok(bodies.some((r) => (r.body as { model?: string }).model === 'gpt-4.1-nano'), 'wildcard probed with health_check_model');
    assert.equal(good.requests.length, 3, 'one call per checkable deployment on this upstream, no retries');
    assert.equal(locked.requests.length, 1, 'a failing deployment is called once (no router retries)');
  });

  it('narrows to ?model= (group name, litellm model, or a wildcard match) and ?model_id=', async () => {
    const bad = (await getJson(`${gateway.url}/health?model=gpt-bad`)).body as HealthBody;
    assert.deepEqual([ids(bad.healthy_endpoints), ids(bad.unhealthy_endpoints)], [[], ['bad-1']]);
    assert.equal(good.requests.length, 0, 'other deployments are not called');

    const byModel = (await getJson(`${gateway.url}/health?model=openai/text-embedding-3-small`)).body as HealthBody;
    assert.deepEqual(ids(byModel.healthy_endpoints), ['embed-1']);

    const wildcard = (await getJson(`${gateway.url}/health?model=openai/gpt-4.1`)).body as HealthBody;
    assert.deepEqual(ids(wildcard.healthy_endpoints), ['wild-1']);
    assert.equal(wildcard.healthy_endpoints[0]?.['model'], 'openai/gpt-4.1');
    assert.equal((good.requests.at(-1)?.body as { model?: string }).model, 'gpt-4.1');

    const byId = (await getJson(`${gateway.url}/health?model_id=good-1`)).body as HealthBody;
    assert.deepEqual([ids(byId.healthy_endpoints), ids(byId.unhealthy_endpoints)], [['good-1'], []]);

    const unknown = await getJson(`${gateway.url}/health?model=no-such-model`);
    assert.deepEqual(unknown.body, { healthy_endpoints: [], unhealthy_endpoints: [], healthy_count: 0, unhealthy_count: 0 });
  });

  it('answers 404 for an unknown model_id', async () => {
    const { status, body } = await getJson(`${gateway.url}/health?model_id=nope`);
    assert.equal(status, 404);
    assert.match(JSON.stringify(body), /Model with ID nope not found/);
  });

  it('keeps /health/readiness public and cheap, in LiteLLM\'s shape', async () => {
    const { status, body } = await getJson(`${gateway.url}/health/readiness`, null);
    assert.equal(status, 200);
    const ready = body as Record<string, unknown>;
    assert.equal(ready['status'], 'healthy');
    assert.equal(ready['db'], 'Not connected');
    assert.equal(ready['cache'], null);
    assert.deepEqual(ready['success_callbacks'], []);
    assert.match(String(ready['litellm_version']), /^\d+\.\d+\.\d+/);
    assert.equal(good.requests.length + locked.requests.length, 0, 'readiness calls no provider');
  });
});

describe('GET /health with health_check_details: false', () => {
  it('shows only model and model_id (and the error)', async () => {
    const fake = await startFakeOpenAI({ apiKey: GOOD_KEY });
    const gateway = await startGateway({
      models: [
        { model_name: 'a', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: GOOD_KEY }, model_info: { id: 'a-1' } },
        { model_name: 'b', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: WRONG_KEY }, model_info: { id: 'b-1' } },
      ],
      general_settings: { health_check_details: false },
    });
    try {
      const { body, text } = await getJson(`${gateway.url}/health`);
      const report = body as HealthBody;
      assert.deepEqual(report.healthy_endpoints, [{ model: 'openai/gpt-4o', model_id: 'a-1' }]);
      assert.deepEqual(Object.keys(report.unhealthy_endpoints[0] ?? {}), ['model', 'model_id', 'error']);
      assertNoSecrets(text);
    } finally {
      await gateway.close();
      await fake.close();
    }
  });
});

/** A scheduler the test drives by hand: it records the interval and whether it was stopped. */
function manualScheduler(): HealthScheduler & { intervalMs: number | undefined; stopped: boolean } {
  const scheduler = {
    intervalMs: undefined as number | undefined,
    stopped: false,
    every(ms: number) {
      scheduler.intervalMs = ms;
      return { stop: () => { scheduler.stopped = true; } };
    },
  };
  return scheduler;
}

describe('background_health_checks', () => {
  let fake: FakeOpenAI;
  let gateway: SwitchyardApp;
  let url: string;
  const scheduler = manualScheduler();

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: GOOD_KEY });
    gateway = createApp({
      config: {
        model_list: [
          { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: GOOD_KEY }, model_info: { id: 'gpt-1' } },
          { model_name: 'skipped', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${fake.url}/v1`, api_key: GOOD_KEY }, model_info: { id: 'skip-1', disable_background_health_check: true } },
        ],
        litellm_settings: {},
        router_settings: {},
        general_settings: { master_key: MASTER_KEY, background_health_checks: true, health_check_interval: 42 },
        environment_variables: {},
      },
      healthScheduler: scheduler,
    });
    url = (await gateway.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  });
  after(async () => {
    await gateway.app.close();
    await fake.close();
  });

  it('checks on start, then every health_check_interval seconds; /health serves the latest round without calling providers', async () => {
    assert.equal(scheduler.intervalMs, 42_000);
    const first = (await getJson(`${url}/health`)).body as HealthBody;
    assert.deepEqual([ids(first.healthy_endpoints), first.unhealthy_count], [['gpt-1'], 0], 'disable_background_health_check deployments are skipped');
    const calls = fake.requests.length;
    assert.equal(calls, 1);
    const again = (await getJson(`${url}/health`)).body as HealthBody;
    assert.deepEqual(again, first);
    assert.equal(fake.requests.length, calls, 'a cached answer calls no provider');

    const seen: string[] = [];
    const unsubscribe = gateway.health.subscribe((results) => seen.push(...results.map((r) => `${r.deployment.id}:${r.healthy}`)));
    fake.failNext({ kind: 'status', status: 503 });
    await gateway.health.refresh();
    unsubscribe();
    assert.deepEqual(seen, ['gpt-1:false'], 'listeners (metrics) see each round');
    const later = (await getJson(`${url}/health`)).body as HealthBody;
    assert.deepEqual([later.healthy_count, ids(later.unhealthy_endpoints)], [0, ['gpt-1']]);
    assert.equal(fake.requests.length, calls + 1);

    const filtered = (await getJson(`${url}/health?model=skipped`)).body as HealthBody;
    assert.equal(filtered.healthy_count + filtered.unhealthy_count, 0, 'the filter narrows the cached round');
  });

  it('stops the schedule when the app closes', async () => {
    const other = createApp({
      config: { model_list: [], litellm_settings: {}, router_settings: {}, general_settings: { background_health_checks: true }, environment_variables: {} },
      healthScheduler: manualScheduler(),
    });
    const own = manualScheduler();
    const app = createApp({
      config: { model_list: [], litellm_settings: {}, router_settings: {}, general_settings: { background_health_checks: true }, environment_variables: {} },
      healthScheduler: own,
    });
    await app.app.ready();
    assert.equal(own.intervalMs, 300_000, 'LiteLLM default interval');
    await app.app.close();
    assert.equal(own.stopped, true);
    await other.app.close();
  });
});

describe('HealthChecker rounds', () => {
  it('joins a running round instead of starting another, and stop() ends a stalled round without storing it', { timeout: 10_000 }, async () => {
    const stalled = await startFakeOpenAI();
    stalled.failNext({ kind: 'stall' }, 5);
    const { deployments } = buildDeployments([{ model_name: 'slow', litellm_params: { model: 'openai/gpt-4o', api_base: `${stalled.url}/v1`, api_key: 'sk-slow-000000' } }]);
    const silent = { debug: () => {}, info: () => {}, warn: () => {} };
    const checker = new HealthChecker({
      deployments,
      groups: new ModelGroups({ deployments }),
      settings: resolveHealthSettings({ background_health_checks: true }, {}),
      log: silent,
      scheduler: manualScheduler(),
    });
    try {
      const arrived = stalled.nextRequest();
      const first = checker.refresh();
      assert.equal(checker.refresh(), first, 'a second refresh joins the running round');
      await arrived;
      checker.stop();
      await first;
      assert.equal(checker.latest(), undefined, 'a round cut short by shutdown is not served');
      assert.equal(stalled.requests.length, 1);
    } finally {
      await stalled.close();
    }
  });
});

describe('GET /health on a non-OpenAI provider', () => {
  it('probes Anthropic in its own wire format and reports its overloaded error', async () => {
    const key = 'sk-ant-health-secret-424242';
    const fake = await startFakeAnthropic({ apiKey: key });
    const gateway = await startGateway({
      models: [{ model_name: 'claude', litellm_params: { model: 'anthropic/claude-haiku-4-5', api_base: fake.url, api_key: key }, model_info: { id: 'claude-1' } }],
    });
    try {
      const ok = (await getJson(`${gateway.url}/health`)).body as HealthBody;
      assert.deepEqual(ids(ok.healthy_endpoints), ['claude-1']);
      const sent = fake.requests.at(-1);
      assert.equal(sent?.path, '/v1/messages');
      assert.deepEqual(sent?.body, { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: [{ type: 'text', text: "Hey how's it going?" }] }], max_tokens: 16 });

      fake.failNext({ kind: 'status', status: 529 });
      const { body, text } = await getJson(`${gateway.url}/health`);
      const down = body as HealthBody;
      assert.deepEqual(ids(down.unhealthy_endpoints), ['claude-1']);
      assert.match(String(down.unhealthy_endpoints[0]?.['error']), /Overloaded|overloaded/);
      assert.ok(!text.includes(key));
    } finally {
      await gateway.close();
      await fake.close();
    }
  });
});
