import type { Deployment } from '../../spec/deployment.ts';
import { pickRandom, type RoutingStrategy } from './routing-strategy.ts';
import { MinuteUsage, underLimits } from './usage-strategy.ts';

/** LiteLLM prices a deployment it knows nothing about at $1 a token, so it is picked last. */
const UNKNOWN_COST = 1;

function costPerToken(d: Deployment): number {
  const read = (key: string): number | undefined => {
    const value = d.params[key] ?? d.info[key];
    return typeof value === 'number' ? value : undefined;
  };
  const input = read('input_cost_per_token');
  const output = read('output_cost_per_token');
  return input === undefined && output === undefined ? UNKNOWN_COST : (input ?? 0) + (output ?? 0);
}

/**
 * `cost-based-routing`: among deployments under their rpm/tpm, the cheapest by
 * input + output cost per token (custom pricing in litellm_params or model_info; the price
 * dataset joins when accounting lands).
 */
export function createCostStrategy(options: { random: () => number; now: () => number }): RoutingStrategy {
  const usage = new MinuteUsage(options.now);
  return {
    name: 'cost-based-routing',
    pick({ deployments, estimatedTokens }) {
      const open = underLimits({ deployments, usage, estimatedTokens });
      if (open.length === 0) return undefined;
      const cheapest = Math.min(...open.map(costPerToken));
      return pickRandom(open.filter((d) => costPerToken(d) === cheapest), options.random);
    },
    onStart: (d) => usage.add(d.id, { requests: 1, tokens: 0 }),
    onSuccess: (d, outcome) => usage.add(d.id, { requests: 0, tokens: outcome.totalTokens ?? 0 }),
  };
}
