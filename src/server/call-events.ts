import type { CallCost } from '../accounting/call-cost.ts';
import type { CallerIdentity } from '../access/identify-caller.ts';
import type { Usage } from '../spec/chat.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { ErrorKind } from '../spec/error-catalogue.ts';
import type { CallType } from '../spec/provider.ts';

/**
 * One finished LLM call (success or failure), emitted once per client request after the
 * answer is complete: for a stream, when its last chunk was written (or it failed).
 * Cost, metrics and spend work subscribe with `onCallComplete`.
 *
 * Emitted once per LLM call by execute-call.ts: successes with usage and cost (priced by
 * src/server/response-cost.ts), failures with their error kind.
 */
export interface CallCompleteEvent {
  /** The request id (`x-litellm-call-id`). */
  readonly requestId: string;
  /** The deployment that answered (or failed last); undefined when none was picked. */
  readonly deployment: Deployment | undefined;
  /** The model the client asked for (`x-litellm-model-group`). */
  readonly modelGroup: string;
  readonly call: CallType;
  readonly status: 'success' | 'failure';
  /** Token counts of the answer, when the upstream reported them. */
  readonly usage: Usage | undefined;
  /** Cost of a successful call; undefined for failures. */
  readonly cost: CallCost | undefined;
  /** Milliseconds from request received to answer complete. */
  readonly latencyMs: number;
  /** Milliseconds to the first streamed chunk; undefined for non-stream calls. */
  readonly ttftMs: number | undefined;
  readonly stream: boolean;
  /** Catalogue kind of a failure; undefined on success. */
  readonly errorKind: ErrorKind | undefined;
  /** The route pattern that took the request (`/v1/chat/completions`), for metrics. */
  readonly route?: string | undefined;
  /** Who called (hashed key, user, end user); never a raw key. */
  readonly caller?: CallerIdentity | undefined;
  /** Milliseconds the upstream call took (to the end of the stream); undefined when none answered. */
  readonly upstreamMs?: number | undefined;
  /** The answering upstream's response headers (its `x-ratelimit-*` state). */
  readonly upstreamHeaders?: Readonly<Record<string, string>> | undefined;
  /** Epoch milliseconds when the request was received (tracing). */
  readonly startedAt?: number | undefined;
  /** Epoch milliseconds when the answer was complete (tracing). */
  readonly endedAt?: number | undefined;
  /** Epoch milliseconds of the first streamed chunk; undefined for non-stream calls. */
  readonly completionStartAt?: number | undefined;
  /** The request body as sent to the router (gateway fields removed): messages/input and model params. */
  readonly request?: Readonly<Record<string, unknown>> | undefined;
  /** LiteLLM's request `metadata` (`trace_id`, `trace_name`, `generation_name`, `tags`, `trace_user_id`, `session_id`, …). */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** The answer body; for a stream, a chat-completion-shaped object assembled from its chunks. */
  readonly response?: unknown;
  /** The failure's message (already free of secrets); undefined on success. */
  readonly errorMessage?: string | undefined;
  /** The incoming W3C trace context headers (`traceparent`, `tracestate`), when sent. */
  readonly traceHeaders?: Readonly<Record<string, string>> | undefined;
  /** Whether the response cache answered; undefined when no cache applied to the call. */
  readonly cacheHit?: boolean | undefined;
  /** The request's response-cache key, when a cache applied. */
  readonly cacheKey?: string | undefined;
}

/** A subscriber. Called synchronously; keep it cheap (queue work, don't await I/O here). */
export type CallCompleteListener = (event: CallCompleteEvent) => void;

const listeners = new Set<CallCompleteListener>();

/** Subscribes to finished calls. Returns a function that unsubscribes. */
export function onCallComplete(listener: CallCompleteListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Tells every subscriber about a finished call. A throwing listener never breaks the
 * request or the other listeners; its error goes to `onListenerError` when given.
 */
export function emitCallComplete(event: CallCompleteEvent, onListenerError?: (error: unknown) => void): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      onListenerError?.(error);
    }
  }
}
