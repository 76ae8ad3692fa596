import { LocalResponseCacheStore } from '../cache/local-response-cache-store.ts';
import type { CacheEntry, ResponseCacheStore } from '../cache/response-cache-store.ts';
import type { PrimaryRpc, WorkerRpc } from './cluster-rpc.ts';

const METHODS = {
  get: 'cache.get',
  set: 'cache.set',
  delete: 'cache.delete',
  flush: 'cache.flush',
} as const;

/** The local cache's bounds, sent by each worker (the first one sets them: cache settings need a restart). */
interface LocalCacheShape {
  maxItems: number;
  defaultTtlS: number | undefined;
}

/**
 * In the `--num_workers` primary without Redis: the one local response cache all workers read
 * and write, so an answer cached through one worker is a hit on every other (not N copies and
 * N misses). Created on the first worker's first call, with that worker's settings.
 */
export function hostResponseCache(rpc: PrimaryRpc): void {
  let store: LocalResponseCacheStore | undefined;
  const open = (shape: LocalCacheShape): LocalResponseCacheStore => (store ??= new LocalResponseCacheStore(shape));
  rpc.handle(METHODS.get, async (args) => {
    const { shape, keys } = args as { shape: LocalCacheShape; keys: string[] };
    return open(shape).getMany(keys);
  });
  rpc.handle(METHODS.set, async (args) => {
    const { shape, entries, ttlS } = args as { shape: LocalCacheShape; entries: { key: string; entry: CacheEntry }[]; ttlS: number | null };
    await open(shape).setMany(entries, ttlS ?? undefined);
  });
  rpc.handle(METHODS.delete, async (args) => {
    const { shape, keys } = args as { shape: LocalCacheShape; keys: string[] };
    return open(shape).delete(keys);
  });
  rpc.handle(METHODS.flush, async (args) => open((args as { shape: LocalCacheShape }).shape).flush());
}

/**
 * A worker's response cache without Redis: the primary's local cache over IPC. Soft like every
 * store: a primary that does not answer is a miss, and a write it does not take is skipped.
 */
export class IpcResponseCacheStore implements ResponseCacheStore {
  readonly type = 'local';
  readonly #rpc: WorkerRpc;
  readonly #shape: LocalCacheShape;

  constructor(options: { rpc: WorkerRpc; maxItems: number; defaultTtlS: number | undefined }) {
    this.#rpc = options.rpc;
    this.#shape = { maxItems: options.maxItems, defaultTtlS: options.defaultTtlS };
  }

  async getMany(keys: readonly string[]): Promise<(CacheEntry | undefined)[]> {
    try {
      // JSON over IPC turns undefined into null: a null is a miss.
      const found = await this.#rpc.call<(CacheEntry | null)[]>(METHODS.get, { shape: this.#shape, keys });
      return keys.map((_, i) => found[i] ?? undefined);
    } catch {
      return keys.map(() => undefined);
    }
  }

  async setMany(entries: readonly { key: string; entry: CacheEntry }[], ttlS: number | undefined): Promise<void> {
    await this.#rpc.call(METHODS.set, { shape: this.#shape, entries, ttlS: ttlS ?? null }).catch(() => undefined);
  }

  delete(keys: readonly string[]): Promise<number> {
    return this.#rpc.call<number>(METHODS.delete, { shape: this.#shape, keys });
  }

  flush(): Promise<number> {
    return this.#rpc.call<number>(METHODS.flush, { shape: this.#shape });
  }

  async ping(): Promise<void> {
    await this.getMany([]);
  }

  async close(): Promise<void> {}
}
