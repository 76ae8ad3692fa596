import { underLimits, type MinuteUsage } from '../minute-usage.ts';
import { pickRandom, type RoutingStrategy } from './routing-strategy.ts';

/**
 * `usage-based-routing-v2` (and `usage-based-routing`): never over a deployment's `rpm` /
 * `tpm` this minute; among the rest the one with the fewest tokens used. The router keeps
 * `usage` current.
 */
export function createUsageStrategy(options: { random: () => number; usage: MinuteUsage; name: string }): RoutingStrategy {
  const { usage } = options;
  return {
    name: options.name,
    pick({ deployments, estimatedTokens }) {
      const open = deployments.filter((deployment) => underLimits({ deployment, usage, promptTokens: estimatedTokens }));
      if (open.length === 0) return undefined;
      const least = Math.min(...open.map((d) => usage.get(d.id).tokens));
      return pickRandom(open.filter((d) => usage.get(d.id).tokens === least), options.random);
    },
  };
}
