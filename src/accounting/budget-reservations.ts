import type { Caller } from '../access/caller.ts';
import { countPromptTokens } from './count-prompt-tokens.ts';
import { computeCost } from './compute-cost.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { CallType } from '../spec/provider.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { onCallComplete } from '../server/call-events.ts';
import { MemoryReservationLedger, type ReservationLedger } from './reservation-ledger.ts';

/** Output tokens assumed when a request sets no max_tokens and the model's limit is unknown. */
const DEFAULT_WORST_OUTPUT_TOKENS = 4096;

/**
 * Budgets that hold under concurrency: a request is admitted only if, for the key and its
 * user and team, spend plus what requests in flight may still cost (their reservations) plus
 * this request's worst case stays within `max_budget`. The worst case is the prompt's tokens
 * plus `max_tokens` (or the model's output limit, else 4,096) at the priciest deployment of
 * the group. A reservation is settled when the call completes (its real cost counted); the
 * ledger is this process's memory, or Redis so that all replicas together hold the budget.
 */
export class BudgetReservations {
  readonly #ledger: ReservationLedger;
  readonly #allowUnpriced: boolean;
  readonly #open = new Map<string, { ids: string[]; estimate: number }>();
  readonly #unsubscribe: () => void;

  /** `allowUnpriced`: `litellm_settings.allow_unpriced_models_for_budgets` — let budgeted keys use models with no known price (charged $0). */
  constructor(options: { allowUnpriced?: boolean; ledger?: ReservationLedger } = {}) {
    this.#allowUnpriced = options.allowUnpriced === true;
    this.#ledger = options.ledger ?? new MemoryReservationLedger();
    this.#unsubscribe = onCallComplete((event) => {
      const cost = event.cost?.priced === true ? event.cost.cost : 0;
      this.#settle(event.requestId, cost);
    });
  }

  /**
   * Reserves this request's worst case against every budget that applies — the key's, and
   * its user's and team's (`holders`) — or throws 429 budget_exceeded naming the first one
   * that would be passed. Returns what to call when the answer ends (undefined when no budget
   * applies): a reservation whose call never completed is then freed with no cost.
   */
  async reserve(args: { requestId: string; caller: Caller; holders?: readonly BudgetHolder[]; call: CallType; body: Readonly<Record<string, unknown>>; deployments: readonly Deployment[]; now: Date }): Promise<(() => void) | undefined> {
    const { caller } = args;
    const own: BudgetHolder[] = caller.kind === 'virtual' ? [{ id: `key:${caller.hash}`, label: 'key', spend: caller.key.spend, maxBudget: caller.key.max_budget, resetAt: caller.key.budget_reset_at }] : [];
    const holders = [...own, ...(args.holders ?? [])].filter((h): h is BudgetHolder & { maxBudget: number } => h.maxBudget !== null);
    if (holders.length === 0) return undefined;
    const worst = await worstCase(args);
    if (worst === undefined && !this.#allowUnpriced) {
      throw new GatewayError(
        'bad_request',
        `No price is known for model "${String(args.body['model'])}", so a key with a budget may not use it (its spend could not be counted). Set input_cost_per_token / output_cost_per_token on the deployment, or litellm_settings.allow_unpriced_models_for_budgets: true.`,
        { param: 'model' },
      );
    }
    const estimate = worst ?? 0;
    const ledgerHolders = holders.map((h) => ({
      id: h.id,
      maxBudget: h.maxBudget,
      knownSpend: h.resetAt !== null && h.resetAt.getTime() <= args.now.getTime() ? 0 : h.spend,
    }));
    const result = await this.#ledger.reserve(ledgerHolders, estimate);
    if (!result.ok) {
      const holder = holders.find((h) => h.id === result.holderId);
      const who = holder === undefined || holder.label === 'key' ? '' : ` for ${holder.label}`;
      const budget = holder?.maxBudget ?? 0;
      throw new GatewayError(
        'budget_exceeded',
        `Budget has been exceeded${who}! Current cost: ${result.spend}, Max budget: ${budget}` + (result.spend < budget ? ` (with requests in flight and this request's worst case of $${estimate.toPrecision(3)}, it could be passed)` : ''),
      );
    }
    this.#open.set(args.requestId, { ids: holders.map((h) => h.id), estimate });
    return () => {
      // The call-complete event (with the real cost) comes at about the same time; give it a moment.
      setTimeout(() => this.#settle(args.requestId, 0), 5_000).unref();
    };
  }

  /** Forgets a holder's shared spend after its budget was reset. */
  async reset(holderId: string): Promise<void> {
    await this.#ledger.reset(holderId);
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    for (const requestId of [...this.#open.keys()]) this.#settle(requestId, 0);
    await this.#ledger.close();
  }

  #settle(requestId: string, cost: number): void {
    const entry = this.#open.get(requestId);
    if (entry === undefined) return;
    this.#open.delete(requestId);
    void this.#ledger.settle(entry.ids, entry.estimate, cost);
  }
}

/** A budget besides the key's: its user's or its team's. */
export interface BudgetHolder {
  /** Stable id, e.g. `user:<id>`, `team:<id>`. */
  id: string;
  /** How the error names it, e.g. `user ana`, `team risk-team`. */
  label: string;
  spend: number;
  maxBudget: number | null;
  resetAt: Date | null;
}

/** The priciest deployment's worst case in USD; undefined when no deployment of the group is priced. */
async function worstCase(args: { call: CallType; body: Readonly<Record<string, unknown>>; deployments: readonly Deployment[] }): Promise<number | undefined> {
  const prompt = await countPromptTokens(args.body);
  const asked = args.body['max_completion_tokens'] ?? args.body['max_tokens'];
  let worst: number | undefined;
  for (const deployment of args.deployments) {
    const limit = deployment.info.max_output_tokens ?? deployment.info.max_tokens;
    const output = typeof asked === 'number' ? asked : typeof limit === 'number' ? limit : DEFAULT_WORST_OUTPUT_TOKENS;
    const completion = args.call === 'embedding' ? 0 : output;
    // The built-in mock answers offline and costs nothing.
    if (deployment.provider === 'mock' || deployment.params.mock_response !== undefined) {
      worst = Math.max(worst ?? 0, 0);
      continue;
    }
    const cost = computeCost({ deployment, call: args.call, usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });
    if (cost.priced) worst = Math.max(worst ?? 0, cost.cost);
  }
  return worst;
}
