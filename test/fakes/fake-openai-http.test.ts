/**
 * Wire details of the fake OpenAI upstream that the SDK cannot produce or hides: routes with
 * and without `/v1`, unknown routes, malformed and incomplete bodies, a missing key, raw SSE.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.ts';
import { MOCK_CONTENT } from './fake-openai-responses.ts';

const API_KEY = 'sk-test-fake-key-1234';
const CHAT_BODY = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

describe('fake OpenAI over raw HTTP', () => {
  let fake: FakeOpenAI;

  function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers },
      body,
    });
  }

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY, streamChunks: 2 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('serves every route without the /v1 prefix too', async () => {
    const chat = await post('/chat/completions', CHAT_BODY);
    assert.equal(chat.status, 200);
    assert.match(chat.headers.get('x-request-id') ?? '', /^req_/);
    const models = await fetch(`${fake.url}/models`, { headers: { authorization: `Bearer ${API_KEY}` } });
    assert.equal(models.status, 200);
    assert.equal((await post('/embeddings', JSON.stringify({ model: 'e', input: 'x' }))).status, 200);
    assert.equal((await post('/completions', JSON.stringify({ model: 'c', prompt: 'x' }))).status, 200);
    assert.equal((await post('/images/generations', JSON.stringify({ prompt: 'x' }))).status, 200);
  });

  it('answers an unknown route with an OpenAI-style 404 and records it', async () => {
    const response = await post('/v1/nope', '{}');
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      error: { message: 'Invalid URL (POST /v1/nope)', type: 'invalid_request_error', param: null, code: null },
    });
    assert.equal(fake.requests[0]?.path, '/v1/nope');
    const azureRoute = await post('/openai/deployments/x/chat/completions?api-version=1', CHAT_BODY);
    assert.equal(azureRoute.status, 404);
  });

  it('answers malformed JSON with a 400 and records the raw body', async () => {
    const response = await post('/v1/chat/completions', '{"model": ');
    assert.equal(response.status, 400);
    const body: unknown = await response.json();
    assert.equal(Reflect.get(Object(Reflect.get(Object(body), 'error')), 'type'), 'invalid_request_error');
    assert.equal(fake.requests[0]?.body, '{"model": ');
  });

  it('answers a body without messages with missing_required_parameter', async () => {
    const response = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-4o' }));
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' },
    });
  });

  it('answers a missing key with 401 invalid_api_key', async () => {
    const response = await fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', body: CHAT_BODY });
    assert.equal(response.status, 401);
    const body: unknown = await response.json();
    assert.equal(Reflect.get(Object(Reflect.get(Object(body), 'error')), 'code'), 'invalid_api_key');
  });

  it('writes SSE as data lines ending with [DONE], split into streamChunks pieces', async () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const response = await post('/v1/chat/completions', body);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const text = await response.text();
    const events = text.split('\n\n').filter((event) => event !== '');
    assert.ok(events.every((event) => event.startsWith('data: ')));
    assert.equal(events.at(-1), 'data: [DONE]');
    const chunks: unknown[] = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)));
    assert.equal(chunks.length, 1 + 2 + 1);
    const contents = chunks.map((chunk) => {
      const choice: unknown = Reflect.get(Object(chunk), 'choices')?.[0];
      return String(Reflect.get(Object(Reflect.get(Object(choice), 'delta')), 'content') ?? '');
    });
    assert.equal(contents.join(''), MOCK_CONTENT);
  });

  it('is deterministic: the same request gets the same bytes after reset', async () => {
    const first = await (await post('/v1/chat/completions', CHAT_BODY)).text();
    fake.reset();
    const second = await (await post('/v1/chat/completions', CHAT_BODY)).text();
    assert.equal(first, second);
  });
});
