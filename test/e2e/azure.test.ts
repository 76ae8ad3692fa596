import assert from 'node:assert/strict';
import { AzureOpenAI } from 'openai';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { errorOf, MASTER_KEY, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const AZURE_KEY = 'azure-key-0123456789abcdef';
const hi = [{ role: 'user' as const, content: 'hi' }];

describe('azure/ deployments', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: AZURE_KEY, azure: true });
    gateway = await startGateway({
      models: [
        { model_name: 'gpt-4o', litellm_params: { model: 'azure/my-gpt4o', api_base: fake.url, api_key: AZURE_KEY, api_version: '2024-10-21' } },
        { model_name: 'embed', litellm_params: { model: 'azure/my-embed', api_base: fake.url, api_key: AZURE_KEY, api_version: '2024-10-21' } },
        { model_name: 'entra', litellm_params: { model: 'azure/my-gpt4o', api_base: fake.url, azure_ad_token: 'entra-token-xyz', api_version: '2024-10-21' } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('calls the deployment path with api-version and the api-key header', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi });
    assert.equal(data.object, 'chat.completion');
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.path, '/openai/deployments/my-gpt4o/chat/completions');
    assert.equal(upstream?.query.get('api-version'), '2024-10-21');
    assert.equal(upstream?.headers['api-key'], AZURE_KEY);
    assert.equal(upstream?.headers.authorization, undefined);
  });

  it('sends a static Entra ID token as a bearer token', async () => {
    await gateway.post('/v1/chat/completions', { model: 'entra', messages: hi });
    assert.equal(fake.requests.at(-1)?.headers.authorization, 'Bearer entra-token-xyz');
  });

  it('drops Azure\'s content-filter preamble chunk from streams', async () => {
    const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, stream: true });
    const chunks = sseData(r.text).filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as { id: string; choices: unknown[] });
    assert.ok(chunks.length > 0);
    for (const chunk of chunks) {
      assert.notEqual(chunk.id, '', 'no empty-id preamble');
      assert.ok(chunk.choices.length > 0);
    }
    assert.equal(sseData(r.text).at(-1), '[DONE]');
  });

  it('serves embeddings with the SDK default base64', async () => {
    const result = await gateway.client.embeddings.create({ model: 'embed', input: 'hello' });
    assert.ok((result.data[0]?.embedding.length ?? 0) > 0);
    assert.equal(fake.requests.at(-1)?.path, '/openai/deployments/my-embed/embeddings');
  });

  it('maps a content-filter error to a content-policy error and keeps innererror', async () => {
    const innererror = { code: 'ResponsibleAIPolicyViolation', content_filter_result: { hate: { filtered: true, severity: 'high' } } };
    fake.failNext({
      kind: 'status',
      status: 400,
      body: { error: { message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", type: null, param: 'prompt', code: 'content_filter', status: 400, innererror } },
    });
    const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi });
    assert.equal(r.status, 400);
    assert.match(errorOf(r.body).message, /^litellm\.ContentPolicyViolationError: AzureException - /);
    assert.deepEqual((r.body as { error: { provider_specific_fields?: unknown } }).error.provider_specific_fields, { innererror });
  });

  it('accepts the AzureOpenAI SDK as a client (api-key header, deployment path)', async () => {
    const azureClient = new AzureOpenAI({ endpoint: gateway.url, apiKey: MASTER_KEY, apiVersion: '2024-10-21', deployment: 'gpt-4o', maxRetries: 0 });
    const data = await azureClient.chat.completions.create({ model: 'ignored-by-path', messages: hi });
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    const stream = await azureClient.chat.completions.create({ model: 'ignored-by-path', messages: hi, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.ok(text.length > 0);
  });
});
