import type { Deployment } from '../../spec/deployment.ts';

/** What a strategy learns about a finished attempt. */
export interface AttemptOutcome {
  latencyMs: number;
  /** Streams: time to the first chunk. */
  timeToFirstTokenMs?: number;
  totalTokens?: number;
  completionTokens?: number;
}

/**
 * Picks one deployment among the healthy ones of a group, per attempt. Strategies keep
 * their own state (in-flight counts, latencies, per-minute usage) through the hooks.
 */
export interface RoutingStrategy {
  readonly name: string;
  /** Undefined when none may take the request (e.g. all over their rpm/tpm). */
  pick(options: { deployments: readonly Deployment[]; estimatedTokens: number }): Deployment | undefined;
  onStart?(deployment: Deployment): void;
  onSuccess?(deployment: Deployment, outcome: AttemptOutcome): void;
  onFailure?(deployment: Deployment): void;
  onEnd?(deployment: Deployment): void;
}

/** A uniform pick among `candidates`, `random` in [0, 1). */
export function pickRandom<T>(candidates: readonly T[], random: () => number): T | undefined {
  return candidates[Math.floor(random() * candidates.length)];
}
