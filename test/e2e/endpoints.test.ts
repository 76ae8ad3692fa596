import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeEmbeddingBase64 } from '../../src/provider-kit/embedding-base64.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { MASTER_KEY, startGateway, type TestGateway } from '../support/start-gateway.ts';

describe('embeddings, images, legacy completions and models through the openai SDK', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI();
    const upstream = { api_base: `${fake.url}/v1`, api_key: 'sk-up' };
    gateway = await startGateway({
      models: [
        { model_name: 'embed', litellm_params: { model: 'openai/text-embedding-3-small', ...upstream } },
        { model_name: 'embed-vllm', litellm_params: { model: 'hosted_vllm/e5', ...upstream } },
        { model_name: 'dall-e', litellm_params: { model: 'openai/dall-e-3', ...upstream } },
        { model_name: 'instruct', litellm_params: { model: 'text-completion-openai/gpt-3.5-turbo-instruct', ...upstream } },
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', ...upstream } },
        { model_name: 'hidden-target', litellm_params: { model: 'openai/gpt-4o', ...upstream } },
        { model_name: 'openai/*', litellm_params: { model: 'openai/*', ...upstream } },
      ],
      router_settings: { model_group_alias: { 'my-alias': 'gpt-4o', secret: { model: 'hidden-target', hidden: true } } },
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('returns identical vectors for the SDK default (base64) and for float', async () => {
    const viaBase64 = await gateway.client.embeddings.create({ model: 'embed', input: ['hello', 'world'] });
    assert.equal((fake.requests.at(-1)?.body as { encoding_format?: string }).encoding_format, 'base64');
    const viaFloat = await gateway.client.embeddings.create({ model: 'embed', input: ['hello', 'world'], encoding_format: 'float' });
    assert.equal(viaBase64.data.length, 2);
    assert.deepEqual(viaBase64.data.map((d) => d.embedding), viaFloat.data.map((d) => d.embedding));
    assert.ok(viaBase64.usage.prompt_tokens > 0);
  });

  it('encodes base64 itself for upstreams asked for floats, bit for bit', async () => {
    const raw = await gateway.post('/v1/embeddings', { model: 'embed-vllm', input: 'hello', encoding_format: 'base64' });
    assert.equal(raw.status, 200);
    assert.equal((fake.requests.at(-1)?.body as { encoding_format?: string }).encoding_format, 'float');
    const floats = await gateway.client.embeddings.create({ model: 'embed', input: 'hello', encoding_format: 'float' });
    const encoded = (raw.body as { data: { embedding: string }[] }).data[0]?.embedding ?? '';
    assert.deepEqual(decodeEmbeddingBase64(encoded), floats.data[0]?.embedding);
  });

  it('generates images', async () => {
    const image = await gateway.client.images.generate({ model: 'dall-e', prompt: 'a cat', n: 2, response_format: 'b64_json' });
    assert.equal(image.data?.length, 2);
    assert.ok((image.data?.[0]?.b64_json ?? '').length > 0);
    assert.equal(fake.requests.at(-1)?.path, '/v1/images/generations');
  });

  it('serves legacy completions, streamed and not', async () => {
    const whole = await gateway.client.completions.create({ model: 'instruct', prompt: 'Say hi', max_tokens: 5 });
    assert.equal(whole.object, 'text_completion');
    assert.ok((whole.choices[0]?.text ?? '').length > 0);
    assert.equal(fake.requests.at(-1)?.path, '/v1/completions');
    const stream = await gateway.client.completions.create({ model: 'instruct', prompt: 'Say hi', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    assert.equal(text, whole.choices[0]?.text);
  });

  it('answers chat for an instruct model by turning messages into a prompt', async () => {
    const chat = await gateway.client.chat.completions.create({ model: 'instruct', messages: [{ role: 'user', content: 'Say hi' }] });
    assert.equal(chat.object, 'chat.completion');
    assert.equal(fake.requests.at(-1)?.path, '/v1/completions');
    assert.equal((fake.requests.at(-1)?.body as { prompt?: string }).prompt, 'Say hi');
  });

  it('lists the aliases a caller may use, hidden aliases left out', async () => {
    const list = await gateway.client.models.list();
    const ids = list.data.map((m) => m.id).sort();
    assert.deepEqual(ids, ['dall-e', 'embed', 'embed-vllm', 'gpt-4o', 'hidden-target', 'instruct', 'my-alias']);
    assert.equal(list.data.find((m) => m.id === 'gpt-4o')?.owned_by, 'openai');
    const one = await gateway.client.models.retrieve('gpt-4o');
    assert.equal(one.id, 'gpt-4o');
    const wild = await fetch(`${gateway.url}/v1/models?return_wildcard_routes=true`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    assert.ok(((await wild.json()) as { data: { id: string }[] }).data.some((m) => m.id === 'openai/*'));
  });

  it('routes aliases and wildcards to their deployments', async () => {
    await gateway.client.chat.completions.create({ model: 'my-alias', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal((fake.requests.at(-1)?.body as { model: string }).model, 'gpt-4o');
    await gateway.client.chat.completions.create({ model: 'secret', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal((fake.requests.at(-1)?.body as { model: string }).model, 'gpt-4o');
    const { response } = await gateway.client.chat.completions.create({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal((fake.requests.at(-1)?.body as { model: string }).model, 'gpt-4.1-mini');
    assert.equal(response.headers.get('x-litellm-model-group'), 'openai/gpt-4.1-mini');
  });

  it('serves health probes and the route list without a key', async () => {
    for (const path of ['/health/liveliness', '/health/liveness', '/health/readiness', '/routes']) {
      assert.equal((await fetch(gateway.url + path)).status, 200, path);
    }
    const routes = (await (await fetch(`${gateway.url}/routes`)).json()) as { routes: { path: string; methods: string[] }[] };
    for (const path of ['/v1/chat/completions', '/chat/completions', '/openai/deployments/:model/chat/completions', '/engines/:model/embeddings', '/v1/models']) {
      assert.ok(routes.routes.some((r) => r.path === path), path);
    }
    const ready = (await (await fetch(`${gateway.url}/health/readiness`)).json()) as { status: string };
    assert.equal(ready.status, 'healthy');
  });
});
