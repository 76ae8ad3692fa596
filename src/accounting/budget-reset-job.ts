import type { KeyCache } from '../access/key-cache.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import type { KeyRepository } from '../storage/key-repository.ts';
import type { TeamRepository } from '../storage/team-repository.ts';
import type { UserRepository } from '../storage/user-repository.ts';
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
  readonly #owners: { users?: UserRepository | undefined; teams?: TeamRepository | undefined };
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  /** `onReset`: also forget the key's spend elsewhere (the shared budget ledger). */
  constructor(options: { keys: KeyRepository; users?: UserRepository | undefined; teams?: TeamRepository | undefined; cache?: KeyCache | undefined; log: ProviderLogger; intervalS?: number; onReset?: (token: string) => Promise<void>; timeZone?: string | undefined }) {
    this.#onReset = options.onReset;
    this.#owners = { users: options.users, teams: options.teams };
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

  #next(budgetDuration: string | null, now: Date): Date | null {
    const duration = budgetDuration === null ? undefined : parseBudgetDuration(budgetDuration);
    return duration === undefined ? null : nextBudgetReset({ duration, now, timeZone: this.#timeZone });
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
      let owners = 0;
      for (const user of (await this.#owners.users?.listDueForBudgetReset(now)) ?? []) {
        await this.#owners.users?.update(user.user_id, { spend: 0, budget_reset_at: this.#next(user.budget_duration, now) });
        owners++;
      }
      for (const team of (await this.#owners.teams?.listDueForBudgetReset(now)) ?? []) {
        await this.#owners.teams?.update(team.team_id, { spend: 0, budget_reset_at: this.#next(team.budget_duration, now) });
        owners++;
      }
      if (due.length + owners > 0) this.#log.info({ keys: due.length, users_and_teams: owners }, 'budgets reset');
      return due.length + owners;
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'budget reset failed; retried at the next interval');
      return 0;
    }
  }
}
