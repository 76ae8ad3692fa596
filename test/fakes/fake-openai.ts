/**
 * A fake OpenAI / Azure OpenAI upstream that speaks the real wire protocol, for end-to-end
 * tests and benchmarks. A plain `node:http` server on 127.0.0.1 (random port) that answers
 * deterministically, records every request, and can inject faults.
 *
 * Routes (each with and without `/v1`): POST `/chat/completions`, `/completions`,
 * `/embeddings`, `/images/generations`; GET `/models`. In Azure mode also POST
 * `/openai/deployments/{deployment}/{same four}` (requires the `api-version` query parameter).
 *
 * Order of checks: unknown route → 404; Azure route without `api-version` → 400; unknown
 * deployment (only when `deployments` is given) → 404; wrong or missing key → 401; then a
 * queued fault (model requests only, not GET /models); then body validation (400) and the answer.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  azureDeploymentNotFoundError,
  azureInvalidKeyError,
  azureMissingApiVersionError,
  azureResourceNotFoundError,
  defaultAzureErrorBody,
  defaultOpenAIErrorBody,
  invalidApiKeyError,
  invalidUrlError,
} from './fake-openai-errors.ts';
import { buildFakeAnswer } from './fake-openai-answer.ts';
import { deliverAnswer, FaultQueue, writeJson, type Fault } from './fake-openai-faults.ts';
import { isRecord } from './fake-openai-requests.ts';
import { DEFAULT_AZURE_MODEL } from './fake-openai-responses.ts';
import { resolveFakeRoute, type FakeRoute } from './fake-openai-routes.ts';

export type { Fault } from './fake-openai-faults.ts';

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw string if it is not JSON; `undefined` if empty. */
  body: unknown;
}

/** Overrides the JSON body of non-stream chat answers; `undefined` keeps the default body. */
export type ChatResponseHandler = (req: RecordedRequest) => unknown;

/** A running fake upstream. */
export interface FakeOpenAI {
  /** Base URL, `http://127.0.0.1:PORT` (no trailing slash, no `/v1`). */
  readonly url: string;
  /** Every request received (faulted and rejected ones too), in arrival order. */
  readonly requests: RecordedRequest[];
  /** Breaks the next `times` (default 1) model requests with `fault`, FIFO after faults already queued. */
  failNext(fault: Fault, times?: number): void;
  /** Sets (or clears, with `undefined`) the handler that overrides non-stream chat bodies. */
  respondWith(handler: ChatResponseHandler | undefined): void;
  /**
   * Resolves when the server sees a client close an in-flight request before the answer
   * finished (for abort tests). Aborts nobody waited for are queued, so call order does not
   * matter. Rejects if the fake closes first.
   */
  nextClientAbort(): Promise<RecordedRequest>;
  /**
   * Resolves when the fake next records a request (earlier ones do not count), so a test can
   * wait until a request has arrived before aborting it. Rejects if the fake closes first.
   */
  nextRequest(): Promise<RecordedRequest>;
  /** Clears recorded requests, queued faults, queued aborts, the handler, and the id sequence. */
  reset(): void;
  /** Ends every connection (including stalled ones) and stops the server. */
  close(): Promise<void>;
}

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** When set, requests must carry this key (`Authorization: Bearer`, or `api-key` in Azure mode). */
  apiKey?: string;
  /** Azure mode: deployment routes, `api-key` auth, Azure error bodies and content-filter fields. */
  azure?: boolean;
  /** Content (or tool-argument) chunks per streamed answer; default 3. */
  streamChunks?: number;
  /**
   * Azure mode: the model name each deployment reports. When given, other deployments get
   * 404 DeploymentNotFound; when absent, every deployment reports `gpt-4o-2024-08-06`.
   */
  deployments?: Record<string, string>;
  /** Keep every request in `requests` (default true); benchmarks turn it off to keep memory flat. */
  recordRequests?: boolean;
}

interface RejectAnswer {
  status: number;
  body: unknown;
}

interface Waiter {
  resolve: (req: RecordedRequest) => void;
  reject: (error: Error) => void;
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

function presentedKey(headers: IncomingHttpHeaders, azure: boolean): string | undefined {
  if (azure) return headers['api-key'] === undefined ? undefined : String(headers['api-key']);
  const auth = headers.authorization;
  return auth?.startsWith('Bearer ') === true ? auth.slice('Bearer '.length) : undefined;
}

class FakeOpenAIServer implements FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #options: FakeOpenAIOptions;
  readonly #faults = new FaultQueue();
  #handler: ChatResponseHandler | undefined;
  #aborts: RecordedRequest[] = [];
  #abortWaiters: Waiter[] = [];
  #requestWaiters: Waiter[] = [];
  #seq = 0;
  #closing = false;

  constructor(options: FakeOpenAIOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => this.#fail(res, error));
    });
  }

  get url(): string {
    const address = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  failNext(fault: Fault, times = 1): void {
    this.#faults.push(fault, times);
  }

  respondWith(handler: ChatResponseHandler | undefined): void {
    this.#handler = handler;
  }

  nextClientAbort(): Promise<RecordedRequest> {
    const queued = this.#aborts.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#closing) return Promise.reject(new Error('fake OpenAI is closed'));
    return new Promise((resolve, reject) => this.#abortWaiters.push({ resolve, reject }));
  }

  nextRequest(): Promise<RecordedRequest> {
    if (this.#closing) return Promise.reject(new Error('fake OpenAI is closed'));
    return new Promise((resolve, reject) => this.#requestWaiters.push({ resolve, reject }));
  }

  reset(): void {
    this.requests.length = 0;
    this.#faults.clear();
    this.#handler = undefined;
    this.#aborts = [];
    this.#seq = 0;
  }

  async close(): Promise<void> {
    this.#closing = true;
    const waiters = [...this.#abortWaiters.splice(0), ...this.#requestWaiters.splice(0)];
    for (const waiter of waiters) waiter.reject(new Error('fake OpenAI closed'));
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body: parseBody(raw) };
    if (this.#options.recordRequests !== false) this.requests.push(recorded);
    for (const waiter of this.#requestWaiters.splice(0)) waiter.resolve(recorded);
    const serverDestroyed = this.#watchForAbort(res, recorded);
    this.#seq += 1;
    const headers = { 'x-request-id': `req_fake${String(this.#seq).padStart(8, '0')}` };
    const route = resolveFakeRoute(method, url.pathname, this.#options.azure === true);
    if (route === undefined) {
      writeJson(res, { ...this.#notFound(recorded), headers });
      return;
    }
    const rejection = this.#reject(route, recorded);
    if (rejection !== undefined) {
      writeJson(res, { ...rejection, headers });
      return;
    }
    const model = this.#azureModel(route);
    const fault = route.operation === 'models' ? undefined : this.#faults.take();
    const answer = buildFakeAnswer({
      route,
      recorded,
      seq: this.#seq,
      model,
      azure: this.#options.azure === true,
      pieces: this.#options.streamChunks ?? 3,
      handler: this.#handler,
    });
    deliverAnswer({
      res,
      answer,
      fault,
      headers,
      errorBody: (status) => this.#errorBody(status, model ?? modelOf(recorded.body)),
      onServerDestroy: serverDestroyed,
    });
  }

  /** The 404 for a path the fake does not serve (Azure style under `/openai/` in Azure mode). */
  #notFound(recorded: RecordedRequest): RejectAnswer {
    const azure = this.#options.azure === true && recorded.path.startsWith('/openai/');
    return { status: 404, body: azure ? azureResourceNotFoundError() : invalidUrlError(recorded.method, recorded.path) };
  }

  /** A 4xx answer that comes before any fault: Azure checks, bad key. */
  #reject(route: FakeRoute, recorded: RecordedRequest): RejectAnswer | undefined {
    const azure = this.#options.azure === true;
    if (route.deployment !== undefined) {
      if (!recorded.query.has('api-version')) return { status: 400, body: azureMissingApiVersionError() };
      const known = this.#options.deployments;
      if (known !== undefined && !Object.hasOwn(known, route.deployment)) return { status: 404, body: azureDeploymentNotFoundError() };
    }
    const expected = this.#options.apiKey;
    if (expected === undefined) return undefined;
    const key = presentedKey(recorded.headers, azure);
    if (key === expected) return undefined;
    return { status: 401, body: azure ? azureInvalidKeyError() : invalidApiKeyError(key) };
  }

  #azureModel(route: FakeRoute): string | undefined {
    if (route.deployment === undefined) return undefined;
    return this.#options.deployments?.[route.deployment] ?? DEFAULT_AZURE_MODEL;
  }

  #errorBody(status: number, model: string): unknown {
    return this.#options.azure === true ? defaultAzureErrorBody(status) : defaultOpenAIErrorBody(status, model);
  }

  /** Queues an abort when the client closes before the answer finished; returns the "we destroyed it" marker. */
  #watchForAbort(res: ServerResponse, recorded: RecordedRequest): () => void {
    let destroyedByServer = false;
    res.on('close', () => {
      if (res.writableFinished || destroyedByServer || this.#closing) return;
      const waiter = this.#abortWaiters.shift();
      if (waiter === undefined) this.#aborts.push(recorded);
      else waiter.resolve(recorded);
    });
    return () => {
      destroyedByServer = true;
    };
  }

  #fail(res: ServerResponse, error: unknown): void {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    writeJson(res, { status: 500, body: { error: { message: `fake OpenAI failed: ${message}`, type: 'server_error', param: null, code: null } } });
  }
}

function modelOf(body: unknown): string {
  return isRecord(body) && typeof body['model'] === 'string' ? body['model'] : 'unknown';
}

/**
 * Starts a fake OpenAI (or, with `azure: true`, Azure OpenAI) upstream on 127.0.0.1 with a
 * random port. Always `close()` it when done.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const fake = new FakeOpenAIServer(options);
  await fake.listen();
  return fake;
}
