import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ModelEntry, SwitchyardConfig } from '../config/config-types.ts';
import { buildDeployments } from '../router/build-deployments.ts';
import { ModelGroups } from '../router/model-groups.ts';
import type { Attempt } from '../router/router.ts';
import type { ErrorKind } from '../spec/error-catalogue.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { CallType, ProviderLogger } from '../spec/provider.ts';
import { planAttempt, type CallPlan } from './plan-attempt.ts';
import { prepareRequest } from './prepare-request.ts';

interface LogLine {
  obj: Record<string, unknown>;
  msg: string | undefined;
}

interface Setup {
  config: SwitchyardConfig;
  groups: ModelGroups;
  log: ProviderLogger;
  logged: LogLine[];
}

function setup(models: ModelEntry[], settings: Partial<SwitchyardConfig> = {}): Setup {
  const config: SwitchyardConfig = { model_list: models, litellm_settings: {}, router_settings: {}, general_settings: {}, environment_variables: {}, ...settings };
  const groups = new ModelGroups({ deployments: buildDeployments(models).deployments, aliases: config.router_settings.model_group_alias });
  const logged: LogLine[] = [];
  const log: ProviderLogger = { debug() {}, warn() {}, info: (obj, msg) => void logged.push({ obj, msg }) };
  return { config, groups, log, logged };
}

const model = (model_name: string, litellm_params: ModelEntry['litellm_params']): ModelEntry => ({ model_name, litellm_params });
const hi = [{ role: 'user', content: 'hi' }];

/** prepareRequest, then planAttempt on the n-th deployment of the group the model resolves to. */
function plan(s: Setup, body: Record<string, unknown>, extra: { call?: CallType; headers?: IncomingHttpHeaders; pick?: number } = {}): CallPlan {
  const headers = extra.headers ?? {};
  const prepared = prepareRequest({ call: extra.call ?? 'chat', body, headers, groups: s.groups });
  const group = s.groups.resolve(prepared.model);
  const deployment = group?.deployments[extra.pick ?? 0];
  assert.ok(group !== undefined && deployment !== undefined, 'the model resolves');
  const attempt: Attempt = { requestedModel: prepared.model, group, deployment, isFallback: false };
  return planAttempt({ config: s.config, log: s.log }, prepared, attempt);
}

function planError(s: Setup, body: Record<string, unknown>, extra: Parameters<typeof plan>[2] = {}): GatewayError {
  try {
    plan(s, body, extra);
  } catch (error) {
    assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
    return error;
  }
  assert.fail('planAttempt did not throw');
}

function expectKind(error: GatewayError, kind: ErrorKind, param: string | null): void {
  assert.equal(error.kind, kind, error.message);
  assert.equal(error.param, param);
}

const ENV = 'LITELLM_DROP_PARAMS';

describe('planAttempt', () => {
  let savedEnv: string | undefined;
  beforeEach(() => {
    savedEnv = process.env[ENV];
    delete process.env[ENV];
  });
  afterEach(() => {
    if (savedEnv === undefined) delete process.env[ENV];
    else process.env[ENV] = savedEnv;
  });

  const base = setup(
    [
      model('gpt-4o', { model: 'openai/gpt-4o', timeout: 30, stream_timeout: 5 }),
      model('llama', { model: 'groq/llama-3.1-8b-instant' }),
      model('claude', { model: 'cohere/command-r' }),
      model('canned', { model: 'cohere/command-r', mock_response: 'from the config' }),
      model('two', { model: 'openai/a' }),
      model('two', { model: 'groq/b' }),
    ],
    { router_settings: { model_group_alias: { 'my-gpt': 'gpt-4o' } } },
  );

  describe('the body sent upstream', () => {
    test('a copy of the prepared body, gateway fields gone', () => {
      const result = plan(base, { model: 'my-gpt', messages: hi, temperature: 0.1, metadata: { a: 1 }, tags: ['t'], fallbacks: ['llama'] });
      assert.deepEqual(result.body, { model: 'my-gpt', messages: hi, temperature: 0.1 });
      assert.equal(result.requestedModel, 'my-gpt');
      assert.equal(result.provider.id, 'openai');
      assert.equal(result.deployment.providerModel, 'gpt-4o');
    });

    test('dropping params on one attempt does not change the next attempt\'s body', () => {
      const prepared = prepareRequest({ call: 'chat', body: { model: 'two', messages: hi, logprobs: true, drop_params: true }, headers: {}, groups: base.groups });
      const group = base.groups.resolve('two');
      assert.ok(group !== undefined);
      const [openai, groq] = group.deployments;
      assert.ok(openai !== undefined && groq !== undefined);
      const onGroq = planAttempt({ config: base.config, log: base.log }, prepared, { requestedModel: 'two', group, deployment: groq, isFallback: false });
      assert.equal('logprobs' in onGroq.body, false);
      assert.equal(prepared.body['logprobs'], true, 'the prepared body is untouched');
      const onOpenAI = planAttempt({ config: base.config, log: base.log }, prepared, { requestedModel: 'two', group, deployment: openai, isFallback: true });
      assert.equal(onOpenAI.body['logprobs'], true);
    });

    test('stream, wantsUsage and the timeout come through', () => {
      const cases: { body: Record<string, unknown>; headers?: IncomingHttpHeaders; stream: boolean; wantsUsage: boolean; timeoutMs: number }[] = [
        { body: {}, stream: false, wantsUsage: false, timeoutMs: 30_000 },
        { body: { stream: true }, stream: true, wantsUsage: false, timeoutMs: 5000 },
        { body: { stream: true, stream_options: { include_usage: true } }, stream: true, wantsUsage: true, timeoutMs: 5000 },
        { body: { timeout: 12 }, stream: false, wantsUsage: false, timeoutMs: 12_000 },
        { body: { stream: true, timeout: 12 }, stream: true, wantsUsage: false, timeoutMs: 12_000 },
        { body: { timeout: 12 }, headers: { 'x-litellm-timeout': '2' }, stream: false, wantsUsage: false, timeoutMs: 2000 },
      ];
      for (const { body, headers, stream, wantsUsage, timeoutMs } of cases) {
        const result = plan(base, { model: 'gpt-4o', messages: hi, ...body }, { headers: headers ?? {} });
        assert.deepEqual({ stream: result.stream, wantsUsage: result.wantsUsage, timeoutMs: result.timeoutMs }, { stream, wantsUsage, timeoutMs }, JSON.stringify(body));
      }
    });

    test('a stream_timeout in the request body is honoured for streams', () => {
      const result = plan(base, { model: 'gpt-4o', messages: hi, stream: true, stream_timeout: 9, timeout: 30 });
      assert.equal(result.timeoutMs, 9000);
    });
  });

  describe('drop_params precedence: request > deployment > litellm_settings > LITELLM_DROP_PARAMS', () => {
    type Flag = boolean | undefined;
    const cases: { request: Flag; deployment: Flag; settings: Flag; env: string | undefined; drops: boolean }[] = [
      { request: true, deployment: false, settings: false, env: 'false', drops: true },
      { request: false, deployment: true, settings: true, env: 'true', drops: false },
      { request: undefined, deployment: true, settings: false, env: 'false', drops: true },
      { request: undefined, deployment: false, settings: true, env: 'true', drops: false },
      { request: undefined, deployment: undefined, settings: true, env: 'false', drops: true },
      { request: undefined, deployment: undefined, settings: false, env: 'true', drops: false },
      { request: undefined, deployment: undefined, settings: undefined, env: 'true', drops: true },
      { request: undefined, deployment: undefined, settings: undefined, env: 'TRUE', drops: true },
      { request: undefined, deployment: undefined, settings: undefined, env: 'false', drops: false },
      { request: undefined, deployment: undefined, settings: undefined, env: '1', drops: false },
      { request: undefined, deployment: undefined, settings: undefined, env: undefined, drops: false },
    ];

    for (const { request, deployment, settings, env, drops } of cases) {
      test(`request=${request} deployment=${deployment} litellm_settings=${settings} env=${env} → ${drops ? 'dropped' : '400'}`, () => {
        if (env !== undefined) process.env[ENV] = env;
        const s = setup(
          [model('llama', { model: 'groq/llama-3.1-8b-instant', ...(deployment === undefined ? {} : { drop_params: deployment }) })],
          { litellm_settings: settings === undefined ? {} : { drop_params: settings } },
        );
        const body = { model: 'llama', messages: hi, logprobs: true, logit_bias: { '1': 2 }, ...(request === undefined ? {} : { drop_params: request }) };
        if (drops) {
          assert.deepEqual(plan(s, body).body, { model: 'llama', messages: hi });
          assert.deepEqual(s.logged, [{ obj: { dropped_params: ['logprobs', 'logit_bias'], provider: 'groq', model: 'llama-3.1-8b-instant' }, msg: 'dropped unsupported params (drop_params)' }]);
        } else {
          expectKind(planError(s, body), 'unsupported_params', 'logprobs');
          assert.equal(s.logged.length, 0);
        }
      });
    }

    test('the 400 names every unsupported param, the model, and both ways out', () => {
      const error = planError(base, { model: 'llama', messages: hi, logit_bias: { '1': 2 }, logprobs: true });
      expectKind(error, 'unsupported_params', 'logprobs');
      assert.equal(error.status, 400);
      assert.equal(error.toBody().error.type, 'invalid_request_error');
      assert.ok(error.message.startsWith("litellm.UnsupportedParamsError: groq does not support parameters: ['logprobs', 'logit_bias'], for model=llama-3.1-8b-instant."), error.message);
      assert.match(error.message, /drop_params: true/);
      assert.match(error.message, /allowed_openai_params=\['logprobs', 'logit_bias'\]/);
    });

    test('a provider that takes every param needs no drop_params', () => {
      assert.deepEqual(plan(base, { model: 'gpt-4o', messages: hi, logprobs: true }).body, { model: 'gpt-4o', messages: hi, logprobs: true });
    });
  });

  describe('additional_drop_params and allowed_openai_params', () => {
    test('additional_drop_params from the deployment and the request are always removed', () => {
      const s = setup([model('g', { model: 'openai/gpt-4o', additional_drop_params: ['user'] })]);
      const result = plan(s, { model: 'g', messages: hi, user: 'u', seed: 7, top_p: 1, additional_drop_params: ['seed', 3] });
      assert.deepEqual(result.body, { model: 'g', messages: hi, top_p: 1 });
      assert.equal(s.logged.length, 0, 'not a drop_params drop');
    });

    test('additional_drop_params removes an unsupported param before the check', () => {
      assert.deepEqual(plan(base, { model: 'llama', messages: hi, logprobs: true, additional_drop_params: ['logprobs'] }).body, { model: 'llama', messages: hi });
    });

    test('allowed_openai_params lets an unsupported param through unchanged', () => {
      assert.deepEqual(plan(base, { model: 'llama', messages: hi, logprobs: true, allowed_openai_params: ['logprobs'] }).body, { model: 'llama', messages: hi, logprobs: true });
    });

    test('allowed_openai_params covers only the params it names', () => {
      const error = planError(base, { model: 'llama', messages: hi, logprobs: true, logit_bias: {}, allowed_openai_params: ['logprobs'] });
      expectKind(error, 'unsupported_params', 'logit_bias');
      assert.match(error.message, /does not support parameters: \['logit_bias'\]/);
    });

    test('allowed_openai_params wins over drop_params for the params it names', () => {
      const result = plan(base, { model: 'llama', messages: hi, logprobs: true, logit_bias: {}, drop_params: true, allowed_openai_params: ['logprobs'] });
      assert.deepEqual(result.body, { model: 'llama', messages: hi, logprobs: true });
    });
  });

  describe('mock_response', () => {
    test('in the request: the mock provider answers for any deployment, even an unserved one', () => {
      for (const name of ['gpt-4o', 'llama', 'claude']) {
        const result = plan(base, { model: name, messages: hi, mock_response: 'hello', logprobs: true });
        assert.equal(result.provider.id, 'mock', name);
        assert.equal('mock_response' in result.body, false);
        assert.equal(result.body['logprobs'], true, 'the mock takes every param');
      }
    });

    test('in litellm_params: the mock provider answers instead of the (unserved) provider', () => {
      assert.equal(plan(base, { model: 'canned', messages: hi }).provider.id, 'mock');
    });

    test('mock_response: null in the request does not mock', () => {
      assert.equal(plan(base, { model: 'gpt-4o', messages: hi, mock_response: null }).provider.id, 'openai');
    });

    test('the mock answers with the requested text', async () => {
      const result = plan(base, { model: 'gpt-4o', messages: hi, mock_response: 'canned words' });
      const ctx = { deployment: result.deployment, signal: new AbortController().signal, timeoutMs: 1000, log: base.log };
      const answer = await result.provider.chat?.({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, ctx);
      assert.equal(answer?.body.choices[0]?.message.content, 'canned words');
    });
  });

  describe('errors', () => {
    test('a provider that is not served yet → 501', () => {
      const error = planError(base, { model: 'claude', messages: hi });
      expectKind(error, 'not_implemented', null);
      assert.equal(error.status, 501);
      assert.equal(error.message, 'provider "cohere" is not supported by Switchyard yet (model group "claude")');
    });

    test('a call type the provider does not serve → 400', () => {
      const error = planError(base, { model: 'llama', input: 'x' }, { call: 'embedding' });
      expectKind(error, 'bad_request', 'model');
      assert.equal(error.message, 'model "llama" (groq) does not support embedding requests');
      assert.equal(planError(base, { model: 'llama', prompt: 'x' }, { call: 'image_generation' }).message, 'model "llama" (groq) does not support image generation requests');
    });
  });
});
