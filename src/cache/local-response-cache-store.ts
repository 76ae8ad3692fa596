import type { CacheEntry, ResponseCacheStore } from './response-cache-store.ts';

interface Slot {
  entry: CacheEntry;
  /** Epoch ms after which the entry is gone; Infinity for none. */
  expiresAt: number;
}

/**
 * The in-process store: an LRU of at most `maxItems` entries (a Map kept in use order), each
 * with its own TTL, checked when read. Never fails.
 */
export class LocalResponseCacheStore implements ResponseCacheStore {
  readonly type = 'local';
  readonly #slots = new Map<string, Slot>();
  readonly #maxItems: number;
  readonly #defaultTtlS: number | undefined;
  readonly #now: () => number;

  constructor(options: { maxItems: number; defaultTtlS?: number | undefined; now?: () => number }) {
    this.#maxItems = Math.max(1, Math.floor(options.maxItems));
    this.#defaultTtlS = options.defaultTtlS;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#slots.size;
  }

  async getMany(keys: readonly string[]): Promise<(CacheEntry | undefined)[]> {
    return keys.map((key) => this.get(key));
  }

  /** One entry, refreshed as most recently used; undefined when absent or expired. */
  get(key: string): CacheEntry | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#slots.delete(key);
    if (slot.expiresAt <= this.#now()) return undefined;
    this.#slots.set(key, slot);
    return slot.entry;
  }

  async setMany(entries: readonly { key: string; entry: CacheEntry }[], ttlS: number | undefined): Promise<void> {
    const ttl = ttlS ?? this.#defaultTtlS;
    const expiresAt = ttl === undefined ? Infinity : this.#now() + ttl * 1000;
    for (const { key, entry } of entries) {
      this.#slots.delete(key);
      this.#slots.set(key, { entry, expiresAt });
    }
    while (this.#slots.size > this.#maxItems) {
      const oldest = this.#slots.keys().next().value;
      if (oldest === undefined) break;
      this.#slots.delete(oldest);
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const key of keys) if (this.#slots.delete(key)) deleted++;
    return deleted;
  }

  async flush(): Promise<number> {
    const count = this.#slots.size;
    this.#slots.clear();
    return count;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#slots.clear();
  }
}
