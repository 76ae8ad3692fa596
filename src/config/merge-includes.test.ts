import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from './config-error.ts';
import { checkConfig } from './check-config.ts';
import { loadConfig } from './load-config.ts';
import { mergeIncludes } from './merge-includes.ts';

const INCLUDES = join(import.meta.dirname, 'fixtures', 'includes');
const ENV = { OPENAI_API_KEY: 'sk-openai' };

function lines(problems: { severity: string; file?: string; line?: number; path: string; message: string }[]): string[] {
  return problems.map((problem) => {
    const file = problem.file === undefined ? '?' : problem.file.slice(INCLUDES.length + 1);
    return `${problem.severity} ${file}:${problem.line} ${problem.path}: ${problem.message}`;
  });
}

describe('include', () => {
  test('merges nested includes relative to the including file; the including file wins', async () => {
    const result = await checkConfig({ path: join(INCLUDES, 'main.yaml'), env: ENV });
    assert.deepEqual(lines(result.problems), [
      'error models/openai.yaml:8 model_list[0].litellm_params.rpm: expected a number, got "abc"',
      'warning settings.yaml:2 litellm_settings.drop_params: also defined in main.yaml, whose value is used',
      'warning settings.yaml:7 general_settings.master_key: also defined in main.yaml, whose value is used',
    ]);
  });

  test('produces the merged config: model_list appended, mappings merged key by key', async () => {
    const text = 'include: [models/more/embeddings.yaml, settings.yaml]\nmodel_list:\n  - model_name: first\n    litellm_params: {model: openai/first}\nlitellm_settings:\n  drop_params: true\n';
    const { source, problems } = await mergeIncludes({ text, file: join(INCLUDES, 'inline.yaml') });
    assert.deepEqual(source.value, {
      model_list: [
        { model_name: 'first', litellm_params: { model: 'openai/first' } },
        { model_name: 'embeddings', litellm_params: { model: 'openai/text-embedding-3-small', api_key: 'os.environ/OPENAI_API_KEY' } },
      ],
      litellm_settings: { drop_params: true, num_retries: 2 },
      router_settings: { timeout: 45 },
      general_settings: { master_key: 'sk-from-include' },
    });
    assert.deepEqual(source.files, [
      join(INCLUDES, 'inline.yaml'),
      join(INCLUDES, 'models/more/embeddings.yaml'),
      join(INCLUDES, 'settings.yaml'),
    ]);
    assert.deepEqual(lines(problems), [
      'warning settings.yaml:2 litellm_settings.drop_params: also defined in inline.yaml, whose value is used',
    ]);
    assert.deepEqual(source.locate(['model_list', 1, 'litellm_params', 'model']), {
      file: join(INCLUDES, 'models/more/embeddings.yaml'),
      line: 4,
      path: ['model_list', 0, 'litellm_params', 'model'],
    });
    assert.equal(source.locate(['litellm_settings', 'num_retries']).line, 3);
    assert.equal(source.locate(['litellm_settings', 'drop_params']).file, join(INCLUDES, 'inline.yaml'));
  });

  test('loads every file of a valid nested include tree', async () => {
    const loaded = await loadConfig({ path: join(INCLUDES, 'models', 'more', 'embeddings.yaml'), env: { ...ENV } });
    assert.equal(loaded.config.model_list[0]?.litellm_params.api_key, 'sk-openai');
    const { source } = await mergeIncludes({ text: 'include: [models/openai.yaml]\n', file: join(INCLUDES, 'x.yaml') });
    assert.deepEqual(
      source.value['model_list'],
      [
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY', rpm: 'abc' } },
        { model_name: 'embeddings', litellm_params: { model: 'openai/text-embedding-3-small', api_key: 'os.environ/OPENAI_API_KEY' } },
      ],
    );
  });

  test('a cycle is an error naming the files', async () => {
    const result = await checkConfig({ path: join(INCLUDES, 'cycle-a.yaml'), env: {} });
    assert.equal(result.ok, false);
    assert.deepEqual(lines(result.problems), [
      'error cycle-b.yaml:2 include[0]: include cycle: cycle-a.yaml → cycle-b.yaml → cycle-a.yaml',
    ]);
  });

  test('a missing include is an error naming the file', async () => {
    await assert.rejects(loadConfig({ path: join(INCLUDES, 'missing.yaml'), env: {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(lines(error.problems), [
        `error missing.yaml:3 include[1]: included file not found: does-not-exist.yaml (${join(INCLUDES, 'does-not-exist.yaml')})`,
      ]);
      return true;
    });
  });

  test('a syntax error in an included file is reported with that file and line', async () => {
    const result = await checkConfig({ path: join(INCLUDES, 'includes-broken.yaml'), env: {} });
    assert.equal(result.ok, false);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]?.file, join(INCLUDES, 'broken.yaml'));
    assert.equal(result.problems[0]?.line, 5);
  });

  test('include must be a list of paths; a file included twice is skipped with a warning', async () => {
    const readText = async (): Promise<string> => 'model_list:\n  - model_name: x\n    litellm_params: {model: openai/x}\n';
    const bad = await mergeIncludes({ text: 'include: other.yaml\n', file: join(INCLUDES, 'a.yaml'), readText });
    assert.deepEqual(lines(bad.problems), ['error a.yaml:1 include: expected a list of file paths']);
    const twice = await mergeIncludes({ text: 'include: [x.yaml, ./x.yaml, 7]\n', file: join(INCLUDES, 'a.yaml'), readText });
    assert.deepEqual(lines(twice.problems), [
      'error a.yaml:1 include[2]: expected a file path',
      'warning a.yaml:1 include[1]: x.yaml is already included; skipped this time',
    ]);
    const modelList = twice.source.value['model_list'];
    assert.ok(Array.isArray(modelList));
    assert.equal(modelList.length, 1);
  });
});
