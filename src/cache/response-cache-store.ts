/**
 * Where cached answers live. Values are LiteLLM's cache entries, `{"timestamp", "response"}`,
 * so a LiteLLM proxy and Switchyard sharing a Redis read each other's entries. Every method
 * fails soft: a store that cannot answer reports a miss (`undefined`) or skips the write, and
 * never makes a request wait or fail.
 */
export interface ResponseCacheStore {
  /** `local` or `redis` (for /cache/ping and logs). */
  readonly type: string;
  /** The entries of `keys`, in order; undefined for a miss (or a store that is down). */
  getMany(keys: readonly string[]): Promise<(CacheEntry | undefined)[]>;
  /** Writes entries; `ttlS` undefined keeps them until evicted (or forever in Redis). */
  setMany(entries: readonly { key: string; entry: CacheEntry }[], ttlS: number | undefined): Promise<void>;
  /** Deletes the keys; resolves to how many existed. Rejects when the store is unreachable. */
  delete(keys: readonly string[]): Promise<number>;
  /** Deletes this gateway's entries (only its namespace, never a whole shared Redis). Rejects when unreachable. */
  flush(): Promise<number>;
  /** Round trip to the store; rejects with the reason when unreachable. */
  ping(): Promise<void>;
  /** Server facts for GET /cache/redis/info; undefined for stores without a server. */
  info?(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** One cached answer: epoch seconds when written, and the answer (an object, or its JSON text). */
export interface CacheEntry {
  readonly timestamp: number;
  readonly response: unknown;
}
