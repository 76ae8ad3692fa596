import type { KeyRecord } from '../storage/key-repository.ts';

/** Where key records come from on a cache miss (the key repository). */
export interface KeyLookup {
  getByHash(hash: string): Promise<KeyRecord | undefined>;
}

/**
 * Virtual keys by hash, cached in memory so a request whose key is cached makes no database
 * round trip (LiteLLM's `user_api_key_cache_ttl`, default 60 s). Changes made through this
 * replica's management API update the cache at once; other replicas see them within the TTL.
 * Concurrent misses for one key share a single lookup. Bounded: the oldest entries go first.
 */
export class KeyCache {
  readonly #entries = new Map<string, { record: KeyRecord; until: number }>();
  readonly #pending = new Map<string, Promise<KeyRecord | undefined>>();
  readonly #lookup: KeyLookup;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { lookup: KeyLookup; ttlSeconds?: number; maxEntries?: number; now?: () => number }) {
    this.#lookup = options.lookup;
    this.#ttlMs = (options.ttlSeconds ?? 60) * 1000;
    this.#max = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** The cached record, if fresh (no I/O). */
  peek(hash: string): KeyRecord | undefined {
    const entry = this.#entries.get(hash);
    if (entry === undefined) return undefined;
    if (entry.until > this.#now()) return entry.record;
    this.#entries.delete(hash);
    return undefined;
  }

  async get(hash: string): Promise<KeyRecord | undefined> {
    const cached = this.peek(hash);
    if (cached !== undefined) return cached;
    let pending = this.#pending.get(hash);
    if (pending === undefined) {
      pending = this.#lookup.getByHash(hash).then((record) => {
        if (record !== undefined) this.set(record);
        return record;
      });
      pending.finally(() => this.#pending.delete(hash)).catch(() => undefined);
      this.#pending.set(hash, pending);
    }
    return pending;
  }

  set(record: KeyRecord): void {
    this.#entries.delete(record.token);
    this.#entries.set(record.token, { record, until: this.#now() + this.#ttlMs });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  invalidate(hash: string): void {
    this.#entries.delete(hash);
  }
}
