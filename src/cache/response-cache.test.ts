import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Caller } from '../access/caller.ts';
import type { KeyRecord } from '../storage/key-repository.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { SwitchyardConfig } from '../config/config-types.ts';
import { readCacheControls } from './cache-controls.ts';
import { resolveCacheRedisUrl } from './cache-redis-url.ts';
import { resolveCacheSettings } from './cache-settings.ts';
import { LocalResponseCacheStore } from './local-response-cache-store.ts';
import { ResponseCache } from './response-cache.ts';

function config(litellm_settings: Record<string, unknown>, router_settings: Record<string, unknown> = {}): SwitchyardConfig {
  return { model_list: [], litellm_settings, router_settings, general_settings: {}, environment_variables: {} };
}

function virtualKey(allowed: string[]): Caller {
  return { kind: 'virtual', hash: 'h', key: { allowed_cache_controls: allowed } as unknown as KeyRecord };
}

describe('resolveCacheSettings', () => {
  test('off unless litellm_settings.cache is true', () => {
    assert.equal(resolveCacheSettings(config({})).settings, undefined);
    assert.equal(resolveCacheSettings(config({ cache: false, cache_params: { type: 'local' } })).settings, undefined);
  });

  test('LiteLLM defaults: local, 200 items, default_on, completion + text completion + embeddings', () => {
    const { settings, warnings } = resolveCacheSettings(config({ cache: true }));
    assert.deepEqual(warnings, []);
    assert.equal(settings?.type, 'local');
    assert.equal(settings?.maxItems, 200);
    assert.equal(settings?.optIn, false);
    assert.equal(settings?.ttlS, undefined);
    assert.deepEqual([...(settings?.calls ?? [])].sort(), ['chat', 'completion', 'embedding']);
  });

  test('reads ttl, namespace, size, mode, call types and caching groups', () => {
    const { settings } = resolveCacheSettings(config(
      { cache: true, cache_params: { type: 'redis', ttl: 60, default_in_redis_ttl: 30, namespace: 'ns', max_in_memory_cache_size: 5, mode: 'default_off', supported_call_types: ['acompletion'] } },
      { caching_groups: [['a', 'b']] },
    ));
    assert.equal(settings?.ttlS, 30, 'default_in_redis_ttl wins for redis');
    assert.equal(settings?.namespace, 'ns');
    assert.equal(settings?.maxItems, 5);
    assert.equal(settings?.optIn, true);
    assert.deepEqual([...(settings?.calls ?? [])], ['chat']);
    assert.deepEqual(settings?.cachingGroups, [['a', 'b']]);
  });

  test('an unsupported type: one warning, no cache', () => {
    const { settings, warnings } = resolveCacheSettings(config({ cache: true, cache_params: { type: 'redis-semantic' } }));
    assert.equal(settings, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /redis-semantic.*not supported/);
  });
});

describe('readCacheControls', () => {
  test('reads every control; s-max-age is the same as s-maxage', () => {
    assert.deepEqual(readCacheControls({ kind: 'master' }, { 'no-cache': true, 'no-store': true, ttl: 9, 's-max-age': 3, namespace: 'n', 'use-cache': true }), {
      noCache: true, noStore: true, ttlS: 9, maxAgeS: 3, namespace: 'n', useCache: true,
    });
    assert.equal(readCacheControls({ kind: 'master' }, 'nope'), undefined);
  });

  test('a virtual key may set only the controls it is allowed; use-cache always', () => {
    assert.throws(() => readCacheControls(virtualKey([]), { 'no-store': true }), (error: unknown) => error instanceof GatewayError && error.status === 403 && error.message === 'Not allowed to set no-store as a cache control. Contact admin to change permissions.');
    assert.equal(readCacheControls(virtualKey(['no-store']), { 'no-store': true })?.noStore, true);
    assert.equal(readCacheControls(virtualKey([]), { 'use-cache': true })?.useCache, true);
  });
});

describe('ResponseCache', () => {
  const { settings } = resolveCacheSettings(config({ cache: true, cache_params: { ttl: 60 } }));
  const body = { model: 'g', messages: [{ role: 'user', content: 'hi' }] };

  test('writes LiteLLM entries with the request ttl (else cache_params.ttl); s-maxage refuses older ones', async () => {
    let now = 1_000_000_000;
    const store = new LocalResponseCacheStore({ maxItems: 10, now: () => now });
    const cache = new ResponseCache({ store, settings: settings!, now: () => now });
    const plan = cache.plan({ call: 'chat', model: 'g', body, controls: readCacheControls({ kind: 'master' }, { ttl: 5 }) })!;
    await cache.write(plan, [{ choices: [] }]);
    const key = plan.keys[0] ?? '';
    assert.deepEqual(store.get(key), { timestamp: 1_000_000, response: '{"choices":[]}' });
    now += 4_000;
    const young = cache.plan({ call: 'chat', model: 'g', body, controls: readCacheControls({ kind: 'master' }, { 's-maxage': 3 }) })!;
    assert.deepEqual(await cache.read(young), [undefined], '4 s old, 3 s allowed');
    assert.deepEqual(await cache.read(plan), [{ choices: [] }]);
    now += 1_000;
    assert.deepEqual(await cache.read(plan), [undefined], 'the 5 s ttl passed');
    const defaultTtl = cache.plan({ call: 'chat', model: 'g', body: { ...body, n: 2 }, controls: undefined })!;
    await cache.write(defaultTtl, [{ choices: [] }]);
    now += 59_999;
    assert.deepEqual(await cache.read(defaultTtl), [{ choices: [] }]);
    now += 1;
    assert.deepEqual(await cache.read(defaultTtl), [undefined]);
  });

  test('no-store plans write nothing; no-cache plans do not read', async () => {
    const store = new LocalResponseCacheStore({ maxItems: 10 });
    const cache = new ResponseCache({ store, settings: settings! });
    const plan = cache.plan({ call: 'chat', model: 'g', body, controls: readCacheControls({ kind: 'master' }, { 'no-store': true, 'no-cache': true }) })!;
    await cache.write(plan, [{ choices: [] }]);
    assert.equal(store.size, 0);
    assert.equal(plan.read, false);
  });

  test('a request namespace wins over metadata.redis_namespace, which wins over cache_params.namespace', () => {
    const { settings: namespaced } = resolveCacheSettings(config({ cache: true, cache_params: { namespace: 'cfg' } }));
    const cache = new ResponseCache({ store: new LocalResponseCacheStore({ maxItems: 1 }), settings: namespaced! });
    const key = (controls: unknown, metadata?: Record<string, unknown>) => cache.plan({ call: 'chat', model: 'g', body, controls: readCacheControls({ kind: 'master' }, controls), metadata })?.keys[0]?.split(':')[0];
    assert.equal(key(undefined), 'cfg');
    assert.equal(key(undefined, { redis_namespace: 'meta' }), 'meta');
    assert.equal(key({ namespace: 'req' }, { redis_namespace: 'meta' }), 'req');
  });
});

describe('resolveCacheRedisUrl', () => {
  test('cache_params url, else host/port/password (redis_* spellings too), else the gateway\'s Redis', () => {
    const none = config({});
    assert.equal(resolveCacheRedisUrl({ params: { url: 'redis://u:5/1' }, config: none, env: {} }), 'redis://u:5/1');
    assert.equal(resolveCacheRedisUrl({ params: { host: 'h', port: 7000, password: 'p@ss' }, config: none, env: {} }), 'redis://:p%40ss@h:7000');
    assert.equal(resolveCacheRedisUrl({ params: { redis_host: 'h', redis_db: 2 }, config: none, env: {} }), 'redis://h:6379/2');
    assert.equal(resolveCacheRedisUrl({ params: {}, config: config({}, { redis_host: 'router-redis' }), env: {} }), 'redis://router-redis:6379');
    assert.equal(resolveCacheRedisUrl({ params: {}, config: none, env: { REDIS_URL: 'redis://env:1' } }), 'redis://env:1');
    assert.equal(resolveCacheRedisUrl({ params: {}, config: none, env: {} }), undefined);
  });
});
