/**
 * A fake Ollama server that speaks its native API, for tests: POST `/api/chat`,
 * `/api/generate`, `/api/embed`; GET `/api/version` and `/api/tags`. `stream` defaults to
 * true as in Ollama: answers are NDJSON (`application/x-ndjson`) lines ending with a
 * `done: true` line carrying the stats. Errors are `{"error": "<text>"}` with Ollama's
 * statuses (400 malformed body, 401 missing key, 404 unknown model). The `ollama` npm SDK
 * drives it in `fake-ollama.test.ts`, which proves the wire format.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, sendJson } from '../support/loopback-server.ts';
import { checkOllamaBody, defaultScript, embedAnswer, streamLines, wholeAnswer, type FakeOllamaScript } from './fake-ollama-answers.ts';

/** A request as the fake received it. */
export interface RecordedOllamaRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or the raw text when it is not JSON). */
  body: unknown;
}

/**
 * A failure for the next model request: an error status with Ollama's `{error}` body, or a
 * stream that sends `after` lines and then an `{"error": …}` line (Ollama's mid-stream failure).
 */
export type FakeOllamaFault =
  | { kind: 'status'; status: number; error: string; headers?: Record<string, string> }
  | { kind: 'stream-error'; after: number; error: string }
  | { kind: 'cut-stream'; after: number };

export interface FakeOllama {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly requests: RecordedOllamaRequest[];
  /** Sets what the model says next (every call until changed); `undefined` restores the default script. */
  respondWith(script: ((body: Record<string, unknown>) => FakeOllamaScript) | undefined): void;
  failNext(fault: FakeOllamaFault): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOllamaOptions {
  /** When set, model requests must carry `Authorization: Bearer <apiKey>` (Ollama behind a proxy / ollama.com). */
  apiKey?: string;
  /** Models the server has pulled; others answer 404. Absent: every model exists. */
  models?: readonly string[];
  /** Text pieces per streamed answer; default 3. */
  pieces?: number;
}

const MODEL_PATHS = new Set(['/api/chat', '/api/generate', '/api/embed']);

async function readJson(req: AsyncIterable<Buffer | string>): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, { status, body, headers });
}

/** Starts a fake Ollama on 127.0.0.1 with a random port. Always `close()` it. */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const requests: RecordedOllamaRequest[] = [];
  let script: ((body: Record<string, unknown>) => FakeOllamaScript) | undefined;
  let faults: FakeOllamaFault[] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
      const body = await readJson(req);
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (req.method === 'GET' && path === '/api/version') return send(res, 200, { version: '0.12.6' });
      if (req.method === 'GET' && path === '/api/tags') return send(res, 200, { models: (options.models ?? []).map((name) => ({ name, model: name })) });
      if (req.method !== 'POST' || !MODEL_PATHS.has(path)) return send(res, 404, { error: '404 page not found' });
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) return send(res, 401, { error: 'unauthorized' });
      const problem = checkOllamaBody(path, body);
      if (problem !== undefined) return send(res, 400, { error: problem });
      const json = body as Record<string, unknown>;
      const model = String(json['model']);
      if (options.models !== undefined && !options.models.includes(model)) {
        return send(res, 404, { error: `model "${model}" not found, try pulling it first` });
      }
      const fault = faults.shift();
      if (fault?.kind === 'status') return send(res, fault.status, { error: fault.error }, fault.headers);
      if (path === '/api/embed') return send(res, 200, embedAnswer(json));
      const said = (script ?? defaultScript)(json);
      if (json['stream'] === false) return send(res, 200, wholeAnswer(path, json, said));
      let lines = streamLines(path, json, { script: said, pieces: options.pieces ?? 3 });
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' });
      if (fault !== undefined) lines = lines.slice(0, fault.after);
      for (const line of lines) res.write(`${JSON.stringify(line)}\n`);
      if (fault?.kind === 'stream-error') res.write(`${JSON.stringify({ error: fault.error })}\n`);
      res.end();
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `fake Ollama failed: ${String(error)}` });
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
