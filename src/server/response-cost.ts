import type { FastifyRequest } from 'fastify';
import type { CallCost } from '../accounting/call-cost.ts';
import { costOfAnswer } from '../accounting/cost-of-answer.ts';
import { formatResponseCost } from '../accounting/format-response-cost.ts';
import type { CallPlan } from './plan-attempt.ts';

/**
 * The cost of an answered call on the deployment that answered it. `answer` is the canonical
 * body, or `{ usage }` with a stream's last usage chunk. Upstream time prices per-second models.
 */
export function priceAnswer(args: { request: FastifyRequest; plan: CallPlan; answer: unknown; upstreamMs: number }): CallCost {
  const { plan } = args;
  return costOfAnswer({ deployment: plan.deployment, call: plan.call, request: plan.body, answer: args.answer, durationMs: args.upstreamMs, log: args.request.log });
}

/** `x-litellm-response-cost` for a priced call; nothing for an unpriced one (never a false 0). */
export function costHeaders(cost: CallCost): Record<string, string> {
  return cost.priced ? { 'x-litellm-response-cost': formatResponseCost(cost.cost) } : {};
}
