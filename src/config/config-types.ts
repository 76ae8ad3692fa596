/**
 * The loaded configuration: LiteLLM's config.yaml after includes are merged,
 * `environment_variables` applied, `os.environ/VAR` references resolved, numeric strings
 * coerced and the whole validated. Settings Switchyard does not implement yet stay in the
 * objects (so later features and `check-config` can see them) and are listed in warnings.
 */
import type { LitellmParams, ModelInfo } from '../spec/deployment.ts';

export interface ModelEntry {
  model_name: string;
  litellm_params: LitellmParams;
  model_info?: ModelInfo;
}

export interface LitellmSettings {
  drop_params?: boolean;
  /** Seconds; LiteLLM's default is 6000. */
  request_timeout?: number;
  num_retries?: number;
  set_verbose?: boolean;
  json_logs?: boolean;
  [extra: string]: unknown;
}

export interface RouterSettings {
  routing_strategy?: string;
  num_retries?: number;
  /** Seconds. */
  timeout?: number;
  /** Seconds. */
  stream_timeout?: number;
  model_group_alias?: Record<string, string | { model: string; hidden?: boolean }>;
  [extra: string]: unknown;
}

export interface GeneralSettings {
  master_key?: string;
  /** Largest accepted request body, in MB (LiteLLM's key). */
  max_request_size_mb?: number;
  /** Extra header name that may carry the key. */
  litellm_key_header_name?: string;
  [extra: string]: unknown;
}

export interface SwitchyardConfig {
  model_list: ModelEntry[];
  litellm_settings: LitellmSettings;
  router_settings: RouterSettings;
  general_settings: GeneralSettings;
  environment_variables: Record<string, string>;
  /**
   * Top-level sections Switchyard does not read yet (`guardrails`, `mcp_servers`,
   * `callback_settings`, …), kept as loaded with `os.environ/` references resolved. They are
   * listed in the "accepted but not implemented yet" warning. Set by the loader (possibly empty).
   */
  other_sections?: Record<string, unknown>;
}

/** One problem found while loading: a YAML path like `model_list[2].litellm_params.model`. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** 1-based line in `file`, where known. */
  line?: number;
  file?: string;
  severity: 'error' | 'warning';
}

export interface LoadedConfig {
  config: SwitchyardConfig;
  /** Warnings (e.g. settings accepted but not implemented yet); errors make loading throw. */
  warnings: ConfigProblem[];
  /** Absolute path of the main file. */
  path: string;
  /** Absolute paths of every file read: the main file, then its includes (for hot reload to watch). */
  files?: string[];
}
