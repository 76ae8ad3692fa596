import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, ModelInfo } from '../spec/deployment.ts';
import { buildHealthProbe } from './build-health-probe.ts';
import { resolveHealthSettings } from './health-settings.ts';

const settings = resolveHealthSettings({}, {});

/** The chat probe body LiteLLM sends. */
function chatBody(model: string, maxTokens = 16): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: "Hey how's it going?" }], max_tokens: maxTokens };
}

function deployment(model: string, info: ModelInfo = {}): Deployment {
  const slash = model.indexOf('/');
  return { id: 'd-1', modelName: 'group', provider: model.slice(0, slash), providerModel: model.slice(slash + 1), params: { model, api_key: 'sk-x' }, info };
}

describe('buildHealthProbe', () => {
  const cases: { name: string; model: string; info?: ModelInfo; call: string; body: Record<string, unknown>; timeoutMs?: number }[] = [
    {
      name: 'chat by default: one short message and max_tokens 16',
      model: 'openai/gpt-4o',
      call: 'chat',
      body: chatBody('openai/gpt-4o'),
      timeoutMs: 60_000,
    },
    {
      name: 'responses mode probes as chat',
      model: 'openai/o3',
      info: { mode: 'responses' },
      call: 'chat',
      body: chatBody('openai/o3'),
    },
    {
      name: 'completion: the default prompt',
      model: 'text-completion-openai/gpt-3.5-turbo-instruct',
      info: { mode: 'completion' },
      call: 'completion',
      body: { model: 'text-completion-openai/gpt-3.5-turbo-instruct', prompt: 'test from litellm', max_tokens: 16 },
    },
    {
      name: 'embedding: a one-item input and no max_tokens',
      model: 'openai/text-embedding-3-small',
      info: { mode: 'embedding' },
      call: 'embedding',
      body: { model: 'openai/text-embedding-3-small', input: ['test from litellm'] },
    },
    {
      name: 'image_generation: the default prompt only',
      model: 'openai/dall-e-3',
      info: { mode: 'image_generation' },
      call: 'image_generation',
      body: { model: 'openai/dall-e-3', prompt: 'test from litellm' },
    },
    {
      name: 'health_check_max_tokens and health_check_timeout per deployment',
      model: 'openai/gpt-4o',
      info: { health_check_max_tokens: 3, health_check_timeout: 2.5 },
      call: 'chat',
      body: chatBody('openai/gpt-4o', 3),
      timeoutMs: 2500,
    },
    {
      name: 'health_check_model replaces a wildcard model',
      model: 'openai/*',
      info: { health_check_model: 'openai/gpt-4o-mini' },
      call: 'chat',
      body: chatBody('openai/gpt-4o-mini'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const probe = buildHealthProbe(deployment(c.model, c.info), settings);
      assert.ok(!('error' in probe), 'probeable');
      assert.equal(probe.call, c.call);
      assert.deepEqual(probe.body, c.body);
      if (c.timeoutMs !== undefined) assert.equal(probe.timeoutMs, c.timeoutMs);
    });
  }

  it('points the probed deployment at the health_check_model provider', () => {
    const probe = buildHealthProbe(deployment('openai/*', { health_check_model: 'anthropic/claude-haiku-4-5' }), settings);
    assert.ok(!('error' in probe));
    assert.deepEqual([probe.deployment.provider, probe.deployment.providerModel, probe.deployment.params.api_key], ['anthropic', 'claude-haiku-4-5', 'sk-x']);
  });

  it('reports a wildcard without health_check_model and an unsupported mode as unprobeable', () => {
    const wildcard = buildHealthProbe(deployment('openai/*'), settings);
    assert.ok('error' in wildcard && /health_check_model/.test(wildcard.error));
    const audio = buildHealthProbe(deployment('openai/tts-1', { mode: 'audio_speech' }), settings);
    assert.ok('error' in audio && /audio_speech/.test(audio.error));
  });

  it('honours HEALTH_CHECK_TIMEOUT_SECONDS, DEFAULT_HEALTH_CHECK_PROMPT and BACKGROUND_HEALTH_CHECK_MAX_TOKENS', () => {
    const env = resolveHealthSettings({}, { HEALTH_CHECK_TIMEOUT_SECONDS: '5', DEFAULT_HEALTH_CHECK_PROMPT: 'ping', BACKGROUND_HEALTH_CHECK_MAX_TOKENS: '1' });
    const probe = buildHealthProbe(deployment('openai/gpt-3.5-turbo-instruct', { mode: 'completion' }), env);
    assert.ok(!('error' in probe));
    assert.deepEqual([probe.body, probe.timeoutMs], [{ model: 'openai/gpt-3.5-turbo-instruct', prompt: 'ping', max_tokens: 1 }, 5000]);
  });
});

describe('resolveHealthSettings', () => {
  it('uses LiteLLM defaults and reads general_settings', () => {
    assert.deepEqual(resolveHealthSettings({}, {}), { background: false, intervalMs: 300_000, details: true, defaultTimeoutMs: 60_000, prompt: 'test from litellm', maxTokens: 16 });
    const set = resolveHealthSettings({ background_health_checks: true, health_check_interval: 30, health_check_details: false }, {});
    assert.deepEqual([set.background, set.intervalMs, set.details], [true, 30_000, false]);
    assert.equal(resolveHealthSettings({ health_check_interval: -1 }, { HEALTH_CHECK_TIMEOUT_SECONDS: 'soon' }).intervalMs, 300_000);
    const quoted = resolveHealthSettings({ background_health_checks: 'True', health_check_interval: '60', health_check_details: 'False' }, {});
    assert.deepEqual([quoted.background, quoted.intervalMs, quoted.details], [true, 60_000, false]);
  });
});
