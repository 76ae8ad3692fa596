import type { Deployment } from '../../spec/deployment.ts';
import { pickRandom, type RoutingStrategy } from './routing-strategy.ts';

/** Requests and tokens per deployment in the current minute (this process). */
export class MinuteUsage {
  readonly #usage = new Map<string, { minute: number; requests: number; tokens: number }>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  get(id: string): { requests: number; tokens: number } {
    const entry = this.#usage.get(id);
    return entry !== undefined && entry.minute === this.#minute() ? entry : { requests: 0, tokens: 0 };
  }

  add(id: string, usage: { requests: number; tokens: number }): void {
    const current = this.get(id);
    this.#usage.set(id, { minute: this.#minute(), requests: current.requests + usage.requests, tokens: current.tokens + usage.tokens });
  }

  #minute(): number {
    return Math.floor(this.#now() / 60_000);
  }
}

/** Deployments that can take one more request of `estimatedTokens` without passing their rpm/tpm. */
export function underLimits(options: { deployments: readonly Deployment[]; usage: MinuteUsage; estimatedTokens: number }): Deployment[] {
  return options.deployments.filter((d) => {
    const used = options.usage.get(d.id);
    const { rpm, tpm } = d.params;
    if (typeof rpm === 'number' && used.requests + 1 > rpm) return false;
    return !(typeof tpm === 'number' && used.tokens + options.estimatedTokens > tpm);
  });
}

/**
 * `usage-based-routing-v2` (and `usage-based-routing`): never over a deployment's `rpm` /
 * `tpm` this minute; among the rest the one with the fewest tokens used.
 */
export function createUsageStrategy(options: { random: () => number; now: () => number; name: string }): RoutingStrategy {
  const usage = new MinuteUsage(options.now);
  return {
    name: options.name,
    pick({ deployments, estimatedTokens }) {
      const open = underLimits({ deployments, usage, estimatedTokens });
      if (open.length === 0) return undefined;
      const least = Math.min(...open.map((d) => usage.get(d.id).tokens));
      return pickRandom(open.filter((d) => usage.get(d.id).tokens === least), options.random);
    },
    onStart: (d) => usage.add(d.id, { requests: 1, tokens: 0 }),
    onSuccess: (d, outcome) => usage.add(d.id, { requests: 0, tokens: outcome.totalTokens ?? 0 }),
  };
}
