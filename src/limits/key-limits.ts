import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../access/caller.ts';
import { onCallComplete } from '../server/call-events.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { rateLimitHeaders, type Admitted, type LimitScope, type RateLimiter } from './rate-limiter.ts';

/** What a scope is called in an error message (never a key or its hash). */
const LABELS: Readonly<Record<string, string>> = { key: 'key', model: 'model on this key', user: "key's user", team: "key's team" };

/**
 * The rate limits of virtual keys on the LLM routes: `rpm_limit`, `tpm_limit` and
 * `max_parallel_requests` of the key, and its `model_rpm_limit` / `model_tpm_limit` for the
 * model asked for — all admitted together. A refusal is a 429 `key_rate_limited` with
 * `retry-after` and `x-ratelimit-*`; an admitted request gets the `x-ratelimit-*` headers, its
 * parallel slot back when the answer ends, and its tokens counted when the call completes.
 */
export class KeyLimits {
  readonly #limiter: RateLimiter;
  readonly #open = new Map<string, Admitted>();
  readonly #unsubscribe: () => void;

  constructor(limiter: RateLimiter) {
    this.#limiter = limiter;
    this.#unsubscribe = onCallComplete((event) => {
      const admitted = this.#open.get(event.requestId);
      if (admitted === undefined) return;
      this.#open.delete(event.requestId);
      const tokens = event.usage?.total_tokens ?? 0;
      if (tokens > 0) void admitted.recordTokens(tokens);
    });
  }

  /** Admits the request or throws the 429; no-op for callers without limits. */
  async admit(args: { request: FastifyRequest; reply: FastifyReply; model: string; ownerScopes?: readonly LimitScope[] }): Promise<void> {
    const scopes = [...scopesOf(args.request.caller, args.model), ...(args.ownerScopes ?? [])];
    if (scopes.length === 0) return;
    const admission = await this.#limiter.admit(scopes);
    args.reply.headers(rateLimitHeaders(admission.state));
    if (!admission.allowed) {
      const [kind = 'key'] = admission.scopeId.split(':');
      const what = admission.kind === 'parallel' ? 'parallel requests' : admission.kind === 'rpm' ? 'requests per minute' : 'tokens per minute';
      throw new GatewayError('key_rate_limited', `Rate limit exceeded for ${LABELS[kind] ?? kind}: ${what} limit ${admission.limit} reached. Try again in ${admission.retryAfterS} seconds.`, { retryAfter: String(admission.retryAfterS) });
    }
    const id = String(args.request.id);
    this.#open.set(id, admission);
    args.reply.raw.once('close', () => {
      void admission.release();
      // The call-complete event (with the tokens) comes at about the same time; keep the entry briefly for it.
      setTimeout(() => this.#open.delete(id), 5_000).unref();
    });
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    await this.#limiter.close();
  }
}

function scopesOf(caller: Caller, model: string): LimitScope[] {
  if (caller.kind !== 'virtual') return [];
  const { key, hash } = caller;
  const scopes: LimitScope[] = [];
  if (key.rpm_limit !== null || key.tpm_limit !== null || key.max_parallel_requests !== null) {
    scopes.push({ id: `key:${hash}`, rpm: key.rpm_limit ?? undefined, tpm: key.tpm_limit ?? undefined, maxParallel: key.max_parallel_requests ?? undefined });
  }
  const modelRpm = key.model_rpm_limit[model];
  const modelTpm = key.model_tpm_limit[model];
  if (modelRpm !== undefined || modelTpm !== undefined) scopes.push({ id: `model:${hash}:${model}`, rpm: modelRpm, tpm: modelTpm });
  return scopes;
}
