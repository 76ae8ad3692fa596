import type { Caller } from '../access/caller.ts';
import { countPromptTokens } from './count-prompt-tokens.ts';
import { computeCost } from './compute-cost.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { CallType } from '../spec/provider.ts';
import { GatewayError } from '../spec/gateway-error.ts';

/** Output tokens assumed when a request sets no max_tokens and the model's limit is unknown. */
const DEFAULT_WORST_OUTPUT_TOKENS = 4096;

/**
 * Budgets that hold under concurrency: a request is admitted only if the key's spend, plus
 * what requests in flight may still cost (their reservations), plus this request's worst case
 * stays within `max_budget`. The worst case is the prompt's tokens plus `max_tokens` (or the
 * model's output limit, else 4,096) at the priciest deployment of the group. The reservation
 * is released when the answer ends; the real cost is then in the key's spend.
 * Reservations are per process (replicas: see docs/keys.md).
 */
export class BudgetReservations {
  readonly #reserved = new Map<string, number>();
  readonly #allowUnpriced: boolean;

  /** `allowUnpriced`: `litellm_settings.allow_unpriced_models_for_budgets` — let budgeted keys use models with no known price (charged $0). */
  constructor(options: { allowUnpriced?: boolean } = {}) {
    this.#allowUnpriced = options.allowUnpriced === true;
  }

  /**
   * Reserves this request's worst case against every budget that applies — the key's, and
   * its user's and team's (`holders`) — or throws 429 budget_exceeded naming the first one
   * that would be passed. Returns the release function (undefined when no budget applies).
   */
  async reserve(args: { caller: Caller; holders?: readonly BudgetHolder[]; call: CallType; body: Readonly<Record<string, unknown>>; deployments: readonly Deployment[]; now: Date }): Promise<(() => void) | undefined> {
    const { caller } = args;
    if (caller.kind !== 'virtual') return undefined;
    const { key, hash } = caller;
    const holders = [{ id: `key:${hash}`, label: 'key', spend: key.spend, maxBudget: key.max_budget, resetAt: key.budget_reset_at }, ...(args.holders ?? [])]
      .filter((h): h is BudgetHolder & { maxBudget: number } => h.maxBudget !== null);
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
    for (const holder of holders) {
      const reset = holder.resetAt !== null && holder.resetAt.getTime() <= args.now.getTime();
      const spend = reset ? 0 : holder.spend;
      const reserved = this.#reserved.get(holder.id) ?? 0;
      const budget = holder.maxBudget;
      if (spend + reserved + estimate > budget) {
        const who = holder.label === 'key' ? '' : ` for ${holder.label}`;
        throw new GatewayError(
          'budget_exceeded',
          `Budget has been exceeded${who}! Current cost: ${spend}, Max budget: ${budget}` + (spend < budget ? ` (with requests in flight and this request's worst case of $${estimate.toPrecision(3)}, it could be passed)` : ''),
        );
      }
    }
    for (const holder of holders) this.#reserved.set(holder.id, (this.#reserved.get(holder.id) ?? 0) + estimate);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const holder of holders) {
        const left = (this.#reserved.get(holder.id) ?? estimate) - estimate;
        if (left <= 1e-12) this.#reserved.delete(holder.id);
        else this.#reserved.set(holder.id, left);
      }
    };
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
