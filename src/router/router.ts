import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { backoffSeconds, sleep as defaultSleep } from './backoff.ts';
import { recordFailure } from './cooldown-policy.ts';
import { MemoryCooldownStore, type CooldownStore } from './cooldown-store.ts';
import { canFallBack, fallbackGroups } from './fallback-groups.ts';
import { MinuteOutcomes } from './minute-outcomes.ts';
import { MinuteUsage } from './minute-usage.ts';
import { preCallCheck } from './pre-call-checks.ts';
import type { ModelGroups, ResolvedGroup } from './model-groups.ts';
import { policyValue } from './policy-class.ts';
import type { ResolvedRouterSettings } from './router-settings.ts';
import { createStrategy } from './strategies/create-strategy.ts';
import type { AttemptOutcome, RoutingStrategy } from './strategies/routing-strategy.ts';
import { mockTestingError, type MockTesting } from './mock-testing.ts';
import { orderTiers } from './order-tiers.ts';
import { notifySafely, type RouteEvents, type RouterEvents } from './router-events.ts';

/** One attempt: which group (the caller's or a fallback) and which deployment. */
export interface Attempt {
  readonly requestedModel: string;
  readonly group: ResolvedGroup;
  readonly deployment: Deployment;
  readonly isFallback: boolean;
}

export interface RouteOptions<T> {
  model: string;
  signal: AbortSignal;
  /** The request's `num_retries` (body or x-litellm-num-retries header). */
  numRetries?: number | undefined;
  /** The request's own `fallbacks`, replacing the configured ones. */
  clientFallbacks?: readonly string[] | undefined;
  mockTesting?: MockTesting;
  /** Prompt size in tokens, for pre-call checks and tpm-aware strategies (see `needsPromptTokens`). */
  promptTokens?: number;
  /** Makes one call; throws on failure. `outcome` extracts what strategies learn from a success. */
  attempt: (attempt: Attempt) => Promise<T>;
  outcome?: (value: T) => Omit<AttemptOutcome, 'latencyMs'>;
  /** Observers of this request's attempts and fallbacks (metrics). */
  events?: RouteEvents | undefined;
}

export interface RouteResult<T> {
  value: T;
  attempt: Attempt;
  attemptedRetries: number;
  maxRetries: number;
  attemptedFallbacks: number;
}

export interface RouterDeps {
  groups: ModelGroups;
  settings: ResolvedRouterSettings;
  cooldowns?: CooldownStore;
  random?: () => number;
  now?: () => number;
  /** Injectable for tests: how the router waits before a retry. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Observers of router-wide happenings such as cooldowns (metrics). */
  events?: RouterEvents;
}

/** Counters one request accumulates across groups, tiers and fallbacks. */
interface RouteState {
  attemptedRetries: number;
  attemptedFallbacks: number;
  maxRetries: number;
}

/**
 * LiteLLM's router semantics (litellm-compat §3): per attempt pick a healthy deployment by
 * the strategy; retry (re-picking each time, waiting only when no other healthy deployment
 * exists); `order` tiers before fallbacks; cooldowns shared through the CooldownStore; then
 * context-window, content-policy, generic and default fallbacks, each with its own retries.
 */
export class Router {
  #groups: ModelGroups;
  #settings: ResolvedRouterSettings;
  readonly cooldowns: CooldownStore;
  #strategy: RoutingStrategy;
  readonly #outcomes: MinuteOutcomes;
  readonly #usage: MinuteUsage;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #events: RouterEvents | undefined;

  constructor(deps: RouterDeps) {
    this.#groups = deps.groups;
    this.#settings = deps.settings;
    this.#random = deps.random ?? Math.random;
    this.#now = deps.now ?? Date.now;
    this.#sleep = deps.sleep ?? defaultSleep;
    this.#events = deps.events;
    this.cooldowns = deps.cooldowns ?? new MemoryCooldownStore({ now: this.#now });
    this.#outcomes = new MinuteOutcomes({ now: this.#now });
    this.#usage = new MinuteUsage(this.#now);
    this.#strategy = this.#createStrategy(deps.settings);
  }

  /** The model groups requests resolve against now (replaced when models are added or reloaded). */
  get groups(): ModelGroups {
    return this.#groups;
  }

  get settings(): ResolvedRouterSettings {
    return this.#settings;
  }

  /** Serves a new set of model groups from the next request on; requests in flight keep theirs. */
  replaceGroups(groups: ModelGroups): void {
    this.#groups = groups;
  }

  /**
   * New router settings (config reload) from the next request on. The strategy keeps what it
   * learned (latencies, usage) unless the strategy or its arguments changed.
   */
  reconfigure(settings: ResolvedRouterSettings): void {
    const sameStrategy = settings.strategy === this.#settings.strategy && JSON.stringify(settings.strategyArgs) === JSON.stringify(this.#settings.strategyArgs);
    this.#settings = settings;
    if (!sameStrategy) this.#strategy = this.#createStrategy(settings);
  }

  #createStrategy(settings: ResolvedRouterSettings): RoutingStrategy {
    return createStrategy({ name: settings.strategy, args: settings.strategyArgs, random: this.#random, now: this.#now, usage: this.#usage });
  }

  /** Whether `route()` wants `promptTokens`: pre-call checks or a tpm-aware strategy are on. */
  get needsPromptTokens(): boolean {
    const { strategy } = this.settings;
    return this.settings.enablePreCallChecks || strategy.startsWith('usage-based-routing') || strategy === 'cost-based-routing';
  }

  async route<T>(options: RouteOptions<T>): Promise<RouteResult<T>> {
    const state: RouteState = { attemptedRetries: 0, attemptedFallbacks: 0, maxRetries: options.numRetries ?? this.settings.numRetries };
    const group = this.groups.resolve(options.model);
    if (group === undefined) throw new GatewayError('unknown_model', `Invalid model name passed in model=${options.model}`, { param: 'model' });
    try {
      return await this.#runGroup({ options, state, group, isFallback: false });
    } catch (error) {
      if (!(error instanceof GatewayError) || options.signal.aborted) throw error;
      return this.#fallBack({ options, state, group, error });
    }
  }

  async #fallBack<T>(args: { options: RouteOptions<T>; state: RouteState; group: ResolvedGroup; error: GatewayError }): Promise<RouteResult<T>> {
    const { options, state } = args;
    let lastError = args.error;
    const targets = fallbackGroups({ kind: args.error.kind, group: args.group.name, settings: this.settings, clientFallbacks: options.clientFallbacks });
    for (const name of targets) {
      const group = this.groups.resolve(name);
      if (group === undefined) continue;
      state.attemptedFallbacks++;
      const fallback = { requestedModel: options.model, fallbackModel: group.name, error: args.error };
      try {
        const result = await this.#runGroup({ options, state, group, isFallback: true });
        if (options.events?.fallbackSucceeded) notifySafely(() => options.events?.fallbackSucceeded?.(fallback));
        return result;
      } catch (error) {
        if (!(error instanceof GatewayError) || options.signal.aborted) throw error;
        if (options.events?.fallbackFailed) notifySafely(() => options.events?.fallbackFailed?.(fallback));
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Tries the `order` tiers of a group in turn, each with its own retries. */
  async #runGroup<T>(args: { options: RouteOptions<T>; state: RouteState; group: ResolvedGroup; isFallback: boolean }): Promise<RouteResult<T>> {
    let lastError: unknown;
    for (const tier of orderTiers(args.group.deployments)) {
      try {
        return await this.#runTier({ ...args, tier });
      } catch (error) {
        lastError = error;
        if (!(error instanceof GatewayError) || args.options.signal.aborted || !canFallBack(error.kind)) throw error;
      }
    }
    throw lastError;
  }

  async #runTier<T>(args: { options: RouteOptions<T>; state: RouteState; group: ResolvedGroup; isFallback: boolean; tier: readonly Deployment[] }): Promise<RouteResult<T>> {
    const { options, state, group, tier } = args;
    let retries = 0;
    // A retry goes to a deployment that has not failed this request yet, while one is healthy.
    const failed = new Set<string>();
    for (;;) {
      const promptTokens = options.promptTokens ?? 0;
      let healthy = tier.filter((d) => this.cooldowns.coolingUntil(d.id) === 0);
      if (this.settings.enablePreCallChecks && healthy.length > 0) {
        const checked = preCallCheck({ deployments: healthy, promptTokens, usage: this.#usage, model: options.model });
        if (checked.error !== undefined) throw checked.error;
        healthy = checked.deployments;
      }
      const untried = healthy.filter((d) => !failed.has(d.id));
      const candidates = untried.length > 0 ? untried : healthy;
      const deployment = candidates.length === 0 ? undefined : this.#strategy.pick({ deployments: candidates, estimatedTokens: promptTokens });
      if (deployment === undefined) throw this.#noDeployments({ model: options.model, tier });
      const attempt: Attempt = { requestedModel: options.model, group, deployment, isFallback: args.isFallback };
      // Mock-testing errors fail the caller's own group at once: no retries, no cooldown.
      const mock = args.isFallback ? undefined : mockTestingError(options.mockTesting, options.model);
      if (mock !== undefined) throw mock;
      const started = this.#now();
      this.#strategy.onStart?.(deployment);
      this.#usage.add(deployment.id, { requests: 1, tokens: 0 });
      try {
        const value = await options.attempt(attempt);
        this.#outcomes.record(deployment.id, true);
        const outcome: AttemptOutcome = { latencyMs: this.#now() - started, ...options.outcome?.(value) };
        this.#usage.add(deployment.id, { requests: 0, tokens: outcome.totalTokens ?? promptTokens });
        this.#strategy.onSuccess?.(deployment, outcome);
        return { value, attempt, attemptedRetries: state.attemptedRetries, maxRetries: state.maxRetries, attemptedFallbacks: state.attemptedFallbacks };
      } catch (error) {
        if (!(error instanceof GatewayError) || options.signal.aborted) throw error;
        this.#strategy.onFailure?.(deployment);
        if (options.events?.attemptFailed) notifySafely(() => options.events?.attemptFailed?.({ attempt, error }));
        const cooled = await recordFailure({ error, deployment, groupSize: group.deployments.length, settings: this.settings, store: this.cooldowns, outcomes: this.#outcomes });
        if (cooled && this.#events?.cooldownStarted) notifySafely(() => this.#events?.cooldownStarted?.({ deployment, error }));
        failed.add(deployment.id);
        const othersHealthy = tier.filter((d) => !failed.has(d.id) && this.cooldowns.coolingUntil(d.id) === 0).length;
        if (retries >= this.#retriesFor({ error, group: group.name, deployment, state, othersHealthy })) throw error;
        retries++;
        state.attemptedRetries++;
        if (othersHealthy === 0) {
          const seconds = backoffSeconds({ retry: retries - 1, retryAfterHeader: error.retryAfter, minimumS: this.settings.retryAfterS, random: this.#random });
          await this.#sleep(seconds * 1000, options.signal);
        }
      } finally {
        this.#strategy.onEnd?.(deployment);
      }
    }
  }

  /**
   * How many retries this error allows: the group's or the router's retry_policy entry for
   * its class, else `num_retries` (request, else deployment, else router) for retryable
   * errors and 0 for the rest. Rate-limit and auth errors with no other healthy deployment
   * go straight to fallbacks when there are any.
   */
  #retriesFor(args: { error: GatewayError; group: string; deployment: Deployment; state: RouteState; othersHealthy: number }): number {
    const { error } = args;
    const policy = this.settings.modelGroupRetryPolicy[args.group] ?? this.settings.retryPolicy;
    const fromPolicy = policyValue({ policy, kind: error.kind, suffix: 'Retries' });
    if (fromPolicy !== undefined) return fromPolicy;
    if (!error.retryable) return 0;
    const hasFallbacks = (this.settings.fallbacks.get(args.group)?.length ?? 0) > 0 || this.settings.defaultFallbacks.length > 0;
    if ((error.kind === 'rate_limit' || error.kind === 'upstream_authentication') && args.othersHealthy === 0 && hasFallbacks) return 0;
    const perDeployment = args.deployment.params['num_retries'];
    return typeof perDeployment === 'number' ? perDeployment : args.state.maxRetries;
  }

  #noDeployments(args: { model: string; tier: readonly Deployment[] }): GatewayError {
    const now = this.#now();
    const cooling = args.tier.filter((d) => this.cooldowns.coolingUntil(d.id) > now);
    const waitS = cooling.length === 0 ? 60 : Math.max(1, Math.ceil((Math.min(...cooling.map((d) => this.cooldowns.coolingUntil(d.id))) - now) / 1000));
    return new GatewayError(
      'rate_limit',
      `No deployments available for selected model, Try again in ${waitS} seconds. Passed model=${args.model}. pre-call-checks=${this.settings.enablePreCallChecks ? 'True' : 'False'}, cooldown_list=[${cooling.map((d) => `'${d.id}'`).join(', ')}]`,
      { retryAfter: String(waitS) },
    );
  }
}
