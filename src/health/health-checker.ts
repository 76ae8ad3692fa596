import type { Deployment } from '../spec/deployment.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import type { ModelGroups } from '../router/model-groups.ts';
import { checkDeploymentHealth, type DeploymentHealth } from './check-deployment-health.ts';
import { TIMER_HEALTH_SCHEDULER, type HealthScheduler, type ScheduledTask } from './health-scheduler.ts';
import type { HealthSettings } from './health-settings.ts';
import { selectHealthDeployments, type HealthFilter } from './select-health-deployments.ts';

/** The body of `GET /health`, in LiteLLM's shape. */
export interface HealthReport {
  healthy_endpoints: Record<string, unknown>[];
  unhealthy_endpoints: Record<string, unknown>[];
  healthy_count: number;
  unhealthy_count: number;
}

/** Receives every finished set of checks. */
export type HealthListener = (results: readonly DeploymentHealth[]) => void;

/** What a {@link HealthChecker} needs. */
export interface HealthCheckerOptions {
  deployments: readonly Deployment[];
  groups: ModelGroups;
  settings: HealthSettings;
  log: ProviderLogger;
  /** Drives background checks (default: an unref'd setInterval). */
  scheduler?: HealthScheduler;
  /** Clock for `checkedAt` (tests). */
  now?: () => number;
}

/**
 * Checks deployments with small real calls, all in parallel. On demand, `/health` checks the
 * selected deployments on every hit. With `background_health_checks`, {@link start} checks
 * every deployment (except `model_info.disable_background_health_check` ones) at once and
 * then every `health_check_interval`, and `/health` serves the latest round instead.
 */
export class HealthChecker {
  readonly #options: HealthCheckerOptions;
  readonly #closing = new AbortController();
  #latest: readonly DeploymentHealth[] | undefined;
  #running: Promise<void> | undefined;
  #task: ScheduledTask | undefined;
  readonly #listeners = new Set<HealthListener>();

  constructor(options: HealthCheckerOptions) {
    this.#options = options;
  }

  /** Whether `/health` serves background results. */
  get background(): boolean {
    return this.#options.settings.background;
  }

  /** The latest background round, per deployment (undefined before the first one ends). */
  latest(): readonly DeploymentHealth[] | undefined {
    return this.#latest;
  }

  /**
   * Calls `listener` with the results of every check (on demand and background), e.g. to set
   * `litellm_deployment_state`. A listener that throws is ignored. Returns the unsubscribe function.
   */
  subscribe(listener: HealthListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Checks the deployments a filter selects, now. Throws a 404 GatewayError for an unknown `model_id`. */
  async check(filter: HealthFilter = {}): Promise<HealthReport> {
    const selected = selectHealthDeployments({ deployments: this.#options.deployments, groups: this.#options.groups, filter });
    return toReport(await this.#checkAll(selected));
  }

  /** What `GET /health` answers: a live check, or (background mode) the latest round narrowed to the filter. */
  async report(filter: HealthFilter = {}): Promise<HealthReport> {
    if (!this.background) return this.check(filter);
    const selected = selectHealthDeployments({ deployments: this.#options.deployments, groups: this.#options.groups, filter });
    if (this.#latest === undefined) await this.refresh();
    const ids = new Set(selected.map((d) => d.id));
    return toReport((this.#latest ?? []).filter((r) => ids.has(r.deployment.id)));
  }

  /**
   * Runs one background round and stores it. A call while a round is running joins that
   * round instead of starting another.
   */
  refresh(): Promise<void> {
    this.#running ??= this.#round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Background mode: the first round now, then one every `health_check_interval`. No-op otherwise or when started. */
  start(): void {
    if (!this.background || this.#task !== undefined) return;
    const scheduler = this.#options.scheduler ?? TIMER_HEALTH_SCHEDULER;
    this.#task = scheduler.every(this.#options.settings.intervalMs, () => void this.refresh());
    void this.refresh();
  }

  /** Stops the timer and aborts checks in flight (on app close). */
  stop(): void {
    this.#task?.stop();
    this.#task = undefined;
    this.#closing.abort(new Error('the gateway is shutting down'));
  }

  async #round(): Promise<void> {
    const eligible = this.#options.deployments.filter((d) => d.info['disable_background_health_check'] !== true);
    const results = await this.#checkAll(eligible);
    if (!this.#closing.signal.aborted) this.#latest = results;
    const unhealthy = results.filter((r) => !r.healthy).length;
    this.#options.log.info({ healthy_count: results.length - unhealthy, unhealthy_count: unhealthy }, 'background health check finished');
  }

  async #checkAll(deployments: readonly Deployment[]): Promise<DeploymentHealth[]> {
    const { settings, log, now } = this.#options;
    const results = await Promise.all(
      deployments.map((deployment) =>
        checkDeploymentHealth({ deployment, settings, log, signal: this.#closing.signal, ...(now === undefined ? {} : { now }) }),
      ),
    );
    if (!this.#closing.signal.aborted) {
      for (const listener of this.#listeners) {
        try {
          listener(results);
        } catch (error) {
          log.warn({ err: error }, 'a health-check listener failed');
        }
      }
    }
    return results;
  }
}

function toReport(results: readonly DeploymentHealth[]): HealthReport {
  const healthy = results.filter((r) => r.healthy).map((r) => r.endpoint);
  const unhealthy = results.filter((r) => !r.healthy).map((r) => r.endpoint);
  return { healthy_endpoints: healthy, unhealthy_endpoints: unhealthy, healthy_count: healthy.length, unhealthy_count: unhealthy.length };
}
