import { isDeepStrictEqual } from 'node:util';
import type { SwitchyardConfig } from '../config/config-types.ts';

/**
 * Settings a running gateway takes from a reloaded config: the model list and every router
 * setting (routing strategy, retries, fallbacks, cooldowns, aliases, pre-call checks), whether
 * written in router_settings or litellm_settings. Everything else (master key, database, Redis,
 * callbacks, cache, limits of the server itself) is read once at start and needs a restart.
 */
const LIVE_ROUTER_KEYS: ReadonlySet<string> = new Set([
  'routing_strategy', 'routing_strategy_args', 'num_retries', 'retry_after', 'allowed_fails', 'allowed_fails_policy',
  'retry_policy', 'model_group_retry_policy', 'cooldown_time', 'disable_cooldowns', 'max_fallbacks', 'fallbacks',
  'default_fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks', 'enable_pre_call_checks', 'model_group_alias',
]);

/** What differs between two configs, as `section.key` paths: applied now, or waiting for a restart. */
export interface ConfigChanges {
  live: string[];
  needRestart: string[];
}

export function configChanges(current: SwitchyardConfig, next: SwitchyardConfig): ConfigChanges {
  const live: string[] = [];
  const needRestart: string[] = [];
  if (!isDeepStrictEqual(current.model_list, next.model_list)) live.push('model_list');
  for (const section of ['router_settings', 'litellm_settings', 'general_settings', 'environment_variables'] as const) {
    const before = current[section] as Record<string, unknown>;
    const after = next[section] as Record<string, unknown>;
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (isDeepStrictEqual(before[key], after[key])) continue;
      const isLive = (section === 'router_settings' || section === 'litellm_settings') && LIVE_ROUTER_KEYS.has(key);
      (isLive ? live : needRestart).push(`${section}.${key}`);
    }
  }
  return { live, needRestart };
}
