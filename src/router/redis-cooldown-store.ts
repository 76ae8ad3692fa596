import { closeRedisClient, createRedisClient, firstConnectAttempt, type RedisClient } from '../config/redis-client.ts';
import type { CooldownStore } from './cooldown-store.ts';
import type { ProviderLogger } from '../spec/provider.ts';

/** Sets the cooldown only if it ends later than the one stored, and tells every replica. */
const EXTEND_COOLDOWN = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = tonumber(ARGV[1])
if untilMs > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' ' .. ARGV[1])
  return 1
end
return 0`;

const COUNT_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

type Client = RedisClient;

/**
 * Cooldowns shared by every replica through Redis / Valkey. Reads never leave the process:
 * each replica keeps the cooldowns in memory, filled at start (and after a reconnect) from
 * the keys and kept current by pub/sub, so a cooldown started on one replica is honoured by
 * all at once without a round trip per request. Writes are an atomic "extend, never shorten"
 * script. If Redis is down, cooldowns still work in this process (logged) and requests flow.
 */
export class RedisCooldownStore implements CooldownStore {
  readonly #local = new Map<string, number>();
  readonly #localFailures = new Map<string, { count: number; expires: number }>();
  readonly #client: Client;
  readonly #subscriber: Client;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #log: ProviderLogger;
  readonly #waiters = new Map<string, (() => void)[]>();

  private constructor(options: { client: Client; subscriber: Client; namespace: string; log: ProviderLogger }) {
    this.#client = options.client;
    this.#subscriber = options.subscriber;
    this.#prefix = `${options.namespace}:cooldown:`;
    this.#channel = `${options.namespace}:cooldowns`;
    this.#log = options.log;
  }

  /** Connects (without waiting for Redis to be up: until it is, cooldowns are local). */
  static async connect(options: { url: string; namespace: string; log: ProviderLogger }): Promise<RedisCooldownStore> {
    const client = createRedisClient(options.url);
    const subscriber = createRedisClient(options.url);
    const store = new RedisCooldownStore({ client, subscriber, namespace: options.namespace, log: options.log });
    for (const c of [client, subscriber]) c.on('error', (error: unknown) => options.log.warn({ err: String(error) }, 'redis (cooldowns) unavailable; cooldowns are local to this process until it returns'));
    client.on('ready', () => void store.#loadExisting());
    subscriber.on('ready', () => void store.#loadExisting());
    // Wait for the first connection or the first error, whichever comes first: the client
    // keeps reconnecting in the background, and 'ready' reloads what was missed meanwhile.
    await Promise.all([
      firstConnectAttempt(client, client.connect()),
      firstConnectAttempt(subscriber, subscriber.connect().then(() => subscriber.subscribe(store.#channel, (message) => store.#onMessage(message)))),
    ]);
    await store.#loadExisting();
    return store;
  }

  coolingUntil(deploymentId: string): number {
    const until = this.#local.get(deploymentId);
    if (until === undefined) return 0;
    if (until > Date.now()) return until;
    this.#local.delete(deploymentId);
    return 0;
  }

  async startCooldown(options: { deploymentId: string; seconds: number }): Promise<void> {
    const ms = Math.ceil(options.seconds * 1000);
    const until = Date.now() + ms;
    this.#setLocal(options.deploymentId, until);
    try {
      await this.#client.eval(EXTEND_COOLDOWN, {
        keys: [this.#prefix + options.deploymentId],
        arguments: [String(until), String(ms), this.#channel, options.deploymentId],
      });
    } catch (error) {
      this.#log.warn({ err: String(error), deployment: options.deploymentId }, 'could not share a cooldown through redis; it applies to this process only');
    }
  }

  async countFailure(options: { deploymentId: string; windowSeconds: number }): Promise<number> {
    try {
      const count = await this.#client.eval(COUNT_FAILURE, {
        keys: [`${this.#prefix}failures:${options.deploymentId}`],
        arguments: [String(Math.ceil(options.windowSeconds * 1000))],
      });
      return Number(count);
    } catch {
      const now = Date.now();
      const entry = this.#localFailures.get(options.deploymentId);
      if (entry === undefined || entry.expires <= now) {
        this.#localFailures.set(options.deploymentId, { count: 1, expires: now + options.windowSeconds * 1000 });
        return 1;
      }
      return ++entry.count;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#subscriber, this.#client].map(closeRedisClient));
  }

  /** Resolves once `deploymentId` is cooling in this process (for tests and diagnostics). */
  whenCooling(deploymentId: string): Promise<void> {
    if (this.coolingUntil(deploymentId) > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.set(deploymentId, [...(this.#waiters.get(deploymentId) ?? []), resolve]));
  }

  #setLocal(id: string, until: number): void {
    if (until <= (this.#local.get(id) ?? 0)) return;
    this.#local.set(id, until);
    const waiters = this.#waiters.get(id);
    this.#waiters.delete(id);
    for (const resolve of waiters ?? []) resolve();
  }

  #onMessage(message: string): void {
    const space = message.lastIndexOf(' ');
    const until = Number(message.slice(space + 1));
    if (space > 0 && Number.isFinite(until)) this.#setLocal(message.slice(0, space), until);
  }

  /** Picks up cooldowns started while this replica was away. */
  async #loadExisting(): Promise<void> {
    if (!this.#client.isReady) return;
    try {
      for await (const keys of this.#client.scanIterator({ MATCH: `${this.#prefix}*`, COUNT: 500 })) {
        const ids = keys.filter((k) => !k.startsWith(`${this.#prefix}failures:`));
        if (ids.length === 0) continue;
        const values = await this.#client.mGet(ids);
        ids.forEach((key, i) => {
          const until = Number(values[i]);
          if (Number.isFinite(until)) this.#setLocal(key.slice(this.#prefix.length), until);
        });
      }
    } catch (error) {
      this.#log.warn({ err: String(error) }, 'could not load cooldowns from redis');
    }
  }
}
