/**
 * The shared-state stores against a real Redis Cluster (3 masters), a real Sentinel set-up and
 * a TLS-only server, started by the test: every multi-key script runs (hash-tagged keys share a slot), pub/sub
 * reaches the other replica, and limits and budgets hold across two replicas.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RedisKeyInvalidation } from '../../src/access/redis-key-invalidation.ts';
import { RedisReservationLedger } from '../../src/accounting/reservation-ledger.ts';
import type { RedisOptions } from '../../src/config/redis-options.ts';
import { RedisRateLimiter } from '../../src/limits/redis-rate-limiter.ts';
import { RedisCooldownStore } from '../../src/router/redis-cooldown-store.ts';
import { silentLog, testNamespace } from '../support/redis-url.ts';
import { startRedisCluster, startRedisSentinel, startRedisTls, type RedisServers } from '../support/redis-servers.ts';

const topologies: { name: string; start: () => Promise<RedisServers>; options: (servers: RedisServers) => Omit<RedisOptions, 'namespace'> }[] = [
  {
    name: 'a TLS-only server (rediss://, ssl_ca_certs)',
    start: startRedisTls,
    options: (s) => ({ url: `rediss://${s.nodes[0]!.host}:${s.nodes[0]!.port}`, tlsOptions: { caFile: (s as RedisServers & { caFile: string }).caFile, verify: true } }),
  },
  { name: 'Redis Cluster (3 masters)', start: startRedisCluster, options: (s) => ({ cluster: { nodes: s.nodes, tls: false } }) },
  { name: 'Redis Sentinel', start: () => startRedisSentinel({ serviceName: 'mymaster' }), options: (s) => ({ sentinel: { serviceName: 'mymaster', sentinels: s.nodes, tls: false } }) },
];

for (const topology of topologies) {
  describe(`shared state on ${topology.name}`, { timeout: 60_000 }, () => {
    let servers: RedisServers;
    const closers: (() => Promise<void>)[] = [];
    const options = (): RedisOptions & { log: typeof silentLog } => ({ ...topology.options(servers), namespace: testNamespace(), log: silentLog });

    before(async () => {
      servers = await topology.start();
    });
    after(async () => {
      await Promise.all(closers.map((close) => close()));
      await servers.stop();
    });

    it('rate limits: two replicas admit exactly the rpm over several scopes, atomically', async () => {
      const shared = options();
      const replicas = [await RedisRateLimiter.connect(shared), await RedisRateLimiter.connect(shared)];
      closers.push(...replicas.map((r) => () => r.close()));
      const scopes = [{ id: 'key:a', rpm: 5 }, { id: 'team:t', rpm: 100 }, { id: 'model:a:gpt', maxParallel: 50 }];
      const admissions = await Promise.all(Array.from({ length: 20 }, (_, i) => replicas[i % 2]!.admit(scopes)));
      assert.equal(admissions.filter((a) => a.allowed).length, 5);
      const refused = admissions.find((a) => !a.allowed);
      assert.equal(refused?.allowed === false ? refused.kind : undefined, 'rpm');
      for (const a of admissions) if (a.allowed) await Promise.all([a.release(), a.recordTokens(10)]);
      const next = await replicas[0]!.admit([{ id: 'team:t', tpm: 50 }]);
      assert.equal(next.allowed, false, 'the 5 admitted requests counted 50 tokens on the team');
    });

    it('budgets: two replicas together reserve no more than the budget', async () => {
      const shared = options();
      const replicas = [await RedisReservationLedger.connect(shared), await RedisReservationLedger.connect(shared)];
      closers.push(...replicas.map((r) => () => r.close()));
      const holders = [{ id: 'key:b', maxBudget: 1, knownSpend: 0 }, { id: 'team:t', maxBudget: 10, knownSpend: 0 }];
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.reserve(holders, 0.3)));
      assert.equal(results.filter((r) => r.ok).length, 3);
      await replicas[0]!.settle(['key:b', 'team:t'], 0.3, 0.3);
      assert.deepEqual(await replicas[1]!.reserve(holders, 0.3), { ok: false, holderId: 'key:b', spend: 0.3 });
    });

    it('cooldowns: one replica’s cooldown reaches the other through pub/sub, and a late replica loads it', async () => {
      const shared = options();
      const [a, b] = [await RedisCooldownStore.connect(shared), await RedisCooldownStore.connect(shared)] as const;
      closers.push(() => a.close(), () => b.close());
      const seen = b.whenCooling('dep-1');
      await a.startCooldown({ deploymentId: 'dep-1', seconds: 30 });
      await seen;
      assert.equal(b.coolingUntil('dep-1'), a.coolingUntil('dep-1'));
      assert.equal(await a.countFailure({ deploymentId: 'dep-1', windowSeconds: 30 }), 1);
      assert.equal(await b.countFailure({ deploymentId: 'dep-1', windowSeconds: 30 }), 2);
      const late = await RedisCooldownStore.connect(shared);
      closers.push(() => late.close());
      assert.equal(late.coolingUntil('dep-1'), a.coolingUntil('dep-1'));
    });

    it('key changes: a change announced by one replica reaches the other', async () => {
      const shared = options();
      const [a, b] = [await RedisKeyInvalidation.connect(shared), await RedisKeyInvalidation.connect(shared)] as const;
      closers.push(() => a.close(), () => b.close());
      const delivered = new Promise<string>((resolve) => b.subscribe(resolve));
      a.publish('hash-1');
      assert.equal(await delivered, 'hash-1');
    });
  });
}
