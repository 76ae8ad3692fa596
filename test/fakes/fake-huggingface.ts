/**
 * A fake Hugging Face server for tests. It serves, on one port:
 * - TGI / Inference Endpoints and the Inference Providers router: POST `/v1/chat/completions`
 *   and `/{provider}/v1/chat/completions` (OpenAI-compatible, SSE when `stream: true`);
 * - feature extraction: POST `/hf-inference/models/{org}/{model}/pipeline/feature-extraction`
 *   (the router) and POST `/` (a dedicated endpoint), body `{inputs}`, answer nested floats.
 * Errors are TGI's flat `{"error": "…", "error_type": "…"}`. The `@huggingface/inference`
 * SDK drives it in `fake-huggingface.test.ts`.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, sendJson } from '../support/loopback-server.ts';
import { chatAnswer, chatChunks, featureExtraction } from './fake-huggingface-answers.ts';

export interface RecordedHfRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A failure for the next request: a status with a body, or a stream broken by an error event after `after` chunks. */
export type FakeHfFault =
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'stream-error'; after: number; error: string };

export interface FakeHuggingFace {
  readonly url: string;
  readonly requests: RecordedHfRequest[];
  failNext(fault: FakeHfFault): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeHuggingFaceOptions {
  /** Required `Authorization: Bearer` token; absent: any. */
  token?: string;
  /** What a normal end of generation is called; default "eos_token" (TGI before 2.1). */
  finishReason?: string;
}

const CHAT_PATH = /^(?:\/[a-z0-9-]+)?\/v1\/chat\/completions$/;
const FEATURE_PATH = /^\/hf-inference\/models\/[^/]+\/[^/]+\/pipeline\/feature-extraction$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, { status, body, headers });
}

/** Starts the fake on 127.0.0.1 with a random port. Always `close()` it. */
export async function startFakeHuggingFace(options: FakeHuggingFaceOptions = {}): Promise<FakeHuggingFace> {
  const requests: RecordedHfRequest[] = [];
  let faults: FakeHfFault[] = [];
  const finishReason = options.finishReason ?? 'eos_token';

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      } catch {
        return send(res, 400, { error: 'Failed to deserialize the JSON body into the target type', error_type: 'validation' });
      }
      requests.push({ path, headers: req.headers, body });
      if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
        return send(res, 401, { error: 'Invalid credentials in Authorization header' });
      }
      const fault = faults.shift();
      if (fault?.kind === 'status') return send(res, fault.status, fault.body, fault.headers);
      const json = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      if (req.method === 'POST' && (FEATURE_PATH.test(path) || path === '/')) {
        const vectors = featureExtraction(json['inputs']);
        if (vectors === undefined) return send(res, 400, { error: 'Input should be a valid string or list of strings', error_type: 'validation' });
        return send(res, 200, vectors);
      }
      if (req.method !== 'POST' || !CHAT_PATH.test(path)) return send(res, 404, { error: 'Not Found' });
      if (!Array.isArray(json['messages'])) {
        return send(res, 422, { error: 'Failed to deserialize the JSON body into the target type: missing field `messages`', error_type: 'validation' });
      }
      if (json['stream'] !== true) return send(res, 200, chatAnswer(json, finishReason));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
      let events = chatChunks(json, finishReason);
      if (fault?.kind === 'stream-error') events = events.slice(0, fault.after);
      for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
      if (fault?.kind === 'stream-error') res.write(`data: ${JSON.stringify({ error: fault.error, error_type: 'generation' })}\n\n`);
      else res.write('data: [DONE]\n\n');
      res.end();
    })().catch(() => res.destroy());
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(fault) {
      faults.push(fault);
    },
    reset() {
      requests.length = 0;
      faults = [];
    },
    close: () => closeServer(server),
  };
}
