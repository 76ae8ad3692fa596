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

  /** Reserves this request's worst case, or throws 429 budget_exceeded. Returns the release function. */
  async reserve(args: { caller: Caller; call: CallType; body: Readonly<Record<string, unknown>>; deployments: readonly Deployment[]; now: Date }): Promise<(() => void) | undefined> {
    const { caller } = args;
    if (caller.kind !== 'virtual') return undefined;
    const { key, hash } = caller;
    const budget = key.max_budget;
    if (budget === null) return undefined;
    const reset = key.budget_reset_at !== null && key.budget_reset_at.getTime() <= args.now.getTime();
    const spend = reset ? 0 : key.spend;
    const estimate = await worstCase(args);
    const reserved = this.#reserved.get(hash) ?? 0;
    if (spend + reserved + estimate > budget) {
      throw new GatewayError(
        'budget_exceeded',
        `Budget has been exceeded! Current cost: ${spend}, Max budget: ${budget}` + (spend < budget ? ` (with requests in flight and this request's worst case of $${estimate.toPrecision(3)}, it could be passed)` : ''),
      );
    }
    this.#reserved.set(hash, reserved + estimate);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#reserved.get(hash) ?? estimate) - estimate;
      if (left <= 1e-12) this.#reserved.delete(hash);
      else this.#reserved.set(hash, left);
    };
  }
}

async function worstCase(args: { call: CallType; body: Readonly<Record<string, unknown>>; deployments: readonly Deployment[] }): Promise<number> {
  const prompt = await countPromptTokens(args.body);
  const asked = args.body['max_completion_tokens'] ?? args.body['max_tokens'];
  let worst = 0;
  for (const deployment of args.deployments) {
    const limit = deployment.info.max_output_tokens ?? deployment.info.max_tokens;
    const output = typeof asked === 'number' ? asked : typeof limit === 'number' ? limit : DEFAULT_WORST_OUTPUT_TOKENS;
    const completion = args.call === 'embedding' ? 0 : output;
    const cost = computeCost({ deployment, call: args.call, usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });
    if (cost.priced) worst = Math.max(worst, cost.cost);
  }
  return worst;
}
