import type { SwitchyardConfig } from '../config/config-types.ts';
import { resolveRedisOptions } from '../config/redis-options.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import { resolveCacheRedisUrl } from './cache-redis-url.ts';
import { LOCAL_CACHE_DEFAULTS, resolveCacheSettings } from './cache-settings.ts';
import { LocalResponseCacheStore } from './local-response-cache-store.ts';
import { RedisResponseCacheStore } from './redis-response-cache-store.ts';
import { ResponseCache } from './response-cache.ts';
import type { ResponseCacheStore } from './response-cache-store.ts';

/**
 * The app's response cache from the config: undefined unless `litellm_settings.cache` is on.
 * `store` is the shared store the CLI opened (Redis); without one the cache lives in memory
 * (with a warning when the config asked for Redis).
 */
export function createResponseCache(args: { config: SwitchyardConfig; store?: ResponseCacheStore | undefined }): { cache: ResponseCache | undefined; warnings: string[] } {
  const { settings, warnings } = resolveCacheSettings(args.config);
  if (settings === undefined) return { cache: undefined, warnings };
  let store = args.store;
  if (store === undefined) {
    if (settings.type === 'redis') warnings.push('litellm_settings.cache_params.type is redis but no Redis is configured (cache_params host/url, router_settings.redis_*, REDIS_HOST/REDIS_URL): the response cache is in memory, per process');
    store = new LocalResponseCacheStore({ maxItems: settings.maxItems, defaultTtlS: settings.ttlS ?? LOCAL_CACHE_DEFAULTS.ttlS });
  }
  return { cache: new ResponseCache({ store, settings }), warnings };
}

/** For `switchyard serve`: connects the Redis store when the cache is `type: redis` and a Redis is configured. */
export async function connectResponseCacheStore(args: { config: SwitchyardConfig; env: NodeJS.ProcessEnv; log: ProviderLogger }): Promise<ResponseCacheStore | undefined> {
  const { settings } = resolveCacheSettings(args.config);
  if (settings?.type !== 'redis') return undefined;
  const url = resolveCacheRedisUrl({ params: settings.params, config: args.config, env: args.env });
  if (url === undefined && resolveRedisOptions(args.config, args.env) !== undefined) {
    args.log.warn({}, 'the response cache does not use Redis Sentinel or Cluster yet: it stays in memory (give cache_params a url or host of one server)');
  }
  return url === undefined ? undefined : RedisResponseCacheStore.connect({ url, namespace: settings.namespace, log: args.log });
}
