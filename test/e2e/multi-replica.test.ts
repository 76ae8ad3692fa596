/**
 * Three real gateway processes, one PostgreSQL, one Redis — the deployment the issue names
 * ("stateless when backed by Redis"): a key created on one replica works on the others; an rpm
 * limit and a budget hold across all three under concurrent load; a model added through one is
 * served by another; a cooldown caused through one is honoured by the others.
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase } from '../../src/storage/open-database.ts';
import { createStorage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { TEST_REDIS_URL, testNamespace } from '../support/redis-url.ts';
import { startCli } from '../support/start-cli.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../support/test-database.ts';

const MASTER = 'sk-three-replicas-master';
const INPUT = 0.0001;
const OUTPUT = 0.0001;
// Each request asks for at most 20 output tokens; the prompt counts 7 tokens.
const WORST = 7 * INPUT + 20 * OUTPUT;
const BUDGET = 5 * WORST + 1e-9;

interface Replica {
  child: ChildProcessWithoutNullStreams;
  url: string;
}

async function call(replica: Replica, method: string, path: string, body?: unknown, key = MASTER): Promise<{ status: number; headers: Headers; body: Record<string, any> }> {
  const response = await fetch(replica.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const chat = (replica: Replica, model: string, key = MASTER, extra: Record<string, unknown> = {}) =>
  call(replica, 'POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }], ...extra }, key);

/** Polls another process until `check` holds (nothing in this process to await). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe('three replicas behave as one gateway (PostgreSQL + Redis)', { timeout: 120_000 }, () => {
  let handle: TestDatabaseHandle;
  let upstream: FakeOpenAI;
  let backup: FakeOpenAI;
  let replicas: Replica[] = [];

  before(async () => {
    // Fail (not skip) when Redis is missing: CI must have it.
    const probe = createClient({ url: TEST_REDIS_URL });
    await probe.connect();
    await probe.close();
    handle = await createTestDatabase('postgres');
    upstream = await startFakeOpenAI();
    backup = await startFakeOpenAI();
    const namespace = testNamespace();
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-three-'));
    const config = join(dir, 'config.yaml');
    const priced = `input_cost_per_token: ${INPUT}, output_cost_per_token: ${OUTPUT}`;
    await writeFile(config, [
      'model_list:',
      '  - model_name: gpt',
      `    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: sk-up, ${priced} }`,
      '  - model_name: cached',
      `    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: sk-up }`,
      '  - model_name: failover',
      `    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: sk-up, order: 1 }`,
      '    model_info: { id: failover-primary }',
      '  - model_name: failover',
      `    litellm_params: { model: openai/gpt-4o, api_base: "${backup.url}/v1", api_key: sk-up, order: 2 }`,
      '    model_info: { id: failover-backup }',
      'router_settings: { num_retries: 0, allowed_fails: 0, cooldown_time: 120 }',
      // The response cache in the same Redis (its connection comes from REDIS_URL).
      `litellm_settings: { cache: true, cache_params: { type: redis, namespace: ${namespace}-cache, supported_call_types: [acompletion] } }`,
      `general_settings: { master_key: ${MASTER} }`,
      '',
    ].join('\n'));
    const url = handle.options.kind === 'postgres' ? handle.options.connectionString : '';
    const env = {
      DATABASE_URL: url,
      REDIS_URL: TEST_REDIS_URL,
      SWITCHYARD_REDIS_NAMESPACE: namespace,
      STORE_MODEL_IN_DB: 'True',
      LITELLM_SALT_KEY: 'three-replicas-salt',
      SWITCHYARD_MODEL_SYNC_SECONDS: '0.2',
    };
    replicas = await Promise.all([0, 1, 2].map(() => startCli(config, env)));
  });
  after(async () => {
    for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await upstream.close();
    await backup.close();
    await handle.dispose();
  });

  it('a key created on one replica works on the others', async () => {
    const created = await call(replicas[0]!, 'POST', '/key/generate', { models: ['gpt'] });
    assert.equal(created.status, 200);
    for (const replica of replicas) assert.equal((await chat(replica, 'gpt', created.body['key'])).status, 200);
    assert.equal((await chat(replicas[2]!, 'failover', created.body['key'])).status, 401, 'its model list holds on every replica');
  });

  // Requests differ by `seed` so none is answered from the response cache.
  it('an rpm limit holds across all three under concurrent load', async () => {
    const { body } = await call(replicas[1]!, 'POST', '/key/generate', { rpm_limit: 10 });
    const results = await Promise.all(Array.from({ length: 45 }, (_, i) => chat(replicas[i % 3]!, 'gpt', body['key'], { seed: i })));
    const statuses = results.map((r) => r.status);
    // A minute boundary during the burst would open a new window: then at most 20 pass.
    const admitted = statuses.filter((s) => s === 200).length;
    assert.ok(admitted === 10 || (admitted > 10 && admitted <= 20 && new Date().getSeconds() < 5), `admitted ${admitted} of 45 with rpm 10`);
    assert.equal(statuses.filter((s) => s === 429).length, 45 - admitted);
  });

  it('a model added through one replica is served by another', async () => {
    const added = await call(replicas[0]!, 'POST', '/model/new', { model_name: 'added-live', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${upstream.url}/v1`, api_key: 'sk-up' } });
    assert.equal(added.status, 200);
    await eventually(async () => (await chat(replicas[2]!, 'added-live')).status === 200, 'replica 3 serves the new model');
    await eventually(async () => (await chat(replicas[1]!, 'added-live')).status === 200, 'replica 2 serves the new model');
  });

  it('a cache entry written through one replica is a hit on the others', async () => {
    const question = { messages: [{ role: 'user', content: `cache me ${Date.now()}` }] };
    const before = upstream.requests.length;
    const miss = await call(replicas[0]!, 'POST', '/v1/chat/completions', { model: 'cached', ...question });
    assert.equal(miss.status, 200);
    assert.equal(miss.headers.get('x-litellm-cache-key'), null);
    assert.equal(upstream.requests.length, before + 1);
    for (const replica of replicas.slice(1)) {
      const hit = await call(replica, 'POST', '/v1/chat/completions', { model: 'cached', ...question });
      assert.equal(hit.status, 200);
      assert.ok(hit.headers.get('x-litellm-cache-key'), 'answered from the shared cache');
      assert.equal(Number(hit.headers.get('x-litellm-response-cost')), 0);
      assert.deepEqual(hit.body['choices'], miss.body['choices']);
    }
    assert.equal(upstream.requests.length, before + 1, 'only the first replica called the provider');
  });

  it('a cooldown caused through one replica is honoured by the others', async () => {
    upstream.failNext({ kind: 'status', status: 500 });
    const before = upstream.requests.length;
    const failed = await chat(replicas[0]!, 'failover', MASTER, { seed: 1000 });
    assert.equal(failed.status, 200, 'the next order tier answered');
    assert.equal(failed.headers.get('x-litellm-model-id'), 'failover-backup');
    assert.equal(upstream.requests.length, before + 1);
    for (const replica of replicas.slice(1)) {
      await eventually(async () => {
        const cooldowns = await call(replica, 'GET', '/router/cooldowns');
        return cooldowns.body['cooldowns'].some((c: { model_id: string }) => c.model_id === 'failover-primary');
      }, 'the cooldown reaches every replica');
      // Distinct seeds: no answer comes from the response cache.
      for (let i = 0; i < 3; i++) assert.equal((await chat(replica, 'failover', MASTER, { seed: 2000 + upstream.requests.length + i + replicas.indexOf(replica) * 10 })).headers.get('x-litellm-model-id'), 'failover-backup');
    }
    assert.equal(upstream.requests.length, before + 1, 'no other replica sent the cooling deployment a request');
  });

  // Last: it stops the replicas to flush their spend.
  it('a budget holds across all three under concurrent load, and spend adds up exactly', async () => {
    const { body } = await call(replicas[2]!, 'POST', '/key/generate', { max_budget: BUDGET });
    const results = await Promise.all(Array.from({ length: 45 }, (_, i) => chat(replicas[i % 3]!, 'gpt', body['key'], { max_tokens: 20, seed: i })));
    const admitted = results.filter((r) => r.status === 200);
    // Calls cost less than their worst case, so settled ones leave room for a few more than 5.
    assert.ok(admitted.length >= 5 && admitted.length < 45, `admitted ${admitted.length}`);
    assert.ok(results.every((r) => r.status === 200 || r.status === 429), 'the rest are refused as over budget');
    const charged = admitted.reduce((sum, r) => sum + Number(r.headers.get('x-litellm-response-cost')), 0);
    for (const r of replicas) r.child.kill('SIGTERM');
    for (const r of replicas) if (r.child.exitCode === null) await once(r.child, 'exit');
    const database = openDatabase(handle.options);
    await migrate(database);
    const spend = (await createStorage(database).keys.getByHash(hashApiKey(body['key'])))?.spend ?? 0;
    await database.close();
    assert.ok(spend <= BUDGET, `spend ${spend} within budget ${BUDGET}`);
    assert.ok(Math.abs(spend - charged) < 1e-9, `spend in the database (${spend}) equals what the answers charged (${charged})`);
  });
});
