import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import {
  COUNTER_LABELS,
  GAUGE_LABELS,
  HISTOGRAM_LABELS,
  LATENCY_BUCKETS,
  type CounterName,
  type GaugeName,
  type HistogramName,
} from './litellm-metric-labels.ts';

/** Python prometheus_client's default buckets, which LiteLLM keeps for latency per output token. */
const PYTHON_DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const HELP: Readonly<Record<CounterName | GaugeName | HistogramName, string>> = {
  litellm_proxy_total_requests_metric: 'Total number of requests made to the proxy server - track number of client side requests',
  litellm_proxy_failed_requests_metric: 'Total number of failed responses from proxy - the client did not get a success response from litellm proxy',
  litellm_requests_metric: 'deprecated - use litellm_proxy_total_requests_metric. Total number of LLM calls to litellm - track total per API Key, team, user',
  litellm_spend_metric: 'Total spend on LLM requests',
  litellm_total_tokens_metric: 'Total number of input + output tokens from LLM requests',
  litellm_input_tokens_metric: 'Total number of input tokens from LLM requests',
  litellm_output_tokens_metric: 'Total number of output tokens from LLM requests',
  litellm_total_tokens: 'Total number of input + output tokens from LLM requests (older name of litellm_total_tokens_metric)',
  litellm_input_tokens: 'Total number of input tokens from LLM requests (older name of litellm_input_tokens_metric)',
  litellm_output_tokens: 'Total number of output tokens from LLM requests (older name of litellm_output_tokens_metric)',
  litellm_llm_api_failed_requests_metric: 'deprecated - use litellm_proxy_failed_requests_metric',
  litellm_deployment_success_responses: 'LLM Deployment Analytics - Total number of successful LLM API calls via litellm',
  litellm_deployment_failure_responses: 'LLM Deployment Analytics - Total number of failed LLM API calls for a specific LLM deployment. exception_status is the status of the exception from the llm api',
  litellm_deployment_total_requests: 'LLM Deployment Analytics - Total number of LLM API calls via litellm - success + failure',
  litellm_deployment_cooled_down: 'LLM Deployment Analytics - Number of times a deployment has been cooled down by LiteLLM load balancing logic. exception_status is the status of the exception that caused the deployment to be cooled down',
  litellm_deployment_successful_fallbacks: 'LLM Deployment Analytics - Number of successful fallback requests from primary model -> fallback model',
  litellm_deployment_failed_fallbacks: 'LLM Deployment Analytics - Number of failed fallback requests from primary model -> fallback model',
  litellm_cache_hits_metric: 'Total number of LiteLLM cache hits',
  litellm_cache_misses_metric: 'Total number of LiteLLM cache misses',
  litellm_cached_tokens_metric: 'Total tokens served from LiteLLM cache',
  litellm_deployment_state: 'LLM Deployment Analytics - The state of the deployment: 0 = healthy, 1 = partial outage, 2 = complete outage',
  litellm_deployment_tpm_limit: 'Deployment TPM limit found in config',
  litellm_deployment_rpm_limit: 'Deployment RPM limit found in config',
  litellm_remaining_requests_metric: 'LLM Deployment Analytics - remaining requests for model, returned from LLM API Provider',
  litellm_remaining_tokens_metric: 'remaining tokens for model, returned from LLM API Provider',
  litellm_remaining_requests: 'LLM Deployment Analytics - remaining requests for model, returned from LLM API Provider (older name of litellm_remaining_requests_metric)',
  litellm_remaining_tokens: 'remaining tokens for model, returned from LLM API Provider (older name of litellm_remaining_tokens_metric)',
  litellm_remaining_team_budget_metric: 'Remaining budget for team',
  litellm_team_max_budget_metric: 'Maximum budget set for team',
  litellm_team_budget_remaining_hours_metric: 'Remaining days for team budget to be reset',
  litellm_remaining_api_key_budget_metric: 'Remaining budget for api key',
  litellm_api_key_max_budget_metric: 'Maximum budget set for api key',
  litellm_api_key_budget_remaining_hours_metric: 'Remaining hours for api key budget to be reset',
  litellm_remaining_api_key_requests_for_model: 'Remaining Requests API Key can make for model (model based rpm limit on key)',
  litellm_remaining_api_key_tokens_for_model: 'Remaining Tokens API Key can make for model (model based tpm limit on key)',
  litellm_request_total_latency_metric: 'Total latency (seconds) for a request to LiteLLM',
  litellm_llm_api_latency_metric: 'Total latency (seconds) for a models LLM API call',
  litellm_llm_api_time_to_first_token_metric: 'Time to first token for a models LLM API call',
  litellm_overhead_latency_metric: 'Latency overhead (seconds) added by LiteLLM processing',
  litellm_deployment_latency_per_output_token: 'LLM Deployment Analytics - Latency per output token',
};

/**
 * How several workers' values of a gauge combine (prom-client's AggregatorRegistry): a
 * deployment's state is its worst one, remaining limits and budgets the lowest seen.
 * Counters and histograms add up.
 */
const GAUGE_AGGREGATOR: Readonly<Record<GaugeName, 'max' | 'min'>> = {
  litellm_deployment_state: 'max',
  litellm_deployment_tpm_limit: 'max',
  litellm_deployment_rpm_limit: 'max',
  litellm_remaining_requests_metric: 'min',
  litellm_remaining_tokens_metric: 'min',
  litellm_remaining_requests: 'min',
  litellm_remaining_tokens: 'min',
  litellm_remaining_team_budget_metric: 'min',
  litellm_team_max_budget_metric: 'max',
  litellm_team_budget_remaining_hours_metric: 'min',
  litellm_remaining_api_key_budget_metric: 'min',
  litellm_api_key_max_budget_metric: 'max',
  litellm_api_key_budget_remaining_hours_metric: 'min',
  litellm_remaining_api_key_requests_for_model: 'min',
  litellm_remaining_api_key_tokens_for_model: 'min',
};

/** Every LiteLLM metric, registered on one registry, addressed by its LiteLLM name. */
export interface LitellmMetrics {
  readonly registry: Registry;
  readonly counters: Readonly<Record<CounterName, Counter>>;
  readonly gauges: Readonly<Record<GaugeName, Gauge>>;
  readonly histograms: Readonly<Record<HistogramName, Histogram>>;
}

/**
 * Registers LiteLLM's metrics on `registry`. Counters are named with `_total` (prom-client
 * does not add it), so the exposed samples are the ones LiteLLM's dashboards query, e.g.
 * `litellm_spend_metric_total`.
 */
export function createLitellmMetrics(registry: Registry): LitellmMetrics {
  const registers = [registry];
  const counters = mapNames(COUNTER_LABELS, (name, labels) => new Counter({ name: `${name}_total`, help: HELP[name], labelNames: labels, registers }));
  const gauges = mapNames(GAUGE_LABELS, (name, labels) => new Gauge({ name, help: HELP[name], labelNames: labels, registers, aggregator: GAUGE_AGGREGATOR[name] }));
  const histograms = mapNames(HISTOGRAM_LABELS, (name, labels) =>
    new Histogram({
      name,
      help: HELP[name],
      labelNames: labels,
      registers,
      buckets: [...(name === 'litellm_deployment_latency_per_output_token' ? PYTHON_DEFAULT_BUCKETS : LATENCY_BUCKETS)],
    }),
  );
  return { registry, counters, gauges, histograms };
}

function mapNames<N extends string, M>(table: Readonly<Record<N, readonly string[]>>, make: (name: N, labels: string[]) => M): Record<N, M> {
  const out = {} as Record<N, M>;
  for (const name of Object.keys(table) as N[]) out[name] = make(name, [...table[name]]);
  return out;
}
