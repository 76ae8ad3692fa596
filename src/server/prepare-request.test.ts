import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import type { ModelEntry, RouterSettings } from '../config/config-types.ts';
import { buildDeployments } from '../router/build-deployments.ts';
import { ModelGroups } from '../router/model-groups.ts';
import type { ErrorKind } from '../spec/error-catalogue.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { CallType } from '../spec/provider.ts';
import { GATEWAY_FIELDS } from './gateway-fields.ts';
import { prepareRequest, type PreparedRequest } from './prepare-request.ts';

const model = (model_name: string, model: string): ModelEntry => ({ model_name, litellm_params: { model } });

function groupsOf(entries: ModelEntry[], aliases?: RouterSettings['model_group_alias']): ModelGroups {
  return new ModelGroups({ deployments: buildDeployments(entries).deployments, aliases });
}

const GROUPS = groupsOf(
  [model('gpt-4o', 'openai/gpt-4o'), model('llama', 'groq/llama-3.1-8b-instant'), model('openai/*', 'openai/*')],
  { 'my-gpt': 'gpt-4o', secret: { model: 'gpt-4o', hidden: true } },
);

const hi = [{ role: 'user', content: 'hi' }];

function prepare(body: Record<string, unknown>, extra: { call?: CallType; pathModel?: string; headers?: IncomingHttpHeaders; groups?: ModelGroups } = {}): PreparedRequest {
  return prepareRequest({ call: extra.call ?? 'chat', body, pathModel: extra.pathModel, headers: extra.headers ?? {}, groups: extra.groups ?? GROUPS });
}

function prepareError(body: Record<string, unknown>, extra: Parameters<typeof prepare>[1] = {}): GatewayError {
  try {
    prepare(body, extra);
  } catch (error) {
    assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
    return error;
  }
  assert.fail('prepareRequest did not throw');
}

function expectKind(error: GatewayError, kind: ErrorKind, param: string | null): void {
  assert.equal(error.kind, kind, error.message);
  assert.equal(error.param, param);
}

describe('prepareRequest', () => {
  describe('gateway fields', () => {
    test('every gateway field is stripped; everything else is kept', () => {
      const body: Record<string, unknown> = { model: 'gpt-4o', messages: hi, temperature: 0.2, user: 'u-1', seed: 3, stream_options: { include_usage: false } };
      for (const field of GATEWAY_FIELDS) body[field] = field === 'drop_params' ? true : ['x'];
      const prepared = prepare(body);
      assert.deepEqual(prepared.body, { model: 'gpt-4o', messages: hi, temperature: 0.2, user: 'u-1', seed: 3, stream_options: { include_usage: false } });
    });

    test('the list covers LiteLLM\'s request extensions', () => {
      for (const field of ['metadata', 'mock_response', 'fallbacks', 'num_retries', 'drop_params', 'allowed_openai_params', 'additional_drop_params', 'timeout', 'stream_timeout', 'tags', 'guardrails', 'litellm_metadata', 'mock_testing_fallbacks']) {
        assert.ok((GATEWAY_FIELDS as readonly string[]).includes(field), field);
      }
    });

    test('controls are read before the fields are stripped', () => {
      const prepared = prepare({
        model: 'gpt-4o',
        messages: hi,
        num_retries: 4,
        fallbacks: ['llama', { model: 'my-gpt', messages: [] }, 7],
        mock_testing_fallbacks: true,
        mock_testing_rate_limit_error: true,
        mock_response: 'hello',
        timeout: 12,
        drop_params: true,
        additional_drop_params: ['seed', 1],
        allowed_openai_params: ['logprobs', null],
      });
      assert.deepEqual({ ...prepared.controls, allowedOpenAIParams: [...prepared.controls.allowedOpenAIParams] }, {
        numRetries: 4,
        clientFallbacks: ['llama', 'my-gpt'],
        mockTesting: { fallbacks: true, rateLimitError: true, contextWindowFallbacks: false, contentPolicyFallbacks: false },
        mockResponse: 'hello',
        timeout: 12,
        streamTimeout: undefined,
        dropParams: true,
        additionalDropParams: ['seed'],
        allowedOpenAIParams: ['logprobs'],
      });
    });

    test('no controls in the body: the defaults', () => {
      const { controls } = prepare({ model: 'gpt-4o', messages: hi });
      assert.equal(controls.numRetries, undefined);
      assert.equal(controls.clientFallbacks, undefined);
      assert.equal(controls.mockResponse, undefined);
      assert.equal(controls.timeout, undefined);
      assert.equal(controls.dropParams, undefined);
      assert.deepEqual(controls.additionalDropParams, []);
      assert.equal(controls.allowedOpenAIParams.size, 0);
    });

    test('a non-boolean drop_params is not a setting', () => {
      assert.equal(prepare({ model: 'gpt-4o', drop_params: 'true' }).controls.dropParams, undefined);
    });

    test('num_retries: the body wins over x-litellm-num-retries; a bad header is ignored', () => {
      const cases: { body: Record<string, unknown>; header: string | undefined; expected: number | undefined }[] = [
        { body: { num_retries: 1 }, header: '5', expected: 1 },
        { body: {}, header: '5', expected: 5 },
        { body: {}, header: '0', expected: 0 },
        { body: {}, header: '-1', expected: undefined },
        { body: {}, header: '2.5', expected: undefined },
        { body: {}, header: 'many', expected: undefined },
        { body: {}, header: undefined, expected: undefined },
      ];
      for (const { body, header, expected } of cases) {
        const headers: IncomingHttpHeaders = header === undefined ? {} : { 'x-litellm-num-retries': header };
        assert.equal(prepare({ model: 'gpt-4o', ...body }, { headers }).controls.numRetries, expected, `${JSON.stringify(body)} ${header}`);
      }
    });
  });

  describe('model', () => {
    test('the body model is set to the name the caller sent (an alias stays an alias)', () => {
      const prepared = prepare({ model: 'my-gpt', messages: hi });
      assert.equal(prepared.model, 'my-gpt');
      assert.equal(prepared.body['model'], 'my-gpt');
    });

    test('the path model wins over the body model', () => {
      const prepared = prepare({ model: 'llama', messages: hi }, { pathModel: 'gpt-4o' });
      assert.equal(prepared.model, 'gpt-4o');
      assert.equal(prepared.body['model'], 'gpt-4o');
    });

    test('a wildcard match and a hidden alias are known models', () => {
      assert.equal(prepare({ model: 'openai/o3-mini' }).model, 'openai/o3-mini');
      assert.equal(prepare({ model: 'secret' }).model, 'secret');
    });

    for (const body of [{}, { model: '' }, { model: 42 }, { model: null }, { model: ['gpt-4o'] }]) {
      test(`model ${JSON.stringify(body)} → 400 model is required`, () => {
        const error = prepareError({ ...body, messages: hi });
        expectKind(error, 'bad_request', 'model');
        assert.equal(error.message, 'model is required');
      });
    }

    test('unknown model: 400 like LiteLLM, listing the names a caller may use (hidden aliases left out)', () => {
      const error = prepareError({ model: 'gpt-5', messages: hi });
      expectKind(error, 'unknown_model', 'model');
      assert.equal(error.status, 400);
      assert.equal(error.toBody().error.type, 'invalid_request_error');
      assert.equal(
        error.message,
        'Invalid model name passed in model=gpt-5. Call `/v1/models` to view available models for your key. Available models: gpt-4o, llama, my-gpt, openai/*',
      );
    });

    test('unknown model with nothing configured', () => {
      const error = prepareError({ model: 'gpt-4o' }, { groups: groupsOf([]) });
      expectKind(error, 'unknown_model', 'model');
      assert.match(error.message, /Available models: \(none configured\)$/);
    });

    test('an unknown model leaves the body untouched', () => {
      const body = { model: 'gpt-5', metadata: { a: 1 } };
      prepareError(body);
      assert.deepEqual(body, { model: 'gpt-5', metadata: { a: 1 } });
    });
  });

  describe('client credentials', () => {
    for (const field of ['api_key', 'api_base', 'base_url', 'api_version', 'organization']) {
      test(`${field} in the body → 400 naming it`, () => {
        const error = prepareError({ model: 'gpt-4o', messages: hi, [field]: 'x' });
        expectKind(error, 'bad_request', field);
        assert.equal(error.message, `Rejected Request: ${field} is not allowed in the request body; the gateway's configured credentials are used.`);
      });
    }

    test('checked before the model is resolved', () => {
      expectKind(prepareError({ model: 'gpt-5', api_key: 'sk-x' }), 'bad_request', 'api_key');
    });
  });

  test('stream and wantsUsage', () => {
    const cases: { body: Record<string, unknown>; stream: boolean; wantsUsage: boolean }[] = [
      { body: {}, stream: false, wantsUsage: false },
      { body: { stream: true }, stream: true, wantsUsage: false },
      { body: { stream: 'true' }, stream: false, wantsUsage: false },
      { body: { stream: true, stream_options: { include_usage: true } }, stream: true, wantsUsage: true },
      { body: { stream: true, stream_options: { include_usage: 'yes' } }, stream: true, wantsUsage: false },
      { body: { stream: true, stream_options: null }, stream: true, wantsUsage: false },
    ];
    for (const { body, stream, wantsUsage } of cases) {
      const prepared = prepare({ model: 'gpt-4o', messages: hi, ...body });
      assert.deepEqual({ stream: prepared.stream, wantsUsage: prepared.wantsUsage }, { stream, wantsUsage }, JSON.stringify(body));
    }
  });
});
