import type { CallPlan } from './plan-attempt.ts';
import { SWITCHYARD_VERSION } from './version.ts';

/** Upstream headers passed on unprefixed: the provider's own rate-limit state. */
const PASS_THROUGH_PREFIX = 'x-ratelimit-';

/** Upstream headers about the upstream connection itself, meaningless to the client. */
const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection']);

/**
 * The `x-litellm-*` headers of an answer, plus every upstream header as
 * `llm_provider-<name>` (as LiteLLM does) and the provider's `x-ratelimit-*` headers.
 */
export function litellmHeaders(args: {
  plan: CallPlan;
  upstream: Readonly<Record<string, string>>;
  elapsedMs: number;
  upstreamMs: number;
}): Record<string, string> {
  const { plan } = args;
  const headers: Record<string, string> = {
    'x-litellm-model-id': plan.deployment.id,
    'x-litellm-model-group': plan.requestedModel,
    'x-litellm-model-api-base': safeApiBase(plan),
    'x-litellm-response-duration-ms': args.elapsedMs.toFixed(3),
    'x-litellm-overhead-duration-ms': Math.max(0, args.elapsedMs - args.upstreamMs).toFixed(3),
    'x-litellm-timeout': String(plan.timeoutMs / 1000),
    'x-litellm-version': SWITCHYARD_VERSION,
  };
  for (const name in args.upstream) {
    const value = args.upstream[name];
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[`llm_provider-${name}`] = value;
    if (name.startsWith(PASS_THROUGH_PREFIX)) headers[name] = value;
  }
  return headers;
}

function safeApiBase(plan: CallPlan): string {
  try {
    return plan.provider.apiBase(plan.deployment);
  } catch {
    return '';
  }
}
