import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { ModelEntry } from '../config/config-types.ts';
import { buildDeployments } from './build-deployments.ts';

const entry = (model_name: string, litellm_params: ModelEntry['litellm_params'], model_info?: ModelEntry['model_info']): ModelEntry =>
  model_info === undefined ? { model_name, litellm_params } : { model_name, litellm_params, model_info };

describe('buildDeployments', () => {
  test('splits provider and model, keeps params and info', () => {
    const params = { model: 'azure/my-gpt-4o', api_base: 'https://x.openai.azure.com', api_version: '2024-10-21', rpm: 10 };
    const { deployments, warnings } = buildDeployments([entry('gpt-4o', params, { mode: 'chat' })]);
    assert.deepEqual(warnings, []);
    const [d] = deployments;
    assert.ok(d !== undefined);
    assert.equal(d.modelName, 'gpt-4o');
    assert.equal(d.provider, 'azure');
    assert.equal(d.providerModel, 'my-gpt-4o');
    assert.equal(d.params, params);
    assert.deepEqual(d.info, { mode: 'chat' });
    assert.ok(Object.isFrozen(d));
  });

  describe('id', () => {
    test('a stable hash: sha256 of model_name and the params as sorted JSON', () => {
      const { deployments } = buildDeployments([entry('gpt-4o', { model: 'openai/gpt-4o', api_key: 'k', rpm: 5 })]);
      // Computed independently: model_name, then the params with keys sorted, no spaces.
      const expected = createHash('sha256').update('gpt-4o').update('{"api_key":"k","model":"openai/gpt-4o","rpm":5}').digest('hex');
      assert.equal(deployments[0]?.id, expected);
      assert.match(deployments[0]?.id ?? '', /^[0-9a-f]{64}$/);
    });

    test('the same entry gives the same id, whatever the key order (nested too)', () => {
      const one = buildDeployments([entry('g', { model: 'openai/m', rpm: 1, extra_headers: { b: '2', a: '1' }, tags: ['x', 'y'] })]);
      const two = buildDeployments([entry('g', { tags: ['x', 'y'], extra_headers: { a: '1', b: '2' }, rpm: 1, model: 'openai/m' })]);
      assert.equal(one.deployments[0]?.id, two.deployments[0]?.id);
    });

    const different: { name: string; other: ModelEntry }[] = [
      { name: 'another model_name', other: entry('h', { model: 'openai/m', rpm: 1 }) },
      { name: 'another model', other: entry('g', { model: 'openai/n', rpm: 1 }) },
      { name: 'another param value', other: entry('g', { model: 'openai/m', rpm: 2 }) },
      { name: 'an extra param', other: entry('g', { model: 'openai/m', rpm: 1, tpm: 1 }) },
      { name: 'array order', other: entry('g', { model: 'openai/m', rpm: 1, tags: ['y', 'x'] }) },
    ];
    const base = buildDeployments([entry('g', { model: 'openai/m', rpm: 1, tags: ['x', 'y'] })]).deployments[0]?.id;
    for (const { name, other } of different) {
      test(`changes with ${name}`, () => {
        assert.notEqual(buildDeployments([other]).deployments[0]?.id, base);
      });
    }

    test('two identical entries share an id; model_info.id tells them apart', () => {
      const same = entry('g', { model: 'openai/m' });
      const { deployments } = buildDeployments([same, same, entry('g', { model: 'openai/m' }, { id: 'custom' })]);
      assert.equal(deployments[0]?.id, deployments[1]?.id);
      assert.equal(deployments[2]?.id, 'custom');
    });

    test('model_info.id wins; an empty or non-string id is ignored', () => {
      const { deployments } = buildDeployments([
        entry('g', { model: 'openai/m' }, { id: 'my-id' }),
        entry('g', { model: 'openai/m' }, { id: '' }),
        entry('g', { model: 'openai/m' }, { id: 42 as unknown as string }),
      ]);
      assert.equal(deployments[0]?.id, 'my-id');
      assert.match(deployments[1]?.id ?? '', /^[0-9a-f]{64}$/);
      assert.equal(deployments[2]?.id, deployments[1]?.id);
    });
  });

  describe('warnings', () => {
    const cases: { name: string; entries: ModelEntry[]; warnings: string[]; provider: string; providerModel: string }[] = [
      {
        name: 'a planned provider',
        entries: [entry('command', { model: 'cohere/command-r' })],
        warnings: ['model_list[0] (command): provider "cohere" is not served yet; calls to it answer 501'],
        provider: 'cohere',
        providerModel: 'command-r',
      },
      {
        name: 'a model without a provider prefix',
        entries: [entry('gpt', { model: 'gpt-4o' })],
        warnings: ['model_list[0] (gpt): "gpt-4o" has no provider prefix; treated as openai/gpt-4o'],
        provider: 'openai',
        providerModel: 'gpt-4o',
      },
      { name: 'a served provider', entries: [entry('g', { model: 'groq/llama' })], warnings: [], provider: 'groq', providerModel: 'llama' },
      { name: 'openai/ prefix', entries: [entry('g', { model: 'openai/gpt-4o' })], warnings: [], provider: 'openai', providerModel: 'gpt-4o' },
      { name: 'mock', entries: [entry('g', { model: 'mock/anything' })], warnings: [], provider: 'mock', providerModel: 'anything' },
      { name: 'a model id with slashes after the prefix', entries: [entry('g', { model: 'hosted_vllm/meta-llama/Llama-3-8B' })], warnings: [], provider: 'hosted_vllm', providerModel: 'meta-llama/Llama-3-8B' },
    ];
    for (const { name, entries, warnings, provider, providerModel } of cases) {
      test(name, () => {
        const built = buildDeployments(entries);
        assert.deepEqual(built.warnings, warnings);
        assert.equal(built.deployments[0]?.provider, provider);
        assert.equal(built.deployments[0]?.providerModel, providerModel);
      });
    }

    test('warnings name the index of each entry', () => {
      const { warnings } = buildDeployments([entry('a', { model: 'openai/x' }), entry('b', { model: 'watsonx/y' }), entry('c', { model: 'z' })]);
      assert.deepEqual(warnings, [
        'model_list[1] (b): provider "watsonx" is not served yet; calls to it answer 501',
        'model_list[2] (c): "z" has no provider prefix; treated as openai/z',
      ]);
    });

    test('an unknown provider prefix is warned about', () => {
      const { warnings } = buildDeployments([entry('claude', { model: 'antropic/claude-3' })]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /antropic/);
    });
  });
});
