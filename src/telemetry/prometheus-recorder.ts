import type { CallerIdentity } from '../access/identify-caller.ts';
import type { RouteEvents, RouterEvents } from '../router/router-events.ts';
import type { CallCompleteEvent } from '../server/call-events.ts';
import type { Deployment } from '../spec/deployment.ts';
import { ERROR_CATALOGUE } from '../spec/error-catalogue.ts';
import type { GatewayError } from '../spec/gateway-error.ts';
import { deploymentLabels } from './deployment-labels.ts';
import { COUNTER_LABELS, GAUGE_LABELS, HISTOGRAM_LABELS, NO_VALUE, type CounterName, type GaugeName, type HistogramName } from './litellm-metric-labels.ts';
import type { LitellmMetrics } from './litellm-metrics.ts';

/** Every label value one event can give, by LiteLLM label name; a metric picks its own. */
type LabelValues = Record<string, string>;

/** `litellm_deployment_state` values. */
const HEALTHY = 0;
const PARTIAL_OUTAGE = 1;
const COMPLETE_OUTAGE = 2;


/**
 * Turns call, attempt, fallback and cooldown events into LiteLLM's metrics. Every update is
 * a few label lookups, synchronous; nothing here may fail a request (errors are swallowed
 * and reported to `onError`).
 */
export class PrometheusRecorder {
  readonly metrics: LitellmMetrics;
  readonly #onError: (error: unknown) => void;

  constructor(metrics: LitellmMetrics, onError: (error: unknown) => void = () => {}) {
    this.metrics = metrics;
    this.#onError = onError;
  }

  /** Marks every configured deployment healthy and records its configured tpm/rpm. */
  recordDeployments(deployments: readonly Deployment[]): void {
    this.#safely(() => {
      for (const deployment of deployments) {
        const labels = { ...deploymentLabels(deployment) };
        this.#gauge('litellm_deployment_state', labels, HEALTHY);
        const tpm = deployment.info['tpm'] ?? deployment.params.tpm;
        const rpm = deployment.info['rpm'] ?? deployment.params.rpm;
        if (typeof tpm === 'number') this.#gauge('litellm_deployment_tpm_limit', labels, tpm);
        if (typeof rpm === 'number') this.#gauge('litellm_deployment_rpm_limit', labels, rpm);
      }
    });
  }

  /** A round of health checks: healthy → 0, unhealthy → 2 (complete outage), as LiteLLM sets it. */
  recordHealth(results: readonly { deployment: Deployment; healthy: boolean }[]): void {
    this.#safely(() => {
      for (const { deployment, healthy } of results) this.#gauge('litellm_deployment_state', { ...deploymentLabels(deployment) }, healthy ? HEALTHY : COMPLETE_OUTAGE);
    });
  }

  /** One finished client request. */
  recordCall(event: CallCompleteEvent): void {
    this.#safely(() => (event.status === 'success' ? this.#success(event) : this.#failure(event)));
  }

  /** Observers for one request's attempts and fallbacks; `caller` is read only when something happens. */
  routeEvents(caller: () => CallerIdentity): RouteEvents {
    return {
      attemptFailed: ({ attempt, error }) => this.#safely(() => this.#deploymentFailure({ deployment: attempt.deployment, requestedModel: attempt.group.name, error, caller: caller() })),
      fallbackSucceeded: (event) => this.#safely(() => this.#fallback('litellm_deployment_successful_fallbacks', { ...event, caller: caller() })),
      fallbackFailed: (event) => this.#safely(() => this.#fallback('litellm_deployment_failed_fallbacks', { ...event, caller: caller() })),
    };
  }

  /** Observers for router-wide events (cooldowns). */
  routerEvents(): RouterEvents {
    return {
      cooldownStarted: ({ deployment, error }) =>
        this.#safely(() => {
          const labels = deploymentLabels(deployment);
          this.#gauge('litellm_deployment_state', { ...labels }, COMPLETE_OUTAGE);
          this.#count('litellm_deployment_cooled_down', { ...labels, exception_status: String(error.status) });
        }),
    };
  }

  #success(event: CallCompleteEvent): void {
    const values = callValues(event);
    values['status_code'] = '200';
    this.#count('litellm_proxy_total_requests_metric', values);
    this.#count('litellm_requests_metric', values);
    const cost = event.cost;
    if (cost !== undefined && cost.priced) this.#count('litellm_spend_metric', values, cost.cost);
    const usage = event.usage;
    if (usage !== undefined) {
      for (const [names, amount] of [
        [['litellm_total_tokens_metric', 'litellm_total_tokens'], usage.total_tokens],
        [['litellm_input_tokens_metric', 'litellm_input_tokens'], usage.prompt_tokens],
        [['litellm_output_tokens_metric', 'litellm_output_tokens'], usage.completion_tokens],
      ] as const) {
        if (typeof amount === 'number' && amount > 0) for (const name of names) this.#count(name, values, amount);
      }
    }
    this.#cacheOutcome(event, values);
    this.#observe('litellm_request_total_latency_metric', values, event.latencyMs / 1000);
    if (event.upstreamMs !== undefined) {
      this.#observe('litellm_llm_api_latency_metric', values, event.upstreamMs / 1000);
      this.#observe('litellm_overhead_latency_metric', values, Math.max(0, event.latencyMs - event.upstreamMs) / 1000);
    }
    if (event.stream && event.ttftMs !== undefined) this.#observe('litellm_llm_api_time_to_first_token_metric', values, event.ttftMs / 1000);
    this.#remainingLimits(event, values);
    const caller = event.caller;
    if (caller?.keyMaxBudget !== undefined) {
      const spent = (caller.keySpend ?? 0) + (cost?.priced ? cost.cost : 0);
      this.#gauge('litellm_api_key_max_budget_metric', values, caller.keyMaxBudget);
      this.#gauge('litellm_remaining_api_key_budget_metric', values, caller.keyMaxBudget - spent);
    }
    if (caller?.teamMaxBudget !== undefined) {
      const spent = (caller.teamSpend ?? 0) + (cost?.priced ? cost.cost : 0);
      this.#gauge('litellm_team_max_budget_metric', values, caller.teamMaxBudget);
      this.#gauge('litellm_remaining_team_budget_metric', values, caller.teamMaxBudget - spent);
    }
    if (event.deployment === undefined) return;
    this.#gauge('litellm_deployment_state', values, HEALTHY);
    this.#count('litellm_deployment_success_responses', values);
    this.#count('litellm_deployment_total_requests', values);
    const outputTokens = usage?.completion_tokens ?? 0;
    const latencyMs = event.stream ? event.ttftMs : (event.upstreamMs ?? event.latencyMs);
    if (outputTokens > 0 && latencyMs !== undefined && event.cacheHit !== true) this.#observe('litellm_deployment_latency_per_output_token', values, latencyMs / 1000 / outputTokens);
  }

  /** LiteLLM's cache metrics, for calls the response cache applied to: a hit counts its tokens as cached. */
  #cacheOutcome(event: CallCompleteEvent, values: LabelValues): void {
    if (event.cacheHit === false) this.#count('litellm_cache_misses_metric', values);
    if (event.cacheHit !== true) return;
    this.#count('litellm_cache_hits_metric', values);
    const tokens = event.usage?.total_tokens ?? 0;
    if (tokens > 0) this.#count('litellm_cached_tokens_metric', values, tokens);
  }

  #failure(event: CallCompleteEvent): void {
    // LiteLLM leaves requests with an invalid proxy key out of its metrics.
    if (event.errorKind === 'authentication') return;
    const values = callValues(event);
    const status = String(event.errorKind === undefined ? 500 : ERROR_CATALOGUE[event.errorKind].status);
    values['status_code'] = status;
    values['exception_status'] = status;
    values['exception_class'] = exceptionClass(event.errorKind, event.deployment);
    this.#count('litellm_proxy_failed_requests_metric', values);
    this.#count('litellm_proxy_total_requests_metric', values);
    // A stream that failed after its first chunk: the router saw a success, so count the deployment failure here.
    if (event.deployment !== undefined && event.ttftMs !== undefined) {
      this.#deploymentFailure({ deployment: event.deployment, requestedModel: values['requested_model'] ?? event.modelGroup, status, exceptionClass: values['exception_class'], caller: event.caller });
    }
  }

  #deploymentFailure(args: { deployment: Deployment; requestedModel: string; caller: CallerIdentity | undefined } & ({ error: GatewayError } | { status: string; exceptionClass: string })): void {
    const status = 'error' in args ? String(args.error.status) : args.status;
    const values: LabelValues = {
      ...callerValues(args.caller),
      ...deploymentLabels(args.deployment),
      model: args.deployment.providerModel,
      requested_model: args.requestedModel,
      exception_status: status,
      exception_class: 'error' in args ? exceptionClass(args.error.kind, args.deployment) : args.exceptionClass,
    };
    this.#gauge('litellm_deployment_state', values, PARTIAL_OUTAGE);
    this.#count('litellm_deployment_failure_responses', values);
    this.#count('litellm_deployment_total_requests', values);
    this.#count('litellm_llm_api_failed_requests_metric', values);
  }

  #fallback(name: 'litellm_deployment_successful_fallbacks' | 'litellm_deployment_failed_fallbacks', args: { requestedModel: string; fallbackModel: string; error: GatewayError; caller: CallerIdentity }): void {
    this.#count(name, {
      ...callerValues(args.caller),
      requested_model: args.requestedModel,
      fallback_model: args.fallbackModel,
      exception_status: String(args.error.status),
      exception_class: exceptionClass(args.error.kind, undefined),
    });
  }

  /** The provider's `x-ratelimit-remaining-requests` / `-tokens` headers. */
  #remainingLimits(event: CallCompleteEvent, values: LabelValues): void {
    const headers = event.upstreamHeaders;
    if (headers === undefined) return;
    const requests = Number(headers['x-ratelimit-remaining-requests']);
    const tokens = Number(headers['x-ratelimit-remaining-tokens']);
    if (headers['x-ratelimit-remaining-requests'] !== undefined && Number.isFinite(requests)) {
      this.#gauge('litellm_remaining_requests_metric', values, requests);
      this.#gauge('litellm_remaining_requests', values, requests);
    }
    if (headers['x-ratelimit-remaining-tokens'] !== undefined && Number.isFinite(tokens)) {
      this.#gauge('litellm_remaining_tokens_metric', values, tokens);
      this.#gauge('litellm_remaining_tokens', values, tokens);
    }
  }

  #count(name: CounterName, values: LabelValues, amount = 1): void {
    this.metrics.counters[name].inc(pick(COUNTER_LABELS[name], values), amount);
  }

  #gauge(name: GaugeName, values: LabelValues, value: number): void {
    this.metrics.gauges[name].set(pick(GAUGE_LABELS[name], values), value);
  }

  #observe(name: HistogramName, values: LabelValues, value: number): void {
    this.metrics.histograms[name].observe(pick(HISTOGRAM_LABELS[name], values), value);
  }

  #safely(update: () => void): void {
    try {
      update();
    } catch (error) {
      this.#onError(error);
    }
  }
}

/** The label values of a finished call. */
function callValues(event: CallCompleteEvent): LabelValues {
  const { deployment } = event;
  // LiteLLM's requested_model / model_group is the group that served the call (a fallback's, after a fallback).
  const group = deployment !== undefined && !deployment.modelName.includes('*') ? deployment.modelName : event.modelGroup;
  const values: LabelValues = { ...callerValues(event.caller), requested_model: group, model_group: group };
  if (event.route !== undefined) values['route'] = event.route;
  if (deployment !== undefined) {
    Object.assign(values, deploymentLabels(deployment));
    values['model'] = deployment.providerModel;
  }
  return values;
}

function callerValues(caller: CallerIdentity | undefined): LabelValues {
  const values: LabelValues = {};
  if (caller === undefined) return values;
  if (caller.hashedApiKey !== undefined) values['hashed_api_key'] = caller.hashedApiKey;
  if (caller.keyAlias !== undefined) values['api_key_alias'] = caller.keyAlias;
  if (caller.team !== undefined) values['team'] = caller.team;
  if (caller.teamAlias !== undefined) values['team_alias'] = caller.teamAlias;
  if (caller.user !== undefined) values['user'] = caller.user;
  if (caller.userEmail !== undefined) values['user_email'] = caller.userEmail;
  if (caller.endUser !== undefined) values['end_user'] = caller.endUser;
  return values;
}

/** LiteLLM's exception class label: `Openai.RateLimitError` when a provider failed, else the bare class. */
function exceptionClass(kind: CallCompleteEvent['errorKind'], deployment: Deployment | undefined): string {
  const name = kind === undefined ? 'InternalServerError' : ERROR_CATALOGUE[kind].litellmClass;
  const provider = deployment?.provider ?? '';
  return provider === '' ? name : `${provider[0]?.toUpperCase() ?? ''}${provider.slice(1)}.${name}`;
}

/** Exactly `names`, each with its value or LiteLLM's "None". */
function pick(names: readonly string[], values: LabelValues): LabelValues {
  const labels: LabelValues = {};
  for (const name of names) labels[name] = values[name] ?? NO_VALUE;
  return labels;
}
