import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPENAI_COMPATIBLE_PRESETS } from '../../src/providers/openai-compatible/openai-compatible-presets.ts';
import { PROVIDERS } from '../../src/providers/provider-registry.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

describe('every OpenAI-compatible preset', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;
  const saved = new Map<string, string | undefined>();

  before(async () => {
    fake = await startFakeOpenAI();
    // Keys come from each preset's own environment variable, as LiteLLM reads them.
    for (const preset of OPENAI_COMPATIBLE_PRESETS) {
      const name = preset.apiKeyEnv[0] ?? '';
      saved.set(name, process.env[name]);
      process.env[name] = `sk-${preset.id}-key`;
    }
    gateway = await startGateway({
      models: OPENAI_COMPATIBLE_PRESETS.map((preset) => ({
        model_name: `via-${preset.id}`,
        litellm_params: { model: `${preset.id}/org/some-model`, api_base: `${fake.url}/v1` },
      })),
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  for (const preset of OPENAI_COMPATIBLE_PRESETS) {
    it(`${preset.id}/ sends the chat to api_base with the key from ${preset.apiKeyEnv[0] ?? ''}`, async () => {
      const { data, response } = await gateway.client.chat.completions.create({ model: `via-${preset.id}`, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      assert.equal(data.object, 'chat.completion');
      const upstream = fake.requests.at(-1);
      assert.equal(upstream?.path, '/v1/chat/completions');
      assert.equal(upstream?.headers.authorization, `Bearer sk-${preset.id}-key`);
      assert.equal((upstream?.body as { model: string }).model, 'org/some-model');
      assert.equal(response.headers.get('x-litellm-model-api-base'), `${fake.url}/v1`);
    });
  }

  it('each preset without api_base uses its documented default base', () => {
    for (const preset of OPENAI_COMPATIBLE_PRESETS) {
      const provider = PROVIDERS.get(preset.id);
      assert.ok(provider, preset.id);
      const deployment = { id: 'x', modelName: 'x', provider: preset.id, providerModel: 'm', params: { model: `${preset.id}/m` }, info: {} };
      if (preset.defaultApiBase === undefined) assert.throws(() => provider.apiBase(deployment), /api_base/);
      else assert.equal(provider.apiBase(deployment), preset.defaultApiBase);
    }
  });
});
