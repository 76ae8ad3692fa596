/**
 * Which settings Switchyard implements. Every other setting is still accepted (real LiteLLM
 * configs must load) and kept in the loaded config, but one warning lists them all so nobody
 * believes an ignored setting is in force. A feature that starts honouring a setting adds it
 * here, in the same change.
 */
import { isRecord } from './config-path.ts';
import type { ProblemCollector } from './problem-collector.ts';

/** The mapping sections whose keys are checked one by one. */
export type SettingsSection = 'litellm_settings' | 'router_settings' | 'general_settings';

/** The shape of `IMPLEMENTED_SETTINGS`. */
export interface ImplementedSettings {
  /** Top-level keys Switchyard reads. */
  readonly topLevel: readonly string[];
  /** Keys of each settings section that Switchyard honours. */
  readonly sections: Readonly<Record<SettingsSection, readonly string[]>>;
  /**
   * Keys honoured only for some values (e.g. one routing strategy); other values are listed.
   * For a list value (e.g. `callbacks`) every item must be one of them.
   */
  readonly onlyValues: Readonly<Partial<Record<SettingsSection, Readonly<Record<string, readonly unknown[]>>>>>;
}

/** The settings Switchyard implements today. The one list to extend when a feature lands. */
export const IMPLEMENTED_SETTINGS: ImplementedSettings = {
  topLevel: ['model_list', 'litellm_settings', 'router_settings', 'general_settings', 'environment_variables', 'include'],
  sections: {
    litellm_settings: [
      'drop_params', 'request_timeout', 'num_retries', 'set_verbose', 'json_logs', 'allow_unpriced_models_for_budgets', 'timezone',
      // Router keys LiteLLM also reads from litellm_settings (router_settings wins).
      'fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks', 'default_fallbacks', 'allowed_fails', 'cooldown_time', 'retry_after',
      // Prometheus /metrics (other callbacks are listed as not implemented, see onlyValues).
      'callbacks', 'success_callback', 'failure_callback', 'require_auth_for_metrics_endpoint',
      // Tracing callbacks (langfuse, otel, generic_api): prompts and answers left out of traces.
      'turn_off_message_logging',
      // Response cache (src/cache/): unsupported cache types get their own warning.
      'cache', 'cache_params', 'enable_caching_on_provider_specific_optional_params',
    ],
    router_settings: [
      'timeout', 'stream_timeout', 'num_retries', 'model_group_alias', 'routing_strategy', 'routing_strategy_args',
      'retry_policy', 'model_group_retry_policy', 'retry_after', 'allowed_fails', 'allowed_fails_policy', 'cooldown_time', 'disable_cooldowns',
      'fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks', 'default_fallbacks', 'max_fallbacks', 'enable_pre_call_checks',
      // Redis / Valkey for shared limits, budgets, cooldowns and key changes (docs/workers.md).
      'redis_host', 'redis_port', 'redis_password', 'redis_url', 'redis_db', 'redis_username', 'redis_ssl', 'redis_ssl_ca_certs', 'redis_ssl_cert_reqs',
      'redis_startup_nodes',
      'caching_groups',
    ],
    general_settings: [
      'master_key', 'max_request_size_mb', 'litellm_key_header_name',
      // GET /health model checks.
      'background_health_checks', 'health_check_interval', 'health_check_details',
      // Database and spend logs.
      'database_url', 'database_connection_pool_limit', 'database_connection_timeout',
      'maximum_spend_logs_retention_period', 'maximum_spend_logs_retention_interval',
      // Admin UI log detail view: requests and answers kept in spend logs.
      'store_prompts_in_spend_logs',
    ],
  },
  onlyValues: {
    litellm_settings: {
      callbacks: ['prometheus', 'langfuse', 'otel', 'generic_api'],
      success_callback: ['prometheus', 'langfuse', 'otel', 'generic_api'],
      failure_callback: ['prometheus', 'langfuse', 'otel', 'generic_api'],
    },
  },
};

const SECTIONS: readonly SettingsSection[] = ['litellm_settings', 'router_settings', 'general_settings'];

/** Paths of the settings in `config` that are accepted but not implemented, in file order. */
export function findUnimplementedSettings(config: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const key of Object.keys(config)) {
    if (!IMPLEMENTED_SETTINGS.topLevel.includes(key)) {
      found.push(key);
    }
  }
  for (const section of SECTIONS) {
    const settings = config[section];
    if (!isRecord(settings)) {
      continue;
    }
    for (const [key, value] of Object.entries(settings)) {
      const onlyValues = IMPLEMENTED_SETTINGS.onlyValues[section]?.[key];
      const allowed = (item: unknown): boolean => onlyValues?.includes(item) ?? true;
      const implemented = IMPLEMENTED_SETTINGS.sections[section].includes(key) && (Array.isArray(value) ? value.every(allowed) : allowed(value));
      if (!implemented) {
        found.push(`${section}.${key}`);
      }
    }
  }
  return found;
}

/** Records exactly one warning listing every accepted-but-unimplemented setting (none if all are implemented). */
export function reportUnimplementedSettings(options: { config: Record<string, unknown>; collector: ProblemCollector }): void {
  const found = findUnimplementedSettings(options.config);
  if (found.length > 0) {
    options.collector.warning([], `settings accepted but not implemented yet (ignored): ${found.join(', ')}`);
  }
}
