/**
 * huggingface/ end to end: the real gateway in front of the fake TGI / Inference Endpoint,
 * driven by the official openai SDK.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { decodeEmbeddingBase64 } from '../../src/provider-kit/embedding-base64.ts';
import { FAKE_HF_DIMENSIONS, FAKE_HF_TEXT, modelLoadingError, tgiContextError } from '../fakes/fake-huggingface-answers.ts';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/fake-huggingface.ts';
import { errorOf, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const TOKEN = 'hf_secret_token_abcdefghijklmnop';
const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
const hi = [{ role: 'user' as const, content: 'hi' }];

describe('huggingface/ through the gateway', () => {
  let fake: FakeHuggingFace;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeHuggingFace({ token: TOKEN });
    gateway = await startGateway({
      models: [
        { model_name: 'tgi', litellm_params: { model: 'huggingface/meta-llama/Llama-3.1-8B-Instruct', api_base: fake.url, api_key: TOKEN } },
        { model_name: 'tgi-v1', litellm_params: { model: 'huggingface/tgi', api_base: `${fake.url}/v1/`, api_key: TOKEN } },
        { model_name: 'embed', litellm_params: { model: 'huggingface/BAAI/bge-small-en-v1.5', api_base: `${fake.url}/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction`, api_key: TOKEN } },
        { model_name: 'bad-token', litellm_params: { model: 'huggingface/tgi', api_base: fake.url, api_key: 'hf_wrong_token_zzzzzzzz' } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('chats on {api_base}/v1/chat/completions with the token as Bearer; eos_token → stop', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'tgi', messages: hi, max_tokens: 20 });
    assert.equal(data.choices[0]?.message.content, FAKE_HF_TEXT);
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.ok((data.usage?.total_tokens ?? 0) > 0);
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.path, '/v1/chat/completions');
    assert.equal(upstream?.headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(upstream?.body, { model: 'meta-llama/Llama-3.1-8B-Instruct', messages: hi, max_tokens: 20 });
  });

  it('does not double /v1 when api_base ends with it', async () => {
    await gateway.client.chat.completions.create({ model: 'tgi-v1', messages: hi });
    assert.equal(fake.requests.at(-1)?.path, '/v1/chat/completions');
  });

  it('streams with usage; finish reason mapped in the stream', async () => {
    const stream = await gateway.client.chat.completions.create({ model: 'tgi', messages: hi, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage.total_tokens;
    }
    assert.equal(text, FAKE_HF_TEXT);
    assert.equal(finish, 'stop');
    assert.ok(usage > 0);
  });

  it('streams tool-call deltas the SDK assembles', async () => {
    const final = await gateway.client.chat.completions.stream({ model: 'tgi', messages: [{ role: 'user', content: 'weather?' }], tools: TOOLS }).finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call?.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Paris' });
  });

  it('embeds through feature extraction, floats and the SDK default base64', async () => {
    const result = await gateway.client.embeddings.create({ model: 'embed', input: ['hello', 'world'] });
    assert.equal(result.data.length, 2);
    assert.equal(result.data[1]?.embedding.length, FAKE_HF_DIMENSIONS);
    assert.ok(result.usage.prompt_tokens > 0);
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.path, '/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction');
    assert.deepEqual(upstream?.body, { inputs: ['hello', 'world'] });
    const raw = await gateway.post('/v1/embeddings', { model: 'embed', input: 'hello', encoding_format: 'base64' });
    assert.equal(decodeEmbeddingBase64((raw.body as { data: { embedding: string }[] }).data[0]?.embedding ?? '').length, FAKE_HF_DIMENSIONS);
  });

  it('maps TGI\'s 422 context error to context_window_exceeded (400)', async () => {
    fake.failNext({ kind: 'status', status: 422, body: tgiContextError() });
    const r = await gateway.post('/v1/chat/completions', { model: 'tgi', messages: hi });
    assert.equal(r.status, 400);
    assert.match(errorOf(r.body).message, /^litellm\.ContextWindowExceededError: HuggingfaceException - Input validation error/);
  });

  it('maps a model still loading (503) to service_unavailable and a bad token to 401 without leaking it', async () => {
    fake.failNext({ kind: 'status', status: 503, body: modelLoadingError('meta-llama/Llama-3.1-8B-Instruct') });
    const loading = await gateway.post('/v1/chat/completions', { model: 'tgi', messages: hi, num_retries: 0 });
    assert.equal(loading.status, 503);
    assert.match(errorOf(loading.body).message, /currently loading/);
    const denied = await gateway.client.chat.completions.create({ model: 'bad-token', messages: hi }).then(() => undefined, (e: unknown) => e);
    assert.ok(denied instanceof OpenAI.AuthenticationError);
    assert.doesNotMatch(String(denied.message), /hf_wrong_token/);
  });

  it('maps a 429 with retry-after to a rate-limit error', async () => {
    fake.failNext({ kind: 'status', status: 429, body: { error: 'Rate limit reached. You reached free usage limit (reset hourly).' }, headers: { 'retry-after': '7' } });
    const r = await gateway.post('/v1/chat/completions', { model: 'tgi', messages: hi, num_retries: 0 });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '7');
  });

  it('ends a stream with an SSE error event when TGI fails mid-generation', async () => {
    fake.failNext({ kind: 'stream-error', after: 2, error: 'Request failed during generation: Server error: CUDA out of memory' });
    const r = await gateway.post('/v1/chat/completions', { model: 'tgi', messages: hi, stream: true });
    const events = sseData(r.text).map((d) => JSON.parse(d) as { error?: { message: string } });
    assert.match(events.at(-1)?.error?.message ?? '', /CUDA out of memory/);
  });

  it('refuses dimensions for embeddings', async () => {
    const r = await gateway.post('/v1/embeddings', { model: 'embed', input: 'x', dimensions: 3 });
    assert.equal(r.status, 400);
  });
});
