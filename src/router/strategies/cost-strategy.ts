import type { Deployment } from '../../spec/deployment.ts';
import { pickRandom, type RoutingStrategy } from './routing-strategy.ts';
import { underLimits, type MinuteUsage } from '../minute-usage.ts';

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
export function createCostStrategy(options: { random: () => number; usage: MinuteUsage }): RoutingStrategy {
  const { usage } = options;
  return {
    name: 'cost-based-routing',
    pick({ deployments, estimatedTokens }) {
      const open = deployments.filter((deployment) => underLimits({ deployment, usage, promptTokens: estimatedTokens }));
      if (open.length === 0) return undefined;
      const cheapest = Math.min(...open.map(costPerToken));
      return pickRandom(open.filter((d) => costPerToken(d) === cheapest), options.random);
    },
  };
}
