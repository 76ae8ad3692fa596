import type { SwitchyardConfig } from '../config/config-types.ts';
import type { CallType } from '../spec/provider.ts';

/** LiteLLM's in-memory cache: at most 200 items (`max_size_in_memory`), 600 s each by default. */
export const LOCAL_CACHE_DEFAULTS = { maxItems: 200, ttlS: 600 } as const;

/** LiteLLM's `DEFAULT_CACHING_SUPPORTED_CALL_TYPES`. */
export const DEFAULT_SUPPORTED_CALL_TYPES: readonly string[] = [
  'completion', 'acompletion', 'embedding', 'aembedding', 'transcription', 'atranscription', 'text_completion', 'atext_completion', 'rerank', 'arerank',
];

/** The LiteLLM call-type names that mean each of Switchyard's cacheable routes. */
const CALL_TYPE_NAMES: Readonly<Partial<Record<CallType, readonly string[]>>> = {
  chat: ['completion', 'acompletion'],
  completion: ['text_completion', 'atext_completion'],
  embedding: ['embedding', 'aembedding'],
};

/** The response cache as `litellm_settings.cache` + `cache_params` configure it. */
export interface ResponseCacheSettings {
  readonly type: 'local' | 'redis';
  /** Seconds an entry lives; undefined: local 600 s, Redis forever (as LiteLLM). */
  readonly ttlS: number | undefined;
  /** `cache_params.namespace`: prefix of every key (`<namespace>:<hash>`). */
  readonly namespace: string | undefined;
  /** Bound of the local LRU (`max_in_memory_cache_size`). */
  readonly maxItems: number;
  /** The routes whose answers are cached (from `supported_call_types`). */
  readonly calls: ReadonlySet<CallType>;
  /** `default_off`: only requests with `cache: {"use-cache": true}` use the cache. */
  readonly optIn: boolean;
  /** `router_settings.caching_groups`: model groups that share entries. */
  readonly cachingGroups: readonly (readonly string[])[];
  /** `enable_caching_on_provider_specific_optional_params`. */
  readonly providerSpecificParams: boolean;
  /** The raw `cache_params` (connection settings for the Redis store). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Cache types LiteLLM has that Switchyard does not. */
const UNSUPPORTED_TYPES = ['redis-semantic', 'qdrant-semantic', 'valkey-semantic', 's3', 'gcs', 'azure-blob', 'disk'];

/**
 * Reads `litellm_settings.cache` / `cache_params`. Undefined (no cache, no work per request)
 * unless `cache: true`; an unsupported type gives one warning and no cache.
 */
export function resolveCacheSettings(config: SwitchyardConfig): { settings: ResponseCacheSettings | undefined; warnings: string[] } {
  const litellm = config.litellm_settings;
  if (litellm['cache'] !== true) return { settings: undefined, warnings: [] };
  const params = isRecord(litellm['cache_params']) ? litellm['cache_params'] : {};
  const type = params['type'] ?? 'local';
  if (type !== 'local' && type !== 'redis') {
    const known = UNSUPPORTED_TYPES.includes(String(type)) ? 'is not supported by Switchyard yet' : 'is not a cache type';
    return { settings: undefined, warnings: [`litellm_settings.cache_params.type "${String(type)}" ${known}: the response cache is off (supported: local, redis)`] };
  }
  const warnings: string[] = [];
  const callNames = Array.isArray(params['supported_call_types']) ? params['supported_call_types'].filter((c): c is string => typeof c === 'string') : DEFAULT_SUPPORTED_CALL_TYPES;
  const calls = new Set<CallType>();
  for (const [call, names] of Object.entries(CALL_TYPE_NAMES) as [CallType, readonly string[]][]) {
    if (names.some((name) => callNames.includes(name))) calls.add(call);
  }
  const ttl = positiveNumber(params[type === 'local' ? 'default_in_memory_ttl' : 'default_in_redis_ttl']) ?? positiveNumber(params['ttl']);
  const mode = params['mode'] ?? 'default_on';
  if (mode !== 'default_on' && mode !== 'default_off') warnings.push(`litellm_settings.cache_params.mode "${String(mode)}" is not default_on or default_off: using default_on`);
  const groups = config.router_settings['caching_groups'];
  return {
    settings: {
      type,
      ttlS: ttl,
      namespace: typeof params['namespace'] === 'string' && params['namespace'] !== '' ? params['namespace'] : undefined,
      maxItems: positiveNumber(params['max_in_memory_cache_size']) ?? LOCAL_CACHE_DEFAULTS.maxItems,
      calls,
      optIn: mode === 'default_off',
      cachingGroups: Array.isArray(groups) ? groups.filter((g): g is string[] => Array.isArray(g) && g.every((m) => typeof m === 'string')) : [],
      providerSpecificParams: litellm['enable_caching_on_provider_specific_optional_params'] === true,
      params,
    },
    warnings,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}
