import type { Deployment } from '../spec/deployment.ts';

/**
 * LiteLLM's default strategy: weighted random by `weight`, else by `rpm`, else by `tpm`,
 * else uniform. `random` returns a number in [0, 1) (injectable for deterministic tests).
 */
export function simpleShuffle(deployments: readonly Deployment[], random: () => number = Math.random): Deployment | undefined {
  if (deployments.length <= 1) return deployments[0];
  for (const key of ['weight', 'rpm', 'tpm'] as const) {
    const weights = deployments.map((d) => d.params[key]);
    if (weights.some((w) => typeof w === 'number' && w > 0)) return pickWeighted(deployments, weights.map((w) => (typeof w === 'number' && w > 0 ? w : 0)), random);
  }
  return deployments[Math.floor(random() * deployments.length)];
}

function pickWeighted(deployments: readonly Deployment[], weights: readonly number[], random: () => number): Deployment | undefined {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let point = random() * total;
  for (let i = 0; i < deployments.length; i++) {
    point -= weights[i] ?? 0;
    if (point < 0) return deployments[i];
  }
  // Float rounding can leave `point` just above 0: take the last deployment that has weight.
  for (let i = deployments.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return deployments[i];
  return deployments[deployments.length - 1];
}
