/**
 * Redis cut under load: a TCP proxy between the gateway process and Redis is closed and
 * reopened while requests run. No request fails; each component logs one line entering safe
 * mode and one leaving it; the metrics show it; and shared enforcement resumes (the key's
 * counters in Redis grow again) after the automatic reconnect.
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { parsePrometheusText, sumOf } from '../support/parse-prometheus-text.ts';
import { TEST_REDIS_URL, testNamespace } from '../support/redis-url.ts';
import { runCli } from '../support/start-cli.ts';
import { sendOnNewConnection as send } from '../support/send-on-new-connection.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { LogLines } from '../support/log-lines.ts';

const MASTER = 'sk-outage-master';
const COMPONENTS = ['rate_limits', 'budgets', 'cooldowns', 'key_changes'];

/** A gateway process whose Redis is reached through a TCP proxy the test can cut. */
interface GatewayBehindProxy {
  fake: FakeOpenAI;
  proxy: TcpProxy;
  child: ChildProcessWithoutNullStreams;
  url: string;
  logs: LogLines;
  close(): Promise<void>;
}

async function startBehindProxy(options: { namespace: string; workers?: number; settings?: string[] }): Promise<GatewayBehindProxy> {
  const fake = await startFakeOpenAI({ recordRequests: false });
  const proxy = await startTcpProxy({ host: new URL(TEST_REDIS_URL).hostname, port: Number(new URL(TEST_REDIS_URL).port || 6379) });
  const config = join(await mkdtemp(join(tmpdir(), 'switchyard-outage-')), 'config.yaml');
  await writeFile(config, [
    'model_list:',
    '  - model_name: gpt',
    `    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-up, input_cost_per_token: 0.000001, output_cost_per_token: 0.000001 }`,
    ...(options.settings ?? []),
    `general_settings: { master_key: ${MASTER} }`,
    '',
  ].join('\n'));
  const workers = options.workers ?? 1;
  const args = ['--config', config, '--port', '0', '--host', '127.0.0.1', ...(workers > 1 ? ['--num_workers', String(workers)] : [])];
  const child = runCli(args, { REDIS_URL: `redis://${proxy.address}`, REDIS_HOST: '', SWITCHYARD_REDIS_NAMESPACE: options.namespace });
  const logs = new LogLines(child);
  const listening = (line: Record<string, unknown>) => /listening on/.test(String(line['msg']));
  await logs.next(listening, workers);
  const url = /listening on (http:\/\/\S+)/.exec(String(logs.lines.find(listening)?.['msg']))?.[1] ?? '';
  return {
    fake, proxy, child, url, logs,
    close: async () => {
      child.kill('SIGKILL');
      await proxy.close();
      await fake.close();
    },
  };
}

const safeModeStarted = (component: string) => (line: Record<string, unknown>) => line['component'] === component && /unreachable: safe mode/.test(String(line['msg']));
const safeModeEnded = (component: string) => (line: Record<string, unknown>) => line['component'] === component && /reachable again/.test(String(line['msg']));

describe('Redis down under load: safe mode, then shared again', { timeout: 90_000 }, () => {
  let gateway: GatewayBehindProxy;
  let url = '';
  const namespace = testNamespace();
  const redis = createClient({ url: TEST_REDIS_URL });

  before(async () => {
    await redis.connect();
    gateway = await startBehindProxy({ namespace, settings: ['litellm_settings: { callbacks: ["prometheus"] }'] });
    url = gateway.url;
  });
  after(async () => {
    await gateway.close();
    await redis.close();
  });

  const call = async (path: string, body: unknown, key = MASTER): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** Requests this key made in Redis's rpm counters (all minutes). */
  const countedInRedis = async (key: string): Promise<number> => {
    let total = 0;
    for await (const keys of redis.scanIterator({ MATCH: `{${namespace}:limit}:key:${hashApiKey(key)}:r:*` })) for (const k of keys) total += Number(await redis.get(k));
    return total;
  };

  it('no request fails while Redis is cut; one log line each way; counting in Redis resumes', async () => {
    const key = String((await call('/key/generate', { rpm_limit: 1_000_000, tpm_limit: 1_000_000_000, max_budget: 1000 })).body['key']);
    const chat = () => call('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }, key);
    for (let i = 0; i < 5; i++) assert.equal((await chat()).status, 200);
    assert.equal(await countedInRedis(key), 5, 'shared enforcement before the cut');

    // Load: 4 clients back to back until told to stop.
    const statuses: number[] = [];
    let stop = false;
    const load = Promise.all(Array.from({ length: 4 }, async () => {
      while (!stop) statuses.push((await chat()).status);
    }));

    gateway.proxy.cut();
    await gateway.logs.next(safeModeStarted('rate_limits'));
    await gateway.logs.next(safeModeStarted('budgets'));
    const duringCut = statuses.length;
    // Requests keep being answered in safe mode.
    while (statuses.length < duringCut + 40) await chat().then((r) => statuses.push(r.status));
    gateway.proxy.restore();
    await Promise.all(COMPONENTS.map((component) => gateway.logs.next(safeModeEnded(component))));
    stop = true;
    await load;

    assert.ok(statuses.length > 40);
    assert.deepEqual([...new Set(statuses)], [200], 'every request was answered 200');
    for (const component of COMPONENTS) {
      assert.equal(gateway.logs.count(safeModeStarted(component)), 1, `${component}: one line entering safe mode`);
      assert.equal(gateway.logs.count(safeModeEnded(component)), 1, `${component}: one line leaving it`);
    }

    const before = await countedInRedis(key);
    for (let i = 0; i < 10; i++) assert.equal((await chat()).status, 200);
    assert.equal(await countedInRedis(key), before + 10, 'shared enforcement resumed after the reconnect');

    const metrics = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    for (const component of COMPONENTS) assert.equal(sumOf(metrics, 'switchyard_shared_state_up', { component }), 1);
    assert.ok(sumOf(metrics, 'switchyard_shared_state_fallbacks_total', { component: 'rate_limits' }) >= 40, 'safe-mode decisions are counted');
  });
});

describe('Redis down with --num_workers 2: limits fall back to the primary, not to each worker', { timeout: 90_000 }, () => {
  let gateway: GatewayBehindProxy;

  before(async () => {
    gateway = await startBehindProxy({ namespace: testNamespace(), workers: 2 });
  });
  after(async () => {
    await gateway.close();
  });

  it('while Redis is cut, an rpm limit of 5 still lets exactly 5 of 30 concurrent requests through both workers', async () => {
    gateway.proxy.cut();
    await gateway.logs.next(safeModeStarted('rate_limits'), 2);
    assert.equal(new Set(gateway.logs.lines.filter(safeModeStarted('rate_limits')).map((l) => l['pid'])).size, 2, 'each worker entered safe mode');
    assert.match(String(gateway.logs.lines.find(safeModeStarted('rate_limits'))?.['msg']), /counted in the primary process/);
    const key = String((await send(gateway.url, { path: '/key/generate', key: MASTER, body: { rpm_limit: 5 } })).body['key']);
    const answers = await Promise.all(Array.from({ length: 30 }, () => send(gateway.url, { path: '/v1/chat/completions', key, body: { model: 'gpt', messages: [{ role: 'user', content: 'hi' }] } })));
    assert.equal(answers.filter((a) => a.status === 200).length, 5);
    assert.equal(answers.filter((a) => a.status === 429).length, 25);
  });
});
