import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

const hi = [{ role: 'user' as const, content: 'hi' }];

describe('a client that goes away', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI();
    gateway = await startGateway({ models: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up' } }] });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });

  it('mid-stream: the upstream request is closed at once', async () => {
    fake.failNext({ kind: 'stall-stream-after', chunks: 2 });
    const controller = new AbortController();
    const stream = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi, stream: true }, { signal: controller.signal });
    const upstreamClosed = fake.nextClientAbort();
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false, 'the stream started');
    controller.abort();
    const closed = await upstreamClosed;
    assert.equal(closed.path, '/v1/chat/completions');
  });

  it('before the answer: the upstream request is closed at once', async () => {
    fake.failNext({ kind: 'stall' });
    const controller = new AbortController();
    const arrived = fake.nextRequest();
    const upstreamClosed = fake.nextClientAbort();
    const pending = gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi }, { signal: controller.signal });
    await arrived;
    controller.abort();
    await assert.rejects(pending);
    await upstreamClosed;
  });

  it('the gateway keeps serving afterwards', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: hi });
    assert.equal(data.choices[0]?.finish_reason, 'stop');
  });
});
