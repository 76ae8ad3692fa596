import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkConfig } from './check-config.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('checkConfig', () => {
  test('lists every problem with file, line and path, then a summary; ok is false', async () => {
    const result = await checkConfig({ path: join(FIXTURES, 'many-problems.yaml'), env: {} });
    assert.equal(result.ok, false);
    assert.equal(
      result.report,
      [
        'error   many-problems.yaml:5  model_list[0].litellm_params.api_key: environment variable SWITCHYARD_TEST_UNSET_KEY is not set (os.environ/SWITCHYARD_TEST_UNSET_KEY)',
        'error   many-problems.yaml:7  model_list[0].litellm_params.rpm: expected a number, got "lots"',
        'error   many-problems.yaml:8  model_list[1].model_name: is required',
        'error   many-problems.yaml:13  model_list[2].litellm_params.model: is required',
        'error   many-problems.yaml:16  model_list[2].model_info.id: duplicate deployment id "shared-id" (already used at many-problems.yaml:11)',
        'error   many-problems.yaml:22  general_settings.master_key: must start with "sk-" (LiteLLM requires it)',
        'warning many-problems.yaml  settings accepted but not implemented yet (ignored): router_settings.cache_responses',
        'config invalid: 6 errors, 1 warning',
      ].join('\n'),
    );
    assert.equal(result.problems.length, 7);
    assert.ok(!result.report.includes('not-a-valid-master-key'));
  });

  test('ok is true with warnings only, and the summary counts models and groups', async () => {
    const result = await checkConfig({ path: join(FIXTURES, 'warnings-only.yaml'), env: {} });
    assert.equal(result.ok, true);
    assert.equal(
      result.report,
      [
        'warning warnings-only.yaml  settings accepted but not implemented yet (ignored): litellm_settings.success_callback',
        'config OK: 3 models in 2 groups, 1 warning',
      ].join('\n'),
    );
  });

  test('does not write environment_variables into the env it is given', async () => {
    const env: NodeJS.ProcessEnv = {};
    const result = await checkConfig({ path: join(FIXTURES, 'full-config.yaml'), env });
    assert.deepEqual(env, {});
    assert.equal(result.ok, false);
  });

  test('reports a file that cannot be read', async () => {
    const result = await checkConfig({ path: join(FIXTURES, 'absent.yaml'), env: {} });
    assert.equal(result.ok, false);
    assert.equal(
      result.report,
      `error   absent.yaml  config file not found: ${join(FIXTURES, 'absent.yaml')}\nconfig invalid: 1 error`,
    );
  });
});
