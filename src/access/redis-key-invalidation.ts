import { closeRedisClient, connectRedisClient, withTimeout, type SharedRedisClient } from '../config/redis-client.ts';
import type { RedisOptions } from '../config/redis-options.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import { SharedStateHealth } from '../telemetry/shared-state-health.ts';


/**
 * Tells every replica when a virtual key changes (blocked, updated, regenerated, deleted), so
 * their key caches drop it at once instead of after the cache TTL. Messages carry the key's
 * hash only. If Redis is down, replicas fall back to the TTL (safe mode, logged once).
 */
export class RedisKeyInvalidation {
  #publisher!: SharedRedisClient;
  #subscriber!: SharedRedisClient;
  readonly #channel: string;
  readonly #health: SharedStateHealth;
  readonly #listeners = new Set<(hash: string) => void>();

  private constructor(options: { namespace: string; health: SharedStateHealth }) {
    this.#channel = `${options.namespace}:key-changes`;
    this.#health = options.health;
  }

  static async connect(options: RedisOptions & { log: ProviderLogger }): Promise<RedisKeyInvalidation> {
    const health = new SharedStateHealth({ component: 'key_changes', store: 'redis', log: options.log });
    const bus = new RedisKeyInvalidation({ namespace: options.namespace, health });
    [bus.#publisher, bus.#subscriber] = await Promise.all([
      connectRedisClient(options, health),
      connectRedisClient(options, health, (subscriber) => subscriber.subscribe(bus.#channel, (hash) => bus.#deliver(hash))),
    ]);
    return bus;
  }

  /** Announces that the key with this hash changed; resolves once Redis has it. Never rejects. */
  async publish(hash: string): Promise<void> {
    await withTimeout(this.#publisher.publish(this.#channel, hash)).then(
      () => this.#health.reachable(),
      (error: unknown) => this.#health.fellBack(error),
    );
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
