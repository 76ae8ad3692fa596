import { Counter, Gauge, Registry } from 'prom-client';
import type { ProviderLogger } from '../spec/provider.ts';

/** A shared-state component: what the metrics' `component` label and the log lines name. */
export type SharedStateComponent = 'rate_limits' | 'budgets' | 'cooldowns' | 'key_changes';

/** Where the shared state is: Redis / Valkey, or the `--num_workers` primary process (the `store` label). */
export type SharedStore = 'redis' | 'primary';

const STORE_NAMES: Readonly<Record<SharedStore, string>> = { redis: 'redis', primary: 'the primary process' };

/** What each component does while its shared store is unreachable (the documented safe mode). */
const SAFE_MODE: Readonly<Record<SharedStateComponent, (scope: string) => string>> = {
  rate_limits: (scope) => `rate limits are counted in ${scope} only`,
  budgets: (scope) => `budgets are checked in ${scope} only`,
  cooldowns: () => 'cooldowns apply to this process only',
  key_changes: () => 'key changes reach this process after the key cache TTL',
};

/** In safe mode, how often a call still tries the store. */
const PROBE_INTERVAL_MS = 1_000;

/**
 * Process-wide metrics of the shared state (Redis, or the primary's IPC with workers). The
 * Prometheus endpoint serves them with the LiteLLM metrics.
 */
export const sharedStateRegistry = new Registry();

const reachable = new Gauge({
  name: 'switchyard_shared_state_up',
  help: '1 while the shared store (redis, or the workers\' primary) of a component is reachable, 0 while the component runs in safe mode',
  labelNames: ['component', 'store'],
  registers: [sharedStateRegistry],
  // With workers: 0 when any worker is in safe mode.
  aggregator: 'min',
});

const fallbacks = new Counter({
  name: 'switchyard_shared_state_fallbacks_total',
  help: 'Decisions made without the shared store because it was unreachable (safe mode)',
  labelNames: ['component', 'store'],
  registers: [sharedStateRegistry],
});

/**
 * Whether a component's shared store is reachable. It logs ONE line when the component enters
 * safe mode and one when it leaves it (not one per request or reconnect attempt), and keeps
 * `switchyard_shared_state_up` and `switchyard_shared_state_fallbacks_total` current.
 */
export class SharedStateHealth {
  readonly #component: SharedStateComponent;
  readonly #store: SharedStore;
  readonly #labels: { component: SharedStateComponent; store: SharedStore };
  readonly #log: ProviderLogger;
  readonly #scope: string;
  readonly #now: () => number;
  #state: 'unknown' | 'up' | 'down' = 'unknown';
  #lastTry = 0;

  /** `scope`: where decisions are made in safe mode (default `this process`). */
  constructor(options: { component: SharedStateComponent; store: SharedStore; log: ProviderLogger; scope?: string | undefined; now?: () => number }) {
    this.#now = options.now ?? Date.now;
    this.#component = options.component;
    this.#store = options.store;
    this.#labels = { component: options.component, store: options.store };
    this.#log = options.log;
    this.#scope = options.scope ?? 'this process';
  }

  get isDown(): boolean {
    return this.#state === 'down';
  }

  /**
   * Whether to ask the store now. In safe mode only one call a second does (a probe), so a
   * store that hangs costs one request a second its timeout, not every request.
   */
  shouldTry(): boolean {
    if (this.#state !== 'down') return true;
    const now = this.#now();
    if (now - this.#lastTry < PROBE_INTERVAL_MS) return false;
    this.#lastTry = now;
    return true;
  }

  /** The store answered (or reconnected): leaves safe mode if in it. Cheap when already up. */
  reachable(): void {
    if (this.#state === 'up') return;
    const wasDown = this.#state === 'down';
    this.#state = 'up';
    reachable.set(this.#labels, 1);
    if (wasDown) this.#log.info({ component: this.#component }, `${STORE_NAMES[this.#store]} reachable again: ${this.#component.replace('_', ' ')} are shared again (safe mode ended)`);
  }

  /** The store is unreachable: enters safe mode if not in it. */
  unreachable(error: unknown): void {
    if (this.#state === 'down') return;
    this.#state = 'down';
    this.#lastTry = this.#now();
    reachable.set(this.#labels, 0);
    this.#log.warn({ component: this.#component, err: describeError(error) }, `${STORE_NAMES[this.#store]} unreachable: safe mode, ${SAFE_MODE[this.#component](this.#scope)} until it returns; requests keep flowing`);
  }

  /**
   * Asks the shared store through `shared` (unless in safe mode between probes), keeping this
   * state current: its answer, or undefined when the caller must decide locally (counted as a
   * fallback). `shared` must not itself answer undefined.
   */
  async ask<T>(shared: () => Promise<T>): Promise<T | undefined> {
    if (!this.shouldTry()) {
      this.fellBack('still unreachable');
      return undefined;
    }
    let answer: T;
    try {
      answer = await shared();
    } catch (error) {
      this.fellBack(error);
      return undefined;
    }
    this.reachable();
    return answer;
  }

  /** One decision was made locally because the store failed. */
  fellBack(error: unknown): void {
    this.unreachable(error);
    fallbacks.inc(this.#labels);
  }
}

/** The error's message only (a Redis URL with its password never reaches a log). */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\/\/[^@\s/]*@/g, '//[REDACTED]@');
}
