import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configValidator } from './config-schema.ts';

function decode(value: unknown): unknown {
  assert.ok(configValidator.Check(value), 'expected the value to match the schema');
  return configValidator.Decode(value);
}

function entry(params: Record<string, unknown>, info?: Record<string, unknown>): Record<string, unknown> {
  return { model_name: 'm', litellm_params: { model: 'openai/m', ...params }, ...(info ? { model_info: info } : {}) };
}

describe('ConfigSchema', () => {
  test('coerces numeric strings in every known numeric setting', () => {
    const decoded = decode({
      model_list: [
        entry(
          { timeout: '600', stream_timeout: ' 1.5 ', rpm: '10', tpm: '1e3', weight: '2', order: '1', max_parallel_requests: '4', input_cost_per_token: '0.000001', cache_read_input_token_cost: '.5' },
          { max_tokens: '4096', max_input_tokens: '128000', max_output_tokens: '16384', output_cost_per_token: '0.00001' },
        ),
      ],
      litellm_settings: { request_timeout: '6000', num_retries: '3' },
      router_settings: { num_retries: '2', timeout: '30', stream_timeout: '10', cooldown_time: '5', allowed_fails: '3', retry_after: '0', max_fallbacks: '5' },
      general_settings: { max_request_size_mb: '16', max_response_size_mb: '32' },
    });
    assert.deepEqual(decoded, {
      model_list: [
        {
          model_name: 'm',
          litellm_params: { model: 'openai/m', timeout: 600, stream_timeout: 1.5, rpm: 10, tpm: 1000, weight: 2, order: 1, max_parallel_requests: 4, input_cost_per_token: 0.000001, cache_read_input_token_cost: 0.5 },
          model_info: { max_tokens: 4096, max_input_tokens: 128000, max_output_tokens: 16384, output_cost_per_token: 0.00001 },
        },
      ],
      litellm_settings: { request_timeout: 6000, num_retries: 3 },
      router_settings: { num_retries: 2, timeout: 30, stream_timeout: 10, cooldown_time: 5, allowed_fails: 3, retry_after: 0, max_fallbacks: 5 },
      general_settings: { max_request_size_mb: 16, max_response_size_mb: 32 },
    });
  });

  test('coerces boolean strings in any case and keeps real booleans', () => {
    const decoded = decode({
      model_list: [entry({ drop_params: 'True' })],
      litellm_settings: { drop_params: true, set_verbose: 'false', json_logs: 'TRUE' },
      general_settings: { store_model_in_db: 'True' },
    });
    assert.deepEqual(decoded, {
      model_list: [{ model_name: 'm', litellm_params: { model: 'openai/m', drop_params: true } }],
      litellm_settings: { drop_params: true, set_verbose: false, json_logs: true },
      general_settings: { store_model_in_db: true },
    });
  });

  test('keeps unknown keys everywhere, including provider params passed through', () => {
    const value = {
      model_list: [entry({ vertex_project: 'p', extra_headers: { 'x-a': '1' }, search_context_cost_per_query: { low: 1 } }, { supports_vision: true })],
      guardrails: [{ guardrail_name: 'g' }],
      router_settings: { redis_host: 'localhost' },
    };
    assert.deepEqual(decode(value), value);
  });

  test('rejects non-numeric strings, non-boolean strings and wrong shapes', () => {
    for (const bad of [
      { model_list: [entry({ rpm: 'abc' })] },
      { model_list: [entry({ input_cost_per_token: 'free' })] },
      { model_list: [entry({ drop_params: 'yes please' })] },
      { model_list: [entry({ tags: 'paid' })] },
      { model_list: [entry({}, { id: 7 })] },
      { model_list: [{ model_name: 'm', litellm_params: 'openai/m' }] },
      { router_settings: { model_group_alias: { a: { hidden: true } } } },
      { general_settings: { master_key: 1234 } },
    ]) {
      assert.equal(configValidator.Check(bad), false, JSON.stringify(bad));
    }
  });

  test('accepts wildcard model names and model_group_alias in both forms', () => {
    const value = {
      model_list: [{ model_name: '*', litellm_params: { model: 'openai/*' } }, { model_name: 'openai/*', litellm_params: { model: 'openai/*' } }],
      router_settings: { model_group_alias: { a: 'gpt-4o', b: { model: 'gpt-4o', hidden: 'True' } } },
    };
    assert.deepEqual(decode(value), {
      ...value,
      router_settings: { model_group_alias: { a: 'gpt-4o', b: { model: 'gpt-4o', hidden: true } } },
    });
  });
});
