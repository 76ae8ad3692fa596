import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LitellmParams } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { ErrorKind } from '../spec/error-catalogue.ts';
import { buildDeployments } from './build-deployments.ts';
import { ModelGroups } from './model-groups.ts';
import { Router, type Attempt } from './router.ts';
import { resolveRouterSettings } from './router-settings.ts';

interface Harness {
  router: Router;
  sleeps: number[];
  clock: { now: number };
  calls: string[];
  /** Runs one request; `fail(id, n)` decides per deployment id and attempt number whether to throw. */
  run(options?: { model?: string; numRetries?: number; clientFallbacks?: string[]; mockTesting?: Record<string, boolean>; tokens?: number }): Promise<{ id: string; retries: number; fallbacks: number }>;
}

type Entry = { name: string; id: string; params?: Partial<LitellmParams> };

function harness(options: { entries: Entry[]; router?: Record<string, unknown>; fail?: (attempt: Attempt, n: number) => ErrorKind | undefined; retryAfter?: string; random?: () => number }): Harness {
  const { deployments } = buildDeployments(options.entries.map((e) => ({ model_name: e.name, litellm_params: { model: `openai/${e.id}`, ...e.params }, model_info: { id: e.id } })));
  const clock = { now: 1_000_000 };
  const sleeps: number[] = [];
  const calls: string[] = [];
  const router = new Router({
    groups: new ModelGroups({ deployments }),
    settings: resolveRouterSettings(options.router ?? {}, {}),
    random: options.random ?? (() => 0),
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return {
    router,
    sleeps,
    clock,
    calls,
    async run(run = {}) {
      const result = await router.route({
        model: run.model ?? options.entries[0]?.name ?? '',
        signal: new AbortController().signal,
        numRetries: run.numRetries,
        clientFallbacks: run.clientFallbacks,
        mockTesting: run.mockTesting ?? {},
        promptTokens: run.tokens ?? 0,
        attempt: async (attempt) => {
          calls.push(attempt.deployment.id);
          const kind = options.fail?.(attempt, calls.filter((c) => c === attempt.deployment.id).length);
          if (kind !== undefined) throw new GatewayError(kind, `${kind} from ${attempt.deployment.id}`, options.retryAfter ? { retryAfter: options.retryAfter } : {});
          return attempt.deployment.id;
        },
        outcome: () => ({ totalTokens: 100 }),
      });
      return { id: result.value, retries: result.attemptedRetries, fallbacks: result.attemptedFallbacks };
    },
  };
}

const twoInGroup: Entry[] = [{ name: 'g', id: 'a' }, { name: 'g', id: 'b' }];

describe('retries', () => {
  it('re-pick another healthy deployment without waiting', async () => {
    const h = harness({ entries: twoInGroup, fail: (a) => (a.deployment.id === 'a' ? 'internal' : undefined) });
    const result = await h.run();
    assert.deepEqual(h.calls, ['a', 'b']);
    assert.equal(result.id, 'b');
    assert.equal(result.retries, 1);
    assert.deepEqual(h.sleeps, []);
  });

  it('back off exponentially when no other deployment is healthy', async () => {
    const h = harness({ entries: [{ name: 'g', id: 'a' }], fail: (_a, n) => (n <= 2 ? 'service_unavailable' : undefined) });
    const result = await h.run();
    assert.equal(result.retries, 2);
    assert.deepEqual(h.sleeps, [500, 1000]);
  });

  it('honour the provider retry-after and router_settings.retry_after', async () => {
    const h = harness({ entries: [{ name: 'g', id: 'a' }], fail: (_a, n) => (n === 1 ? 'rate_limit' : undefined), retryAfter: '3' });
    await h.run();
    assert.deepEqual(h.sleeps, [3000]);
    const h2 = harness({ entries: [{ name: 'g', id: 'a' }], router: { retry_after: 4 }, fail: (_a, n) => (n === 1 ? 'internal' : undefined) });
    await h2.run();
    assert.deepEqual(h2.sleeps, [4000]);
  });

  it('stop after num_retries (router default 2), the request value winning', async () => {
    const always = harness({ entries: [{ name: 'g', id: 'a' }], fail: () => 'internal' });
    await assert.rejects(always.run(), /internal from a/);
    assert.equal(always.calls.length, 3);
    const once = harness({ entries: [{ name: 'g', id: 'a' }], fail: () => 'internal' });
    await assert.rejects(once.run({ numRetries: 0 }));
    assert.equal(once.calls.length, 1);
    const perDeployment = harness({ entries: [{ name: 'g', id: 'a', params: { num_retries: 4 } }], fail: () => 'internal' });
    await assert.rejects(perDeployment.run());
    assert.equal(perDeployment.calls.length, 5);
  });

  it('never retry the caller\'s own errors', async () => {
    const h = harness({ entries: twoInGroup, fail: () => 'bad_request' });
    await assert.rejects(h.run(), /bad_request/);
    assert.equal(h.calls.length, 1);
  });

  it('follow retry_policy and model_group_retry_policy per error class', async () => {
    const policy = harness({ entries: [{ name: 'g', id: 'a' }], router: { retry_policy: { RateLimitErrorRetries: 0, BadRequestErrorRetries: 1 } }, fail: (_a, n) => (n === 1 ? 'rate_limit' : undefined) });
    await assert.rejects(policy.run(), /rate_limit/);
    const badRetried = harness({ entries: [{ name: 'g', id: 'a' }], router: { retry_policy: { BadRequestErrorRetries: 1 } }, fail: (_a, n) => (n === 1 ? 'bad_request' : undefined) });
    assert.equal((await badRetried.run()).retries, 1);
    const perGroup = harness({ entries: [{ name: 'g', id: 'a' }], router: { model_group_retry_policy: { g: { InternalServerErrorRetries: 5 } } }, fail: (_a, n) => (n <= 5 ? 'internal' : undefined) });
    assert.equal((await perGroup.run()).retries, 5);
  });
});

describe('cooldowns', () => {
  it('a 429 cools a deployment of a multi-deployment group at once; later requests avoid it', async () => {
    const h = harness({ entries: twoInGroup, fail: (a) => (a.deployment.id === 'a' ? 'rate_limit' : undefined) });
    await h.run();
    assert.ok(h.router.cooldowns.coolingUntil('a') > 0);
    h.calls.length = 0;
    await h.run();
    assert.deepEqual(h.calls, ['b']);
  });

  it('when every deployment cools: 429 "No deployments available" naming the seconds', async () => {
    const h = harness({ entries: twoInGroup, router: { cooldown_time: 30 }, fail: () => 'rate_limit' });
    await assert.rejects(h.run(), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 429);
      assert.match(error.message, /^No deployments available for selected model, Try again in 30 seconds\. Passed model=g/);
      assert.equal(error.retryAfter, '30');
      return true;
    });
    h.clock.now += 31_000;
    assert.equal(h.router.cooldowns.coolingUntil('a'), 0, 'the cooldown ends by itself');
  });

  it('a single-deployment group is not cooled by a 429, but is by a 404 or upstream 401', async () => {
    const rate = harness({ entries: [{ name: 'g', id: 'a' }], fail: () => 'rate_limit', router: { num_retries: 0 } });
    await assert.rejects(rate.run());
    assert.equal(rate.router.cooldowns.coolingUntil('a'), 0);
    const gone = harness({ entries: [{ name: 'g', id: 'a' }], fail: () => 'not_found' });
    await assert.rejects(gone.run());
    assert.ok(gone.router.cooldowns.coolingUntil('a') > 0);
  });

  it('never for other 4xx or connection errors', async () => {
    for (const kind of ['bad_request', 'permission_denied', 'api_connection'] as const) {
      const h = harness({ entries: twoInGroup, fail: (a) => (a.deployment.id === 'a' ? kind : undefined) });
      await h.run().catch(() => undefined);
      assert.equal(h.router.cooldowns.coolingUntil('a'), 0, kind);
    }
  });

  it('with allowed_fails: only after more than that many failures in the window', async () => {
    const h = harness({ entries: twoInGroup, router: { allowed_fails: 1, num_retries: 0 }, fail: (a) => (a.deployment.id === 'a' ? 'internal' : undefined) });
    await assert.rejects(h.run());
    assert.equal(h.router.cooldowns.coolingUntil('a'), 0);
    await assert.rejects(h.run());
    assert.ok(h.router.cooldowns.coolingUntil('a') > 0);
  });

  it('allowed_fails_policy per error class, and cooldown_time per deployment', async () => {
    const h = harness({
      entries: [{ name: 'g', id: 'a', params: { cooldown_time: 60 } }, { name: 'g', id: 'b' }],
      router: { allowed_fails_policy: { TimeoutErrorAllowedFails: 0 }, num_retries: 0 },
      fail: (a) => (a.deployment.id === 'a' ? 'timeout' : undefined),
    });
    await assert.rejects(h.run());
    assert.equal(h.router.cooldowns.coolingUntil('a'), h.clock.now + 60_000);
  });

  it('disable_cooldowns turns them off', async () => {
    const h = harness({ entries: twoInGroup, router: { disable_cooldowns: true }, fail: (a) => (a.deployment.id === 'a' ? 'rate_limit' : undefined) });
    // Nothing cools: the retry goes to `b` only because `a` already failed this request.
    assert.equal((await h.run()).id, 'b');
    assert.equal(h.router.cooldowns.coolingUntil('a'), 0);
    assert.equal((await h.run()).id, 'b');
    assert.deepEqual(h.calls, ['a', 'b', 'a', 'b'], 'the next request tries `a` again');
  });
});

describe('retries re-pick', () => {
  it('a retry avoids the deployments that failed this request while others are healthy', async () => {
    const three: Entry[] = [{ name: 'g', id: 'a' }, { name: 'g', id: 'b' }, { name: 'g', id: 'c' }];
    const h = harness({ entries: three, router: { disable_cooldowns: true }, fail: (a) => (a.deployment.id === 'c' ? undefined : 'internal') });
    assert.equal((await h.run()).id, 'c');
    assert.deepEqual(h.calls, ['a', 'b', 'c']);
    assert.deepEqual(h.sleeps, [], 'no wait while an untried deployment is left');
  });

  it('when every healthy deployment has failed, the retry goes back to them after a backoff', async () => {
    const h = harness({ entries: twoInGroup, router: { disable_cooldowns: true, num_retries: 3 }, fail: (_a, n) => (n === 1 ? 'internal' : undefined) });
    assert.equal((await h.run()).id, 'a');
    assert.deepEqual(h.calls, ['a', 'b', 'a']);
    assert.equal(h.sleeps.length, 1);
  });
});

describe('order tiers and fallbacks', () => {
  it('tries the next order tier before fallbacks', async () => {
    const h = harness({
      entries: [{ name: 'g', id: 'a', params: { order: 1 } }, { name: 'g', id: 'b', params: { order: 2 } }, { name: 'f', id: 'c' }],
      router: { num_retries: 0, fallbacks: [{ g: ['f'] }] },
      fail: (a) => (a.deployment.id === 'a' ? 'internal' : undefined),
    });
    const result = await h.run();
    assert.equal(result.id, 'b');
    assert.equal(result.fallbacks, 0);
  });

  it('falls back in list order, each group with its own retries', async () => {
    const h = harness({
      entries: [{ name: 'g', id: 'a' }, { name: 'f1', id: 'b' }, { name: 'f2', id: 'c' }],
      router: { num_retries: 1, fallbacks: [{ g: ['f1', 'f2'] }], disable_cooldowns: true },
      fail: (a) => (a.deployment.id === 'c' ? undefined : 'internal'),
    });
    const result = await h.run();
    assert.equal(result.id, 'c');
    assert.deepEqual(h.calls, ['a', 'a', 'b', 'b', 'c']);
    assert.equal(result.fallbacks, 2);
  });

  it('context-window and content-policy errors use their own lists; an absent list falls through to generic', async () => {
    const entries: Entry[] = [{ name: 'g', id: 'a' }, { name: 'big', id: 'b' }, { name: 'safe', id: 'c' }, { name: 'generic', id: 'd' }];
    const settings = { context_window_fallbacks: [{ g: ['big'] }], fallbacks: [{ g: ['generic'] }] };
    const cw = harness({ entries, router: settings, fail: (a) => (a.deployment.id === 'a' ? 'context_window_exceeded' : undefined) });
    assert.equal((await cw.run()).id, 'b');
    const cp = harness({ entries, router: settings, fail: (a) => (a.deployment.id === 'a' ? 'content_policy_violation' : undefined) });
    assert.equal((await cp.run()).id, 'd', 'no content_policy_fallbacks: the generic ones apply');
    const cpList = harness({ entries, router: { ...settings, content_policy_fallbacks: [{ g: ['safe'] }] }, fail: (a) => (a.deployment.id === 'a' ? 'content_policy_violation' : undefined) });
    assert.equal((await cpList.run()).id, 'c');
  });

  it('default_fallbacks ("*"), client-side fallbacks and max_fallbacks', async () => {
    const entries: Entry[] = [{ name: 'g', id: 'a' }, { name: 'x', id: 'b' }, { name: 'y', id: 'c' }];
    const failA = (a: Attempt): ErrorKind | undefined => (a.deployment.id === 'a' ? 'service_unavailable' : undefined);
    const defaults = harness({ entries, router: { default_fallbacks: ['x'], num_retries: 0 }, fail: failA });
    assert.equal((await defaults.run()).id, 'b');
    const client = harness({ entries, router: { default_fallbacks: ['x'], num_retries: 0 }, fail: failA });
    assert.equal((await client.run({ clientFallbacks: ['y'] })).id, 'c');
    const capped = harness({ entries, router: { fallbacks: [{ g: ['x', 'y'] }], max_fallbacks: 1, num_retries: 0 }, fail: (a) => (a.deployment.id === 'c' ? undefined : 'internal') });
    await assert.rejects(capped.run());
    assert.ok(!capped.calls.includes('c'));
  });

  it('does not fall back on the caller\'s own errors', async () => {
    const h = harness({ entries: [{ name: 'g', id: 'a' }, { name: 'x', id: 'b' }], router: { fallbacks: [{ g: ['x'] }] }, fail: () => 'bad_request' });
    await assert.rejects(h.run(), /bad_request/);
    assert.deepEqual(h.calls, ['a']);
  });

  it('mock_testing_* flags fail the caller\'s group on purpose, without cooling it', async () => {
    const entries: Entry[] = [{ name: 'g', id: 'a' }, { name: 'x', id: 'b' }, { name: 'big', id: 'c' }];
    const h = harness({ entries, router: { fallbacks: [{ g: ['x'] }], context_window_fallbacks: [{ g: ['big'] }] } });
    const viaFallbacks = await h.run({ mockTesting: { fallbacks: true } });
    assert.equal(viaFallbacks.id, 'b');
    assert.equal(viaFallbacks.fallbacks, 1);
    assert.equal((await h.run({ mockTesting: { contextWindowFallbacks: true } })).id, 'c');
    await assert.rejects(harness({ entries: [{ name: 'g', id: 'a' }] }).run({ mockTesting: { rateLimitError: true } }), (e: unknown) => e instanceof GatewayError && e.status === 429);
    assert.equal(h.router.cooldowns.coolingUntil('a'), 0);
  });
});

describe('strategies', () => {
  it('least-busy picks the deployment with the fewest requests in flight', async () => {
    const h = harness({ entries: twoInGroup, router: { routing_strategy: 'least-busy' } });
    let release: () => void = () => undefined;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const first = h.router.route({ model: 'g', signal: new AbortController().signal, attempt: async (a) => { await blocker; return a.deployment.id; } });
    const second = await h.router.route({ model: 'g', signal: new AbortController().signal, attempt: async (a) => a.deployment.id });
    release();
    assert.equal((await first).value, 'a');
    assert.equal(second.value, 'b');
  });

  it('latency-based routing prefers the fastest recent deployment', async () => {
    const h = harness({ entries: twoInGroup, router: { routing_strategy: 'latency-based-routing' } });
    // a takes 500 ms, b 100 ms (simulated clock); then b is preferred.
    for (const [id, ms] of [['a', 500], ['b', 100]] as const) {
      await h.router.route({ model: 'g', signal: new AbortController().signal, attempt: async (a) => { if (a.deployment.id !== id) throw new GatewayError('internal', 'skip'); h.clock.now += ms; return id; } }).catch(() => undefined);
    }
    const picks = new Set<string>();
    for (let i = 0; i < 5; i++) picks.add((await h.run()).id);
    assert.deepEqual([...picks], ['b']);
  });

  it('usage-based-routing-v2 never sends more than a deployment\'s rpm in a minute', async () => {
    const h = harness({ entries: [{ name: 'g', id: 'a', params: { rpm: 2 } }, { name: 'g', id: 'b', params: { rpm: 1 } }], router: { routing_strategy: 'usage-based-routing-v2' } });
    const ids = [await h.run(), await h.run(), await h.run()].map((r) => r.id).sort();
    assert.deepEqual(ids, ['a', 'a', 'b']);
    await assert.rejects(h.run(), /No deployments available/);
    h.clock.now += 60_000;
    assert.ok(['a', 'b'].includes((await h.run()).id), 'a new minute opens them again');
  });

  it('cost-based-routing picks the cheapest priced deployment', async () => {
    const h = harness({
      entries: [
        { name: 'g', id: 'a', params: { input_cost_per_token: 5e-6, output_cost_per_token: 1e-5 } },
        { name: 'g', id: 'b', params: { input_cost_per_token: 1e-7, output_cost_per_token: 2e-7 } },
        { name: 'g', id: 'c' },
      ],
      router: { routing_strategy: 'cost-based-routing' },
    });
    assert.equal((await h.run()).id, 'b');
  });

  it('an unknown routing_strategy is refused at start-up', () => {
    assert.throws(() => harness({ entries: twoInGroup, router: { routing_strategy: 'fastest-please' } }), /routing_strategy "fastest-please"/);
  });
});

describe('Router: enable_pre_call_checks', () => {
  const windows: Entry[] = [
    { name: 'g', id: 'small', params: { max_input_tokens: 100 } },
    { name: 'g', id: 'large', params: { max_input_tokens: 10_000 } },
    { name: 'big', id: 'huge', params: { max_input_tokens: 1_000_000 } },
  ];

  it('skips deployments whose context window is smaller than the prompt', async () => {
    const h = harness({ entries: windows, router: { enable_pre_call_checks: true }, random: () => 0 });
    const picks = new Set<string>();
    for (let i = 0; i < 5; i++) picks.add((await h.run({ tokens: 500 })).id);
    assert.deepEqual([...picks], ['large']);
    assert.equal((await h.run({ tokens: 50 })).id, 'small', 'a small prompt may still go to the small one');
  });

  it('without the setting, the context window is not checked', async () => {
    const h = harness({ entries: windows, random: () => 0 });
    assert.equal((await h.run({ tokens: 500 })).id, 'small');
  });

  it('no window big enough → a context-window error, which context_window_fallbacks catch', async () => {
    const plain = harness({ entries: windows, router: { enable_pre_call_checks: true } });
    await assert.rejects(plain.run({ tokens: 50_000 }), (error: unknown) => error instanceof GatewayError && error.kind === 'context_window_exceeded' && /Context Window exceeded/.test(error.message));
    assert.deepEqual(plain.calls, [], 'no upstream call is made');
    const h = harness({ entries: windows, router: { enable_pre_call_checks: true, context_window_fallbacks: [{ g: ['big'] }] } });
    const result = await h.run({ tokens: 50_000 });
    assert.deepEqual([result.id, result.fallbacks], ['huge', 1]);
  });

  it('skips deployments at their rpm this minute; when all are, a 429 that generic fallbacks catch', async () => {
    const entries: Entry[] = [
      { name: 'g', id: 'a', params: { rpm: 1 } },
      { name: 'g', id: 'b', params: { rpm: 1 } },
      { name: 'other', id: 'c' },
    ];
    const h = harness({ entries, router: { enable_pre_call_checks: true, fallbacks: [{ g: ['other'] }] } });
    const first = [(await h.run()).id, (await h.run()).id].sort();
    assert.deepEqual(first, ['a', 'b']);
    assert.deepEqual(h.calls.length, 2);
    const third = await h.run();
    assert.deepEqual([third.id, third.fallbacks], ['c', 1]);
    const bare = harness({ entries: entries.slice(0, 1), router: { enable_pre_call_checks: true } });
    await bare.run();
    await assert.rejects(bare.run(), (error: unknown) => error instanceof GatewayError && error.kind === 'rate_limit' && error.status === 429);
  });

  it('tpm counts the tokens answers report', async () => {
    // Every answer in the harness reports 100 tokens: after one, 100 + 60 would pass tpm 150.
    const h = harness({ entries: [{ name: 'g', id: 'a', params: { tpm: 150 } }], router: { enable_pre_call_checks: true } });
    await h.run({ tokens: 60 });
    assert.equal((await h.run({ tokens: 40 })).id, 'a', '100 + 40 fits');
    await assert.rejects(h.run({ tokens: 1 }), /rpm\/tpm limit/);
    h.clock.now += 60_000;
    assert.equal((await h.run({ tokens: 60 })).id, 'a');
  });
});
