/**
 * Users or teams by id, cached in memory like keys (same TTL), so a request's budget and
 * limit checks cost no database round trip when its owners are cached. Concurrent misses for
 * one id share a single lookup; a missing row is cached as absent for the TTL too.
 */
export class PrincipalCache<T> {
  readonly #entries = new Map<string, { record: T | undefined; until: number }>();
  readonly #pending = new Map<string, Promise<T | undefined>>();
  readonly #lookup: (id: string) => Promise<T | undefined>;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { lookup: (id: string) => Promise<T | undefined>; ttlSeconds?: number; now?: () => number }) {
    this.#lookup = options.lookup;
    this.#ttlMs = (options.ttlSeconds ?? 60) * 1000;
    this.#now = options.now ?? Date.now;
  }

  async get(id: string): Promise<T | undefined> {
    const entry = this.#entries.get(id);
    if (entry !== undefined && entry.until > this.#now()) return entry.record;
    let pending = this.#pending.get(id);
    if (pending === undefined) {
      pending = this.#lookup(id).then((record) => {
        this.set(id, record);
        return record;
      });
      pending.finally(() => this.#pending.delete(id)).catch(() => undefined);
      this.#pending.set(id, pending);
    }
    return pending;
  }

  /** The cached record, if fresh (no I/O). */
  peek(id: string): T | undefined {
    const entry = this.#entries.get(id);
    return entry !== undefined && entry.until > this.#now() ? entry.record : undefined;
  }

  set(id: string, record: T | undefined): void {
    this.#entries.set(id, { record, until: this.#now() + this.#ttlMs });
    if (this.#entries.size > 10_000) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
