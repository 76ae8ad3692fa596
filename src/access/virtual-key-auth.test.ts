import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from '../spec/gateway-error.ts';
import { hashApiKey } from '../storage/api-key-hash.ts';
import type { KeyRecord } from '../storage/key-repository.ts';
import { authenticateCaller } from './authenticate-caller.ts';
import { authorizeModel } from './authorize-model.ts';
import type { Caller } from './caller.ts';
import { KeyCache } from './key-cache.ts';
import { MasterKey } from './master-key.ts';
import { generateVirtualKey } from './virtual-key.ts';

function record(key: string, fields: Partial<KeyRecord> = {}): KeyRecord {
  const now = new Date('2026-11-24T00:00:00Z');
  return {
    token: hashApiKey(key), key_name: `sk-...${key.slice(-4)}`, key_alias: null, spend: 0, expires: null, models: [], aliases: {}, config: {}, permissions: {}, metadata: {},
    model_rpm_limit: {}, model_tpm_limit: {}, allowed_cache_controls: [], allowed_routes: [], blocked: false, user_id: null, team_id: null, organization_id: null, budget_id: null,
    rotation_count: 0, last_rotation_at: null, max_budget: null, soft_budget: null, budget_duration: null, budget_reset_at: null, tpm_limit: null, rpm_limit: null,
    max_parallel_requests: null, model_max_budget: {}, created_at: now, updated_at: now, created_by: null, updated_by: null, ...fields,
  };
}

function store(records: KeyRecord[]) {
  const lookups: string[] = [];
  return {
    lookups,
    lookup: {
      async getByHash(hash: string) {
        lookups.push(hash);
        return records.find((r) => r.token === hash);
      },
    },
  };
}

const master = new MasterKey('sk-master-1234');
const now = new Date('2026-11-24T12:00:00Z');

describe('virtual keys', () => {
  test('generated keys: sk- and 22 URL-safe characters, all different', () => {
    const keys = new Set(Array.from({ length: 100 }, generateVirtualKey));
    assert.equal(keys.size, 100);
    for (const key of keys) assert.match(key, /^sk-[A-Za-z0-9_-]{22}$/);
  });

  test('the master key is recognised without any lookup', () => {
    const s = store([]);
    assert.deepEqual(authenticateCaller({ presented: 'sk-master-1234', masterKey: master, keys: new KeyCache({ lookup: s.lookup }), now }), { kind: 'master' });
    assert.deepEqual(s.lookups, []);
  });

  test('a virtual key is looked up once by its hash, then served from the cache', async () => {
    const key = generateVirtualKey();
    const s = store([record(key)]);
    const cache = new KeyCache({ lookup: s.lookup });
    const first = await authenticateCaller({ presented: key, masterKey: master, keys: cache, now });
    assert.equal(first.kind, 'virtual');
    const second = authenticateCaller({ presented: key, masterKey: master, keys: cache, now });
    assert.ok(!(second instanceof Promise), 'a cached key needs no await');
    assert.deepEqual(s.lookups, [hashApiKey(key)], 'the key itself never reaches the store');
  });

  test('concurrent misses share one lookup; the TTL sends the next request to the store', async () => {
    const key = generateVirtualKey();
    const s = store([record(key)]);
    const clock = { now: 0 };
    const cache = new KeyCache({ lookup: s.lookup, ttlSeconds: 60, now: () => clock.now });
    await Promise.all(Array.from({ length: 10 }, () => cache.get(hashApiKey(key))));
    assert.equal(s.lookups.length, 1);
    clock.now += 61_000;
    await cache.get(hashApiKey(key));
    assert.equal(s.lookups.length, 2);
  });

  const rejects = async (presented: string, records: KeyRecord[], kind: string, message: RegExp) => {
    const cache = new KeyCache({ lookup: store(records).lookup });
    await assert.rejects(async () => authenticateCaller({ presented, masterKey: master, keys: cache, now }), (e: unknown) => e instanceof GatewayError && e.kind === kind && message.test(e.message) && !e.message.includes(presented));
  };

  test('unknown key → 401 that shows only its last 4 characters', async () => {
    await rejects('sk-unknown-abcdefgh', [], 'authentication', /sk-\.\.\.efgh/);
  });
  test('blocked key → 401', async () => {
    const key = generateVirtualKey();
    await rejects(key, [record(key, { blocked: true })], 'authentication', /Key is blocked/);
  });
  test('expired key → 400 expired_key', async () => {
    const key = generateVirtualKey();
    await rejects(key, [record(key, { expires: new Date('2026-11-01T00:00:00Z') })], 'expired_key', /Expired Key/);
  });
  test('a key not shaped like sk-… is never looked up', async () => {
    await rejects('Bearer-ish-garbage', [], 'authentication', /Invalid proxy server token/);
  });
});

describe('authorizeModel', () => {
  const virtual = (models: string[], aliases: Record<string, string> = {}): Caller => ({ kind: 'virtual', hash: 'h', key: record('sk-k', { models, aliases }) });
  const cases: { name: string; caller: Caller; model: string; ok: boolean }[] = [
    { name: 'master: any model', caller: { kind: 'master' }, model: 'x', ok: true },
    { name: 'no models listed: any model', caller: virtual([]), model: 'x', ok: true },
    { name: 'listed', caller: virtual(['gpt-4o', 'gemini-flash']), model: 'gemini-flash', ok: true },
    { name: 'not listed', caller: virtual(['gpt-4o']), model: 'claude', ok: false },
    { name: 'all-proxy-models', caller: virtual(['all-proxy-models']), model: 'claude', ok: true },
    { name: 'a wildcard entry', caller: virtual(['openai/*']), model: 'openai/gpt-4o', ok: true },
    { name: 'a wildcard entry does not match another provider', caller: virtual(['openai/*']), model: 'anthropic/claude', ok: false },
    { name: 'an alias of the key', caller: virtual(['gpt-4o'], { fast: 'gpt-4o' }), model: 'fast', ok: true },
  ];
  for (const { name, caller, model, ok } of cases) {
    test(name, () => {
      if (ok) authorizeModel(caller, model);
      else assert.throws(() => authorizeModel(caller, model), (e: unknown) => e instanceof GatewayError && e.kind === 'key_model_access_denied' && e.status === 401);
    });
  }
});
