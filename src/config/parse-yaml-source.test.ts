import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPath, pathFromPointer } from './config-path.ts';
import { parseYamlSource } from './parse-yaml-source.ts';

const FILE = '/configs/config.yaml';

describe('parseYamlSource', () => {
  test('reads YAML as PyYAML does: yes/no booleans, merge keys; dates and y/n stay strings', () => {
    const text = 'a: yes\nb: Off\nc: y\nd: 2024-02-01\ne: True\nbase: &base {k: 1}\nm:\n  <<: *base\n  j: 2\n';
    const source = parseYamlSource({ text, file: FILE });
    assert.deepEqual(source.problems, []);
    assert.deepEqual(source.value, { a: true, b: false, c: 'y', d: '2024-02-01', e: true, base: { k: 1 }, m: { k: 1, j: 2 } });
  });

  test('locates settings by path: the key line for mapping entries, the item line in lists', () => {
    const text = 'model_list:\n  - model_name: a\n    litellm_params:\n      model: x\n\n  - model_name: b\n';
    const { locate } = parseYamlSource({ text, file: FILE });
    assert.deepEqual(locate(['model_list', 0, 'litellm_params', 'model']), { file: FILE, line: 4, path: ['model_list', 0, 'litellm_params', 'model'] });
    assert.equal(locate(['model_list', 1]).line, 6);
    assert.equal(locate(['model_list', 1, 'litellm_params']).line, 6, 'an absent setting points at its nearest parent');
    assert.equal(locate([]).line, undefined);
  });

  test('reports every syntax error with its line', () => {
    const source = parseYamlSource({ text: 'a: 1\nb: [1, 2\nc: 3\n  d: "x\n', file: FILE });
    assert.ok(source.problems.length >= 2);
    assert.ok(source.problems.every((problem) => problem.severity === 'error' && problem.message.startsWith('YAML syntax error: ')));
    assert.equal(source.problems[0]?.line, 3);
    assert.equal(source.value, null);
  });

  test('warns about a key repeated in one mapping; the last one wins and is located', () => {
    const source = parseYamlSource({ text: 'litellm_settings:\n  num_retries: 1\n  num_retries: 2\n', file: FILE });
    assert.deepEqual(source.value, { litellm_settings: { num_retries: 2 } });
    assert.deepEqual(source.problems, [
      {
        path: 'litellm_settings.num_retries',
        message: 'defined more than once in the same mapping; the last one is used',
        severity: 'warning',
        file: FILE,
        line: 3,
      },
    ]);
    assert.equal(source.locate(['litellm_settings', 'num_retries']).line, 3);
  });

  test('passes YAML warnings on, such as an unknown tag', () => {
    const source = parseYamlSource({ text: 'a: 1\nb: !custom value\n', file: FILE });
    assert.deepEqual(source.value, { a: 1, b: 'value' });
    assert.equal(source.problems.length, 1);
    assert.equal(source.problems[0]?.severity, 'warning');
    assert.equal(source.problems[0]?.line, 2);
    assert.match(source.problems[0]?.message ?? '', /^YAML: .*!custom/);
  });
});

describe('config paths', () => {
  test('format as people write them', () => {
    assert.equal(formatPath(['model_list', 2, 'litellm_params', 'model']), 'model_list[2].litellm_params.model');
    assert.equal(formatPath(['router_settings', 'model_group_alias', 'gpt-4.5']), 'router_settings.model_group_alias["gpt-4.5"]');
    assert.equal(formatPath([]), '');
  });

  test('come from JSON pointers, telling list indexes from keys', () => {
    const root = { model_list: [{ litellm_params: { 'a/b': 1 } }], m: { '0': 1 } };
    assert.deepEqual(pathFromPointer('/model_list/0/litellm_params/a~1b', root), ['model_list', 0, 'litellm_params', 'a/b']);
    assert.deepEqual(pathFromPointer('/m/0', root), ['m', '0']);
  });
});
