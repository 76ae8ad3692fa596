import { closeRedisClient, createRedisClient, firstConnectAttempt, type RedisClient } from '../config/redis-client.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import type { CacheEntry, ResponseCacheStore } from './response-cache-store.ts';

/** Keys LiteLLM writes without a namespace: 64 hex characters. */
const BARE_KEY_PATTERN = '[0-9a-f]'.repeat(64);

/**
 * The response cache in Redis / Valkey, shared by every replica. Keys are the cache keys
 * themselves (`<namespace>:<sha256>`), values LiteLLM's `{"timestamp","response"}` JSON, so
 * LiteLLM proxies on the same Redis read the same entries.
 *
 * Redis down: the client has no offline queue, so every command fails at once; a failed
 * lookup is a miss and a failed write is skipped. One log line when that state begins and one
 * when Redis is back, never one per request.
 */
export class RedisResponseCacheStore implements ResponseCacheStore {
  readonly type = 'redis';
  readonly #client: RedisClient;
  readonly #namespace: string | undefined;
  readonly #log: ProviderLogger;
  #down = false;

  private constructor(options: { client: RedisClient; namespace: string | undefined; log: ProviderLogger }) {
    this.#client = options.client;
    this.#namespace = options.namespace;
    this.#log = options.log;
  }

  /** Connects without waiting for Redis to be up: until it is, every lookup is a miss. */
  static async connect(options: { url: string; namespace: string | undefined; log: ProviderLogger }): Promise<RedisResponseCacheStore> {
    const client = createRedisClient(options.url);
    const store = new RedisResponseCacheStore({ client, namespace: options.namespace, log: options.log });
    client.on('error', (error: unknown) => store.#markDown(error));
    client.on('ready', () => store.#markUp());
    // The full one-server client: its typed `on` is wider than the helper's event interface.
    await firstConnectAttempt(client as unknown as Parameters<typeof firstConnectAttempt>[0], client.connect());
    return store;
  }

  async getMany(keys: readonly string[]): Promise<(CacheEntry | undefined)[]> {
    if (keys.length === 0) return [];
    if (!this.#client.isReady) return keys.map(() => undefined);
    try {
      const values = await this.#client.mGet([...keys]);
      this.#markUp();
      return values.map((value) => (typeof value === 'string' ? parseEntry(value) : undefined));
    } catch (error) {
      this.#markDown(error);
      return keys.map(() => undefined);
    }
  }

  async setMany(entries: readonly { key: string; entry: CacheEntry }[], ttlS: number | undefined): Promise<void> {
    if (entries.length === 0 || !this.#client.isReady) return;
    const options = ttlS === undefined ? undefined : { expiration: { type: 'PX' as const, value: Math.max(1, Math.ceil(ttlS * 1000)) } };
    try {
      const multi = this.#client.multi();
      for (const { key, entry } of entries) multi.set(key, JSON.stringify(entry), options);
      await multi.execAsPipeline();
      this.#markUp();
    } catch (error) {
      this.#markDown(error);
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.#client.del([...keys]);
  }

  async flush(): Promise<number> {
    const match = this.#namespace === undefined ? BARE_KEY_PATTERN : `${escapeGlob(this.#namespace)}:*`;
    let deleted = 0;
    for await (const keys of this.#client.scanIterator({ MATCH: match, COUNT: 500 })) {
      if (keys.length > 0) deleted += await this.#client.del(keys);
    }
    return deleted;
  }

  async ping(): Promise<void> {
    await this.#client.ping();
  }

  async info(): Promise<Record<string, unknown>> {
    const text = await this.#client.info();
    const info: Record<string, unknown> = {};
    for (const line of text.split('\r\n')) {
      const at = line.indexOf(':');
      if (at > 0 && !line.startsWith('#')) info[line.slice(0, at)] = line.slice(at + 1);
    }
    return info;
  }

  async close(): Promise<void> {
    await closeRedisClient(this.#client);
  }

  #markDown(error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    this.#log.warn({ err: String(error) }, 'redis (response cache) unavailable: every lookup is a miss and writes are skipped until it returns');
  }

  #markUp(): void {
    if (!this.#down) return;
    this.#down = false;
    this.#log.info({}, 'redis (response cache) is back: cache lookups and writes resume');
  }
}

/** A stored value, or undefined for one that is not a cache entry. */
function parseEntry(text: string): CacheEntry | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || !('response' in value)) return undefined;
    const timestamp = (value as { timestamp?: unknown }).timestamp;
    return { timestamp: typeof timestamp === 'number' ? timestamp : 0, response: (value as { response: unknown }).response };
  } catch {
    return undefined;
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
