/**
 * A fake AWS Bedrock Runtime that speaks the real wire protocol, for provider and e2e tests.
 * One loopback port (HTTP/1.1 and cleartext HTTP/2, as the AWS SDK defaults to HTTP/2).
 *
 * Routes: POST `/model/{modelId}/converse`, `/converse-stream`, `/invoke`,
 * `/invoke-with-response-stream` (model id URL-encoded). Order of checks: unknown route →
 * 404; auth (a Bedrock API key as `Authorization: Bearer`, else a SigV4 signature recomputed
 * with @smithy/signature-v4 from the known credentials — a wrong path encoding, body, region
 * or key is rejected as AWS rejects it) → 403; then a queued fault; then the body rules
 * (Converse's alternation / blank text / toolConfig rules, each Invoke family's body) → 400;
 * then the scripted answer, as JSON or as binary event-stream frames.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { bedrockBaseModel } from '../../src/providers/bedrock/resolve-bedrock-model.ts';
import { anthropicEvents, converseEvents, converseJson, defaultAnswer, type FakeBedrockAnswer, type FakeStreamEvent } from './fake-bedrock-answers.ts';
import { checkConverseBody } from './fake-bedrock-converse-rules.ts';
import { encodeEvent, encodeException } from './fake-bedrock-event-stream.ts';
import { readRequestBody, startFakeHttpServer, writeAwsError, writeJson, type FakeHttpServer, type FakeRequest, type FakeResponse } from './fake-bedrock-http.ts';
import { checkClaudeBody, invokeAnswer, isRejection } from './fake-bedrock-invoke.ts';
import { verifySigV4, type AwsRejection, type CredentialLookup, type FakeAwsCredentials } from './fake-bedrock-sigv4.ts';

export type { FakeBedrockAnswer } from './fake-bedrock-answers.ts';

/** A request as the fake received it. */
export interface FakeBedrockRequest {
  /** The path exactly as received (still percent-encoded). */
  rawPath: string;
  /** The model id, decoded. */
  modelId: string;
  action: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (the raw text when it is not JSON). */
  body: unknown;
  /** `1.1` or `2.0`. */
  httpVersion: string;
  /** The access key id that signed it, or `bearer`. */
  signedBy: string | undefined;
}

/**
 * A failure to inject into the next model request(s).
 * - `error`: answer this AWS error (`x-amzn-errortype`, `{"message"}`).
 * - `stream-exception`: stream `afterEvents` events, then an exception frame.
 * - `stream-cut`: stream `afterEvents` events, then end the response (no messageStop).
 */
export type FakeBedrockFault =
  | { kind: 'error'; status: number; errorType: string; message: string; headers?: Record<string, string> }
  | { kind: 'stream-exception'; afterEvents: number; exceptionType: string; message: string }
  | { kind: 'stream-cut'; afterEvents: number };

/** Picks the answer for a request; undefined keeps the default. */
export type FakeBedrockScript = (request: FakeBedrockRequest) => FakeBedrockAnswer | undefined;

export interface FakeBedrockOptions {
  /** The region signatures must be scoped to; default us-east-1. */
  region?: string;
  /** Credentials the fake accepts. */
  credentials?: FakeAwsCredentials[];
  /** More credentials, looked up at request time (e.g. the ones a fake STS issued). */
  lookup?: CredentialLookup;
  /** Bedrock API keys the fake accepts as `Authorization: Bearer`. */
  bearerTokens?: string[];
  /** Deltas per streamed text or tool input; default 3. */
  streamPieces?: number;
}

/** A running fake Bedrock Runtime. */
export interface FakeBedrock {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Every request received (rejected ones too), in arrival order. */
  readonly requests: FakeBedrockRequest[];
  /** Sets (or clears) the script that picks chat answers. */
  script(script: FakeBedrockScript | undefined): void;
  /** Breaks the next `times` (default 1) model requests with `fault`. */
  failNext(fault: FakeBedrockFault, times?: number): void;
  /** Clears requests, faults and the script. */
  reset(): void;
  close(): Promise<void>;
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;
const EVENT_STREAM_HEADERS = { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-bedrock-content-type': 'application/json' };

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Starts a fake Bedrock Runtime on 127.0.0.1 (random port). Always `close()` it. */
export async function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  const region = options.region ?? 'us-east-1';
  const pieces = options.streamPieces ?? 3;
  const requests: FakeBedrockRequest[] = [];
  let faults: FakeBedrockFault[] = [];
  let script: FakeBedrockScript | undefined;
  let seq = 0;

  const lookup: CredentialLookup = (id) => options.credentials?.find((c) => c.accessKeyId === id) ?? options.lookup?.(id);

  async function authenticate(req: FakeRequest, raw: { path: string; body: Buffer }): Promise<{ ok: true; by: string } | { ok: false; rejection: AwsRejection }> {
    const authorization = req.headers['authorization'];
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      const token = authorization.slice('Bearer '.length);
      if (options.bearerTokens?.includes(token) === true) return { ok: true, by: 'bearer' };
      return { ok: false, rejection: { status: 403, errorType: 'UnrecognizedClientException', message: 'Invalid API Key format: Must start with pre-defined prefix' } };
    }
    const result = await verifySigV4({ method: req.method ?? 'POST', rawPath: raw.path, headers: req.headers, body: raw.body, service: 'bedrock', region, lookup });
    return result.ok ? { ok: true, by: result.accessKeyId } : result;
  }

  function writeStream(res: FakeResponse, frames: Uint8Array[], fault: FakeBedrockFault | undefined): void {
    res.writeHead(200, { ...EVENT_STREAM_HEADERS, 'x-amzn-requestid': `fake-${seq}` });
    const limit = fault !== undefined && fault.kind !== 'error' ? fault.afterEvents : frames.length;
    for (const frame of frames.slice(0, limit)) res.write(frame);
    if (fault?.kind === 'stream-exception') res.write(encodeException(fault.exceptionType, fault.message));
    res.end();
  }

  async function handle(req: FakeRequest, res: FakeResponse): Promise<void> {
    const rawBody = await readRequestBody(req);
    const rawPath = req.url ?? '/';
    const match = ROUTE.exec(rawPath.split('?')[0] ?? '');
    const recorded: FakeBedrockRequest = {
      rawPath,
      modelId: match === null ? '' : decodeURIComponent(match[1] ?? ''),
      action: match?.[2] ?? '',
      headers: req.headers,
      body: parseJson(rawBody),
      httpVersion: req.httpVersion,
      signedBy: undefined,
    };
    requests.push(recorded);
    seq += 1;
    if (match === null || req.method !== 'POST') {
      writeAwsError(res, { status: 404, errorType: 'UnknownOperationException', message: `Unknown operation ${req.method ?? ''} ${rawPath}` });
      return;
    }
    const auth = await authenticate(req, { path: rawPath, body: rawBody });
    if (!auth.ok) {
      writeAwsError(res, auth.rejection);
      return;
    }
    recorded.signedBy = auth.by;
    const fault = faults.shift();
    if (fault?.kind === 'error') {
      writeAwsError(res, fault);
      return;
    }
    const answer = script?.(recorded) ?? defaultAnswer();
    const baseModel = bedrockBaseModel(recorded.modelId);
    const reject = (rejection: AwsRejection): void => writeAwsError(res, rejection);
    switch (recorded.action) {
      case 'converse':
      case 'converse-stream': {
        const problem = checkConverseBody(recorded.body);
        if (problem !== undefined) return reject(problem);
        if (recorded.action === 'converse') return writeJson(res, { status: 200, body: converseJson(answer, recorded.body), headers: { 'x-amzn-requestid': `fake-${seq}` } });
        const events: FakeStreamEvent[] = converseEvents(answer, recorded.body, pieces);
        return writeStream(res, events.map((e) => encodeEvent(e.eventType, e.payload)), fault);
      }
      case 'invoke': {
        const result = invokeAnswer({ baseModel, modelId: recorded.modelId, body: recorded.body, answer, seq });
        if (isRejection(result)) return reject(result);
        return writeJson(res, { status: 200, body: result.body, headers: { 'x-amzn-requestid': `fake-${seq}`, ...result.headers } });
      }
      default: {
        if (!baseModel.startsWith('anthropic.')) return reject({ status: 400, errorType: 'ValidationException', message: 'The fake streams Invoke answers for Claude only.' });
        const problem = checkClaudeBody(recorded.body);
        if (problem !== undefined) return reject(problem);
        const events = anthropicEvents(answer, { request: recorded.body, model: baseModel, id: `msg_bdrk_fake${seq}`, pieces });
        const frames = events.map((event) => encodeEvent('chunk', { bytes: Buffer.from(JSON.stringify(event)).toString('base64') }));
        return writeStream(res, frames, fault);
      }
    }
  }

  const server: FakeHttpServer = await startFakeHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      writeAwsError(res, { status: 500, errorType: 'InternalServerException', message: `fake Bedrock failed: ${error instanceof Error ? error.message : String(error)}` });
    });
  });

  return {
    url: server.url,
    requests,
    script(next) {
      script = next;
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
    reset() {
      requests.length = 0;
      faults = [];
      script = undefined;
    },
    close: () => server.close(),
  };
}
