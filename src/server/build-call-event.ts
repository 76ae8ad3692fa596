import type { FastifyRequest } from 'fastify';
import { identifyCaller, type CallerIdentity } from '../access/identify-caller.ts';
import type { SwitchyardConfig } from '../config/config-types.ts';
import type { Usage } from '../spec/chat.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { CallCompleteEvent } from './call-events.ts';
import type { PreparedRequest } from './prepare-request.ts';
import { toGatewayError } from './to-gateway-error.ts';

/** What executeCall knows when a call ends. */
export interface CallEnd {
  request: FastifyRequest;
  config: SwitchyardConfig;
  prepared: PreparedRequest;
  /** The deployment that answered, or the last one tried. */
  deployment: Deployment | undefined;
  /** Undefined for a success. */
  error?: unknown;
  usage?: unknown;
  upstreamMs?: number | undefined;
  ttftMs?: number | undefined;
  upstreamHeaders?: Readonly<Record<string, string>> | undefined;
  /** The answer body, or for a stream the answer assembled from its chunks (tracing). */
  response?: unknown;
  /** performance.now() of the first streamed chunk. */
  firstChunkAt?: number | undefined;
  /** Set when the response cache applied: whether it answered. */
  cacheHit?: boolean | undefined;
  /** The response-cache key of the request, when the cache applied. */
  cacheKey?: string | undefined;
}

/** The call-complete event of a finished request (cost is left for accounting to fill). */
export function buildCallEvent(end: CallEnd): CallCompleteEvent {
  const { request, prepared } = end;
  const failed = 'error' in end && end.error !== undefined;
  const gatewayError = failed ? toGatewayError(end.error) : undefined;
  return {
    requestId: String(request.id),
    deployment: end.deployment,
    modelGroup: prepared.model,
    call: prepared.call,
    status: failed ? 'failure' : 'success',
    usage: failed ? undefined : asUsage(end.usage),
    cost: undefined,
    latencyMs: performance.now() - request.startedAt,
    ttftMs: end.ttftMs,
    stream: prepared.stream,
    errorKind: gatewayError?.kind,
    route: request.routeOptions.url,
    caller: callerIdentity(end),
    upstreamMs: end.upstreamMs,
    upstreamHeaders: end.upstreamHeaders,
    startedAt: performance.timeOrigin + request.startedAt,
    endedAt: performance.timeOrigin + performance.now(),
    completionStartAt: end.firstChunkAt === undefined ? undefined : performance.timeOrigin + end.firstChunkAt,
    request: prepared.body,
    metadata: requestMetadata(prepared),
    response: end.response,
    errorMessage: gatewayError?.message,
    traceHeaders: traceHeaders(request),
    ...(end.cacheHit === undefined ? {} : { cacheHit: end.cacheHit, cacheKey: end.cacheKey }),
  };
}

/** LiteLLM's `metadata`, with the body's top-level `tags` added to `metadata.tags`. */
function requestMetadata(prepared: PreparedRequest): Readonly<Record<string, unknown>> | undefined {
  const { metadata, tags } = prepared.controls;
  if (tags === undefined || tags.length === 0) return metadata;
  const own = metadata?.['tags'];
  return { ...metadata, tags: [...(Array.isArray(own) ? own : []), ...tags] };
}

/** The incoming W3C trace context, when the caller sent one. */
function traceHeaders(request: FastifyRequest): Record<string, string> | undefined {
  const { traceparent, tracestate } = request.headers;
  if (typeof traceparent !== 'string') return undefined;
  return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
}

/** Who made the call: a virtual key's hash, alias, user and team; else the presented key's hash. */
function callerIdentity(end: CallEnd): CallerIdentity {
  const { request, prepared } = end;
  const caller = request.caller;
  if (caller.kind === 'virtual') {
    const endUser = prepared.body['user'];
    const { key } = caller;
    const team = request.callerTeam;
    return {
      hashedApiKey: caller.hash,
      ...(key.key_alias === null ? {} : { keyAlias: key.key_alias }),
      ...(key.user_id === null ? {} : { user: key.user_id }),
      ...(key.team_id === null ? {} : { team: key.team_id }),
      ...(typeof endUser === 'string' && endUser !== '' ? { endUser } : {}),
      ...(key.max_budget === null ? {} : { keyMaxBudget: key.max_budget, keySpend: key.spend }),
      ...(team === undefined || team.max_budget === null ? {} : { teamMaxBudget: team.max_budget, teamSpend: team.spend }),
      ...(team?.team_alias == null ? {} : { teamAlias: team.team_alias }),
    };
  }
  return identifyCaller({ headers: request.headers, customHeader: end.config.general_settings.litellm_key_header_name, body: prepared.body });
}

/** The `usage` object of an answer or final chunk, when it has the three counts. */
export function asUsage(value: unknown): Usage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = value as Partial<Usage>;
  return typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number' && typeof usage.total_tokens === 'number' ? (value as Usage) : undefined;
}
