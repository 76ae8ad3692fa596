/**
 * A fake Anthropic Messages API upstream that speaks the real wire protocol, for provider and
 * end-to-end tests. A plain `node:http` server on 127.0.0.1 (random port): `POST /v1/messages`
 * answers scripted or default messages, whole or streamed (SSE with pings interleaved),
 * records every request, validates bodies as Anthropic does, and can inject faults.
 *
 * Order of checks: unknown route → 404; missing or wrong key → 401 (the key may come as
 * `x-api-key` or as `Authorization: Bearer`, as current SDKs send it); no `anthropic-version`
 * → 400; then a queued fault; then body validation (400), unknown model (404, only when
 * `models` is given), and the answer.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildFakeAnthropicMessage, type FakeAnthropicScript } from './fake-anthropic-answers.ts';
import { anthropicError, anthropicErrorObject, invalidRequest, type AnthropicErrorAnswer } from './fake-anthropic-errors.ts';
import { fakeAnthropicStreamEvents, sseText, type FakeAnthropicEvent } from './fake-anthropic-stream.ts';
import { validateAnthropicRequest } from './fake-anthropic-validate.ts';

/** A request as the fake received it. */
export interface RecordedAnthropicRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw string if it is not JSON; `undefined` if empty. */
  body: unknown;
}

/**
 * A failure to inject into the next `POST /v1/messages`.
 *
 * - `status`: answer with this status and Anthropic's error body for it (`errorType` and
 *   `message` override the defaults; `headers` are added, e.g. `retry-after`).
 * - `stream-error`: stream `afterEvents` events of the answer, then an `error` event
 *   (default `overloaded_error`) and the end of the response, as Anthropic does mid-stream.
 * - `cut-stream`: stream `afterEvents` events, then destroy the socket.
 * - `stall`: never answer (until the client goes away or the fake closes).
 */
export type FakeAnthropicFault =
  | { kind: 'status'; status: number; errorType?: string; message?: string; headers?: Record<string, string> }
  | { kind: 'stream-error'; afterEvents: number; errorType?: string; message?: string }
  | { kind: 'cut-stream'; afterEvents: number }
  | { kind: 'stall' };

/** A running fake Anthropic upstream. */
export interface FakeAnthropic {
  /** Base URL, `http://127.0.0.1:PORT` (the api_base; requests go to `/v1/messages`). */
  readonly url: string;
  /** Every request received (faulted and rejected ones too), in arrival order. */
  readonly requests: RecordedAnthropicRequest[];
  /** Answers the next message request with `script` (FIFO). */
  queueAnswer(script: FakeAnthropicScript): void;
  /** Breaks the next `times` (default 1) message requests with `fault`. */
  failNext(fault: FakeAnthropicFault, times?: number): void;
  /** Clears recorded requests, queued answers and faults, and the id sequence. */
  reset(): void;
  /** Ends every connection and stops the server. */
  close(): Promise<void>;
}

/** Options of {@link startFakeAnthropic}. */
export interface FakeAnthropicOptions {
  /** When set, requests must carry this key (`x-api-key`, or `Authorization: Bearer`). */
  apiKey?: string;
  /** When set, other models answer 404 `not_found_error`. */
  models?: readonly string[];
  /** Deltas per streamed block; default 3. */
  streamPieces?: number;
  /** Interleave `ping` events in streams; default true. */
  pings?: boolean;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const key = headers['x-api-key'];
  if (typeof key === 'string') return key;
  const auth = headers.authorization;
  return auth?.startsWith('Bearer ') === true ? auth.slice('Bearer '.length) : undefined;
}

function writeJson(res: ServerResponse, answer: { status: number; body: unknown; headers?: Record<string, string> }): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

class FakeAnthropicServer implements FakeAnthropic {
  readonly requests: RecordedAnthropicRequest[] = [];
  readonly #server: Server;
  readonly #options: FakeAnthropicOptions;
  #scripts: FakeAnthropicScript[] = [];
  #faults: FakeAnthropicFault[] = [];
  #seq = 0;

  constructor(options: FakeAnthropicOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else writeJson(res, anthropicError(500, { message: `fake Anthropic failed: ${error instanceof Error ? error.message : String(error)}` }));
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  queueAnswer(script: FakeAnthropicScript): void {
    this.#scripts.push(script);
  }

  failNext(fault: FakeAnthropicFault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#faults.push(fault);
  }

  reset(): void {
    this.requests.length = 0;
    this.#scripts = [];
    this.#faults = [];
    this.#seq = 0;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    const recorded: RecordedAnthropicRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: parseBody(raw) };
    this.requests.push(recorded);
    this.#seq += 1;
    const requestId = `req_fake${String(this.#seq).padStart(8, '0')}`;
    const headers = { 'request-id': requestId };
    const rejection = this.#reject(recorded);
    if (rejection !== undefined) {
      writeJson(res, { ...rejection, headers });
      return;
    }
    const fault = this.#faults.shift();
    if (fault?.kind === 'status') {
      const answer = anthropicError(fault.status, { ...(fault.errorType === undefined ? {} : { type: fault.errorType }), ...(fault.message === undefined ? {} : { message: fault.message }), requestId });
      writeJson(res, { ...answer, headers: { ...headers, ...fault.headers } });
      return;
    }
    if (fault?.kind === 'stall') return;
    const body = recorded.body as Record<string, unknown>;
    const invalid = validateAnthropicRequest(body) ?? this.#unknownModel(body);
    if (invalid !== undefined) {
      writeJson(res, { ...invalid, headers });
      return;
    }
    const message = buildFakeAnthropicMessage({ body, seq: this.#seq, script: this.#scripts.shift() });
    if (body['stream'] !== true) {
      writeJson(res, { status: 200, body: message, headers });
      return;
    }
    const events = fakeAnthropicStreamEvents(message, { pieces: this.#options.streamPieces ?? 3, pings: this.#options.pings !== false });
    this.#stream(res, { events, fault, headers });
  }

  /** A 4xx answer that comes before any fault: route, key, version header. */
  #reject(recorded: RecordedAnthropicRequest): AnthropicErrorAnswer | undefined {
    if (recorded.method !== 'POST' || recorded.path !== '/v1/messages') return anthropicError(404, { message: `${recorded.method} ${recorded.path} not found` });
    const expected = this.#options.apiKey;
    if (expected !== undefined) {
      const key = presentedKey(recorded.headers);
      if (key === undefined) return anthropicError(401, { message: 'x-api-key header is required' });
      if (key !== expected) return anthropicError(401, { message: 'invalid x-api-key' });
    }
    if (recorded.headers['anthropic-version'] === undefined) return invalidRequest('anthropic-version: header is required');
    return undefined;
  }

  #unknownModel(body: Record<string, unknown>): AnthropicErrorAnswer | undefined {
    const models = this.#options.models;
    if (models === undefined || models.includes(String(body['model']))) return undefined;
    return anthropicError(404, { message: `model: ${String(body['model'])}` });
  }

  #stream(res: ServerResponse, args: { events: FakeAnthropicEvent[]; fault: FakeAnthropicFault | undefined; headers: Record<string, string> }): void {
    const { fault } = args;
    res.writeHead(200, { ...args.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    if (fault?.kind === 'stream-error') {
      const error: FakeAnthropicEvent = { type: 'error', error: anthropicErrorObject(fault.errorType ?? 'overloaded_error', fault.message) };
      res.end(sseText([...args.events.slice(0, fault.afterEvents), error]));
      return;
    }
    if (fault?.kind === 'cut-stream') {
      res.write(sseText(args.events.slice(0, fault.afterEvents)), () => res.destroy());
      return;
    }
    res.end(sseText(args.events));
  }
}

/** Starts a fake Anthropic upstream on 127.0.0.1 with a random port. Always `close()` it. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const fake = new FakeAnthropicServer(options);
  await fake.listen();
  return fake;
}
