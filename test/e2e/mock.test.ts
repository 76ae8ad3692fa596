import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { after, before, describe, it } from 'node:test';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

describe('the offline mock provider and mock_response', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startGateway({
      models: [
        { model_name: 'mock-gpt', litellm_params: { model: 'mock/gpt-4o-mini' } },
        { model_name: 'canned', litellm_params: { model: 'openai/gpt-4o', api_base: 'http://127.0.0.1:9/v1', mock_response: 'canned answer' } },
      ],
    });
  });
  after(() => gateway.close());

  it('answers chat, streamed and not, with usage', async () => {
    const whole = await gateway.client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }] });
    const text = whole.choices[0]?.message.content ?? '';
    assert.ok(text.length > 0);
    assert.ok((whole.usage?.total_tokens ?? 0) > 0);
    const stream = await gateway.client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let streamed = '';
    let usage = 0;
    for await (const chunk of stream) {
      streamed += chunk.choices[0]?.delta.content ?? '';
      usage += chunk.usage ? 1 : 0;
    }
    assert.equal(streamed, text);
    assert.equal(usage, 1);
  });

  it('answers embeddings (base64 and float agree), images and completions', async () => {
    const b64 = await gateway.client.embeddings.create({ model: 'mock-gpt', input: ['a', 'b'] });
    const floats = await gateway.client.embeddings.create({ model: 'mock-gpt', input: ['a', 'b'], encoding_format: 'float' });
    assert.deepEqual(b64.data.map((d) => d.embedding), floats.data.map((d) => d.embedding));
    const image = await gateway.client.images.generate({ model: 'mock-gpt', prompt: 'x', response_format: 'b64_json' });
    assert.ok(Buffer.from(image.data?.[0]?.b64_json ?? '', 'base64').subarray(1, 4).toString() === 'PNG');
    const completion = await gateway.client.completions.create({ model: 'mock-gpt', prompt: 'x' });
    assert.ok((completion.choices[0]?.text ?? '').length > 0);
  });

  it('uses mock_response from the deployment without calling the upstream', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'canned', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(data.choices[0]?.message.content, 'canned answer');
  });

  it('uses mock_response from the request body', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }], mock_response: 'from the request' } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    assert.equal(data.choices[0]?.message.content, 'from the request');
  });

  it('raises the error a mock_response names', async () => {
    await assert.rejects(
      gateway.client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }], mock_response: 'litellm.RateLimitError' } as OpenAI.ChatCompletionCreateParamsNonStreaming),
      OpenAI.RateLimitError,
    );
    await assert.rejects(
      gateway.client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }], mock_response: 'litellm.ContextWindowExceededError' } as OpenAI.ChatCompletionCreateParamsNonStreaming),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /ContextWindowExceededError/.test(error.message),
    );
  });
});
