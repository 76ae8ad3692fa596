import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Router, GatewayError } from '../index.ts';
import { ConfigError } from '../config/config-error.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fakes/fake-openai.ts';

const hi = [{ role: 'user' as const, content: 'hi' }];

describe('Router as a library (like litellm.Router)', () => {
  let a: FakeOpenAI;
  let b: FakeOpenAI;
  let router: Router;

  before(async () => {
    a = await startFakeOpenAI();
    b = await startFakeOpenAI();
    process.env['SWITCHYARD_TEST_UPSTREAM_KEY'] = 'sk-from-env';
    router = new Router({
      model_list: [
        { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${a.url}/v1`, api_key: 'os.environ/SWITCHYARD_TEST_UPSTREAM_KEY', order: 1 } },
        { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${b.url}/v1`, api_key: 'sk-b', order: 2 } },
        { model_name: 'embed', litellm_params: { model: 'openai/text-embedding-3-small', api_base: `${a.url}/v1`, api_key: 'sk-a' } },
        { model_name: 'canned', litellm_params: { model: 'mock/x', mock_response: 'canned words' } },
      ],
      routing_strategy: 'simple-shuffle',
      num_retries: 0,
      disable_cooldowns: true,
    });
    await router.ready();
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('completion(): an OpenAI-shaped answer, os.environ/ keys resolved', async () => {
    a.reset();
    const answer = await router.completion({ model: 'gpt', messages: hi });
    assert.equal(answer.object, 'chat.completion');
    assert.equal(answer.choices[0]?.message.role, 'assistant');
    assert.equal(a.requests[0]?.headers.authorization, 'Bearer sk-from-env');
  });

  it('completion({stream: true}): chunks, usage only when asked for', async () => {
    const chunks = [];
    for await (const chunk of await router.completion({ model: 'gpt', messages: hi, stream: true })) chunks.push(chunk);
    assert.ok(chunks.length > 1);
    assert.ok(chunks.every((c) => c.usage === undefined || c.usage === null));
    const withUsage = [];
    for await (const chunk of await router.completion({ model: 'gpt', messages: hi, stream: true, stream_options: { include_usage: true } })) withUsage.push(chunk);
    assert.ok(withUsage.at(-1)?.usage);
  });

  it('order tiers: when the first deployment fails, the next tier answers', async () => {
    a.reset();
    b.reset();
    a.failNext({ kind: 'status', status: 500 });
    await router.completion({ model: 'gpt', messages: hi });
    assert.deepEqual([a.requests.length, b.requests.length], [1, 1]);
  });

  it('embedding(): floats by default', async () => {
    const result = await router.embedding({ model: 'embed', input: ['one', 'two'] });
    assert.equal(result.data.length, 2);
    assert.ok(Array.isArray(result.data[0]?.embedding));
  });

  it('mock_response, in the request or in litellm_params', async () => {
    const mocked = await router.completion({ model: 'gpt', messages: hi, mock_response: 'hello from the mock' });
    assert.equal(mocked.choices[0]?.message.content, 'hello from the mock');
    const config = await router.completion({ model: 'canned', messages: hi });
    assert.equal(config.choices[0]?.message.content, 'canned words');
  });

  it('failures are GatewayErrors from the catalogue', async () => {
    await assert.rejects(router.completion({ model: 'nope', messages: hi }), (error: unknown) => error instanceof GatewayError && error.status === 400 && /nope/.test(error.message));
    a.failNext({ kind: 'status', status: 401 });
    await assert.rejects(router.embedding({ model: 'embed', input: 'x' }), (error: unknown) => error instanceof GatewayError && error.status === 401);
  });

  it('a bad model_list is a ConfigError from ready() and from calls, naming the problem', async () => {
    const bad = new Router({ model_list: [{ model_name: 'x', litellm_params: { model: 'openai/x', rpm: 'fast' as unknown as number } }] });
    await assert.rejects(bad.ready(), (error: unknown) => error instanceof ConfigError && /rpm/.test(error.message));
    await assert.rejects(bad.completion({ model: 'x', messages: hi }), ConfigError);
  });

  it('lists its model names', async () => {
    assert.deepEqual((await router.modelNames()).sort(), ['canned', 'embed', 'gpt']);
  });
});
