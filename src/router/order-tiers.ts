import type { Deployment } from '../spec/deployment.ts';

/**
 * Deployments by `order` priority: lowest first; deployments without an order come after
 * all ordered ones. A group with no `order` at all is one tier.
 */
export function orderTiers(deployments: readonly Deployment[]): (readonly Deployment[])[] {
  if (!deployments.some((d) => typeof d.params.order === 'number')) return [deployments];
  const byOrder = new Map<number, Deployment[]>();
  for (const d of deployments) {
    const order = typeof d.params.order === 'number' ? d.params.order : Number.POSITIVE_INFINITY;
    byOrder.set(order, [...(byOrder.get(order) ?? []), d]);
  }
  return [...byOrder.entries()].sort(([a], [b]) => a - b).map(([, tier]) => tier);
}
