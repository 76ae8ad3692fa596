import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createClient } from 'redis';
import { TEST_REDIS_URL, silentLog, testNamespace } from '../../test/support/redis-url.ts';
import { startTcpProxy } from '../../test/support/tcp-proxy.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import { rateLimitHeaders, type Admission, type RateLimiter } from './rate-limiter.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';

/** A clock the tests move by hand: 10 s into a minute. */
function clock() {
  const c = { now: 60_000 * 1000 + 10_000 };
  return { c, now: () => c.now };
}

function allowed(a: Admission): asserts a is Extract<Admission, { allowed: true }> {
  assert.equal(a.allowed, true, JSON.stringify(a));
}

const implementations: { name: string; make: (now: () => number, namespace: string) => Promise<RateLimiter> }[] = [
  { name: 'memory', make: async (now) => new MemoryRateLimiter({ now }) },
  { name: 'redis', make: (now, namespace) => RedisRateLimiter.connect({ url: TEST_REDIS_URL, namespace, log: silentLog, now }) },
];

for (const { name, make } of implementations) {
  describe(`${name} rate limiter`, () => {
    const open: RateLimiter[] = [];
    const limiter = async (now: () => number, namespace = testNamespace()) => {
      const l = await make(now, namespace);
      open.push(l);
      return l;
    };
    after(async () => {
      await Promise.all(open.map((l) => l.close()));
    });

    it('rpm: the (rpm+1)th request in a minute is refused with the seconds to the next minute', async () => {
      const { c, now } = clock();
      const l = await limiter(now);
      for (let i = 0; i < 3; i++) allowed(await l.admit([{ id: 'key:a', rpm: 3 }]));
      const refused = await l.admit([{ id: 'key:a', rpm: 3 }]);
      assert.deepEqual([refused.allowed, !refused.allowed && refused.kind, !refused.allowed && refused.retryAfterS, !refused.allowed && refused.scopeId], [false, 'rpm', 50, 'key:a']);
      c.now += 50_000;
      allowed(await l.admit([{ id: 'key:a', rpm: 3 }]));
    });

    it('several scopes: all or nothing, and the refusing scope is named', async () => {
      const { now } = clock();
      const l = await limiter(now);
      allowed(await l.admit([{ id: 'key:a', rpm: 10 }, { id: 'team:t', rpm: 1 }]));
      const refused = await l.admit([{ id: 'key:a', rpm: 10 }, { id: 'team:t', rpm: 1 }]);
      assert.equal(!refused.allowed && refused.scopeId, 'team:t');
      // The refused request did not count for key:a: 9 more fit.
      for (let i = 0; i < 9; i++) allowed(await l.admit([{ id: 'key:a', rpm: 10 }]));
      assert.equal((await l.admit([{ id: 'key:a', rpm: 10 }])).allowed, false);
    });

    it('tpm: tokens recorded after calls close the minute once the limit is reached', async () => {
      const { c, now } = clock();
      const l = await limiter(now);
      const first = await l.admit([{ id: 'key:t', tpm: 100 }]);
      allowed(first);
      await first.recordTokens(60);
      const second = await l.admit([{ id: 'key:t', tpm: 100 }]);
      allowed(second);
      assert.equal(second.state.remainingTokens, 40);
      await second.recordTokens(60);
      const refused = await l.admit([{ id: 'key:t', tpm: 100 }]);
      assert.equal(!refused.allowed && refused.kind, 'tpm');
      c.now += 60_000;
      allowed(await l.admit([{ id: 'key:t', tpm: 100 }]));
    });

    it('parallel: slots are freed on release, once', async () => {
      const { now } = clock();
      const l = await limiter(now);
      const one = await l.admit([{ id: 'key:p', maxParallel: 2 }]);
      const two = await l.admit([{ id: 'key:p', maxParallel: 2 }]);
      allowed(one);
      allowed(two);
      const refused = await l.admit([{ id: 'key:p', maxParallel: 2 }]);
      assert.equal(!refused.allowed && refused.kind, 'parallel');
      await one.release();
      await one.release();
      allowed(await l.admit([{ id: 'key:p', maxParallel: 2 }]));
      assert.equal((await l.admit([{ id: 'key:p', maxParallel: 2 }])).allowed, false, 'a double release freed only one slot');
    });

    it('100 concurrent requests against rpm 10: exactly 10 get in', async () => {
      const { now } = clock();
      const namespace = testNamespace();
      // Two limiter instances on the same store stand for two replicas (memory: one process).
      const a = await limiter(now, namespace);
      const b = name === 'redis' ? await limiter(now, namespace) : a;
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).admit([{ id: 'key:hot', rpm: 10 }])));
      assert.equal(results.filter((r) => r.allowed).length, 10);
    });

    it('headers: the tightest scope', async () => {
      const { now } = clock();
      const l = await limiter(now);
      const admitted = await l.admit([{ id: 'key:h', rpm: 100, tpm: 1000 }, { id: 'team:h', rpm: 5 }]);
      allowed(admitted);
      assert.deepEqual(rateLimitHeaders(admitted.state), {
        'x-ratelimit-limit-requests': '5',
        'x-ratelimit-remaining-requests': '4',
        'x-ratelimit-limit-tokens': '1000',
        'x-ratelimit-remaining-tokens': '1000',
      });
    });
  });
}

describe('redis rate limiter when Redis is down', () => {
  it('admits against per-process counters and never throws', async () => {
    const { now } = clock();
    const l = await RedisRateLimiter.connect({ url: 'redis://127.0.0.1:1', namespace: testNamespace(), log: silentLog, now });
    allowed(await l.admit([{ id: 'key:d', rpm: 1 }]));
    assert.equal((await l.admit([{ id: 'key:d', rpm: 1 }])).allowed, false);
    await l.close();
  });

  it('a Redis that stops answering (connection open) holds an admission for at most the command timeout, then safe mode; shared again after', async () => {
    const proxy = await startTcpProxy({ host: new URL(TEST_REDIS_URL).hostname, port: Number(new URL(TEST_REDIS_URL).port || 6379) });
    const lines: string[] = [];
    const log = { ...silentLog, warn: (_: unknown, msg?: string) => void lines.push(`warn ${msg}`), info: (_: unknown, msg?: string) => void lines.push(`info ${msg}`) };
    const { c, now } = clock();
    const l = await RedisRateLimiter.connect({ url: `redis://${proxy.address}`, namespace: testNamespace(), log, now });
    try {
      const scopes = [{ id: 'key:s', rpm: 3 }];
      allowed(await l.admit(scopes));
      proxy.stall();
      // Redis keeps the connection but its answers stop: this admission times out into this process's counters.
      allowed(await l.admit(scopes));
      assert.deepEqual(lines.map((line) => line.split(':')[0]), ['warn redis unreachable']);
      // Meanwhile only one call a second asks Redis; the others go straight to safe mode.
      allowed(await l.admit([{ id: 'key:other', rpm: 1 }]));
      proxy.restore();
      c.now += 1_000; // the next probe is due after a second
      // Shared again. Redis did run the timed-out admission (only its answer was held), so it
      // counted 2: one more is allowed, then the limit of 3 holds.
      allowed(await l.admit(scopes));
      assert.equal((await l.admit(scopes)).allowed, false);
      assert.equal(lines.length, 2);
      assert.match(lines[1] ?? '', /^info redis reachable again/);
    } finally {
      await l.close();
      await proxy.close();
    }
  });

  it('CI has Redis (fail, not skip)', async () => {
    const probe = createClient({ url: TEST_REDIS_URL });
    await probe.connect();
    await probe.close();
  });
});
