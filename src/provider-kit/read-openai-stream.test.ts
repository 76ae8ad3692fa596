import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Deployment } from '../spec/deployment.ts';
import type { ErrorKind } from '../spec/error-catalogue.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { postToApi } from './post-to-api.ts';
import { readOpenAIStream } from './read-openai-stream.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The loopback upstream: each test sets `handler`; `closed` resolves when the test's response closes. */
let handler: Handler = (_req, res) => res.end();
let lastClosed: Promise<{ finished: boolean }> = Promise.resolve({ finished: true });
let server: Server;
let baseUrl = '';

const deployment: Deployment = { id: 'd', modelName: 'm', provider: 'openai', providerModel: 'gpt-4o', params: { model: 'openai/gpt-4o' }, info: {} };
const SECRET = 'upstream-key-0123456789';

/** Answers 200 text/event-stream with `parts` written one by one, then ends (or destroys the socket). */
function sse(parts: readonly string[], end: 'end' | 'destroy' = 'end'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const write = (i: number): void => {
      const part = parts[i];
      if (part === undefined) {
        if (end === 'end') res.end();
        else res.destroy();
        return;
      }
      res.write(part, () => write(i + 1));
    };
    write(0);
  };
}

async function openStream(): Promise<AsyncGenerator<Record<string, unknown>>> {
  const ctx = { deployment, signal: new AbortController().signal, timeoutMs: 10_000, log: { debug() {}, info() {}, warn() {} } };
  const response = await postToApi({ url: `${baseUrl}/v1/chat/completions`, headers: {}, body: {}, ctx, stream: true, providerName: 'OpenAI', secrets: [SECRET] });
  return readOpenAIStream({ response, providerName: 'OpenAI', secrets: [SECRET] });
}

/** Reads the whole stream: the chunks that came, then the error it ended with (if any). */
async function readAll(): Promise<{ chunks: Record<string, unknown>[]; error: unknown }> {
  const chunks: Record<string, unknown>[] = [];
  try {
    for await (const chunk of await openStream()) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

const chunk = (content: string, finish: string | null = null): Record<string, unknown> => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
});
const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

function assertKind(error: unknown, kind: ErrorKind): GatewayError {
  assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  return error;
}

describe('readOpenAIStream', () => {
  before(async () => {
    server = createServer((req, res) => {
      lastClosed = new Promise((resolve) => res.once('close', () => resolve({ finished: res.writableFinished })));
      req.resume();
      req.on('end', () => handler(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('[DONE]', () => {
    test('yields every JSON chunk and stops at [DONE]', async () => {
      handler = sse([event(chunk('Hel')), event(chunk('lo')), event(chunk('', 'stop')), 'data: [DONE]\n\n']);
      const { chunks, error } = await readAll();
      assert.equal(error, undefined);
      assert.deepEqual(chunks, [chunk('Hel'), chunk('lo'), chunk('', 'stop')]);
    });

    test('anything after [DONE] is ignored', async () => {
      handler = sse([event(chunk('a', 'stop')), 'data: [DONE]\n\n', 'data: not json\n\n', event({ error: { message: 'late' } })]);
      const { chunks, error } = await readAll();
      assert.equal(error, undefined);
      assert.deepEqual(chunks, [chunk('a', 'stop')]);
    });

    test('[DONE] without a finish_reason is accepted (the upstream said it is done)', async () => {
      handler = sse([event(chunk('a')), 'data: [DONE]\n\n']);
      assert.deepEqual(await readAll(), { chunks: [chunk('a')], error: undefined });
    });

    test('comments, event names and \\r\\n framing do not matter', async () => {
      handler = sse([': ping\r\n\r\n', `event: message\r\ndata: ${JSON.stringify(chunk('x', 'stop'))}\r\n\r\n`, 'data: [DONE]\r\n\r\n']);
      assert.deepEqual(await readAll(), { chunks: [chunk('x', 'stop')], error: undefined });
    });

    test('the usage chunk after the finish_reason is passed on', async () => {
      const usage = { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } };
      handler = sse([event(chunk('a', 'stop')), event(usage), 'data: [DONE]\n\n']);
      assert.deepEqual((await readAll()).chunks, [chunk('a', 'stop'), usage]);
    });
  });

  describe('an {"error": …} event', () => {
    const cases: { name: string; error: unknown; kind: ErrorKind; message: string; eventName?: string }[] = [
      {
        name: 'LiteLLM-style code "429"',
        error: { message: 'Rate limit reached', type: 'throttling_error', param: null, code: '429' },
        kind: 'rate_limit',
        message: 'litellm.RateLimitError: OpenAIException - Rate limit reached',
      },
      {
        name: 'vLLM-style numeric code 400 with a context phrase',
        error: { object: 'error', message: "This model's maximum context length is 4096 tokens.", type: 'BadRequestError', param: null, code: 400 },
        kind: 'context_window_exceeded',
        message: "litellm.ContextWindowExceededError: OpenAIException - This model's maximum context length is 4096 tokens.",
      },
      {
        name: 'OpenAI server_error with code null',
        error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
        kind: 'internal',
        message: 'litellm.InternalServerError: OpenAIException - The server had an error while processing your request. Sorry about that!',
      },
      {
        name: 'OpenRouter-style numeric 503',
        error: { code: 503, message: 'Provider overloaded' },
        kind: 'service_unavailable',
        message: 'litellm.ServiceUnavailableError: OpenAIException - Provider overloaded',
      },
      { name: 'a code outside 400–599 counts as 500', error: { code: 200, message: 'odd' }, kind: 'internal', message: 'litellm.InternalServerError: OpenAIException - odd' },
      { name: 'a flat string error', error: 'upstream exploded', kind: 'internal', message: 'litellm.InternalServerError: OpenAIException - upstream exploded' },
      {
        name: 'sent as `event: error`',
        eventName: 'error',
        error: { message: 'Bad gateway upstream', code: 502 },
        kind: 'bad_gateway',
        message: 'litellm.BadGatewayError: OpenAIException - Bad gateway upstream',
      },
      {
        name: 'secrets in the message are redacted',
        error: { message: `key ${SECRET} and sk-abcdef1234567 refused`, code: 401 },
        kind: 'upstream_authentication',
        message: 'litellm.AuthenticationError: OpenAIException - key [REDACTED] and sk-[REDACTED] refused',
      },
    ];

    for (const { name, error, kind, message, eventName } of cases) {
      test(name, async () => {
        const errorEvent = `${eventName === undefined ? '' : `event: ${eventName}\n`}data: ${JSON.stringify({ error })}\n\n`;
        handler = sse([event(chunk('partial')), errorEvent, event(chunk('never', 'stop')), 'data: [DONE]\n\n']);
        const result = await readAll();
        assert.deepEqual(result.chunks, [chunk('partial')], 'the chunks before the error are yielded');
        const gatewayError = assertKind(result.error, kind);
        assert.equal(gatewayError.message, message);
      });
    }

    test('"error": null is an ordinary chunk', async () => {
      const value = { ...chunk('a', 'stop'), error: null };
      handler = sse([event(value), 'data: [DONE]\n\n']);
      assert.deepEqual(await readAll(), { chunks: [value], error: undefined });
    });
  });

  describe('a stream that ends early', () => {
    test('no finish_reason and no [DONE], cleanly ended → api_connection', async () => {
      handler = sse([event(chunk('Hel')), event(chunk('lo'))]);
      const { chunks, error } = await readAll();
      assert.deepEqual(chunks, [chunk('Hel'), chunk('lo')]);
      const gatewayError = assertKind(error, 'api_connection');
      assert.equal(gatewayError.message, 'litellm.APIConnectionError: OpenAIException - the stream ended before it was complete.');
    });

    test('an empty 200 stream → api_connection', async () => {
      handler = sse([]);
      assertKind((await readAll()).error, 'api_connection');
    });

    test('a finish_reason but no [DONE] is accepted', async () => {
      handler = sse([event(chunk('Hi')), event(chunk('', 'stop'))]);
      assert.deepEqual(await readAll(), { chunks: [chunk('Hi'), chunk('', 'stop')], error: undefined });
    });

    test('a finish_reason in a later choice counts', async () => {
      const two = { id: 'c', choices: [{ index: 0, delta: {}, finish_reason: null }, { index: 1, delta: {}, finish_reason: 'length' }] };
      handler = sse([event(two)]);
      assert.equal((await readAll()).error, undefined);
    });

    test('the connection drops mid-stream → api_connection, after the chunks that came', async () => {
      handler = sse([event(chunk('Hel'))], 'destroy');
      const { chunks, error } = await readAll();
      assert.deepEqual(chunks, [chunk('Hel')]);
      assertKind(error, 'api_connection');
    });

    test('a cleanly ended body whose last event is cut mid-JSON → bad_gateway (the upstream sent garbage)', async () => {
      handler = sse([event(chunk('Hel')), 'data: {"id":"chatcmpl-1","choi']);
      const { chunks, error } = await readAll();
      assert.deepEqual(chunks, [chunk('Hel')]);
      assertKind(error, 'bad_gateway');
    });
  });

  describe('events that are not the protocol', () => {
    const cases: { name: string; data: string; message: string }[] = [
      { name: 'not JSON', data: 'hello', message: 'litellm.BadGatewayError: OpenAIException - invalid response from the provider: a stream event is not JSON' },
      { name: 'a JSON array', data: '[1,2]', message: 'litellm.BadGatewayError: OpenAIException - invalid response from the provider: a stream event is not an object' },
      { name: 'a JSON number', data: '42', message: 'litellm.BadGatewayError: OpenAIException - invalid response from the provider: a stream event is not an object' },
      { name: 'JSON null', data: 'null', message: 'litellm.BadGatewayError: OpenAIException - invalid response from the provider: a stream event is not an object' },
    ];
    for (const { name, data, message } of cases) {
      test(`${name} → bad_gateway`, async () => {
        handler = sse([event(chunk('a')), `data: ${data}\n\n`, event(chunk('', 'stop'))]);
        const { chunks, error } = await readAll();
        assert.deepEqual(chunks, [chunk('a')]);
        assert.equal(assertKind(error, 'bad_gateway').message, message);
      });
    }
  });

  describe('releasing the upstream', () => {
    test('a consumer that stops early closes the upstream connection', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(event(chunk('first')));
      };
      const stream = await openStream();
      const closed = lastClosed;
      for await (const value of stream) {
        assert.deepEqual(value, chunk('first'));
        break;
      }
      assert.deepEqual(await closed, { finished: false });
    });

    test('an error event closes the upstream connection even if the upstream keeps it open', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(event({ error: { message: 'boom', code: 500 } }));
      };
      const stream = await openStream();
      const closed = lastClosed;
      await assert.rejects(stream.next(), (error: unknown) => assertKind(error, 'internal') !== undefined);
      assert.deepEqual(await closed, { finished: false });
    });

    test('[DONE] closes the upstream connection even if the upstream keeps it open', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`${event(chunk('a', 'stop'))}data: [DONE]\n\n`);
      };
      const stream = await openStream();
      const closed = lastClosed;
      const chunks: unknown[] = [];
      for await (const value of stream) chunks.push(value);
      assert.deepEqual(chunks, [chunk('a', 'stop')]);
      assert.deepEqual(await closed, { finished: false });
    });
  });
});
