import { LuaScript } from '../config/lua-script.ts';
import { closeRedisClient, connectRedisClient, hashTagged, type SharedRedisClient } from '../config/redis-client.ts';
import type { RedisOptions } from '../config/redis-options.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import { SharedStateHealth } from '../telemetry/shared-state-health.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import { secondsToNextMinute, tightestState, type Admission, type LimitScope, type RateLimiter } from './rate-limiter.ts';

/**
 * Checks every scope, then counts the request in all of them — atomically, so replicas racing
 * for the last slot cannot both get it. KEYS per scope: requests, tokens, parallel counter.
 * ARGV: window TTL ms, parallel-slot TTL ms, then per scope rpm, tpm, maxParallel (-1 = none).
 * Returns {0, i, kind, requests_1, tokens_1, …} when scope i refuses, else {1, requests_1, tokens_1, …}.
 */
const ADMIT = new LuaScript(`
local n = #KEYS / 3
local usage = {}
for i = 1, n do
  local requests = tonumber(redis.call('GET', KEYS[3*i-2]) or '0')
  local tokens = tonumber(redis.call('GET', KEYS[3*i-1]) or '0')
  local parallel = tonumber(redis.call('GET', KEYS[3*i]) or '0')
  usage[2*i-1] = requests
  usage[2*i] = tokens
  local rpm = tonumber(ARGV[3*i])
  local tpm = tonumber(ARGV[3*i+1])
  local par = tonumber(ARGV[3*i+2])
  local kind = nil
  if rpm >= 0 and requests + 1 > rpm then kind = 'rpm'
  elseif tpm >= 0 and tokens >= tpm then kind = 'tpm'
  elseif par >= 0 and parallel + 1 > par then kind = 'parallel' end
  if kind then
    local out = {0, i, kind}
    for j = 1, #usage do out[#out+1] = usage[j] end
    for j = i+1, n do
      out[#out+1] = tonumber(redis.call('GET', KEYS[3*j-2]) or '0')
      out[#out+1] = tonumber(redis.call('GET', KEYS[3*j-1]) or '0')
    end
    return out
  end
end
for i = 1, n do
  usage[2*i-1] = redis.call('INCR', KEYS[3*i-2])
  redis.call('PEXPIRE', KEYS[3*i-2], ARGV[1])
  if tonumber(ARGV[3*i+2]) >= 0 then
    redis.call('INCR', KEYS[3*i])
    redis.call('PEXPIRE', KEYS[3*i], ARGV[2])
  end
end
local out = {1}
for j = 1, #usage do out[#out+1] = usage[j] end
return out`);

/** Frees a parallel slot, never below zero. */
const RELEASE = new LuaScript(`
for i = 1, #KEYS do
  local v = tonumber(redis.call('GET', KEYS[i]) or '0')
  if v > 1 then redis.call('DECR', KEYS[i]) elseif v == 1 then redis.call('DEL', KEYS[i]) end
end
return 1`);

const ADD_TOKENS = new LuaScript(`
for i = 1, #KEYS do
  redis.call('INCRBY', KEYS[i], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 1`);

/** A parallel slot whose process died is freed after this long. */
const PARALLEL_SLOT_TTL_MS = 10 * 60_000;


/**
 * Rate limits shared by every replica through Redis / Valkey, exact under concurrency (one Lua
 * script per admission; all keys share one Cluster hash slot). If Redis is unreachable,
 * requests are admitted against this process's own counters (the documented safe mode: limits
 * hold per process), logged once when it starts and once when it ends — no request fails
 * because Redis is down.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #client: SharedRedisClient;
  readonly #prefix: string;
  readonly #fallback: RateLimiter;
  readonly #health: SharedStateHealth;
  readonly #now: () => number;

  private constructor(options: { client: SharedRedisClient; namespace: string; health: SharedStateHealth; now: () => number; fallback: RateLimiter | undefined }) {
    this.#client = options.client;
    this.#prefix = hashTagged(options.namespace, 'limit');
    this.#health = options.health;
    this.#now = options.now;
    this.#fallback = options.fallback ?? new MemoryRateLimiter({ now: options.now });
  }

  /**
   * Connects without waiting for Redis to be up: until it is, limits are checked by `fallback`
   * (default: this process's memory; a `--num_workers` worker passes the primary's limiter).
   */
  static async connect(options: RedisOptions & { log: ProviderLogger; now?: () => number; fallback?: { limiter: RateLimiter; scope: string } }): Promise<RedisRateLimiter> {
    const health = new SharedStateHealth({ component: 'rate_limits', store: 'redis', log: options.log, scope: options.fallback?.scope, ...(options.now ? { now: options.now } : {}) });
    const client = await connectRedisClient(options, health);
    return new RedisRateLimiter({ client, namespace: options.namespace, health, now: options.now ?? Date.now, fallback: options.fallback?.limiter });
  }

  async admit(scopes: readonly LimitScope[]): Promise<Admission> {
    if (scopes.length === 0) return this.#fallback.admit(scopes);
    const now = this.#now();
    const minute = Math.floor(now / 60_000);
    const keys = scopes.flatMap((s) => [`${this.#prefix}${s.id}:r:${minute}`, `${this.#prefix}${s.id}:t:${minute}`, `${this.#prefix}${s.id}:p`]);
    const limits = scopes.flatMap((s) => [s.rpm ?? -1, s.tpm ?? -1, s.maxParallel ?? -1].map(String));
    const reply = await this.#health.ask(() => ADMIT.run(this.#client, { keys, arguments: [String(120_000), String(PARALLEL_SLOT_TTL_MS), ...limits] }));
    if (reply === undefined) return this.#fallback.admit(scopes);
    const values = (reply as unknown[]).map((v) => (typeof v === 'string' ? v : Number(v)));
    if (values[0] === 0) {
      const index = Number(values[1]) - 1;
      const scope = scopes[index];
      const kind = values[2] as 'rpm' | 'tpm' | 'parallel';
      const usage = scopes.map((s, i) => ({ scope: s, requests: Number(values[3 + 2 * i] ?? 0), tokens: Number(values[4 + 2 * i] ?? 0) }));
      const limit = kind === 'rpm' ? scope?.rpm : kind === 'tpm' ? scope?.tpm : scope?.maxParallel;
      return { allowed: false, kind, scopeId: scope?.id ?? '', limit: limit ?? 0, retryAfterS: kind === 'parallel' ? 1 : secondsToNextMinute(now), state: tightestState(usage) };
    }
    const usage = scopes.map((s, i) => ({ scope: s, requests: Number(values[1 + 2 * i] ?? 0), tokens: Number(values[2 + 2 * i] ?? 0) }));
    const parallelKeys = scopes.flatMap((s, i) => (s.maxParallel === undefined ? [] : [keys[3 * i + 2] ?? '']));
    let released = false;
    return {
      allowed: true,
      state: tightestState(usage),
      release: async () => {
        if (released || parallelKeys.length === 0) return;
        released = true;
        // If Redis is down, the slot expires on its own (PARALLEL_SLOT_TTL_MS).
        await RELEASE.run(this.#client, { keys: parallelKeys, arguments: [] }).catch((error: unknown) => this.#health.unreachable(error));
      },
      recordTokens: async (tokens: number) => {
        if (tokens <= 0) return;
        // Tokens count in the minute the call finished, as LiteLLM counts them.
        const at = Math.floor(this.#now() / 60_000);
        const tokenKeys = scopes.map((s) => `${this.#prefix}${s.id}:t:${at}`);
        await ADD_TOKENS.run(this.#client, { keys: tokenKeys, arguments: [String(Math.round(tokens)), String(120_000)] }).catch((error: unknown) => this.#health.unreachable(error));
      },
    };
  }

  async close(): Promise<void> {
    await closeRedisClient(this.#client);
  }
}
