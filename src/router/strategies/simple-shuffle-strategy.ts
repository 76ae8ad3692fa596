import { simpleShuffle } from '../simple-shuffle.ts';
import type { RoutingStrategy } from './routing-strategy.ts';

/** `simple-shuffle` (default): weighted random by weight, rpm or tpm; no shared state. */
export function createSimpleShuffleStrategy(options: { random: () => number }): RoutingStrategy {
  return { name: 'simple-shuffle', pick: ({ deployments }) => simpleShuffle(deployments, options.random) };
}
