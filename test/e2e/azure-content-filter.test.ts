/**
 * Azure content filtering through the gateway: a filtered prompt (400, code
 * `content_filter`, `innererror.content_filter_result`) is a ContentPolicyViolationError with
 * Azure's details in `provider_specific_fields`, streamed or not; a filtered completion
 * (finish_reason `content_filter`) passes through with its filter results.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { errorOf, startGateway, type TestGateway } from '../support/start-gateway.ts';

const KEY = 'azure-key-content-filter-0123';
const hi = [{ role: 'user' as const, content: 'something hateful' }];
const innererror = {
  code: 'ResponsibleAIPolicyViolation',
  content_filter_result: {
    hate: { filtered: true, severity: 'high' },
    jailbreak: { filtered: false, detected: false },
    self_harm: { filtered: false, severity: 'safe' },
    sexual: { filtered: false, severity: 'safe' },
    violence: { filtered: false, severity: 'safe' },
  },
};
const filtered = {
  error: {
    message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror,
  },
};

describe('azure/ content filtering', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, azure: true });
    gateway = await startGateway({
      models: [{ model_name: 'gpt-4o', litellm_params: { model: 'azure/my-gpt4o', api_base: fake.url, api_key: KEY, api_version: '2024-10-21' } }],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('a filtered prompt is a 400 ContentPolicyViolationError with innererror kept (non-stream)', async () => {
    fake.failNext({ kind: 'status', status: 400, body: filtered });
    const error = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.match(error.message, /ContentPolicyViolationError: AzureException - The response was filtered/);
    assert.deepEqual(Reflect.get(Object(error.error), 'provider_specific_fields'), { innererror });
    assert.equal(Reflect.get(Object(error.error), 'param'), 'prompt');
  });

  it('a filtered prompt on a stream request answers 400 before any chunk, details kept', async () => {
    fake.failNext({ kind: 'status', status: 400, body: filtered });
    const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, stream: true });
    assert.equal(r.status, 400);
    assert.equal(errorOf(r.body).code, '400');
    assert.equal(errorOf(r.body).type, 'invalid_request_error');
    assert.deepEqual((r.body as { error: { provider_specific_fields?: unknown } }).error.provider_specific_fields, { innererror });
  });

  it('is not retried and does not fall back to a generic error kind', async () => {
    fake.failNext({ kind: 'status', status: 400, body: filtered });
    const r = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: hi, num_retries: 2 });
    assert.equal(r.status, 400);
    assert.equal(fake.requests.length, 1, 'content-policy errors are not retried');
  });

  it('a filtered completion passes through with finish_reason content_filter and its filter results', async () => {
    const results = { hate: { filtered: true, severity: 'medium' } };
    fake.respondWith(() => ({
      id: 'chatcmpl-filtered',
      object: 'chat.completion',
      created: 1_732_000_000,
      model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter', content_filter_results: results }],
      usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
    }));
    const data = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi });
    assert.equal(data.choices[0]?.finish_reason, 'content_filter');
    assert.deepEqual(Reflect.get(Object(data.choices[0]), 'content_filter_results'), results);
  });
});
