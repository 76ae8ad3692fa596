/**
 * Every fault of the fake OpenAI upstream, as the official `openai` SDK sees it: the right
 * error class, headers and bodies, broken streams, stalls that only end on abort or close.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.ts';
import { MOCK_CONTENT } from './fake-openai-responses.ts';

const API_KEY = 'sk-test-fake-key-1234';
/** Tests here wait on events (aborts, closes); a missing event fails the test instead of hanging it. */
const EVENT_TIMEOUT = { timeout: 5_000 };
const MESSAGES = [{ role: 'user' as const, content: 'Say hello' }];

function chat(client: OpenAI, options?: { timeout?: number; signal?: AbortSignal }) {
  return client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }, options);
}

function streamChat(client: OpenAI) {
  return client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true });
}

describe('fake OpenAI faults seen through the openai SDK', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY });
    client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('rejects a wrong key with 401 AuthenticationError and the invalid_api_key body', EVENT_TIMEOUT, async () => {
    const wrong = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'sk-wrong-key-000000', maxRetries: 0 });
    const error = await chat(wrong).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'invalid_api_key');
    assert.equal(error.type, 'invalid_request_error');
    assert.doesNotMatch(error.message, /sk-wrong-key-000000/);
    assert.equal(fake.requests.length, 1);
  });

  it('sends 429 with retry-after as a RateLimitError carrying the header', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const error = await chat(client).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.headers?.get('retry-after'), '7');
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.match(error.requestID ?? '', /^req_/);
  });

  it('sends a context-length 400 by default and a custom body when given', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'status', status: 400 });
    fake.failNext({ kind: 'status', status: 400, body: { error: { message: 'custom', type: 'invalid_request_error', param: null, code: 'custom_code' } } });
    const first = await chat(client).then(() => undefined, (e: unknown) => e);
    assert.ok(first instanceof OpenAI.BadRequestError);
    assert.equal(first.code, 'context_length_exceeded');
    const second = await chat(client).then(() => undefined, (e: unknown) => e);
    assert.ok(second instanceof OpenAI.BadRequestError);
    assert.equal(second.code, 'custom_code');
  });

  it('sends 500 and 503 as InternalServerError, for `times` requests, then answers again', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'status', status: 500 }, 2);
    fake.failNext({ kind: 'status', status: 503 });
    const statuses: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const error = await chat(client).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof OpenAI.InternalServerError);
      statuses.push(error.status);
    }
    assert.deepEqual(statuses, [500, 500, 503]);
    const completion = await chat(client);
    assert.equal(completion.choices[0]?.message.content, MOCK_CONTENT);
    assert.equal(fake.requests.length, 4);
  });

  it('does not spend faults on GET /models', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'status', status: 500 });
    const page = await client.models.list();
    assert.ok(page.data.length > 0);
    await assert.rejects(chat(client), OpenAI.InternalServerError);
  });

  it('resets the connection: APIConnectionError that is not a timeout', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'reset' });
    const error = await chat(client).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.APIConnectionError);
    assert.ok(!(error instanceof OpenAI.APIConnectionTimeoutError));
    assert.equal(fake.requests.length, 1);
  });

  it('stalls until the SDK times out, and reports the client abort', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'stall' });
    const aborted = fake.nextClientAbort();
    const error = await chat(client, { timeout: 100 }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.APIConnectionTimeoutError);
    const recorded = await aborted;
    assert.equal(recorded.path, '/v1/chat/completions');
  });

  it('reports a user abort of a stalled request', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'stall' });
    const controller = new AbortController();
    const arrived = fake.nextRequest();
    const pending = chat(client, { signal: controller.signal });
    const aborted = fake.nextClientAbort();
    await arrived;
    controller.abort();
    await assert.rejects(pending, OpenAI.APIUserAbortError);
    assert.equal((await aborted).method, 'POST');
  });

  it('sends garbage: text/html comes back as a string, a lying JSON content-type as a SyntaxError', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'garbage' });
    const html: unknown = await chat(client);
    assert.equal(html, '<html>oops</html>');
    fake.failNext({ kind: 'garbage', contentType: 'application/json' });
    await assert.rejects(chat(client), SyntaxError);
  });

  it('cuts a stream after N content chunks: the SDK throws mid-iteration', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'stream-error-after', chunks: 2 });
    const stream = await streamChat(client);
    const contents: string[] = [];
    // Not an OpenAI.APIError: the SDK lets undici's `TypeError: terminated` through.
    await assert.rejects(async () => {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    }, TypeError);
    assert.equal(contents.length, 1 + 2);
    assert.ok(MOCK_CONTENT.startsWith(contents.join('')));
    assert.notEqual(contents.join(''), MOCK_CONTENT);
  });

  it('cuts a non-stream answer after half its body: the SDK fails to read it', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'stream-error-after', chunks: 0 });
    await assert.rejects(chat(client), TypeError);
  });

  it('sends garbage to a stream request: the SDK ends the stream silently with no chunks', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'garbage' });
    const stream = await streamChat(client);
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.deepEqual(chunks, []);
  });

  it('stalls a stream after N chunks until the client aborts', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'stall-stream-after', chunks: 1 });
    const stream = await streamChat(client);
    const iterator = stream[Symbol.asyncIterator]();
    const role = await iterator.next();
    const first = await iterator.next();
    assert.equal(role.done, false);
    assert.equal(first.done === false ? first.value.choices[0]?.delta.content : undefined, MOCK_CONTENT.slice(0, 20));
    const pending = iterator.next();
    const aborted = fake.nextClientAbort();
    stream.controller.abort();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.equal((await aborted).path, '/v1/chat/completions');
  });

  it('records faulted requests', EVENT_TIMEOUT, async () => {
    fake.failNext({ kind: 'status', status: 500 });
    await assert.rejects(chat(client));
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(fake.requests[0]?.body, { model: 'gpt-4o', messages: MESSAGES });
  });
});

describe('closing the fake', () => {
  it('ends stalled requests and rejects pending abort waiters', EVENT_TIMEOUT, async () => {
    const fake = await startFakeOpenAI();
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    fake.failNext({ kind: 'stall' });
    const arrived = fake.nextRequest();
    const pendingFails = assert.rejects(chat(client), OpenAI.APIConnectionError);
    const waiterFails = assert.rejects(fake.nextClientAbort(), /closed/);
    await arrived;
    await fake.close();
    await pendingFails;
    await waiterFails;
  });
});
