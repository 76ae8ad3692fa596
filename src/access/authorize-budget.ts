import { GatewayError } from '../spec/gateway-error.ts';
import type { Caller } from './caller.ts';

/**
 * Refuses a virtual key that has spent its `max_budget` (429 `budget_exceeded`, naming spend
 * and budget). A budget whose `budget_reset_at` has passed counts as reset. Spend is read
 * from the key cache, which this replica updates as each call is recorded; other replicas'
 * spend arrives with the next cache refresh (the key cache TTL).
 */
export function authorizeBudget(caller: Caller, now: Date): void {
  if (caller.kind !== 'virtual') return;
  const { key } = caller;
  if (key.max_budget === null) return;
  const reset = key.budget_reset_at !== null && key.budget_reset_at.getTime() <= now.getTime();
  const spend = reset ? 0 : key.spend;
  if (spend >= key.max_budget) {
    throw new GatewayError('budget_exceeded', `Budget has been exceeded! Current cost: ${spend}, Max budget: ${key.max_budget}`);
  }
}
