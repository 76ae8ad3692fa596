import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from './config-error.ts';
import { parseConfigText } from './load-config.ts';
import { ProblemCollector } from './problem-collector.ts';
import { resolveEnvRefs, type EnvRefs } from './resolve-env-refs.ts';

const FILE = join(import.meta.dirname, 'fixtures', 'inline.yaml');

describe('resolveEnvRefs', () => {
  test('replaces os.environ/ strings at every depth, lists included, and records them', () => {
    const collector = new ProblemCollector((path) => ({ file: FILE, path }));
    const refs: EnvRefs = new Map();
    const value = {
      top: 'os.environ/A',
      nested: { deeper: { list: ['plain', 'os.environ/B', { inList: 'os.environ/C' }] } },
      number: 3,
      notARef: 'prefix os.environ/A',
    };
    const resolved = resolveEnvRefs({ value, env: { A: 'a-value', B: 'b-value', C: '' }, context: { collector, refs } });
    assert.deepEqual(resolved, {
      top: 'a-value',
      nested: { deeper: { list: ['plain', 'b-value', { inList: '' }] } },
      number: 3,
      notARef: 'prefix os.environ/A',
    });
    assert.deepEqual(collector.problems, []);
    assert.deepEqual([...refs.keys()], ['top', 'nested.deeper.list[1]', 'nested.deeper.list[2].inList']);
    assert.equal(value.top, 'os.environ/A', 'the input is not modified');
  });

  test('a missing variable is an error naming the variable and the setting', () => {
    const collector = new ProblemCollector((path) => ({ file: FILE, line: 7, path }));
    const refs: EnvRefs = new Map();
    const resolved = resolveEnvRefs({
      value: { list: ['os.environ/MISSING'], empty: 'os.environ/' },
      env: {},
      context: { collector, refs },
    });
    assert.deepEqual(resolved, { list: ['os.environ/MISSING'], empty: 'os.environ/' });
    assert.deepEqual(
      collector.problems.map((problem) => `${problem.severity} ${problem.path}: ${problem.message}`),
      [
        'error list[0]: environment variable MISSING is not set (os.environ/MISSING)',
        'error empty: "os.environ/" needs a variable name after it',
      ],
    );
    assert.deepEqual(refs.get('list[0]'), { name: 'MISSING', resolved: false });
  });
});

describe('os.environ/ references in a config file', () => {
  const text = [
    'model_list:',
    '  - model_name: a',
    '    litellm_params:',
    '      model: openai/a',
    '      api_key: os.environ/PRESENT_KEY',
    '  - model_name: b',
    '    litellm_params:',
    '      model: openai/b',
    '      api_key: os.environ/OPENAI_API_KEY',
    '      rpm: os.environ/RPM',
    '      tpm: os.environ/TPM',
    'general_settings:',
    '  master_key: os.environ/MASTER',
    '  alerting: ["slack", os.environ/ALERT_CHANNEL]',
  ].join('\n');

  test('resolves references in every section, coercing known numeric settings', async () => {
    const env = { PRESENT_KEY: 'secret-1', OPENAI_API_KEY: 'secret-2', RPM: '60', TPM: '1000', MASTER: 'sk-m', ALERT_CHANNEL: 'email' };
    const { config } = await parseConfigText({ text, file: FILE, env });
    assert.equal(config.model_list[1]?.litellm_params.api_key, 'secret-2');
    assert.equal(config.model_list[1]?.litellm_params.rpm, 60);
    assert.equal(config.general_settings.master_key, 'sk-m');
    assert.deepEqual(config.general_settings['alerting'], ['slack', 'email']);
  });

  test('a missing variable names the variable, the path and the line, and no secret', async () => {
    const env = { PRESENT_KEY: 'very-secret-present', RPM: 'not-a-number-secret', TPM: '5', MASTER: 'sk-m', ALERT_CHANNEL: 'x' };
    const error = await parseConfigText({ text, file: FILE, env }).catch((rejection: unknown) => rejection);
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(
      error.problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => `${problem.line} ${problem.path}: ${problem.message}`),
      [
        '9 model_list[1].litellm_params.api_key: environment variable OPENAI_API_KEY is not set (os.environ/OPENAI_API_KEY)',
        '10 model_list[1].litellm_params.rpm: expected a number, got the value of os.environ/RPM (not shown)',
      ],
    );
    assert.ok(!error.message.includes('very-secret-present'));
    assert.ok(!error.message.includes('not-a-number-secret'));
  });
});
