import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { after, before, describe, it } from 'node:test';
import { TEST_REDIS_URL, silentLog, testNamespace } from '../../test/support/redis-url.ts';
import { RedisCooldownStore } from './redis-cooldown-store.ts';

describe('RedisCooldownStore against real Redis', () => {
  const namespace = testNamespace();
  const stores: RedisCooldownStore[] = [];
  const open = async (url = TEST_REDIS_URL): Promise<RedisCooldownStore> => {
    const store = await RedisCooldownStore.connect({ url, namespace, log: silentLog });
    stores.push(store);
    return store;
  };

  before(async () => {
    // Fail loudly (not skip) when Redis is not there: CI must have it.
    const probe = createClient({ url: TEST_REDIS_URL });
    await probe.connect();
    assert.equal(await probe.ping(), 'PONG');
    await probe.close();
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('a cooldown started by one replica reaches the other through pub/sub', async () => {
    const a = await open();
    const b = await open();
    const seen = b.whenCooling('dep-1');
    await a.startCooldown({ deploymentId: 'dep-1', seconds: 30 });
    await seen;
    assert.ok(a.coolingUntil('dep-1') > Date.now());
    assert.equal(b.coolingUntil('dep-1'), a.coolingUntil('dep-1'));
  });

  it('a replica that starts later loads the cooldowns already running', async () => {
    const a = await open();
    await a.startCooldown({ deploymentId: 'dep-2', seconds: 30 });
    const late = await open();
    assert.ok(late.coolingUntil('dep-2') > Date.now());
  });

  it('a cooldown is extended, never shortened', async () => {
    const a = await open();
    await a.startCooldown({ deploymentId: 'dep-3', seconds: 60 });
    const long = a.coolingUntil('dep-3');
    await a.startCooldown({ deploymentId: 'dep-3', seconds: 1 });
    assert.equal(a.coolingUntil('dep-3'), long);
    const late = await open();
    assert.ok(late.coolingUntil('dep-3') >= long - 5);
  });

  it('failure counts are shared by every replica', async () => {
    const a = await open();
    const b = await open();
    assert.equal(await a.countFailure({ deploymentId: 'dep-4', windowSeconds: 30 }), 1);
    assert.equal(await b.countFailure({ deploymentId: 'dep-4', windowSeconds: 30 }), 2);
  });

  it('with Redis unreachable, cooldowns still work in the process and nothing throws', async () => {
    const down = await open('redis://127.0.0.1:1');
    await down.startCooldown({ deploymentId: 'dep-5', seconds: 30 });
    assert.ok(down.coolingUntil('dep-5') > Date.now());
    assert.equal(await down.countFailure({ deploymentId: 'dep-5', windowSeconds: 30 }), 1);
    assert.equal(await down.countFailure({ deploymentId: 'dep-5', windowSeconds: 30 }), 2);
  });
});
