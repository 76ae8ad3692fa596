import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SwitchyardConfig } from '../config/config-types.ts';
import type { CallContext, ProviderLogger, ProviderResult, ProviderStream } from '../spec/provider.ts';
import type { Router, RouteResult } from '../router/router.ts';
import { countPromptTokens } from '../accounting/count-prompt-tokens.ts';
import { planAttempt, type CallPlan } from './plan-attempt.ts';
import type { PreparedRequest } from './prepare-request.ts';
import { litellmHeaders } from './response-headers.ts';
import { chunkForClient as forClient, type StreamChunk } from './chunk-for-client.ts';
import { SSE_HEADERS, writeSse } from './write-sse.ts';
import { toGatewayError } from './to-gateway-error.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { RouteEvents } from '../router/router-events.ts';
import { identifyCaller, type CallerIdentity } from '../access/identify-caller.ts';
import { emitCallComplete } from './call-events.ts';
import { buildCallEvent, type CallEnd } from './build-call-event.ts';
import type { CallCost } from '../accounting/call-cost.ts';
import { costHeaders, priceAnswer } from './response-cost.ts';
import { StreamAnswer } from './stream-answer.ts';

export interface CallDeps {
  router: Router;
  config: SwitchyardConfig;
  log: ProviderLogger;
  /** Observers of one request's attempts and fallbacks (metrics); `caller` is computed on demand. */
  routeEvents?: (caller: () => CallerIdentity) => RouteEvents;
}

export interface ExecuteCallOptions<T> {
  request: FastifyRequest;
  reply: FastifyReply;
  deps: CallDeps;
  prepared: PreparedRequest;
  /** Calls the provider for a whole answer. */
  once: (plan: CallPlan, ctx: CallContext) => Promise<ProviderResult<unknown>>;
  /** Calls the provider for a stream (routes that stream). */
  stream?: (plan: CallPlan, ctx: CallContext) => Promise<ProviderStream<T>>;
  /** The response cache, when it applies to this request and had no answer (src/server/cached-call.ts). */
  cache?: CacheHooks | undefined;
}

/** What the response cache needs of a call it could not answer. */
export interface CacheHooks {
  /** The cache key, for the call-complete event (a miss). */
  readonly key: string;
  /** The upstream answer; returns the body for the client (embeddings merge cached inputs in) and stores it. */
  answered(body: unknown): unknown;
  /** A stream that completed normally, assembled into one answer (called before its `[DONE]`). */
  streamed(response: Record<string, unknown>): void;
}

/** A stream that has produced its first chunk: from here on, failures are SSE error events. */
interface StartedStream<T> {
  plan: CallPlan;
  headers: Readonly<Record<string, string>>;
  iterator: AsyncIterator<T>;
  first: IteratorResult<T>;
  upstreamMs: number;
  /** performance.now() when the upstream call started. */
  startedAt: number;
}

/**
 * Runs one call through the router and answers the client: JSON, or SSE chunk by chunk.
 * A stream counts as started at its first chunk, so failures before it are retried and
 * fall back like any other; failures after it end the stream with an SSE `error` event.
 * The upstream is aborted as soon as the client goes away.
 */
export async function executeCall<T extends StreamChunk>(options: ExecuteCallOptions<T>): Promise<void> {
  const { request, reply, deps, prepared } = options;
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new ClientGoneError());
  });
  // After the answer (or failure), one call-complete event for cost, spend and metrics.
  let deployment: Deployment | undefined;
  const end: EndCall = ({ cost, ...rest }) => {
    const event = buildCallEvent({ request, config: deps.config, prepared, deployment, ...rest, ...(options.cache === undefined ? {} : { cacheHit: false, cacheKey: options.cache.key }) });
    emitCallComplete(cost === undefined ? event : { ...event, cost }, (error) => request.log.warn({ err: error }, 'call-complete listener failed'));
  };
  try {
    await routeAndAnswer({ ...options, onPick: (picked) => (deployment = picked), end, controller });
  } catch (error) {
    if (!controller.signal.aborted) end({ error });
    throw error;
  }
}

/** Emits the call-complete event with what the answer path knows. */
type EndCall = (rest: Omit<CallEnd, 'request' | 'config' | 'prepared' | 'deployment'> & { cost?: CallCost }) => void;

async function routeAndAnswer<T extends StreamChunk>(options: ExecuteCallOptions<T> & { onPick: (deployment: Deployment) => void; end: EndCall; controller: AbortController }): Promise<void> {
  const { request, reply, deps, prepared, end, controller } = options;
  const promptTokens = deps.router.needsPromptTokens ? await countPromptTokens(prepared.body) : undefined;
  let identity: CallerIdentity | undefined;
  const caller = (): CallerIdentity =>
    (identity ??= identifyCaller({ headers: request.headers, customHeader: deps.config.general_settings.litellm_key_header_name, body: prepared.body }));
  const route = <R>(attempt: (plan: CallPlan, ctx: CallContext) => Promise<R>, outcome?: (value: R) => { totalTokens?: number; completionTokens?: number }): Promise<RouteResult<R>> =>
    deps.router.route({
      model: prepared.model,
      ...(promptTokens === undefined ? {} : { promptTokens }),
      ...(outcome === undefined ? {} : { outcome }),
      signal: controller.signal,
      numRetries: prepared.controls.numRetries,
      clientFallbacks: prepared.controls.clientFallbacks,
      mockTesting: prepared.controls.mockTesting,
      events: deps.routeEvents?.(caller),
      attempt: (picked) => {
        options.onPick(picked.deployment);
        const plan = planAttempt(deps, prepared, picked);
        return attempt(plan, { deployment: plan.deployment, signal: controller.signal, timeoutMs: plan.timeoutMs, log: request.log });
      },
    });
  if (prepared.stream && options.stream !== undefined) {
    const startStream = options.stream;
    const routed = await route(async (plan, ctx): Promise<StartedStream<T>> => {
      const started = performance.now();
      const upstream = await startStream(plan, ctx);
      const iterator = upstream.chunks[Symbol.asyncIterator]();
      const first = await iterator.next();
      return { plan, headers: upstream.headers, iterator, first, upstreamMs: performance.now() - started, startedAt: started };
    });
    const written = await writeStream({ request, reply, routed, signal: controller.signal, onComplete: options.cache?.streamed });
    if (controller.signal.aborted) return;
    const { headers, upstreamMs: ttftMs, startedAt } = routed.value;
    const streamMs = performance.now() - startedAt;
    // A stream's cost is known at its end, from the last usage chunk.
    const cost = written.error === undefined ? priceAnswer({ request, plan: routed.value.plan, answer: { usage: written.usage }, upstreamMs: streamMs }) : undefined;
    end({ ...written, upstreamMs: streamMs, ttftMs, firstChunkAt: startedAt + ttftMs, upstreamHeaders: headers, ...(cost === undefined ? {} : { cost }) });
    return;
  }
  let upstreamMs = 0;
  const routed = await route(async (plan, ctx) => {
    const started = performance.now();
    const result = await options.once(plan, ctx);
    upstreamMs = performance.now() - started;
    return { plan, result };
  }, ({ result }) => usageOutcome(result.body));
  const { plan, result } = routed.value;
  const cost = priceAnswer({ request, plan, answer: result.body, upstreamMs });
  reply.headers({
    ...litellmHeaders({ plan, upstream: result.headers, elapsedMs: performance.now() - request.startedAt, upstreamMs }),
    ...routingHeaders(routed, deps),
    ...costHeaders(cost),
  });
  const body = options.cache === undefined ? result.body : options.cache.answered(result.body);
  await reply.send(body);
  end({ usage: (body as { usage?: unknown } | null)?.usage, upstreamMs, upstreamHeaders: result.headers, cost, response: body });
}

/** Token counts of an answer, for tpm accounting and latency-per-token routing. */
function usageOutcome(body: unknown): { totalTokens?: number; completionTokens?: number } {
  if (typeof body !== 'object' || body === null) return {};
  const usage = (body as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return {};
  const { total_tokens: total, completion_tokens: completion } = usage as { total_tokens?: unknown; completion_tokens?: unknown };
  return { ...(typeof total === 'number' ? { totalTokens: total } : {}), ...(typeof completion === 'number' ? { completionTokens: completion } : {}) };
}

/** Raised into the upstream call when the client disconnects; nothing is sent. */
export class ClientGoneError extends Error {
  constructor() {
    super('client closed the connection');
    this.name = 'ClientGoneError';
  }
}

function routingHeaders(routed: RouteResult<unknown>, deps: CallDeps): Record<string, string> {
  return {
    'x-litellm-attempted-retries': String(routed.attemptedRetries),
    'x-litellm-max-retries': String(routed.maxRetries),
    'x-litellm-attempted-fallbacks': String(routed.attemptedFallbacks),
    'x-litellm-max-fallbacks': String(deps.router.settings.maxFallbacks),
  };
}

/** Writes the stream; says the usage it carried and the failure that ended it, if any. */
async function writeStream<T extends StreamChunk>(args: { request: FastifyRequest; reply: FastifyReply; routed: RouteResult<StartedStream<T>>; signal: AbortSignal; onComplete?: ((response: Record<string, unknown>) => void) | undefined }): Promise<{ usage?: unknown; error?: unknown; response?: Record<string, unknown> }> {
  const { request, reply, routed } = args;
  const { plan, iterator, upstreamMs } = routed.value;
  let next = routed.value.first;
  let usage: unknown;
  const answer = new StreamAnswer();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...SSE_HEADERS,
    'x-litellm-call-id': String(request.id),
    ...litellmHeaders({ plan, upstream: routed.value.headers, elapsedMs: performance.now() - request.startedAt, upstreamMs }),
    'x-litellm-attempted-retries': String(routed.attemptedRetries),
    'x-litellm-max-retries': String(routed.maxRetries),
    'x-litellm-attempted-fallbacks': String(routed.attemptedFallbacks),
  });
  try {
    while (next.done !== true) {
      if (next.value.usage !== undefined && next.value.usage !== null) usage = next.value.usage;
      answer.add(next.value);
      const chunk = forClient(next.value, plan.wantsUsage);
      if (chunk !== undefined && !(await writeSse(res, JSON.stringify(chunk)))) {
        await iterator.return?.();
        return { usage };
      }
      next = await iterator.next();
    }
    const response = answer.toResponse(usage);
    // Before [DONE]: a client that asks again right after the stream finds the entry.
    args.onComplete?.(response);
    await writeSse(res, '[DONE]');
    res.end();
    return { usage, response };
  } catch (error) {
    if (args.signal.aborted) return {};
    const gatewayError = toGatewayError(error);
    request.log[gatewayError.status >= 500 ? 'error' : 'warn']({ err: error, status: gatewayError.status }, 'stream failed after it started');
    await writeSse(res, JSON.stringify(gatewayError.toBody()));
    res.end();
    return { error, response: answer.toResponse(usage) };
  }
}
