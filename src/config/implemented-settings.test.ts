import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findUnimplementedSettings, IMPLEMENTED_SETTINGS, reportUnimplementedSettings } from './implemented-settings.ts';
import { ProblemCollector } from './problem-collector.ts';

describe('implemented settings', () => {
  test('lists unknown top-level keys and unimplemented section keys, in order', () => {
    const found = findUnimplementedSettings({
      model_list: [],
      guardrails: [],
      litellm_settings: { drop_params: true, callbacks: ['datadog'], num_retries: 2 },
      router_settings: { routing_strategy: 'least-busy', timeout: 3, redis_host: 'r', cache_responses: true },
      general_settings: { master_key: 'sk-1', store_model_in_db: true },
      environment_variables: {},
      mcp_servers: {},
    });
    assert.deepEqual(found, [
      'guardrails',
      'mcp_servers',
      'litellm_settings.callbacks',
      'router_settings.cache_responses',
      'general_settings.store_model_in_db',
    ]);
  });

  test('does not list implemented settings', () => {
    const config: Record<string, unknown> = Object.fromEntries(IMPLEMENTED_SETTINGS.topLevel.map((key) => [key, {}]));
    for (const [section, keys] of Object.entries(IMPLEMENTED_SETTINGS.sections)) {
      config[section] = Object.fromEntries(keys.map((key) => [key, 1]));
    }
    const routerKeys = IMPLEMENTED_SETTINGS.sections.router_settings.map((key) => [key, 1]);
    config['router_settings'] = { ...Object.fromEntries(routerKeys), routing_strategy: 'least-busy' };
    const callbacks = { callbacks: ['prometheus'], success_callback: ['prometheus'], failure_callback: ['prometheus'] };
    config['litellm_settings'] = { ...(config['litellm_settings'] as object), ...callbacks };
    assert.deepEqual(findUnimplementedSettings(config), []);
  });

  test('a callback list is implemented only when every callback in it is', () => {
    const listed = (callbacks: unknown): string[] => findUnimplementedSettings({ litellm_settings: { callbacks, success_callback: callbacks } });
    assert.deepEqual(listed(['prometheus']), []);
    assert.deepEqual(listed([]), []);
    assert.deepEqual(listed(['prometheus', 'datadog']), ['litellm_settings.callbacks', 'litellm_settings.success_callback']);
    assert.deepEqual(listed('prometheus'), []);
  });

  test('reports them in exactly one warning, or none', () => {
    const collector = new ProblemCollector((path) => ({ file: '/c.yaml', path }));
    reportUnimplementedSettings({ config: { model_list: [] }, collector });
    assert.deepEqual(collector.problems, []);
    reportUnimplementedSettings({ config: { a: 1, b: 2, litellm_settings: { redact_user_api_key_info: true } }, collector });
    assert.deepEqual(collector.problems, [
      {
        path: '',
        message: 'settings accepted but not implemented yet (ignored): a, b, litellm_settings.redact_user_api_key_info',
        severity: 'warning',
        file: '/c.yaml',
      },
    ]);
  });
});
