/**
 * Records by id (keys by hash, users, teams, end users, budgets), cached in memory with a TTL,
 * so a request whose records are cached costs no database round trip. Concurrent misses for
 * one id share a single lookup. Bounded: the least recently stored entry goes first.
 */
export class PrincipalCache<T> {
  readonly #entries = new Map<string, { record: T | undefined; until: number }>();
  readonly #pending = new Map<string, Promise<T | undefined>>();
  readonly #lookup: (id: string) => Promise<T | undefined>;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #cacheMisses: boolean;
  readonly #now: () => number;

  /**
   * `cacheMisses`: remember "not found" for the TTL too (default). Keys turn it off, so a key
   * created through another replica works at once.
   */
  constructor(options: { lookup: (id: string) => Promise<T | undefined>; ttlSeconds?: number; maxEntries?: number; cacheMisses?: boolean; now?: () => number }) {
    this.#lookup = options.lookup;
    this.#ttlMs = (options.ttlSeconds ?? 60) * 1000;
    this.#max = options.maxEntries ?? 10_000;
    this.#cacheMisses = options.cacheMisses ?? true;
    this.#now = options.now ?? Date.now;
  }

  async get(id: string): Promise<T | undefined> {
    const entry = this.#fresh(id);
    if (entry !== undefined) return entry.record;
    let pending = this.#pending.get(id);
    if (pending === undefined) {
      pending = this.#lookup(id).then((record) => {
        if (record !== undefined || this.#cacheMisses) this.set(id, record);
        return record;
      });
      pending.finally(() => this.#pending.delete(id)).catch(() => undefined);
      this.#pending.set(id, pending);
    }
    return pending;
  }

  /** The cached record, if fresh (no I/O). */
  peek(id: string): T | undefined {
    return this.#fresh(id)?.record;
  }

  set(id: string, record: T | undefined): void {
    this.#entries.delete(id);
    this.#entries.set(id, { record, until: this.#now() + this.#ttlMs });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(id: string): void {
    this.#entries.delete(id);
  }

  #fresh(id: string): { record: T | undefined } | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.until > this.#now()) return entry;
    this.#entries.delete(id);
    return undefined;
  }
}
