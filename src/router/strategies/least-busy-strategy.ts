import type { Deployment } from '../../spec/deployment.ts';
import { pickRandom, type RoutingStrategy } from './routing-strategy.ts';

/** `least-busy`: the deployment with the fewest requests in flight (in this process), ties at random. */
export function createLeastBusyStrategy(options: { random: () => number }): RoutingStrategy {
  const inFlight = new Map<string, number>();
  return {
    name: 'least-busy',
    pick({ deployments }) {
      let best: Deployment[] = [];
      let min = Infinity;
      for (const d of deployments) {
        const n = inFlight.get(d.id) ?? 0;
        if (n < min) {
          min = n;
          best = [d];
        } else if (n === min) best.push(d);
      }
      return pickRandom(best, options.random);
    },
    onStart: (d) => inFlight.set(d.id, (inFlight.get(d.id) ?? 0) + 1),
    onEnd: (d) => inFlight.set(d.id, Math.max(0, (inFlight.get(d.id) ?? 1) - 1)),
  };
}
