import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { CallContext } from '../spec/provider.ts';
import { postToApi, type PostToApiOptions } from './post-to-api.ts';

/** One request as the fake upstream saw it. */
interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Resolves when the connection/response closes: `finished` is false when the client went away first. */
  closed: Promise<{ finished: boolean }>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

/** A loopback upstream whose answer each test sets. */
class FakeUpstream {
  handler: Handler = (_req, res) => res.end('{}');
  readonly requests: SeenRequest[] = [];
  #waiters: ((seen: SeenRequest) => void)[] = [];
  readonly #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const closed = new Promise<{ finished: boolean }>((resolve) => res.once('close', () => resolve({ finished: res.writableFinished })));
        const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), closed };
        this.requests.push(seen);
        this.#waiters.shift()?.(seen);
        this.handler(req, res, seen);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The next request to arrive (after its body has been read). */
  nextRequest(): Promise<SeenRequest> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

const deployment: Deployment = {
  id: 'test',
  modelName: 'gpt-4o',
  provider: 'openai',
  providerModel: 'gpt-4o',
  params: { model: 'openai/gpt-4o' },
  info: {},
};
const silentLog = { debug() {}, info() {}, warn() {} };

function context(overrides: { signal?: AbortSignal; timeoutMs?: number } = {}): CallContext {
  return { deployment, signal: overrides.signal ?? new AbortController().signal, timeoutMs: overrides.timeoutMs ?? 10_000, log: silentLog };
}

const upstream = new FakeUpstream();

function options(overrides: Partial<PostToApiOptions> = {}): PostToApiOptions {
  return {
    url: `${upstream.url}/v1/chat/completions`,
    headers: { authorization: 'Bearer sk-upstream-secret-key' },
    body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
    ctx: context(),
    stream: false,
    providerName: 'OpenAI',
    secrets: ['sk-upstream-secret-key'],
    ...overrides,
  };
}

async function expectGatewayError(promise: Promise<unknown>, kind: GatewayError['kind']): Promise<GatewayError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof GatewayError, `expected a GatewayError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  return caught;
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

describe('postToApi', () => {
  before(() => upstream.start());
  after(() => upstream.close());
  beforeEach(() => {
    upstream.handler = (_req, res) => res.end('{}');
  });

  describe('a 2xx answer', () => {
    test('sends the body as JSON with the given headers; json() parses the answer', async () => {
      upstream.handler = (_req, res) => {
        res.setHeader('x-request-id', 'req-1');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.setHeader('content-type', 'application/json');
        res.end('{"id":"chatcmpl-1","choices":[]}');
      };
      const signal = new AbortController().signal;
      const response = await postToApi(options({ ctx: context({ signal }) }));
      assert.equal(response.status, 200);
      assert.equal(response.headers['x-request-id'], 'req-1');
      assert.equal(response.headers['set-cookie'], 'a=1, b=2');
      assert.deepEqual(await response.json(), { id: 'chatcmpl-1', choices: [] });
      const seen = upstream.requests.at(-1);
      assert.ok(seen !== undefined);
      assert.equal(seen.method, 'POST');
      assert.equal(seen.url, '/v1/chat/completions');
      assert.equal(seen.headers['content-type'], 'application/json');
      assert.equal(seen.headers['authorization'], 'Bearer sk-upstream-secret-key');
      assert.deepEqual(JSON.parse(seen.body), { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(getEventListeners(signal, 'abort').length, 0, 'the abort listener is removed once the body is read');
    });

    test('a caller header may override the content type', async () => {
      await (await postToApi(options({ headers: { 'content-type': 'application/json; charset=utf-8' } }))).json();
      assert.equal(upstream.requests.at(-1)?.headers['content-type'], 'application/json; charset=utf-8');
    });

    test('json() on a body that is not JSON is a bad_gateway error', async () => {
      upstream.handler = (_req, res) => res.end('<html>hello</html>');
      const response = await postToApi(options());
      const error = await expectGatewayError(response.json(), 'bad_gateway');
      assert.equal(error.message, 'litellm.BadGatewayError: OpenAIException - invalid response from the provider: the body is not JSON');
    });

    test('chunks() yields the body bytes; the listener is removed at the end', async () => {
      upstream.handler = (_req, res) => {
        res.write('data: 1\n\n');
        res.end('data: 2\n\n');
      };
      const signal = new AbortController().signal;
      const response = await postToApi(options({ stream: true, ctx: context({ signal }) }));
      assert.equal(getEventListeners(signal, 'abort').length, 1, 'listening while the stream is open');
      assert.equal(await drain(response.chunks()), 'data: 1\n\ndata: 2\n\n');
      assert.equal(getEventListeners(signal, 'abort').length, 0);
    });

    test('cancel() closes the upstream connection and is idempotent', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
      };
      const signal = new AbortController().signal;
      const arrived = upstream.nextRequest();
      const response = await postToApi(options({ stream: true, ctx: context({ signal }) }));
      const seen = await arrived;
      response.cancel();
      response.cancel();
      assert.deepEqual(await seen.closed, { finished: false });
      assert.equal(getEventListeners(signal, 'abort').length, 0);
    });
  });

  describe('a non-2xx answer', () => {
    const cases: { name: string; status: number; headers?: Record<string, string>; body: string; kind: GatewayError['kind']; message: string; retryAfter?: string }[] = [
      {
        name: '429 with retry-after',
        status: 429,
        headers: { 'retry-after': '20' },
        body: '{"error":{"message":"Rate limit reached for gpt-4o","type":"tokens","param":null,"code":"rate_limit_exceeded"}}',
        kind: 'rate_limit',
        message: 'litellm.RateLimitError: OpenAIException - Rate limit reached for gpt-4o',
        retryAfter: '20',
      },
      {
        name: '401 echoing the key',
        status: 401,
        body: '{"error":{"message":"Incorrect API key provided: sk-upstream-secret-key.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}',
        kind: 'upstream_authentication',
        message: 'litellm.AuthenticationError: OpenAIException - Incorrect API key provided: [REDACTED].',
      },
      {
        name: '400 context window',
        status: 400,
        body: '{"error":{"message":"This model\'s maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}',
        kind: 'context_window_exceeded',
        message: "litellm.ContextWindowExceededError: OpenAIException - This model's maximum context length is 128000 tokens.",
      },
      { name: '502 HTML page', status: 502, body: '<html>Bad Gateway</html>', kind: 'bad_gateway', message: 'litellm.BadGatewayError: OpenAIException - <html>Bad Gateway</html>' },
      { name: '503 empty body', status: 503, body: '', kind: 'service_unavailable', message: 'litellm.ServiceUnavailableError: OpenAIException - empty error response' },
    ];

    for (const { name, status, headers, body, kind, message, retryAfter } of cases) {
      for (const stream of [false, true]) {
        test(`${name}${stream ? ' (stream)' : ''}`, async () => {
          upstream.handler = (_req, res) => {
            res.writeHead(status, { 'content-type': 'application/json', ...headers });
            res.end(body);
          };
          const signal = new AbortController().signal;
          const error = await expectGatewayError(postToApi(options({ stream, ctx: context({ signal }) })), kind);
          assert.equal(error.message, message);
          assert.equal(error.upstreamStatus, status);
          assert.equal(error.retryAfter, retryAfter);
          assert.equal(getEventListeners(signal, 'abort').length, 0);
        });
      }
    }
  });

  describe('timeouts', () => {
    test('non-stream: the whole call has a deadline → timeout (408), and the upstream request is closed', async () => {
      upstream.handler = () => {};
      const arrived = upstream.nextRequest();
      const error = await expectGatewayError(postToApi(options({ ctx: context({ timeoutMs: 100 }) })), 'timeout');
      assert.equal(error.status, 408);
      assert.equal(error.message, 'litellm.Timeout: OpenAIException - Request timed out after 0.1 seconds.');
      assert.deepEqual(await (await arrived).closed, { finished: false });
    });

    test('non-stream: the deadline also covers reading the body', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":');
      };
      const response = await postToApi(options({ ctx: context({ timeoutMs: 100 }) }));
      await expectGatewayError(response.json(), 'timeout');
    });

    test('stream: no headers within the idle timeout → timeout', async () => {
      upstream.handler = () => {};
      const error = await expectGatewayError(postToApi(options({ stream: true, ctx: context({ timeoutMs: 100 }) })), 'timeout');
      assert.equal(error.message, 'litellm.Timeout: OpenAIException - Request timed out after 0.1 seconds.');
    });

    test('stream: a stall between chunks → timeout, after the chunks that came', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
      };
      const arrived = upstream.nextRequest();
      const response = await postToApi(options({ stream: true, ctx: context({ timeoutMs: 100 }) }));
      const iterator = response.chunks()[Symbol.asyncIterator]();
      const first = await iterator.next();
      assert.equal(Buffer.from(first.value ?? new Uint8Array()).toString('utf8'), 'data: 1\n\n');
      await expectGatewayError(iterator.next(), 'timeout');
      assert.deepEqual(await (await arrived).closed, { finished: false });
    });
  });

  describe('the caller goes away', () => {
    test('before the answer: rejects with the signal\'s reason, and the upstream sees the connection close', async () => {
      upstream.handler = () => {};
      const controller = new AbortController();
      const reason = new Error('client closed the connection');
      const arrived = upstream.nextRequest();
      const pending = postToApi(options({ ctx: context({ signal: controller.signal }) }));
      const seen = await arrived;
      controller.abort(reason);
      await assert.rejects(pending, (error: unknown) => error === reason);
      assert.deepEqual(await seen.closed, { finished: false });
      assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    });

    test('mid-stream: the iterator rejects with the reason, and the upstream sees the connection close', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
      };
      const controller = new AbortController();
      const reason = new Error('gone');
      const arrived = upstream.nextRequest();
      const response = await postToApi(options({ stream: true, ctx: context({ signal: controller.signal }) }));
      const iterator = response.chunks()[Symbol.asyncIterator]();
      await iterator.next();
      controller.abort(reason);
      await assert.rejects(iterator.next(), (error: unknown) => error === reason);
      assert.deepEqual(await (await arrived).closed, { finished: false });
    });

    test('mid-body (non-stream): json() rejects with the reason', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"choices":');
      };
      const controller = new AbortController();
      const reason = new Error('gone');
      const response = await postToApi(options({ ctx: context({ signal: controller.signal }) }));
      const pending = response.json();
      controller.abort(reason);
      await assert.rejects(pending, (error: unknown) => error === reason);
    });

    test('already gone: rejects with the reason without calling the upstream', async () => {
      const controller = new AbortController();
      const reason = new Error('already gone');
      controller.abort(reason);
      const before = upstream.requests.length;
      await assert.rejects(postToApi(options({ ctx: context({ signal: controller.signal }) })), (error: unknown) => error === reason);
      assert.equal(upstream.requests.length, before);
    });
  });

  describe('connection failures', () => {
    test('connection refused → api_connection naming the code', async () => {
      const closed = new FakeUpstream();
      await closed.start();
      await closed.close();
      const error = await expectGatewayError(postToApi(options({ url: `${closed.url}/v1/chat/completions` })), 'api_connection');
      assert.equal(error.status, 500);
      assert.equal(error.message, 'litellm.APIConnectionError: OpenAIException - Connection error (ECONNREFUSED).');
      assert.ok(error.cause !== undefined, 'the low-level error is kept as the cause');
    });

    test('the upstream drops the connection before answering → api_connection', async () => {
      upstream.handler = (req) => req.socket.destroy();
      const error = await expectGatewayError(postToApi(options()), 'api_connection');
      assert.match(error.message, /^litellm\.APIConnectionError: OpenAIException - Connection error/);
    });

    test('the upstream drops the connection mid-body → api_connection from chunks()', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n', () => res.destroy());
      };
      const response = await postToApi(options({ stream: true }));
      await expectGatewayError(drain(response.chunks()), 'api_connection');
    });

    test('no secret in a connection error message', async () => {
      const error = await expectGatewayError(postToApi(options({ url: 'http://127.0.0.1:1/v1?key=sk-upstream-secret-key' })), 'api_connection');
      assert.ok(!error.message.includes('sk-upstream-secret-key'));
    });
  });
});
