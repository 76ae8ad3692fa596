import type { Caller } from '../access/caller.ts';
import type { SpendQueryRepository } from '../storage/spend-query-repository.ts';
import type { BudgetHolder } from './budget-reservations.ts';
import { parseBudgetDuration, type BudgetDuration } from './budget-duration.ts';

/** The start of the budget window `now` is in (UTC calendar days, Mondays, months; or fixed slices for seconds). */
export function windowStart(duration: BudgetDuration, now: Date): Date {
  const t = now.getTime();
  switch (duration.unit) {
    case 'seconds':
      return new Date(Math.floor(t / (duration.count * 1000)) * duration.count * 1000);
    case 'days': {
      const day = Math.floor(t / 86_400_000);
      return new Date((day - (day % duration.count)) * 86_400_000);
    }
    case 'weeks': {
      const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
      return new Date(midnight - weekday * 86_400_000);
    }
    case 'months':
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  }
}

/**
 * A key's `model_max_budget` (`{"gpt-4o": {"budget_limit": 0.5, "time_period": "1d"}}`): what
 * the key has spent on that model in the current window, kept in memory per key, model and
 * window — seeded from the spend logs on first use and increased by each recorded call — so the
 * check costs no database round trip after the first request of a window.
 */
export class ModelBudgets {
  readonly #spend = new Map<string, number | Promise<number>>();
  readonly #store: SpendQueryRepository;

  constructor(store: SpendQueryRepository) {
    this.#store = store;
  }

  /** The budget holder for the caller's key on `model`, if the key sets one for it. */
  async holder(args: { caller: Caller; model: string; now: Date }): Promise<BudgetHolder | undefined> {
    const { caller, model } = args;
    if (caller.kind !== 'virtual') return undefined;
    const limit = caller.key.model_max_budget[model];
    if (limit === undefined || typeof limit.budget_limit !== 'number') return undefined;
    const duration = parseBudgetDuration(limit.time_period ?? '1mo') ?? parseBudgetDuration('1mo')!;
    const since = windowStart(duration, args.now);
    const id = `${caller.hash}|${model}|${since.getTime()}`;
    let spend = this.#spend.get(id);
    if (spend === undefined) {
      spend = this.#store.keyModelSpend({ apiKey: caller.hash, modelGroup: model, since });
      this.#spend.set(id, spend);
      spend.then((value) => this.#spend.set(id, value), () => this.#spend.delete(id));
    }
    return { id: `key:${caller.hash}:model:${model}:${since.getTime()}`, label: `model ${model} on this key`, spend: await spend, maxBudget: limit.budget_limit, resetAt: null };
  }

  /** Counts a recorded call's cost toward the windows cached for that key and model. */
  add(args: { keyHash: string; model: string; cost: number }): void {
    const prefix = `${args.keyHash}|${args.model}|`;
    for (const [id, value] of this.#spend) {
      if (id.startsWith(prefix) && typeof value === 'number') this.#spend.set(id, value + args.cost);
    }
  }
}
