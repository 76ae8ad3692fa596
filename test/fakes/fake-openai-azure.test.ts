/**
 * Proof that the fake speaks Azure OpenAI: the official SDK's `AzureOpenAI` client reaches it
 * on `/openai/deployments/{deployment}/…?api-version=…` with the `api-key` header, and handles
 * its content-filter stream chunk and Azure error bodies.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI, { AzureOpenAI } from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.ts';
import { DEFAULT_EMBEDDING_DIMENSIONS } from './fake-openai-embeddings.ts';
import { DEFAULT_AZURE_MODEL, MOCK_CONTENT } from './fake-openai-responses.ts';

const API_KEY = 'azure-test-key-5678';
const API_VERSION = '2024-10-21';
const MESSAGES = [{ role: 'user' as const, content: 'Say hello' }];

describe('fake Azure OpenAI driven by the AzureOpenAI SDK client', () => {
  let fake: FakeOpenAI;
  let client: AzureOpenAI;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY, azure: true });
    client = new AzureOpenAI({ endpoint: fake.url, apiKey: API_KEY, apiVersion: API_VERSION, deployment: 'my-deploy', maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers chat on the deployment route with the deployment model and filter results', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    assert.equal(completion.model, DEFAULT_AZURE_MODEL);
    assert.equal(completion.choices[0]?.message.content, MOCK_CONTENT);
    assert.ok(Reflect.get(completion, 'prompt_filter_results'));
    assert.ok(Reflect.get(Object(completion.choices[0]), 'content_filter_results'));
    const recorded = fake.requests[0];
    assert.equal(recorded?.path, '/openai/deployments/my-deploy/chat/completions');
    assert.equal(recorded?.query.get('api-version'), API_VERSION);
    assert.equal(recorded?.headers['api-key'], API_KEY);
    assert.equal(recorded?.headers.authorization, undefined);
  });

  it('starts a stream with the content-filter chunk, which the SDK passes through', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const first = chunks[0];
    assert.deepEqual([first?.id, first?.created, first?.model, first?.choices], ['', 0, '', []]);
    assert.ok(Array.isArray(Reflect.get(Object(first), 'prompt_filter_results')));
    assert.equal(chunks[1]?.choices[0]?.delta.role, 'assistant');
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), MOCK_CONTENT);
    assert.ok(chunks.at(-1)?.usage);
  });

  it('lets the SDK stream helper assemble an answer despite the content-filter chunk', async () => {
    const final = await client.chat.completions.stream({ model: 'gpt-4o', messages: MESSAGES }).finalChatCompletion();
    assert.equal(final.choices[0]?.message.content, MOCK_CONTENT);
    assert.equal(final.choices[0]?.finish_reason, 'stop');
  });

  it('serves embeddings, images and legacy completions on deployment routes', async () => {
    const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
    assert.equal(embeddings.data[0]?.embedding.length, DEFAULT_EMBEDDING_DIMENSIONS);
    const images = await client.images.generate({ model: 'dall-e-3', prompt: 'a cat', response_format: 'b64_json' });
    assert.ok(images.data?.[0]?.b64_json);
    const completion = await client.completions.create({ model: 'gpt-35-turbo-instruct', prompt: 'hi' });
    assert.equal(completion.choices[0]?.text, MOCK_CONTENT);
    assert.deepEqual(fake.requests.map((req) => req.path), [
      '/openai/deployments/my-deploy/embeddings',
      '/openai/deployments/my-deploy/images/generations',
      '/openai/deployments/my-deploy/completions',
    ]);
  });

  it('rejects a wrong api-key with 401 and the Azure error body (string code)', async () => {
    const wrong = new AzureOpenAI({ endpoint: fake.url, apiKey: 'nope', apiVersion: API_VERSION, deployment: 'my-deploy', maxRetries: 0 });
    const error = await wrong.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.equal(error.code, '401');
  });

  it('rejects a Bearer key in Azure mode (Azure keys go in api-key)', async () => {
    const response = await fetch(`${fake.url}/openai/deployments/my-deploy/chat/completions?api-version=${API_VERSION}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: MESSAGES }),
    });
    assert.equal(response.status, 401);
  });

  it('requires the api-version query parameter', async () => {
    const response = await fetch(`${fake.url}/openai/deployments/my-deploy/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: MESSAGES }),
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' },
    });
  });

  it('sends Azure-style default fault bodies: 429 has code "429"', async () => {
    fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.code, '429');
    assert.equal(error.headers?.get('retry-after'), '1');
  });
});

describe('fake Azure OpenAI with a deployment table', () => {
  let fake: FakeOpenAI;

  before(async () => {
    fake = await startFakeOpenAI({ azure: true, deployments: { chat: 'gpt-4o-mini-2024-07-18' } });
  });
  after(() => fake.close());

  it('reports the mapped model and 404s unknown deployments', async () => {
    const known = new AzureOpenAI({ endpoint: fake.url, apiKey: 'any', apiVersion: API_VERSION, deployment: 'chat', maxRetries: 0 });
    const completion = await known.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
    assert.equal(completion.model, 'gpt-4o-mini-2024-07-18');
    const unknown = new AzureOpenAI({ endpoint: fake.url, apiKey: 'any', apiVersion: API_VERSION, deployment: 'nope', maxRetries: 0 });
    const error = await unknown.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.code, 'DeploymentNotFound');
  });
});
