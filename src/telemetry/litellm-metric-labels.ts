/**
 * LiteLLM's Prometheus metric names and their label names, exactly as LiteLLM's
 * `PrometheusMetricLabels` (litellm/types/integrations/prometheus.py, v1.80) defines them, so
 * dashboards and alerts written for LiteLLM work unchanged. Data only.
 *
 * Left out on purpose: LiteLLM's newest `client_ip` / `user_agent` labels (unbounded
 * cardinality) and custom metadata / tag labels (`custom_prometheus_metadata_labels`).
 */

const KEY = ['hashed_api_key', 'api_key_alias'] as const;
const TEAM = ['team', 'team_alias'] as const;
const DEPLOYMENT = ['litellm_model_name', 'model_id', 'api_base', 'api_provider'] as const;

/** Labels of the per-deployment remaining-limit and overhead metrics. */
const DEPLOYMENT_FOR_KEY = ['model_group', 'api_provider', 'api_base', 'litellm_model_name', ...KEY, 'model_id'] as const;
const TOKENS = ['end_user', ...KEY, 'model', ...TEAM, 'user', 'user_email', 'requested_model', 'model_id'] as const;
const SPEND = ['end_user', ...KEY, 'model', ...TEAM, 'user', 'user_email', 'model_id'] as const;
const LLM_API = ['model', ...KEY, ...TEAM, 'requested_model', 'end_user', 'user', 'model_id'] as const;
const DEPLOYMENT_REQUESTS = ['requested_model', ...DEPLOYMENT, ...KEY, ...TEAM] as const;
const FALLBACKS = ['requested_model', 'fallback_model', ...KEY, ...TEAM, 'exception_status', 'exception_class'] as const;
const CACHE = ['model', ...KEY, ...TEAM, 'end_user', 'user', 'model_id'] as const;

/** Counters. The exposed sample name is the name plus `_total`, as Python's prometheus_client writes it. */
export const COUNTER_LABELS = {
  litellm_proxy_total_requests_metric: ['end_user', ...KEY, 'requested_model', ...TEAM, 'user', 'status_code', 'user_email', 'route', 'model_id'],
  litellm_proxy_failed_requests_metric: ['end_user', ...KEY, 'requested_model', ...TEAM, 'user', 'user_email', 'exception_status', 'exception_class', 'route', 'model_id'],
  litellm_requests_metric: SPEND,
  litellm_spend_metric: SPEND,
  litellm_total_tokens_metric: TOKENS,
  litellm_input_tokens_metric: TOKENS,
  litellm_output_tokens_metric: TOKENS,
  // The names LiteLLM used before the `_metric` suffix (still queried by older dashboards).
  litellm_total_tokens: TOKENS,
  litellm_input_tokens: TOKENS,
  litellm_output_tokens: TOKENS,
  litellm_llm_api_failed_requests_metric: ['end_user', ...KEY, 'model', ...TEAM, 'user', 'model_id'],
  litellm_deployment_success_responses: DEPLOYMENT_REQUESTS,
  litellm_deployment_failure_responses: ['requested_model', ...DEPLOYMENT, 'exception_status', 'exception_class', ...KEY, ...TEAM],
  litellm_deployment_total_requests: DEPLOYMENT_REQUESTS,
  litellm_deployment_cooled_down: [...DEPLOYMENT, 'exception_status'],
  litellm_deployment_successful_fallbacks: FALLBACKS,
  litellm_deployment_failed_fallbacks: FALLBACKS,
  litellm_cache_hits_metric: CACHE,
  litellm_cache_misses_metric: CACHE,
  litellm_cached_tokens_metric: CACHE,
} as const satisfies Record<string, readonly string[]>;

/** Gauges. */
export const GAUGE_LABELS = {
  litellm_deployment_state: DEPLOYMENT,
  litellm_deployment_tpm_limit: DEPLOYMENT,
  litellm_deployment_rpm_limit: DEPLOYMENT,
  litellm_remaining_requests_metric: DEPLOYMENT_FOR_KEY,
  litellm_remaining_tokens_metric: DEPLOYMENT_FOR_KEY,
  // LiteLLM's code exposed these without `_metric` until late 2025; both are kept.
  litellm_remaining_requests: DEPLOYMENT_FOR_KEY,
  litellm_remaining_tokens: DEPLOYMENT_FOR_KEY,
  litellm_remaining_team_budget_metric: TEAM,
  litellm_team_max_budget_metric: TEAM,
  litellm_team_budget_remaining_hours_metric: TEAM,
  litellm_remaining_api_key_budget_metric: KEY,
  litellm_api_key_max_budget_metric: KEY,
  litellm_api_key_budget_remaining_hours_metric: KEY,
  litellm_remaining_api_key_requests_for_model: [...KEY, 'model'],
  litellm_remaining_api_key_tokens_for_model: [...KEY, 'model'],
} as const satisfies Record<string, readonly string[]>;

/** Histograms, in seconds. */
export const HISTOGRAM_LABELS = {
  litellm_request_total_latency_metric: ['end_user', ...KEY, 'requested_model', ...TEAM, 'user', 'model', 'model_id'],
  litellm_llm_api_latency_metric: LLM_API,
  litellm_llm_api_time_to_first_token_metric: LLM_API,
  litellm_overhead_latency_metric: DEPLOYMENT_FOR_KEY,
  litellm_deployment_latency_per_output_token: [...DEPLOYMENT, ...KEY, ...TEAM],
} as const satisfies Record<string, readonly string[]>;

export type CounterName = keyof typeof COUNTER_LABELS;
export type GaugeName = keyof typeof GAUGE_LABELS;
export type HistogramName = keyof typeof HISTOGRAM_LABELS;

/** LiteLLM's LATENCY_BUCKETS (seconds); +Inf is added by the client library. */
export const LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.00625, 0.0125, 0.025, 0.05, 0.1, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10, 15, 20, 25, 30, 60, 120,
  180, 240, 300,
];

/** What LiteLLM writes for a label it has no value for (Python's `str(None)`). */
export const NO_VALUE = 'None';
