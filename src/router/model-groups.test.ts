import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelEntry, RouterSettings } from '../config/config-types.ts';
import { buildDeployments } from './build-deployments.ts';
import { ModelGroups } from './model-groups.ts';

function groups(entries: ModelEntry[], aliases?: RouterSettings['model_group_alias']): ModelGroups {
  return new ModelGroups({ deployments: buildDeployments(entries).deployments, aliases });
}

const entry = (model_name: string, model: string, id?: string): ModelEntry => ({
  model_name,
  litellm_params: { model },
  ...(id === undefined ? {} : { model_info: { id } }),
});

/** What resolve() found, reduced to comparable values. */
function summary(g: ModelGroups, model: string): { name: string; deployments: string[] } | undefined {
  const group = g.resolve(model);
  if (group === undefined) return undefined;
  return { name: group.name, deployments: group.deployments.map((d) => `${d.id}=${d.provider}:${d.providerModel}:${d.params.model}`) };
}

describe('ModelGroups', () => {
  const config = groups(
    [
      entry('gpt-4o', 'openai/gpt-4o', 'a'),
      entry('gpt-4o', 'azure/gpt-4o-eu', 'b'),
      entry('llama', 'groq/llama-3.1-8b-instant', 'c'),
      entry('openai/*', 'openai/*', 'w-openai'),
      entry('openai/gpt-4*', 'azure/gpt-4*', 'w-gpt4'),
      entry('*', '*', 'w-all'),
      entry('fixed/*', 'mistral/mistral-small', 'w-fixed'),
    ],
    {
      'my-gpt': 'gpt-4o',
      'secret-gpt': { model: 'gpt-4o', hidden: true },
      'shown-llama': { model: 'llama' },
      'alias-to-wildcard': 'openai/gpt-3.5-turbo',
      'dangling': 'no-such-group',
    },
  );

  const cases: { name: string; model: string; expected: ReturnType<typeof summary> }[] = [
    { name: 'exact name: every deployment of the group, in config order', model: 'gpt-4o', expected: { name: 'gpt-4o', deployments: ['a=openai:gpt-4o:openai/gpt-4o', 'b=azure:gpt-4o-eu:azure/gpt-4o-eu'] } },
    { name: 'exact name, one deployment', model: 'llama', expected: { name: 'llama', deployments: ['c=groq:llama-3.1-8b-instant:groq/llama-3.1-8b-instant'] } },
    { name: 'alias (string)', model: 'my-gpt', expected: { name: 'gpt-4o', deployments: ['a=openai:gpt-4o:openai/gpt-4o', 'b=azure:gpt-4o-eu:azure/gpt-4o-eu'] } },
    { name: 'alias (object)', model: 'shown-llama', expected: { name: 'llama', deployments: ['c=groq:llama-3.1-8b-instant:groq/llama-3.1-8b-instant'] } },
    { name: 'hidden alias still resolves', model: 'secret-gpt', expected: { name: 'gpt-4o', deployments: ['a=openai:gpt-4o:openai/gpt-4o', 'b=azure:gpt-4o-eu:azure/gpt-4o-eu'] } },
    { name: 'alias to a name only a wildcard matches', model: 'alias-to-wildcard', expected: { name: 'openai/*', deployments: ['w-openai=openai:gpt-3.5-turbo:openai/gpt-3.5-turbo'] } },
    { name: 'openai/* materialises the model the caller sent', model: 'openai/o3-mini', expected: { name: 'openai/*', deployments: ['w-openai=openai:o3-mini:openai/o3-mini'] } },
    { name: 'the more specific wildcard wins (openai/gpt-4* over openai/*)', model: 'openai/gpt-4.1', expected: { name: 'openai/gpt-4*', deployments: ['w-gpt4=azure:gpt-4.1:azure/gpt-4.1'] } },
    { name: '* catches the rest, provider from the prefix', model: 'groq/llama-3.3-70b', expected: { name: '*', deployments: ['w-all=groq:llama-3.3-70b:groq/llama-3.3-70b'] } },
    { name: '* with no known prefix is an OpenAI model', model: 'gpt-5-nano', expected: { name: '*', deployments: ['w-all=openai:gpt-5-nano:gpt-5-nano'] } },
    { name: '* with an unknown prefix keeps the whole name as the OpenAI model', model: 'acme/model-1', expected: { name: '*', deployments: ['w-all=openai:acme/model-1:acme/model-1'] } },
    { name: 'a wildcard entry whose litellm model has no * is used as is', model: 'fixed/anything', expected: { name: 'fixed/*', deployments: ['w-fixed=mistral:mistral-small:mistral/mistral-small'] } },
  ];

  for (const { name, model, expected } of cases) {
    test(name, () => {
      assert.deepEqual(summary(config, model), expected);
    });
  }

  test('materialising does not change the configured deployment', () => {
    config.resolve('openai/o3-mini');
    const again = config.resolve('openai/gpt-3.5-turbo')?.deployments[0];
    assert.equal(again?.params.model, 'openai/gpt-3.5-turbo');
    assert.equal(config.firstDeployment('openai/o1')?.providerModel, 'o1');
  });

  test('an exact name wins over an alias of the same name', () => {
    const g = groups([entry('gpt-4o', 'openai/gpt-4o', 'exact'), entry('mini', 'openai/gpt-4o-mini', 'mini')], { 'gpt-4o': 'mini' });
    assert.equal(g.resolve('gpt-4o')?.deployments[0]?.id, 'exact');
  });

  test('a dangling alias falls through to the wildcards', () => {
    assert.equal(config.resolve('dangling')?.name, '*');
    assert.equal(config.resolve('dangling')?.deployments[0]?.providerModel, 'no-such-group');
  });

  test('nothing matches without a catch-all', () => {
    const g = groups([entry('gpt-4o', 'openai/gpt-4o'), entry('openai/*', 'openai/*')], { x: 'nope' });
    assert.equal(g.resolve('claude-3'), undefined);
    assert.equal(g.resolve('x'), undefined);
    assert.equal(g.resolve('GPT-4O'), undefined, 'names are case-sensitive');
    assert.equal(g.resolve('openai'), undefined, '"openai/*" needs the slash');
    assert.equal(g.firstDeployment('claude-3'), undefined);
  });

  test('wildcard specificity does not depend on config order', () => {
    for (const order of [['*', 'openai/*', 'openai/gpt-4o-*'], ['openai/gpt-4o-*', 'openai/*', '*'], ['openai/*', '*', 'openai/gpt-4o-*']]) {
      const g = groups(order.map((pattern) => entry(pattern, '*', pattern)));
      assert.equal(g.resolve('openai/gpt-4o-mini')?.name, 'openai/gpt-4o-*', order.join(', '));
      assert.equal(g.resolve('openai/o1')?.name, 'openai/*', order.join(', '));
      assert.equal(g.resolve('groq/x')?.name, '*', order.join(', '));
    }
  });

  test('regex characters in a pattern are literal', () => {
    const g = groups([entry('org.v1/*', 'openai/*')]);
    assert.equal(g.resolve('org.v1/gpt')?.deployments[0]?.providerModel, 'gpt');
    assert.equal(g.resolve('orgXv1/gpt'), undefined);
  });

  test('several * in a pattern are filled in order', () => {
    const g = groups([entry('*/team-*', 'openai/*-for-*')]);
    assert.equal(g.resolve('gpt-4o/team-red')?.deployments[0]?.params.model, 'openai/gpt-4o-for-red');
  });

  test('deployments of one wildcard pattern form one group', () => {
    const g = groups([entry('openai/*', 'openai/*', 'x'), entry('openai/*', 'azure/*', 'y')]);
    assert.deepEqual(summary(g, 'openai/gpt-4o'), { name: 'openai/*', deployments: ['x=openai:gpt-4o:openai/gpt-4o', 'y=azure:gpt-4o:azure/gpt-4o'] });
  });

  describe('publicNames', () => {
    test('exact names, then visible aliases; wildcards only when asked', () => {
      assert.deepEqual(config.publicNames(), ['gpt-4o', 'llama', 'my-gpt', 'shown-llama', 'alias-to-wildcard', 'dangling']);
      assert.deepEqual(config.publicNames({ includeWildcards: true }), [
        'gpt-4o', 'llama', 'my-gpt', 'shown-llama', 'alias-to-wildcard', 'dangling',
        'openai/gpt-4*', 'openai/*', 'fixed/*', '*',
      ]);
    });

    test('hidden aliases are left out', () => {
      assert.ok(!config.publicNames({ includeWildcards: true }).includes('secret-gpt'));
    });

    test('no models, no names', () => {
      assert.deepEqual(groups([]).publicNames({ includeWildcards: true }), []);
    });

    test('a name is listed once even when an alias repeats a group name', () => {
      const g = groups([entry('gpt-4o', 'openai/gpt-4o'), entry('mini', 'openai/gpt-4o-mini')], { 'gpt-4o': 'mini' });
      assert.deepEqual(g.publicNames(), ['gpt-4o', 'mini']);
    });
  });
});
