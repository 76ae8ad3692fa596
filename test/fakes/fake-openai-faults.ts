/**
 * How the fake OpenAI upstream delivers an answer — normally, or broken by a queued
 * {@link Fault} (error status, stall, reset, garbage, or a stream cut short).
 */
import type { ServerResponse } from 'node:http';
import type { FakeStreamEvent, FakeStreamPlan } from './fake-openai-stream.ts';

/**
 * A failure to inject into the next model request(s).
 *
 * - `status`: answer with this HTTP status; `body` defaults to the real error body for the
 *   status (OpenAI style, or Azure style on Azure deployment routes); `headers` are added
 *   (e.g. `{ 'retry-after': '2' }`). A string `body` is sent as is.
 * - `stall`: read the request, never answer (until the client aborts or the fake closes).
 * - `reset`: destroy the socket without answering.
 * - `garbage`: 200 with the non-JSON body `<html>oops</html>`, labelled `text/html` unless
 *   `contentType` says otherwise (e.g. `application/json` for a lying upstream).
 * - `stream-error-after`: send the preamble (Azure filter chunk, role chunk) and then `chunks`
 *   events, then destroy the socket (no `[DONE]`). A non-stream answer is cut after its
 *   headers and the first half of its body.
 * - `stall-stream-after`: like `stream-error-after`, but go silent instead of destroying.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'stall' }
  | { kind: 'reset' }
  | { kind: 'garbage'; contentType?: string }
  | { kind: 'stream-error-after'; chunks: number }
  | { kind: 'stall-stream-after'; chunks: number };

/** The answer the fake would give without a fault. */
export type FakeAnswer =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'stream'; plan: FakeStreamPlan };

/** FIFO of faults waiting for model requests. */
export class FaultQueue {
  #queue: Fault[] = [];

  /** Queues `fault` for the next `times` model requests (after those already queued). */
  push(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#queue.push(fault);
  }

  /** The fault for the current model request, if any. */
  take(): Fault | undefined {
    return this.#queue.shift();
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#queue = [];
  }
}

/** Everything {@link deliverAnswer} needs. */
export interface DeliveryOptions {
  res: ServerResponse;
  answer: FakeAnswer;
  fault: Fault | undefined;
  /** Headers every answer carries (e.g. `x-request-id`). */
  headers: Record<string, string>;
  /** The default body of a `status` fault without its own body. */
  errorBody: (status: number) => unknown;
  /** Called just before the fake itself destroys the socket (so it is not seen as a client abort). */
  onServerDestroy: () => void;
}

const GARBAGE_BODY = '<html>oops</html>';

/** Writes a complete JSON (or raw string) answer. */
export function writeJson(res: ServerResponse, answer: { status: number; body: unknown; headers?: Record<string, string> }): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    ...answer.headers,
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function sseData(events: readonly FakeStreamEvent[]): string {
  return events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');
}

function startStream(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/** Writes `data` (if any), then destroys the socket once it has been flushed. */
function writeThenDestroy(options: DeliveryOptions, data: string): void {
  const destroy = (): void => {
    options.onServerDestroy();
    options.res.destroy();
  };
  if (data === '') destroy();
  else options.res.write(data, destroy);
}

function deliverCut(options: DeliveryOptions, fault: { kind: 'stream-error-after' | 'stall-stream-after'; chunks: number }): void {
  const { res, answer } = options;
  let data: string;
  if (answer.kind === 'stream') {
    startStream(res, options.headers);
    data = sseData([...answer.plan.preamble, ...answer.plan.events.slice(0, Math.max(0, fault.chunks))]);
  } else {
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { ...options.headers, ...answer.headers, 'content-type': 'application/json' });
    res.flushHeaders();
    data = text.slice(0, Math.floor(text.length / 2));
  }
  if (fault.kind === 'stream-error-after') writeThenDestroy(options, data);
  else if (data !== '') res.write(data);
}

function deliverFault(options: DeliveryOptions, fault: Fault): void {
  const { res } = options;
  switch (fault.kind) {
    case 'status':
      writeJson(res, {
        status: fault.status,
        body: fault.body ?? options.errorBody(fault.status),
        headers: { ...options.headers, ...fault.headers },
      });
      return;
    case 'stall':
      return;
    case 'reset':
      writeThenDestroy(options, '');
      return;
    case 'garbage':
      writeJson(res, {
        status: 200,
        body: GARBAGE_BODY,
        headers: { ...options.headers, 'content-type': fault.contentType ?? 'text/html; charset=utf-8' },
      });
      return;
    case 'stream-error-after':
    case 'stall-stream-after':
      deliverCut(options, fault);
      return;
    default:
      fault satisfies never;
  }
}

/** Sends `answer`, or breaks it as `fault` says. */
export function deliverAnswer(options: DeliveryOptions): void {
  const { res, answer, fault } = options;
  if (fault !== undefined) {
    deliverFault(options, fault);
    return;
  }
  if (answer.kind === 'json') {
    writeJson(res, { ...answer, headers: { ...options.headers, ...answer.headers } });
    return;
  }
  startStream(res, options.headers);
  res.end(`${sseData([...answer.plan.preamble, ...answer.plan.events])}data: [DONE]\n\n`);
}
