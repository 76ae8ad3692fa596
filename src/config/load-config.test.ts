import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from './config-error.ts';
import type { ConfigProblem } from './config-types.ts';
import { loadConfig, parseConfigText } from './load-config.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const FILE = join(FIXTURES, 'inline.yaml');

const FULL_ENV = {
  OPENAI_API_KEY: 'sk-openai-secret-value',
  AZURE_API_KEY: 'azure-secret-value',
  ANTHROPIC_API_KEY: 'anthropic-secret-value',
  LITELLM_MASTER_KEY: 'sk-master-secret',
  DATABASE_URL: 'postgresql://user:db-password@localhost/db',
  COHERE_AUTH_HEADER: 'Bearer cohere-secret',
};

/** Loads inline YAML and returns the ConfigError's problems (fails the test if it loads). */
async function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): Promise<ConfigProblem[]> {
  const error: unknown = await parseConfigText({ text, file: FILE, env }).then(
    () => assert.fail('expected the config to be rejected'),
    (rejection: unknown) => rejection,
  );
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  return error.problems;
}

function errorsOf(problems: ConfigProblem[]): string[] {
  return problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.line}: ${problem.path}: ${problem.message}`);
}

describe('loadConfig', () => {
  test('loads a full LiteLLM-style config with exactly one warning', async () => {
    const env = { ...FULL_ENV };
    const loaded = await loadConfig({ path: join(FIXTURES, 'full-config.yaml'), env });
    const { config } = loaded;
    assert.equal(loaded.path, join(FIXTURES, 'full-config.yaml'));
    assert.deepEqual(loaded.files, [join(FIXTURES, 'full-config.yaml')]);
    assert.equal(config.model_list.length, 6);
    assert.deepEqual(
      config.model_list.map((entry) => entry.model_name),
      ['gpt-4o', 'gpt-4o', 'text-embedding-3-small', 'claude-sonnet', 'anthropic/*', '*'],
    );
    const [first, second, embedding] = config.model_list;
    assert.equal(first?.litellm_params.api_key, FULL_ENV.OPENAI_API_KEY);
    assert.equal(first?.litellm_params.timeout, 300);
    assert.equal(second?.litellm_params.weight, 2);
    assert.equal(second?.litellm_params.drop_params, true);
    assert.equal(second?.litellm_params.api_version, '2024-06-01');
    assert.equal(embedding?.litellm_params.model, 'text-embedding-3-small');
    assert.equal(embedding?.litellm_params['input_cost_per_token'], 0.00000002);
    assert.equal(embedding?.model_info?.max_input_tokens, 8191);
    assert.equal(config.litellm_settings.num_retries, 3);
    assert.equal(config.router_settings.timeout, 30);
    assert.deepEqual(config.router_settings.model_group_alias, { 'gpt-4': 'gpt-4o' });
    assert.equal(config.general_settings.master_key, FULL_ENV.LITELLM_MASTER_KEY);
    assert.equal(config.general_settings['store_model_in_db'], true);
    assert.equal(config.general_settings.max_request_size_mb, 16);
    assert.deepEqual(config.environment_variables, { REDIS_HOST: 'localhost' });
    assert.equal(config.router_settings['redis_host'], 'localhost');
    assert.ok(config.other_sections?.['guardrails']);
    assert.equal(loaded.warnings.length, 1);
    assert.equal(
      loaded.warnings[0]?.message,
      // litellm_settings.callbacks: ["prometheus"] is implemented (/metrics).
      'settings accepted but not implemented yet (ignored): guardrails, ' +
        'general_settings.store_model_in_db, general_settings.pass_through_endpoints',
    );
  });

  test('writes environment_variables into env, keeping variables already set (as LiteLLM does)', async () => {
    const env: NodeJS.ProcessEnv = { KEEP_ME: 'from-process' };
    const loaded = await parseConfigText({
      file: FILE,
      env,
      text: 'environment_variables:\n  NEW_VAR: from-config\n  KEEP_ME: from-config\n  PORT_NUMBER: 4000\n  FLAG: true\n',
    });
    assert.deepEqual(env, { KEEP_ME: 'from-process', NEW_VAR: 'from-config', PORT_NUMBER: '4000', FLAG: 'True' });
    assert.deepEqual(loaded.config.environment_variables, {
      NEW_VAR: 'from-config',
      KEEP_ME: 'from-config',
      PORT_NUMBER: '4000',
      FLAG: 'True',
    });
  });

  test('environment_variables feed os.environ/ references elsewhere in the config', async () => {
    const loaded = await parseConfigText({
      file: FILE,
      env: {},
      text: [
        'model_list:',
        '  - model_name: m',
        '    litellm_params:',
        '      model: openai/m',
        '      api_key: os.environ/MY_KEY',
        'environment_variables:',
        '  MY_KEY: sk-from-config',
      ].join('\n'),
    });
    assert.equal(loaded.config.model_list[0]?.litellm_params.api_key, 'sk-from-config');
  });

  test('os.environ/ references inside environment_variables resolve against the environment', async () => {
    const env: NodeJS.ProcessEnv = { REAL_NAME: 'real-value' };
    const loaded = await parseConfigText({
      file: FILE,
      env,
      text: 'environment_variables:\n  ALIAS: os.environ/REAL_NAME\n',
    });
    assert.equal(env['ALIAS'], 'real-value');
    assert.deepEqual(loaded.config.environment_variables, { ALIAS: 'real-value' });
    const missingEnv: NodeJS.ProcessEnv = {};
    const problems = await problemsOf('environment_variables:\n  ALIAS: os.environ/NOT_SET\n  OTHER: [1]\n', missingEnv);
    assert.deepEqual(errorsOf(problems), [
      '2: environment_variables.ALIAS: environment variable NOT_SET is not set (os.environ/NOT_SET)',
      '3: environment_variables.OTHER: expected a string, number or boolean',
    ]);
    assert.deepEqual(missingEnv, {}, 'an unresolved reference is not written into the environment');
  });

  test('always has all five sections, also for an empty file or empty sections', async () => {
    for (const text of ['', 'model_list:\nlitellm_settings:\ngeneral_settings:\n']) {
      const loaded = await parseConfigText({ file: FILE, env: {}, text });
      assert.deepEqual(loaded.config, {
        model_list: [],
        litellm_settings: {},
        router_settings: {},
        general_settings: {},
        environment_variables: {},
        other_sections: {},
      });
      assert.deepEqual(loaded.warnings, []);
    }
  });

  test('reports missing model_name and litellm_params.model with their lines', async () => {
    const problems = await problemsOf(
      ['model_list:', '  - litellm_params:', '      model: openai/a', '  - model_name: b', '    litellm_params:', '      api_base: http://x'].join('\n'),
    );
    assert.deepEqual(errorsOf(problems), [
      '2: model_list[0].model_name: is required',
      '5: model_list[1].litellm_params.model: is required',
    ]);
  });

  test('reports wrong types with path and line, all of them', async () => {
    const problems = await problemsOf(
      [
        'model_list:',
        '  - model_name: 42',
        '    litellm_params:',
        '      model: openai/a',
        '      rpm: abc',
        '      drop_params: maybe',
        '      api_key: 123456',
        'litellm_settings: [1, 2]',
        'router_settings:',
        '  timeout: soon',
      ].join('\n'),
    );
    assert.deepEqual(errorsOf(problems), [
      '2: model_list[0].model_name: expected a string, got 42',
      '5: model_list[0].litellm_params.rpm: expected a number, got "abc"',
      '6: model_list[0].litellm_params.drop_params: expected true or false, got "maybe"',
      '7: model_list[0].litellm_params.api_key: expected a string, got a number (not shown)',
      '8: litellm_settings: expected a mapping, got a list',
      '10: router_settings.timeout: expected a number, got "soon"',
    ]);
    assert.ok(problems.every((problem) => problem.file === FILE));
  });

  test('rejects a model_list that is not a list and an empty model name', async () => {
    assert.deepEqual(errorsOf(await problemsOf('model_list: {a: 1}')), ['1: model_list: expected a list, got a mapping']);
    assert.deepEqual(errorsOf(await problemsOf('model_list:\n  - model_name: x\n    litellm_params: {model: ""}')), [
      '3: model_list[0].litellm_params.model: must not be empty',
    ]);
  });

  test('accepts models without a provider prefix and keeps them as written', async () => {
    const loaded = await parseConfigText({ file: FILE, env: {}, text: 'model_list:\n  - model_name: gpt\n    litellm_params: {model: gpt-4o-mini}' });
    assert.equal(loaded.config.model_list[0]?.litellm_params.model, 'gpt-4o-mini');
  });

  test('rejects duplicate model_info.id values', async () => {
    const entry = (name: string, id: string): string =>
      `  - model_name: ${name}\n    litellm_params: {model: openai/${name}}\n    model_info: {id: ${id}}\n`;
    const problems = await problemsOf(`model_list:\n${entry('a', 'one')}${entry('b', 'two')}${entry('c', 'one')}`);
    assert.deepEqual(errorsOf(problems), ['10: model_list[2].model_info.id: duplicate deployment id "one" (already used at inline.yaml:4)']);
  });

  test('rejects a master_key that does not start with sk- without showing it', async () => {
    const problems = await problemsOf('general_settings:\n  master_key: hunter2-secret\n');
    assert.deepEqual(errorsOf(problems), ['2: general_settings.master_key: must start with "sk-" (LiteLLM requires it)']);
    const error = await parseConfigText({ file: FILE, env: {}, text: 'general_settings:\n  master_key: hunter2-secret\n' }).catch(
      (rejection: unknown) => rejection,
    );
    assert.ok(error instanceof ConfigError);
    assert.ok(!error.message.includes('hunter2'));
  });

  test('reports a YAML syntax error with its line', async () => {
    const problems = await problemsOf('model_list:\n  - model_name: a\n    litellm_params:\n      model: [openai/a\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.severity, 'error');
    assert.equal(problems[0]?.line, 5);
    assert.match(problems[0]?.message ?? '', /^YAML syntax error: /);
  });

  test('throws one ConfigError whose message lists every problem', async () => {
    const text = 'model_list:\n  - model_name: a\n    litellm_params: {model: openai/a, rpm: x, tpm: y}\nfoo: 1\n';
    const error = await parseConfigText({ file: FILE, env: {}, text }).catch((rejection: unknown) => rejection);
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 3);
    assert.equal(
      error.message,
      [
        `invalid config ${FILE}: 2 errors`,
        '  error   inline.yaml:3  model_list[0].litellm_params.rpm: expected a number, got "x"',
        '  error   inline.yaml:3  model_list[0].litellm_params.tpm: expected a number, got "y"',
        '  warning inline.yaml  settings accepted but not implemented yet (ignored): foo',
      ].join('\n'),
    );
  });

  test('throws a ConfigError when the file does not exist', async () => {
    const path = join(FIXTURES, 'no-such-config.yaml');
    await assert.rejects(loadConfig({ path, env: {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems[0]?.message, `config file not found: ${path}`);
      return true;
    });
  });
});
