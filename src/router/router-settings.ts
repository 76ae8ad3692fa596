import type { LitellmSettings, RouterSettings } from '../config/config-types.ts';

/** LiteLLM's router defaults (litellm-compat §2.3 and the env names it reads). */
export const ROUTER_DEFAULTS = {
  numRetries: 2,
  allowedFails: 3,
  cooldownTimeS: Number(process.env['DEFAULT_COOLDOWN_TIME_SECONDS'] ?? 5),
  maxFallbacks: Number(process.env['ROUTER_MAX_FALLBACKS'] ?? 5),
  initialRetryDelayS: Number(process.env['INITIAL_RETRY_DELAY'] ?? 0.5),
  maxRetryDelayS: Number(process.env['MAX_RETRY_DELAY'] ?? 8),
  jitter: Number(process.env['JITTER'] ?? 0.75),
  failureThresholdPercent: Number(process.env['DEFAULT_FAILURE_THRESHOLD_PERCENT'] ?? 0.5),
  singleDeploymentFailureThreshold: Number(process.env['SINGLE_DEPLOYMENT_TRAFFIC_FAILURE_THRESHOLD'] ?? 1000),
} as const;

/** A `{group: [fallback groups]}` map built from LiteLLM's list-of-single-key-objects form. */
export type FallbackMap = ReadonlyMap<string, readonly string[]>;

/** The router's settings, resolved once from router_settings and litellm_settings. */
export interface ResolvedRouterSettings {
  strategy: string;
  strategyArgs: Record<string, unknown>;
  numRetries: number;
  retryAfterS: number;
  allowedFails: number;
  /** True when neither allowed_fails nor allowed_fails_policy is set: LiteLLM's rate-based ("v2") cooldown rule. */
  rateBasedCooldowns: boolean;
  allowedFailsPolicy: Readonly<Record<string, number>>;
  retryPolicy: Readonly<Record<string, number>>;
  modelGroupRetryPolicy: Readonly<Record<string, Record<string, number>>>;
  cooldownTimeS: number;
  disableCooldowns: boolean;
  maxFallbacks: number;
  fallbacks: FallbackMap;
  contextWindowFallbacks: FallbackMap;
  contentPolicyFallbacks: FallbackMap;
  /** Set: the `"*"` default fallbacks. */
  defaultFallbacks: readonly string[];
  enablePreCallChecks: boolean;
}

/** router_settings wins over litellm_settings for keys both may hold. */
export function resolveRouterSettings(router: RouterSettings, litellm: LitellmSettings): ResolvedRouterSettings {
  const pick = (key: string): unknown => router[key] ?? litellm[key];
  const fallbacks = toFallbackMap(pick('fallbacks'));
  const defaults = pick('default_fallbacks');
  const defaultFallbacks = Array.isArray(defaults) ? defaults.filter((g): g is string => typeof g === 'string') : (fallbacks.get('*') ?? []);
  const allowedFails = pick('allowed_fails');
  const allowedFailsPolicy = record(pick('allowed_fails_policy'));
  return {
    strategy: typeof router.routing_strategy === 'string' ? router.routing_strategy : 'simple-shuffle',
    strategyArgs: record(pick('routing_strategy_args')),
    numRetries: num(pick('num_retries')) ?? ROUTER_DEFAULTS.numRetries,
    retryAfterS: num(pick('retry_after')) ?? 0,
    allowedFails: num(allowedFails) ?? ROUTER_DEFAULTS.allowedFails,
    rateBasedCooldowns: allowedFails === undefined && Object.keys(allowedFailsPolicy).length === 0,
    allowedFailsPolicy,
    retryPolicy: record(pick('retry_policy')),
    modelGroupRetryPolicy: nestedRecord(pick('model_group_retry_policy')),
    cooldownTimeS: num(pick('cooldown_time')) ?? ROUTER_DEFAULTS.cooldownTimeS,
    disableCooldowns: pick('disable_cooldowns') === true,
    maxFallbacks: num(pick('max_fallbacks')) ?? ROUTER_DEFAULTS.maxFallbacks,
    fallbacks,
    contextWindowFallbacks: toFallbackMap(pick('context_window_fallbacks')),
    contentPolicyFallbacks: toFallbackMap(pick('content_policy_fallbacks')),
    defaultFallbacks,
    enablePreCallChecks: pick('enable_pre_call_checks') === true,
  };
}

/** `[{"gpt-4": ["gpt-3.5"]}, …]` (LiteLLM's form) or `{"gpt-4": [...]}` → a map. */
export function toFallbackMap(value: unknown): FallbackMap {
  const map = new Map<string, string[]>();
  const add = (entry: unknown): void => {
    if (typeof entry !== 'object' || entry === null) return;
    for (const [group, targets] of Object.entries(entry)) {
      const list = Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [];
      map.set(group, [...(map.get(group) ?? []), ...list]);
    }
  };
  if (Array.isArray(value)) value.forEach(add);
  else add(value);
  return map;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function record(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
  return out;
}

function nestedRecord(value: unknown): Record<string, Record<string, number>> {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, Record<string, number>> = {};
  for (const [k, v] of Object.entries(value)) out[k] = record(v);
  return out;
}
