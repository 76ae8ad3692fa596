import type { CallType } from '../spec/provider.ts';
import type { CacheControls } from './cache-controls.ts';
import { responseCacheKey } from './cache-key.ts';
import type { ResponseCacheSettings } from './cache-settings.ts';
import { pythonRepr } from './python-repr.ts';
import type { CacheEntry, ResponseCacheStore } from './response-cache-store.ts';

/** How one request uses the cache: its key(s) and the controls it sent. */
export interface CachePlan {
  readonly call: CallType;
  /** One key; for embeddings one per input, in input order. */
  readonly keys: readonly string[];
  /** Read the cache (false with `no-cache`). */
  readonly read: boolean;
  /** Write the answer (false with `no-store`). */
  readonly write: boolean;
  readonly ttlS: number | undefined;
  readonly maxAgeS: number | undefined;
}

/**
 * The response cache: which requests use it (route, `default_off` opt-in), their keys, and
 * reading and writing entries in the store with LiteLLM's freshness rule (`s-maxage`).
 */
export class ResponseCache {
  readonly store: ResponseCacheStore;
  readonly settings: ResponseCacheSettings;
  readonly #now: () => number;

  constructor(options: { store: ResponseCacheStore; settings: ResponseCacheSettings; now?: () => number }) {
    this.store = options.store;
    this.settings = options.settings;
    this.#now = options.now ?? Date.now;
  }

  /** The plan for one request, or undefined when the cache does not apply to it. No I/O. */
  plan(args: { call: CallType; model: string; body: Readonly<Record<string, unknown>>; controls: CacheControls | undefined; metadata?: Readonly<Record<string, unknown>> | undefined }): CachePlan | undefined {
    const { settings } = this;
    const { call, body, controls } = args;
    if (!settings.calls.has(call)) return undefined;
    if (settings.optIn && controls?.useCache !== true) return undefined;
    const redisNamespace = args.metadata?.['redis_namespace'];
    const keyInput = {
      call,
      body,
      modelValue: this.#modelValue(args.model),
      namespace: controls?.namespace ?? (typeof redisNamespace === 'string' && redisNamespace !== '' ? redisNamespace : undefined) ?? settings.namespace,
      providerSpecificParams: settings.providerSpecificParams,
    };
    const input = body['input'];
    const keys = call === 'embedding' && Array.isArray(input) && input.length > 0
      ? input.map((item: unknown) => responseCacheKey({ ...keyInput, prompt: item }))
      : [responseCacheKey(keyInput)];
    return { call, keys, read: controls?.noCache !== true, write: controls?.noStore !== true, ttlS: controls?.ttlS, maxAgeS: controls?.maxAgeS };
  }

  /** The cached answers of the plan's keys (undefined: miss, or too old for `s-maxage`). */
  async read(plan: CachePlan): Promise<(unknown | undefined)[]> {
    const entries = await this.store.getMany(plan.keys);
    const nowS = this.#now() / 1000;
    return entries.map((entry) => (entry === undefined || (plan.maxAgeS !== undefined && nowS - entry.timestamp > plan.maxAgeS) ? undefined : answerOf(entry)));
  }

  /** Stores answers under the plan's keys (`responses[i]` for `keys[i]`; undefined ones are skipped). */
  async write(plan: CachePlan, responses: readonly unknown[]): Promise<void> {
    if (!plan.write) return;
    const timestamp = this.#now() / 1000;
    const entries = plan.keys.flatMap((key, i) => (responses[i] === undefined ? [] : [{ key, entry: { timestamp, response: stored(plan.call, responses[i]) } }]));
    await this.store.setMany(entries, plan.ttlS ?? this.settings.ttlS);
  }

  /** LiteLLM's model value: the caching group holding the model group (printed as a Python list), else the group. */
  #modelValue(model: string): string {
    const group = this.settings.cachingGroups.find((g) => g.includes(model));
    return group === undefined ? model : pythonRepr(group);
  }
}

/** LiteLLM stores whole answers as their JSON text and embedding items as objects. */
function stored(call: CallType, response: unknown): unknown {
  return call === 'embedding' ? response : JSON.stringify(response);
}

function answerOf(entry: CacheEntry): unknown {
  const { response } = entry;
  if (typeof response !== 'string') return response;
  try {
    return JSON.parse(response) as unknown;
  } catch {
    return undefined;
  }
}
