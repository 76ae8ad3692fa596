import type { KeyCache } from '../access/key-cache.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import type { KeyRepository } from '../storage/key-repository.ts';
import { nextBudgetReset, parseBudgetDuration } from './budget-duration.ts';

/**
 * Resets key budgets whose `budget_reset_at` has passed: spend back to 0 and the next reset
 * time from `budget_duration` (LiteLLM's reset_budget job). Runs at start and then every
 * `intervalS` seconds (timer unref'd); until a due key is reset, budget checks already count
 * its spend as 0. Safe on several replicas: resetting twice sets the same values.
 */
export class BudgetResetJob {
  readonly #keys: KeyRepository;
  readonly #cache: KeyCache | undefined;
  readonly #log: ProviderLogger;
  readonly #intervalMs: number;
  readonly #onReset: ((token: string) => Promise<void>) | undefined;
  readonly #timeZone: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  /** `onReset`: also forget the key's spend elsewhere (the shared budget ledger). */
  constructor(options: { keys: KeyRepository; cache?: KeyCache | undefined; log: ProviderLogger; intervalS?: number; onReset?: (token: string) => Promise<void>; timeZone?: string | undefined }) {
    this.#onReset = options.onReset;
    this.#timeZone = options.timeZone;
    this.#keys = options.keys;
    this.#cache = options.cache;
    this.#log = options.log;
    this.#intervalMs = (options.intervalS ?? 60) * 1000;
  }

  start(): void {
    void this.runOnce();
    this.#timer = setInterval(() => void this.runOnce(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  /** Resets every due key now; resolves with how many were reset. */
  runOnce(now: Date = new Date()): Promise<number> {
    this.#running ??= this.#reset(now).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #reset(now: Date): Promise<number> {
    try {
      const due = await this.#keys.listDueForBudgetReset(now);
      for (const key of due) {
        const duration = key.budget_duration === null ? undefined : parseBudgetDuration(key.budget_duration);
        const updated = await this.#keys.resetSpend(key.token, duration === undefined ? null : nextBudgetReset({ duration, now, timeZone: this.#timeZone }));
        if (updated !== undefined) this.#cache?.set(updated);
        await this.#onReset?.(key.token);
      }
      if (due.length > 0) this.#log.info({ keys: due.length }, 'key budgets reset');
      return due.length;
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'budget reset failed; retried at the next interval');
      return 0;
    }
  }
}
