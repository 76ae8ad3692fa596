import { LuaScript } from '../config/lua-script.ts';
import { closeRedisClient, connectRedisClient, hashTagged, onRedisReady, withTimeout, type SharedRedisClient } from '../config/redis-client.ts';
import type { RedisOptions } from '../config/redis-options.ts';
import { CooldownMirror } from './cooldown-mirror.ts';
import { MemoryCooldownStore, type CooldownStore } from './cooldown-store.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import { SharedStateHealth } from '../telemetry/shared-state-health.ts';

/**
 * KEYS[1]: the hash of cooldowns (deployment id → epoch ms it ends). Sets a deployment's
 * cooldown only if it ends later than the one stored, drops ended ones, keeps the hash until
 * its last cooldown ends, and tells every replica.
 * ARGV: until ms, now ms, channel, deployment id.
 */
const EXTEND_COOLDOWN = new LuaScript(`
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[4]) or '0')
local untilMs = tonumber(ARGV[1])
if untilMs <= current then return 0 end
redis.call('HSET', KEYS[1], ARGV[4], ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
local last = untilMs
for i = 1, #all, 2 do
  local ends = tonumber(all[i+1])
  if ends <= tonumber(ARGV[2]) then redis.call('HDEL', KEYS[1], all[i]) elseif ends > last then last = ends end
end
redis.call('PEXPIREAT', KEYS[1], last)
redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' ' .. ARGV[1])
return 1`);

const COUNT_FAILURE = new LuaScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`);

/**
 * Cooldowns shared by every replica through Redis / Valkey. Reads never leave the process:
 * each replica keeps the cooldowns in memory, filled at start (and after a reconnect) from
 * one hash and kept current by pub/sub, so a cooldown started on one replica is honoured by
 * all at once without a round trip per request. Writes are an atomic "extend, never shorten"
 * script (one key: works in Cluster mode). If Redis is down, cooldowns still work in this
 * process (safe mode, logged once) and requests flow.
 */
export class RedisCooldownStore implements CooldownStore {
  readonly #local = new CooldownMirror();
  /** Failure counts while Redis is down. */
  readonly #fallback = new MemoryCooldownStore();
  #client!: SharedRedisClient;
  #subscriber!: SharedRedisClient;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #health: SharedStateHealth;

  private constructor(options: { namespace: string; health: SharedStateHealth }) {
    this.#prefix = hashTagged(options.namespace, 'cooldown');
    this.#channel = `${options.namespace}:cooldowns`;
    this.#health = options.health;
  }

  /** Connects (without waiting for Redis to be up: until it is, cooldowns are local). */
  static async connect(options: RedisOptions & { log: ProviderLogger }): Promise<RedisCooldownStore> {
    const health = new SharedStateHealth({ component: 'cooldowns', store: 'redis', log: options.log });
    const store = new RedisCooldownStore({ namespace: options.namespace, health });
    [store.#client, store.#subscriber] = await Promise.all([
      connectRedisClient(options, health),
      connectRedisClient(options, health, (subscriber) => subscriber.subscribe(store.#channel, (message) => store.#onMessage(message))),
    ]);
    // After a reconnect, load what was missed meanwhile.
    for (const client of [store.#client, store.#subscriber]) onRedisReady(client, () => void store.#loadExisting());
    await store.#loadExisting();
    return store;
  }

  coolingUntil(deploymentId: string): number {
    return this.#local.coolingUntil(deploymentId);
  }

  async startCooldown(options: { deploymentId: string; seconds: number }): Promise<void> {
    const until = Date.now() + Math.ceil(options.seconds * 1000);
    this.#local.extend(options.deploymentId, until);
    try {
      await EXTEND_COOLDOWN.run(this.#client, {
        keys: [this.#hashKey()],
        arguments: [String(until), String(Date.now()), this.#channel, options.deploymentId],
      });
      this.#health.reachable();
    } catch (error) {
      this.#health.fellBack(error);
    }
  }

  async countFailure(options: { deploymentId: string; windowSeconds: number }): Promise<number> {
    try {
      const count = await COUNT_FAILURE.run(this.#client, {
        keys: [`${this.#prefix}failures:${options.deploymentId}`],
        arguments: [String(Math.ceil(options.windowSeconds * 1000))],
      });
      this.#health.reachable();
      return Number(count);
    } catch (error) {
      this.#health.fellBack(error);
      return this.#fallback.countFailure(options);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#subscriber, this.#client].map(closeRedisClient));
  }

  /** Resolves once `deploymentId` is cooling in this process (for tests and diagnostics). */
  whenCooling(deploymentId: string): Promise<void> {
    return this.#local.whenCooling(deploymentId);
  }

  #onMessage(message: string): void {
    const space = message.lastIndexOf(' ');
    const until = Number(message.slice(space + 1));
    if (space > 0) this.#local.extend(message.slice(0, space), until);
  }

  #hashKey(): string {
    return `${this.#prefix}until`;
  }

  /** Picks up cooldowns started while this replica was away. */
  async #loadExisting(): Promise<void> {
    if (!this.#client.isReady) return;
    try {
      const now = Date.now();
      for (const [id, value] of Object.entries(await withTimeout(this.#client.hGetAll(this.#hashKey())))) {
        const until = Number(value);
        if (until > now) this.#local.extend(id, until);
      }
    } catch (error) {
      this.#health.unreachable(error);
    }
  }
}
