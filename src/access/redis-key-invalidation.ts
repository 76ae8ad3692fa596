import { closeRedisClient, createRedisClient, firstConnectAttempt, type RedisClient } from '../config/redis-client.ts';
import type { ProviderLogger } from '../spec/provider.ts';


/**
 * Tells every replica when a virtual key changes (blocked, updated, regenerated, deleted), so
 * their key caches drop it at once instead of after the cache TTL. Messages carry the key's
 * hash only. If Redis is down, replicas fall back to the TTL (logged).
 */
export class RedisKeyInvalidation {
  readonly #publisher: RedisClient;
  readonly #subscriber: RedisClient;
  readonly #channel: string;
  readonly #log: ProviderLogger;
  readonly #listeners = new Set<(hash: string) => void>();

  private constructor(options: { url: string; namespace: string; log: ProviderLogger }) {
    this.#publisher = createRedisClient(options.url);
    this.#subscriber = createRedisClient(options.url);
    this.#channel = `${options.namespace}:key-changes`;
    this.#log = options.log;
  }

  static async connect(options: { url: string; namespace: string; log: ProviderLogger }): Promise<RedisKeyInvalidation> {
    const bus = new RedisKeyInvalidation(options);
    for (const client of [bus.#publisher, bus.#subscriber]) {
      client.on('error', (error: unknown) => options.log.warn({ err: String(error) }, 'redis (key changes) unavailable; other replicas see key changes after the cache TTL'));
    }
    await Promise.all([
      firstConnectAttempt(bus.#publisher, bus.#publisher.connect()),
      firstConnectAttempt(bus.#subscriber, bus.#subscriber.connect().then(() => bus.#subscriber.subscribe(bus.#channel, (hash) => bus.#deliver(hash)))),
    ]);
    return bus;
  }

  /** Announces that the key with this hash changed. Never throws. */
  publish(hash: string): void {
    this.#publisher.publish(this.#channel, hash).catch((error: unknown) => this.#log.warn({ err: String(error) }, 'could not announce a key change; other replicas see it after the cache TTL'));
  }

  /** Calls `listener` with the hash of every key changed on any replica (this one included). */
  subscribe(listener: (hash: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#subscriber, this.#publisher].map(closeRedisClient));
  }

  #deliver(hash: string): void {
    for (const listener of this.#listeners) listener(hash);
  }
}
