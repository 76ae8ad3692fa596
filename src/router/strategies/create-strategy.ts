import { createCostStrategy } from './cost-strategy.ts';
import { createLatencyStrategy } from './latency-strategy.ts';
import { createLeastBusyStrategy } from './least-busy-strategy.ts';
import type { MinuteUsage } from '../minute-usage.ts';
import type { RoutingStrategy } from './routing-strategy.ts';
import { createSimpleShuffleStrategy } from './simple-shuffle-strategy.ts';
import { createUsageStrategy } from './usage-strategy.ts';

/** `router_settings.routing_strategy` → strategy. An unknown name is a start-up error. */
/** `usage` is the router's per-minute usage, which it keeps current for every strategy. */
export function createStrategy(options: { name: string; args: Record<string, unknown>; random: () => number; now: () => number; usage: MinuteUsage }): RoutingStrategy {
  const { random, now, usage } = options;
  switch (options.name) {
    case 'simple-shuffle':
      return createSimpleShuffleStrategy({ random });
    case 'least-busy':
      return createLeastBusyStrategy({ random });
    case 'latency-based-routing':
      return createLatencyStrategy({ random, now, args: options.args });
    case 'usage-based-routing':
    case 'usage-based-routing-v2':
      return createUsageStrategy({ random, usage, name: options.name });
    case 'cost-based-routing':
      return createCostStrategy({ random, usage });
    default:
      throw new Error(`router_settings.routing_strategy "${options.name}" is not one of simple-shuffle, least-busy, latency-based-routing, usage-based-routing-v2, cost-based-routing`);
  }
}
