import type { ProviderLogger } from '../spec/provider.ts';

/**
 * Calls whose cost is unknown (no price for the model, or no usage in the answer). Such a
 * call is never counted as $0: it is counted here, and the first one per model is logged as
 * a warning (later ones are not, so a busy unpriced model cannot flood the log).
 *
 * The metrics work reads `unpricedCalls()` (a monotonic total) and `unpricedCallsByModel()`.
 */
const byModel = new Map<string, number>();
let total = 0;

/** Counts an unpriced call and warns the first time a model is seen. */
export function recordUnpricedCall(args: { model: string; reason: 'unpriced' | 'no-usage'; log?: ProviderLogger | undefined }): void {
  total += 1;
  const seen = byModel.get(args.model) ?? 0;
  byModel.set(args.model, seen + 1);
  if (seen > 0) return;
  const message = args.reason === 'no-usage'
    ? 'the answer reported no token usage: its cost is unknown (not $0). Logged once per model.'
    : 'no price known for this model: its calls are counted as unpriced (not $0). Set input_cost_per_token / output_cost_per_token or model_info.base_model on the deployment. Logged once per model.';
  args.log?.warn({ model: args.model, reason: args.reason }, message);
}

/** How many calls were unpriced since the process started (monotonic, for a counter metric). */
export function unpricedCalls(): number {
  return total;
}

/** Unpriced calls per priced-model label (`<provider>/<model>`), since the process started. */
export function unpricedCallsByModel(): ReadonlyMap<string, number> {
  return byModel;
}

/** Forgets the counts and which models were logged (tests only). */
export function resetUnpricedCalls(): void {
  byModel.clear();
  total = 0;
}
