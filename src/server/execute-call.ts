import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../spec/gateway-error.ts';
import type { CallContext, ProviderResult, ProviderStream } from '../spec/provider.ts';
import type { CallPlan } from './plan-call.ts';
import { litellmHeaders } from './response-headers.ts';
import { SSE_HEADERS, writeSse } from './write-sse.ts';
import { toGatewayError } from './to-gateway-error.ts';

/** A streamed chunk: every canonical chunk type has `choices` and may carry `usage`. */
interface StreamChunk {
  choices: readonly unknown[];
  usage?: unknown;
}

export interface ExecuteCallOptions<T> {
  request: FastifyRequest;
  reply: FastifyReply;
  plan: CallPlan;
  /** Calls the provider for a whole answer. */
  once?: (ctx: CallContext) => Promise<ProviderResult<unknown>>;
  /** Calls the provider for a stream (used when the plan says stream). */
  stream?: (ctx: CallContext) => Promise<ProviderStream<T>>;
}

/**
 * Runs one planned call and answers the client: JSON, or SSE chunk by chunk. The upstream is
 * aborted as soon as the client goes away. Errors before the first byte are thrown (and
 * answered with their status by the error handler); errors after it end the stream with an
 * SSE `error` event, never a clean-looking end.
 */
export async function executeCall<T extends StreamChunk>(options: ExecuteCallOptions<T>): Promise<void> {
  const { request, reply, plan } = options;
  const controller = new AbortController();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) controller.abort(new ClientGoneError());
  };
  reply.raw.once('close', onClose);
  const ctx: CallContext = { deployment: plan.deployment, signal: controller.signal, timeoutMs: plan.timeoutMs, log: request.log };
  const started = performance.now();
  if (plan.stream && options.stream !== undefined) {
    await streamAnswer({ options, ctx, started, stream: options.stream });
    return;
  }
  if (options.once === undefined) throw new GatewayError('bad_request', 'this route does not stream', { param: 'stream' });
  const result = await options.once(ctx);
  reply.headers(litellmHeaders({ plan, upstream: result.headers, elapsedMs: performance.now() - request.startedAt, upstreamMs: performance.now() - started }));
  await reply.send(result.body);
}

/** Raised into the upstream call when the client disconnects; nothing is sent. */
export class ClientGoneError extends Error {
  constructor() {
    super('client closed the connection');
    this.name = 'ClientGoneError';
  }
}

async function streamAnswer<T extends StreamChunk>(args: {
  options: ExecuteCallOptions<T>;
  ctx: CallContext;
  started: number;
  stream: (ctx: CallContext) => Promise<ProviderStream<T>>;
}): Promise<void> {
  const { reply, plan, request } = args.options;
  const upstream = await args.stream(args.ctx);
  const iterator = upstream.chunks[Symbol.asyncIterator]();
  // Nothing is sent before the first chunk: an error up to here gets its real status.
  let next = await iterator.next();
  const upstreamMs = performance.now() - args.started;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...SSE_HEADERS,
    'x-litellm-call-id': String(request.id),
    ...litellmHeaders({ plan, upstream: upstream.headers, elapsedMs: performance.now() - request.startedAt, upstreamMs }),
  });
  try {
    while (next.done !== true) {
      const chunk = forClient(next.value, plan.wantsUsage);
      if (chunk !== undefined && !(await writeSse(res, JSON.stringify(chunk)))) {
        await iterator.return?.();
        return;
      }
      next = await iterator.next();
    }
    await writeSse(res, '[DONE]');
    res.end();
  } catch (error) {
    if (args.ctx.signal.aborted) return;
    const gatewayError = toGatewayError(error);
    request.log[gatewayError.status >= 500 ? 'error' : 'warn']({ err: error, status: gatewayError.status }, 'stream failed after it started');
    await writeSse(res, JSON.stringify(gatewayError.toBody()));
    res.end();
  }
}

/**
 * Spend needs usage, so the gateway asks every upstream for it; a caller who did not ask
 * for `stream_options.include_usage` does not get the usage chunk (as with OpenAI).
 */
function forClient<T extends StreamChunk>(chunk: T, wantsUsage: boolean): T | undefined {
  if (wantsUsage || chunk.usage === undefined || chunk.usage === null) return chunk;
  if (chunk.choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = chunk;
  return rest as T;
}
