/**
 * The response cache in the real Redis on this machine (a unique namespace per run): two
 * gateways share entries, entries are LiteLLM's `{"timestamp","response"}` JSON (a LiteLLM
 * entry is a hit), ttl controls reach Redis, flushall touches only this namespace, and when
 * Redis goes away requests keep being answered (misses), with one log line each way.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { responseCacheKey } from '../../src/cache/cache-key.ts';
import { RedisResponseCacheStore } from '../../src/cache/redis-response-cache-store.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { TEST_REDIS_URL, testNamespace } from '../support/redis-url.ts';
import { errorOf, MASTER_KEY, startGateway, type TestGateway } from '../support/start-gateway.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { startCli } from '../support/start-cli.ts';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Redis = ReturnType<typeof createClient>;

/** A logger that keeps what it is told. */
function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_obj: unknown, msg?: string) => void lines.push({ level, msg: msg ?? '' });
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn') } };
}

function fresh(): { role: 'user'; content: string }[] {
  return [{ role: 'user', content: `question ${randomUUID()}` }];
}

describe('response cache in Redis', { timeout: 60_000 }, () => {
  const namespace = testNamespace();
  let fake: FakeOpenAI;
  let redis: Redis;
  let a: TestGateway;
  let b: TestGateway;
  const upstream = (): number => fake.requests.filter((r) => r.path === '/v1/chat/completions').length;

  const start = async (store: RedisResponseCacheStore, cacheParams: Record<string, unknown> = {}): Promise<TestGateway> =>
    startGateway({
      models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up' } }],
      litellm_settings: { cache: true, cache_params: { type: 'redis', namespace, ...cacheParams } },
      responseCacheStore: store,
    });
  // Each gateway closes its store when it closes.
  const connect = (url = TEST_REDIS_URL, log = recordingLog().log): Promise<RedisResponseCacheStore> => RedisResponseCacheStore.connect({ url, namespace, log });

  before(async () => {
    redis = createClient({ url: TEST_REDIS_URL });
    await redis.connect(); // fails (never skips) when Redis is down
    fake = await startFakeOpenAI();
    a = await start(await connect());
    b = await start(await connect());
  });
  after(async () => {
    await a.close();
    await b.close();
    for await (const keys of redis.scanIterator({ MATCH: `${namespace}*` })) if (keys.length > 0) await redis.del(keys);
    await redis.close();
    await fake.close();
  });

  it('an answer cached through one gateway is a hit through another; the value is LiteLLM\'s entry JSON', async () => {
    const messages = fresh();
    const before = upstream();
    const first = await a.post('/v1/chat/completions', { model: 'gpt', messages });
    const second = await b.post('/v1/chat/completions', { model: 'gpt', messages });
    assert.equal(upstream() - before, 1);
    const key = second.headers.get('x-litellm-cache-key') ?? '';
    assert.match(key, new RegExp(`^${namespace}:[0-9a-f]{64}$`));
    assert.deepEqual(second.body, first.body);
    const stored = JSON.parse((await redis.get(key)) ?? '{}') as { timestamp: number; response: string };
    assert.deepEqual(Object.keys(stored), ['timestamp', 'response']);
    assert.ok(Math.abs(stored.timestamp - Date.now() / 1000) < 60);
    assert.deepEqual(JSON.parse(stored.response), first.body);
    assert.equal(await redis.pTTL(key), -1, 'without a ttl, a Redis entry does not expire (as LiteLLM)');
  });

  it('an entry LiteLLM wrote for the same request is a hit', async () => {
    const messages = fresh();
    const key = responseCacheKey({ call: 'chat', body: { model: 'gpt', messages }, modelValue: 'gpt', namespace });
    const answer = { id: 'chatcmpl-from-litellm', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'cached by LiteLLM' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } };
    // As LiteLLM's RedisCache writes it: json.dumps({"timestamp": time.time(), "response": model_dump_json()}).
    await redis.set(key, `{"timestamp": ${Date.now() / 1000}, "response": ${JSON.stringify(JSON.stringify(answer))}}`);
    const hit = await a.client.chat.completions.create({ model: 'gpt', messages });
    assert.equal(hit.id, 'chatcmpl-from-litellm');
    assert.equal(hit.choices[0]?.message.content, 'cached by LiteLLM');
  });

  it('cache.ttl, else cache_params.ttl, sets the Redis expiry', async () => {
    const messages = fresh();
    await a.post('/v1/chat/completions', { model: 'gpt', messages, cache: { ttl: 100 } });
    const hitKey = (await a.post('/v1/chat/completions', { model: 'gpt', messages })).headers.get('x-litellm-cache-key') ?? '';
    const ttl = await redis.pTTL(hitKey);
    assert.ok(ttl > 0 && ttl <= 100_000, `pttl ${ttl}`);
    const configured = await start(await connect(), { ttl: 30 });
    try {
      const other = fresh();
      await configured.post('/v1/chat/completions', { model: 'gpt', messages: other });
      const otherKey = (await configured.post('/v1/chat/completions', { model: 'gpt', messages: other })).headers.get('x-litellm-cache-key') ?? '';
      const configuredTtl = await redis.pTTL(otherKey);
      assert.ok(configuredTtl > 0 && configuredTtl <= 30_000, `pttl ${configuredTtl}`);
    } finally {
      await configured.close();
    }
  });

  it('/cache/ping answers LiteLLM\'s shape; flushall deletes only this namespace; delete and redis/info work', async () => {
    const ping = await fetch(`${a.url}/cache/ping`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    const pong = (await ping.json()) as Record<string, unknown>;
    assert.equal(ping.status, 200);
    assert.deepEqual({ status: pong['status'], cache_type: pong['cache_type'], ping_response: pong['ping_response'], set_cache_response: pong['set_cache_response'] }, { status: 'healthy', cache_type: 'redis', ping_response: true, set_cache_response: 'success' });
    const info = await fetch(`${a.url}/cache/redis/info`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    assert.equal(info.status, 200);
    assert.ok(((await info.json()) as { info: Record<string, string> }).info['redis_version']);
    const bystander = `${testNamespace()}:not-ours`;
    await redis.set(bystander, 'keep me');
    const messages = fresh();
    await a.post('/v1/chat/completions', { model: 'gpt', messages });
    const key = (await a.post('/v1/chat/completions', { model: 'gpt', messages })).headers.get('x-litellm-cache-key') ?? '';
    assert.deepEqual((await a.post('/cache/delete', { keys: [key] })).body, { status: 'success' });
    assert.equal(await redis.exists(key), 0);
    await a.post('/v1/chat/completions', { model: 'gpt', messages });
    assert.equal(await redis.exists(key), 1);
    assert.deepEqual((await a.post('/cache/flushall', {})).body, { status: 'success' });
    assert.equal(await redis.exists(key), 0);
    assert.equal(await redis.get(bystander), 'keep me');
    await redis.del(bystander);
  });

  it('Redis going away: requests still answer (misses), one log line entering and one leaving that state', async () => {
    const target = new URL(TEST_REDIS_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const recorded = recordingLog();
    const proxied = new URL(TEST_REDIS_URL);
    proxied.host = proxy.address;
    const gateway = await start(await connect(proxied.toString(), recorded.log));
    try {
      const messages = fresh();
      await gateway.post('/v1/chat/completions', { model: 'gpt', messages });
      assert.ok((await gateway.post('/v1/chat/completions', { model: 'gpt', messages })).headers.get('x-litellm-cache-key'), 'a hit while Redis is up');
      proxy.cut();
      const before = upstream();
      for (let i = 0; i < 5; i++) {
        const answer = await gateway.post('/v1/chat/completions', { model: 'gpt', messages });
        assert.equal(answer.status, 200);
        assert.equal(answer.headers.get('x-litellm-cache-key'), null);
      }
      assert.equal(upstream() - before, 5, 'every lookup a miss, answered upstream');
      const ping = await fetch(`${gateway.url}/cache/ping`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
      assert.equal(ping.status, 503);
      assert.equal(errorOf(await ping.json()).type, 'cache_ping_error');
      assert.equal((await gateway.post('/cache/flushall', {})).status, 503);
      proxy.restore();
      // Another process's reconnect: nothing to await in-process but the ping turning healthy.
      for (let i = 0; i < 500 && (await fetch(`${gateway.url}/cache/ping`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).status !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await gateway.post('/v1/chat/completions', { model: 'gpt', messages });
      assert.ok((await gateway.post('/v1/chat/completions', { model: 'gpt', messages })).headers.get('x-litellm-cache-key'), 'hits again once Redis is back');
      const warnings = recorded.lines.filter((l) => l.msg.startsWith('redis (response cache) unavailable'));
      const recoveries = recorded.lines.filter((l) => l.msg.startsWith('redis (response cache) is back'));
      assert.equal(warnings.length, 1, JSON.stringify(recorded.lines));
      assert.equal(recoveries.length, 1, JSON.stringify(recorded.lines));
    } finally {
      await gateway.close();
      await proxy.close();
    }
  });

  it('switchyard serve with cache_params.type redis: two processes share entries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-cache-'));
    const config = join(dir, 'config.yaml');
    await writeFile(config, [
      'model_list:',
      `  - { model_name: gpt, litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-up } }`,
      'litellm_settings:',
      '  cache: true',
      `  cache_params: { type: redis, url: "${TEST_REDIS_URL}", namespace: ${namespace} }`,
      'general_settings: { master_key: sk-cli-master }',
      '',
    ].join('\n'));
    const one = await startCli(config, { REDIS_URL: '', REDIS_HOST: '' });
    const two = await startCli(config, { REDIS_URL: '', REDIS_HOST: '' });
    try {
      const messages = fresh();
      const call = (url: string) => fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-cli-master', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt', messages }) });
      const before = upstream();
      const first = await call(one.url);
      assert.equal(first.status, 200);
      await first.text();
      const second = await call(two.url);
      assert.equal(second.status, 200);
      await second.text();
      const key = second.headers.get('x-litellm-cache-key') ?? '';
      assert.ok(key.startsWith(`${namespace}:`));
      assert.equal(await redis.exists(key), 1);
      assert.equal(upstream() - before, 1);
    } finally {
      one.child.kill('SIGKILL');
      two.child.kill('SIGKILL');
    }
  });
});
