/**
 * A fake Google Gemini upstream that speaks both of its wire protocols, for tests:
 *
 * - AI Studio (Gemini Developer API): `POST /{v1beta|v1}/models/{model}:{method}` with the
 *   key in `x-goog-api-key` (an invalid key is Google's 400 INVALID_ARGUMENT "API key not
 *   valid", a missing one 403 PERMISSION_DENIED).
 * - Vertex AI: `POST {prefix}/projects/{p}/locations/{l}/publishers/{publisher}/models/{model}:{method}`
 *   with `Authorization: Bearer <access token>` (an unknown token is 401 UNAUTHENTICATED).
 *   Any prefix is accepted, so a custom `api_base` (the full URL up to the model) works.
 *
 * Methods: `generateContent`, `streamGenerateContent` (SSE with `alt=sse`, events separated
 * by CRLF CRLF as Google sends them; a JSON array without it), `batchEmbedContents` (AI
 * Studio), `predict` (Vertex: text embeddings, or Imagen for `imagen-*` models), and Claude's
 * `rawPredict` / `streamRawPredict` under `publishers/anthropic` (the Anthropic Messages wire
 * format, answered with the fake Anthropic's builders). Bodies are validated as Gemini does
 * (see fake-gemini-validate.ts); errors are Google's `{"error":{code, message, status, details}}`.
 * `fake-gemini.test.ts` drives it with `@google/genai` in both modes to prove the protocol.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, sendJson } from '../support/loopback-server.ts';
import { buildFakeAnthropicMessage } from './fake-anthropic-answers.ts';
import { fakeAnthropicStreamEvents, sseText } from './fake-anthropic-stream.ts';
import { batchEmbedAnswer, defaultGeminiScript, geminiStreamEvents, imagenAnswer, vertexEmbedAnswer, wholeGeminiAnswer, type FakeGeminiScript } from './fake-gemini-answers.ts';
import { validateGeminiRequest } from './fake-gemini-validate.ts';

type Json = Record<string, unknown>;

/** A request as the fake received it. */
export interface RecordedGeminiRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (the raw text when it is not JSON). */
  body: unknown;
  /** Which protocol the path spoke. */
  flavor: 'ai_studio' | 'vertex_ai';
  model: string;
  /** `generateContent`, `streamGenerateContent`, `predict`, … */
  call: string;
}

/** Google's error object. */
export interface GoogleError {
  code: number;
  message: string;
  status: string;
  details?: unknown[];
}

/** A failure for the next model request. */
export type FakeGeminiFault =
  | { kind: 'status'; error: GoogleError; headers?: Record<string, string> }
  | { kind: 'stream-error'; afterEvents: number; error: GoogleError }
  | { kind: 'cut-stream'; afterEvents: number };

export interface FakeGemini {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly requests: RecordedGeminiRequest[];
  /** What the model says next (every call until changed); `undefined` restores the default. */
  respondWith(script: ((body: Json) => FakeGeminiScript) | undefined): void;
  failNext(fault: FakeGeminiFault): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeGeminiOptions {
  /** The AI Studio key the fake accepts. */
  apiKey?: string;
  /** Vertex AI access tokens the fake accepts; absent: any non-empty bearer token. */
  accessTokens?: () => readonly string[];
  /** Models that exist; others answer 404. Absent: every model exists. */
  models?: readonly string[];
  /** Text pieces per streamed answer; default 3. */
  pieces?: number;
}

const MODEL_PATH = /^(?<prefix>.*?)\/models\/(?<model>[^/:]+):(?<call>[A-Za-z]+)$/;

/** The error body and status Google sends. */
export function googleError(code: number, status: string, message: string, details?: unknown[]): GoogleError {
  return { code, status, message, ...(details === undefined ? {} : { details }) };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, { status, body, headers });
}

function sendError(res: ServerResponse, error: GoogleError, headers: Record<string, string> = {}): void {
  send(res, error.code, { error }, headers);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Checks the caller's credentials for the flavor; the error to answer, or undefined. */
function authError(req: IncomingMessage, flavor: RecordedGeminiRequest['flavor'], options: FakeGeminiOptions): GoogleError | undefined {
  if (flavor === 'ai_studio') {
    const key = req.headers['x-goog-api-key'];
    if (key === undefined) return googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
    if (options.apiKey !== undefined && key !== options.apiKey) {
      return googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]);
    }
    return undefined;
  }
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const valid = token !== undefined && (options.accessTokens === undefined || options.accessTokens().includes(token));
  if (valid) return undefined;
  return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
}

/** Starts a fake Gemini upstream on 127.0.0.1 with a random port. Always `close()` it. */
export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const requests: RecordedGeminiRequest[] = [];
  let script: ((body: Json) => FakeGeminiScript) | undefined;
  let faults: FakeGeminiFault[] = [];
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const body = await readJson(req);
    const match = MODEL_PATH.exec(url.pathname);
    if (req.method !== 'POST' || match?.groups === undefined) return sendError(res, googleError(404, 'NOT_FOUND', `The requested URL ${url.pathname} was not found on this server.`));
    const { prefix = '', model = '', call = '' } = match.groups;
    const flavor = prefix.includes('/projects/') || prefix.includes('/publishers/') ? 'vertex_ai' : 'ai_studio';
    requests.push({ method: req.method, url: req.url ?? '/', path: url.pathname, headers: req.headers, body, flavor, model, call });
    const denied = authError(req, flavor, options);
    if (denied !== undefined) return sendError(res, denied);
    if (options.models !== undefined && !options.models.includes(model)) {
      return sendError(res, googleError(404, 'NOT_FOUND', `models/${model} is not found for API version v1beta, or is not supported for ${call}.`));
    }
    const fault = faults.shift();
    if (fault?.kind === 'status') return sendError(res, fault.error, fault.headers);
    const json = (typeof body === 'object' && body !== null ? body : {}) as Json;
    if (prefix.endsWith('/publishers/anthropic')) return claude({ res, body: json, call, fault });
    switch (call) {
      case 'generateContent':
      case 'streamGenerateContent': {
        const problem = validateGeminiRequest(body, { vertex: flavor === 'vertex_ai' });
        if (problem !== undefined) return sendError(res, googleError(400, 'INVALID_ARGUMENT', problem));
        const said = (script ?? defaultGeminiScript)(json);
        const responseId = `fake-resp-${++seq}`;
        if (call === 'generateContent') return send(res, 200, wholeGeminiAnswer(said, responseId));
        const events = geminiStreamEvents(said, { responseId, pieces: options.pieces ?? 3 });
        if (url.searchParams.get('alt') !== 'sse') return send(res, 200, events);
        return stream({ res, events, fault });
      }
      case 'batchEmbedContents':
        return send(res, 200, batchEmbedAnswer(json));
      case 'predict':
        return send(res, 200, model.startsWith('imagen') ? imagenAnswer(json) : vertexEmbedAnswer(json));
      default:
        return sendError(res, googleError(404, 'NOT_FOUND', `Method ${call} is not found.`));
    }
  }

  function stream(args: { res: ServerResponse; events: Json[]; fault: FakeGeminiFault | undefined }): void {
    const { res, fault } = args;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'transfer-encoding': 'chunked' });
    const events = fault === undefined || fault.kind === 'status' ? args.events : args.events.slice(0, fault.afterEvents);
    for (const event of events) res.write(`data: ${JSON.stringify(event)}\r\n\r\n`);
    if (fault?.kind === 'cut-stream') return void res.destroy();
    if (fault?.kind === 'stream-error') res.write(`data: ${JSON.stringify({ error: fault.error })}\r\n\r\n`);
    res.end();
  }

  /** Claude on Vertex AI: the Anthropic Messages body (no `model`, `anthropic_version: vertex-2023-10-16`). */
  function claude(args: { res: ServerResponse; body: Json; call: string; fault: FakeGeminiFault | undefined }): void {
    const { res, body } = args;
    if (body['anthropic_version'] !== 'vertex-2023-10-16' || body['model'] !== undefined || !Array.isArray(body['messages'])) {
      return send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic_version: vertex-2023-10-16 is required and model must not be set' } });
    }
    const message = buildFakeAnthropicMessage({ body, seq: ++seq, script: undefined });
    if (args.call === 'rawPredict') return send(res, 200, message);
    if (args.call !== 'streamRawPredict') return sendError(res, googleError(404, 'NOT_FOUND', `Method ${args.call} is not found.`));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(sseText(fakeAnthropicStreamEvents(message, { pieces: options.pieces ?? 3, pings: true })));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, googleError(500, 'INTERNAL', `fake Gemini failed: ${String(error)}`));
      else res.destroy();
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(next) {
      script = next;
    },
    failNext(fault) {
      faults.push(fault);
    },
    reset() {
      requests.length = 0;
      script = undefined;
      faults = [];
    },
    close: () => closeServer(server),
  };
}
