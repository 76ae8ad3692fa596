import type { Deployment } from '../../spec/deployment.ts';
import { pickRandom, type RoutingStrategy } from './routing-strategy.ts';

/** LiteLLM's penalty for a failed call: 1000 seconds. */
const FAILURE_PENALTY_MS = 1_000_000;

/**
 * `latency-based-routing`: the lowest average of the last `max_latency_list_size` (10)
 * latencies per deployment within `ttl` (3600 s) — time to first token for streams, per
 * completion token otherwise — picking at random among those within
 * `lowest_latency_buffer` × the lowest. Deployments with no samples are tried first.
 */
export function createLatencyStrategy(options: { random: () => number; now: () => number; args: Record<string, unknown> }): RoutingStrategy {
  const ttlMs = (typeof options.args['ttl'] === 'number' ? options.args['ttl'] : 3600) * 1000;
  const buffer = typeof options.args['lowest_latency_buffer'] === 'number' ? options.args['lowest_latency_buffer'] : 0;
  const size = typeof options.args['max_latency_list_size'] === 'number' ? options.args['max_latency_list_size'] : 10;
  const samples = new Map<string, { at: number; value: number }[]>();
  const add = (d: Deployment, value: number): void => {
    const list = [...(samples.get(d.id) ?? []), { at: options.now(), value }];
    samples.set(d.id, list.slice(-size));
  };
  const average = (d: Deployment): number => {
    const fresh = (samples.get(d.id) ?? []).filter((s) => options.now() - s.at < ttlMs);
    return fresh.length === 0 ? 0 : fresh.reduce((sum, s) => sum + s.value, 0) / fresh.length;
  };
  return {
    name: 'latency-based-routing',
    pick({ deployments }) {
      const scored = deployments.map((d) => ({ d, avg: average(d) }));
      const lowest = Math.min(...scored.map((s) => s.avg));
      return pickRandom(scored.filter((s) => s.avg <= lowest * (1 + buffer)).map((s) => s.d), options.random);
    },
    onSuccess(d, outcome) {
      const perToken = outcome.completionTokens !== undefined && outcome.completionTokens > 0 ? outcome.latencyMs / outcome.completionTokens : outcome.latencyMs;
      add(d, outcome.timeToFirstTokenMs ?? perToken);
    },
    onFailure: (d) => add(d, FAILURE_PENALTY_MS),
  };
}
