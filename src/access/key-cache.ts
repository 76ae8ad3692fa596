import type { KeyRecord } from '../storage/key-repository.ts';
import { PrincipalCache } from './principal-cache.ts';

/** Where key records come from on a cache miss (the key repository). */
export interface KeyLookup {
  getByHash(hash: string): Promise<KeyRecord | undefined>;
}

/**
 * Virtual keys by hash (LiteLLM's `user_api_key_cache_ttl`, default 60 s): a request whose key
 * is cached makes no database round trip. Changes made through this replica's management API
 * update the cache at once (and, with Redis, every replica's). Unknown keys are not remembered,
 * so a key created elsewhere works at once.
 */
export class KeyCache {
  readonly #cache: PrincipalCache<KeyRecord>;

  constructor(options: { lookup: KeyLookup; ttlSeconds?: number; maxEntries?: number; now?: () => number }) {
    this.#cache = new PrincipalCache<KeyRecord>({
      lookup: (hash) => options.lookup.getByHash(hash),
      cacheMisses: false,
      ...(options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds }),
      ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /** The cached record, if fresh (no I/O). */
  peek(hash: string): KeyRecord | undefined {
    return this.#cache.peek(hash);
  }

  get(hash: string): Promise<KeyRecord | undefined> {
    return this.#cache.get(hash);
  }

  set(record: KeyRecord): void {
    this.#cache.set(record.token, record);
  }

  invalidate(hash: string): void {
    this.#cache.delete(hash);
  }
}
