import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { computeCost } from '../../src/accounting/compute-cost.ts';
import { formatResponseCost } from '../../src/accounting/format-response-cost.ts';
import { unpricedCalls } from '../../src/accounting/unpriced-calls.ts';
import { onCallComplete, type CallCompleteEvent } from '../../src/server/call-events.ts';
import type { Usage } from '../../src/spec/chat.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

const UPSTREAM_KEY = 'sk-upstream-secret-cost-123456';
const M = 1e6;

/** A fixed non-stream chat answer with the given usage. */
function answerWith(usage: Usage) {
  return { id: 'chatcmpl-cost', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage };
}

describe('per-call cost through the gateway (openai SDK → gateway → fake OpenAI)', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;
  const events: CallCompleteEvent[] = [];
  let unsubscribe: () => void;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    const upstream = { api_base: `${fake.url}/v1`, api_key: UPSTREAM_KEY };
    gateway = await startGateway({
      models: [
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', ...upstream } },
        { model_name: 'cheap', litellm_params: { model: 'openai/gpt-4o', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, ...upstream } },
        { model_name: 'mystery', litellm_params: { model: 'openai/house-model-7b', ...upstream } },
        { model_name: 'embed', litellm_params: { model: 'openai/text-embedding-3-small', ...upstream } },
        { model_name: 'dalle', litellm_params: { model: 'openai/dall-e-3', ...upstream } },
      ],
    });
    unsubscribe = onCallComplete((event) => events.push(event));
  });
  after(async () => {
    unsubscribe();
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    events.length = 0;
  });

  it('non-stream: x-litellm-response-cost from the dataset price, cached tokens at the cache rate', async () => {
    fake.respondWith(() => answerWith({ prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, prompt_tokens_details: { cached_tokens: 400 } }));
    const { response } = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const expected = (600 * 2.5 + 400 * 1.25 + 100 * 10) / M;
    assert.ok(Math.abs(Number(response.headers.get('x-litellm-response-cost')) - expected) < 1e-15);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.status, 'success');
    assert.equal(events[0]?.cost?.priced, true);
    assert.equal(Number(response.headers.get('x-litellm-response-cost')), events[0]?.cost?.cost, 'the header carries the event\'s cost at full precision');
  });

  it('custom pricing on the deployment wins, formatted as LiteLLM formats floats', async () => {
    fake.respondWith(() => answerWith({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }));
    const { response } = await gateway.client.chat.completions.create({ model: 'cheap', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const expected = 10 * 1e-6 + 5 * 2e-6;
    assert.equal(response.headers.get('x-litellm-response-cost'), formatResponseCost(expected));
    assert.match(response.headers.get('x-litellm-response-cost') ?? '', /^\d\.\d+e-05$/, 'Python float repr: exponent form below 1e-4');
    assert.equal(events[0]?.cost?.source, 'custom');
  });

  it('a model with no known price: no cost header (never a false 0), priced false, counted', async () => {
    fake.respondWith(() => answerWith({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }));
    const before = unpricedCalls();
    const { response } = await gateway.client.chat.completions.create({ model: 'mystery', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(response.headers.get('x-litellm-response-cost'), null);
    assert.equal(unpricedCalls(), before + 1);
    assert.deepEqual(events[0]?.cost, { cost: 0, priced: false, source: 'unpriced', pricedModel: 'openai/house-model-7b' });
  });

  it('stream: the cost is computed at the end from the usage chunk and reaches onCallComplete', async () => {
    const stream = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let usage: Usage | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage as Usage;
    assert.ok(usage !== undefined && usage.prompt_tokens > 0);
    const event = events.find((e) => e.stream);
    assert.equal(event?.status, 'success');
    assert.equal(event?.cost?.priced, true);
    const expected = computeCost({ deployment: { provider: 'openai', providerModel: 'gpt-4o', params: { model: 'openai/gpt-4o' }, info: {} }, call: 'chat', usage });
    assert.equal(event?.cost?.cost, expected.cost);
    assert.ok(Math.abs((event?.cost?.cost ?? 0) - (usage.prompt_tokens * 2.5 + usage.completion_tokens * 10) / M) < 1e-15);
  });

  it('stream without include_usage: the gateway still asks upstream for usage and prices the call', async () => {
    const stream = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const chunk of stream) assert.equal(chunk.usage ?? undefined, undefined);
    const event = events.find((e) => e.stream);
    assert.equal(event?.cost?.priced, true);
    assert.ok((event?.cost?.cost ?? 0) > 0);
  });

  it('embeddings: priced by input tokens', async () => {
    const { data, response } = await gateway.client.embeddings.create({ model: 'embed', input: ['hello world', 'second'] }).withResponse();
    assert.equal(Number(response.headers.get('x-litellm-response-cost')), (data.usage.prompt_tokens * 0.02) / M);
  });

  it('images: DALL·E 3 per image by size and quality', async () => {
    const { response } = await gateway.client.images.generate({ model: 'dalle', prompt: 'a lighthouse', n: 2, size: '1792x1024', quality: 'hd' }).withResponse();
    assert.equal(Number(response.headers.get('x-litellm-response-cost')), 2 * 0.12);
  });

  it('a failed call emits a failure event without cost', async () => {
    fake.failNext({ kind: 'status', status: 400, body: { error: { message: 'bad input', type: 'invalid_request_error' } } });
    await assert.rejects(gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }));
    const event = events.at(-1);
    assert.equal(event?.status, 'failure');
    assert.equal(event?.cost, undefined);
  });
});
