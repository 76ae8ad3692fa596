import type { Caller } from '../access/caller.ts';
import { GatewayError } from '../spec/gateway-error.ts';

/** The request body's `cache` object (LiteLLM's dynamic cache controls), read. */
export interface CacheControls {
  /** `no-cache: true`: do not read the cache (the fresh answer is still written). */
  readonly noCache: boolean;
  /** `no-store: true`: do not write the answer. */
  readonly noStore: boolean;
  /** `ttl`: seconds this write lives. */
  readonly ttlS: number | undefined;
  /** `s-maxage` / `s-max-age`: accept only entries at most this many seconds old. */
  readonly maxAgeS: number | undefined;
  /** `namespace`: key prefix for this request. */
  readonly namespace: string | undefined;
  /** `use-cache: true`: opt in when the cache is `default_off`. */
  readonly useCache: boolean;
}

/**
 * Reads the body's `cache` field (undefined when absent or not an object) after checking the
 * caller may use every control in it: a virtual key only the ones its `allowed_cache_controls`
 * lists (`use-cache`, the opt-in of `default_off` mode, is always allowed); the master key all.
 * Refusal: LiteLLM's `_PROXY_CacheControlCheck` text, 403.
 */
export function readCacheControls(caller: Caller, value: unknown): CacheControls | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const cache = value as Record<string, unknown>;
  if (caller.kind === 'virtual') {
    const allowed = caller.key.allowed_cache_controls;
    for (const name of Object.keys(cache)) {
      if (name !== 'use-cache' && !allowed.includes(name)) {
        throw new GatewayError('forbidden', `Not allowed to set ${name} as a cache control. Contact admin to change permissions.`, { param: 'cache' });
      }
    }
  }
  const namespace = cache['namespace'];
  return {
    noCache: cache['no-cache'] === true,
    noStore: cache['no-store'] === true,
    ttlS: seconds(cache['ttl']),
    maxAgeS: seconds(cache['s-maxage'] ?? cache['s-max-age']),
    namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
    useCache: cache['use-cache'] === true,
  };
}

function seconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}
