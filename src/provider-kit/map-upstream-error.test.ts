import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CATALOGUE, type ErrorKind } from '../spec/error-catalogue.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { mapUpstreamError, type UpstreamErrorInput } from './map-upstream-error.ts';

function map(input: Partial<UpstreamErrorInput> & { status: number }): GatewayError {
  return mapUpstreamError({ headers: {}, bodyText: '', providerName: 'OpenAI', ...input });
}

const openAIBody = (message: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null, ...extra } });

describe('mapUpstreamError', () => {
  describe('status → kind, HTTP status and error.type', () => {
    const cases: { upstream: number; kind: ErrorKind; status: number; type: string }[] = [
      { upstream: 400, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 401, kind: 'upstream_authentication', status: 401, type: 'authentication_error' },
      { upstream: 403, kind: 'permission_denied', status: 403, type: 'permission_error' },
      { upstream: 404, kind: 'not_found', status: 404, type: 'not_found_error' },
      { upstream: 408, kind: 'timeout', status: 408, type: 'timeout_error' },
      // 413 is refined like a 400 (LiteLLM maps Anthropic's 413 to BadRequestError).
      { upstream: 413, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 422, kind: 'unprocessable_entity', status: 422, type: 'invalid_request_error' },
      { upstream: 429, kind: 'rate_limit', status: 429, type: 'throttling_error' },
      { upstream: 500, kind: 'internal', status: 500, type: 'internal_server_error' },
      { upstream: 502, kind: 'bad_gateway', status: 502, type: 'bad_gateway_error' },
      { upstream: 503, kind: 'service_unavailable', status: 503, type: 'service_unavailable_error' },
      { upstream: 504, kind: 'timeout', status: 408, type: 'timeout_error' },
      // Anthropic's "overloaded_error".
      { upstream: 529, kind: 'internal', status: 500, type: 'internal_server_error' },
      // Other 4xx / 5xx.
      { upstream: 402, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 405, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 409, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 410, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 415, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 451, kind: 'bad_request', status: 400, type: 'invalid_request_error' },
      { upstream: 501, kind: 'internal', status: 500, type: 'internal_server_error' },
      { upstream: 505, kind: 'internal', status: 500, type: 'internal_server_error' },
      { upstream: 520, kind: 'internal', status: 500, type: 'internal_server_error' },
      { upstream: 599, kind: 'internal', status: 500, type: 'internal_server_error' },
    ];

    for (const { upstream, kind, status, type } of cases) {
      test(`${upstream} → ${kind} (${status} ${type})`, () => {
        const error = map({ status: upstream, bodyText: openAIBody('something went wrong') });
        assert.ok(error instanceof GatewayError);
        assert.equal(error.kind, kind);
        assert.equal(error.status, status);
        assert.equal(error.upstreamStatus, upstream);
        const body = error.toBody();
        assert.equal(body.error.type, type);
        assert.equal(body.error.code, String(status));
        assert.equal(error.retryable, ERROR_CATALOGUE[kind].retryable);
      });
    }

    test('a 3xx redirect is not blamed on the caller', () => {
      for (const upstream of [301, 302, 307, 308]) {
        const error = map({ status: upstream, bodyText: '<html>Moved Permanently</html>', headers: { location: 'https://elsewhere.example/v1' } });
        assert.equal(error.kind, 'bad_gateway', `${upstream}`);
      }
    });
  });

  describe('context window exceeded', () => {
    const cases: { name: string; status: number; body: string }[] = [
      {
        name: 'OpenAI: message',
        status: 400,
        body: openAIBody("This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.", { param: 'messages', code: 'context_length_exceeded' }),
      },
      { name: 'OpenAI: code only', status: 400, body: openAIBody('Your input is too large.', { code: 'context_length_exceeded' }) },
      {
        name: 'Anthropic: prompt is too long',
        status: 400,
        body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 208101 tokens > 200000 maximum' } }),
      },
      { name: 'Anthropic on a 413', status: 413, body: JSON.stringify({ type: 'error', error: { type: 'request_too_large', message: 'prompt is too long: 1208101 tokens > 200000 maximum' } }) },
      { name: 'vLLM', status: 400, body: JSON.stringify({ object: 'error', message: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.", type: 'BadRequestError', param: null, code: 400 }) },
      { name: 'Bedrock-style', status: 400, body: JSON.stringify({ message: 'Input is too long for requested model. input tokens exceed the configured limit of 200000 tokens' }) },
      { name: 'Mistral: too many tokens', status: 400, body: JSON.stringify({ object: 'error', message: 'Prompt contains 40000 tokens, too many tokens for model with 32768 maximum context length', type: 'invalid_request_error' }) },
      { name: 'Azure: string too long', status: 400, body: openAIBody("Invalid 'messages[0].content': string too long. Expected a string with maximum length 1048576, but got a string with length 2000000 instead.") },
      { name: 'a 422 with a context phrase', status: 422, body: JSON.stringify({ error: "This model's maximum context length is 8192 tokens" }) },
    ];
    for (const { name, status, body } of cases) {
      test(name, () => {
        const error = map({ status, bodyText: body });
        assert.equal(error.kind, 'context_window_exceeded');
        assert.equal(error.status, 400);
        assert.match(error.message, /^litellm\.ContextWindowExceededError: OpenAIException - /);
      });
    }

    test('Hugging Face TGI 422 flat {"error": "..."}', () => {
      const bodyText = JSON.stringify({
        error: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`',
        error_type: 'validation',
      });
      const error = map({ status: 422, bodyText, providerName: 'Huggingface' });
      assert.equal(error.kind, 'context_window_exceeded');
    });

    test('TGI 422: the flat error string is the message, whatever the kind', () => {
      const text = 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`';
      const error = map({ status: 422, bodyText: JSON.stringify({ error: text, error_type: 'validation' }), providerName: 'Huggingface' });
      assert.ok(error.message.endsWith(`HuggingfaceException - ${text}`), error.message);
      assert.equal(error.upstreamStatus, 422);
    });

    test('a context phrase on a 429 or a 500 does not change the kind', () => {
      assert.equal(map({ status: 429, bodyText: openAIBody('too many tokens per minute') }).kind, 'rate_limit');
      assert.equal(map({ status: 500, bodyText: openAIBody('maximum context length') }).kind, 'internal');
    });
  });

  describe('content policy', () => {
    test('Azure content_filter: kind, param and innererror in provider_specific_fields', () => {
      const innererror = {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: {
          hate: { filtered: false, severity: 'safe' },
          self_harm: { filtered: false, severity: 'safe' },
          sexual: { filtered: false, severity: 'safe' },
          violence: { filtered: true, severity: 'medium' },
        },
      };
      const bodyText = JSON.stringify({
        error: {
          message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
          innererror,
        },
      });
      const error = map({ status: 400, bodyText, providerName: 'Azure' });
      assert.equal(error.kind, 'content_policy_violation');
      assert.equal(error.status, 400);
      assert.equal(error.param, 'prompt');
      assert.deepEqual(error.providerFields, { innererror });
      assert.deepEqual(error.toBody().error.provider_specific_fields, { innererror });
      assert.match(error.message, /^litellm\.ContentPolicyViolationError: AzureException - The response was filtered/);
    });

    const cases: { name: string; body: string }[] = [
      { name: 'code content_filter alone', body: openAIBody('Request blocked.', { code: 'content_filter' }) },
      { name: 'OpenAI images content_policy_violation', body: openAIBody('Your request was rejected as a result of our safety system.', { code: 'content_policy_violation' }) },
      { name: 'safety system phrase', body: openAIBody('Your task failed as a result of our safety system.') },
      { name: 'content filtering policy phrase', body: openAIBody('Output blocked by content filtering policy') },
    ];
    for (const { name, body } of cases) {
      test(name, () => {
        assert.equal(map({ status: 400, bodyText: body }).kind, 'content_policy_violation');
      });
    }

    test('no innererror → no provider_specific_fields', () => {
      const error = map({ status: 400, bodyText: openAIBody('bad', { code: 'content_filter' }) });
      assert.equal(error.providerFields, undefined);
      assert.equal('provider_specific_fields' in error.toBody().error, false);
    });
  });

  describe('retry-after', () => {
    test('kept for 429, as a string or the first of several', () => {
      assert.equal(map({ status: 429, headers: { 'retry-after': '17' } }).retryAfter, '17');
      assert.equal(map({ status: 429, headers: { 'retry-after': ['3', '9'] } }).retryAfter, '3');
      assert.equal(map({ status: 429, headers: {} }).retryAfter, undefined);
    });

    for (const status of [400, 408, 500, 502, 503, 504, 529]) {
      test(`dropped for ${status}`, () => {
        assert.equal(map({ status, headers: { 'retry-after': '17' } }).retryAfter, undefined);
      });
    }
  });

  describe('message', () => {
    const cases: { name: string; status: number; bodyText: string; providerName: string; expected: string }[] = [
      {
        name: 'OpenAI shape',
        status: 429,
        providerName: 'OpenAI',
        bodyText: JSON.stringify({ error: { message: 'Rate limit reached for gpt-4o', type: 'tokens', param: null, code: 'rate_limit_exceeded' } }),
        expected: 'litellm.RateLimitError: OpenAIException - Rate limit reached for gpt-4o',
      },
      { name: 'flat {"error": "text"}', status: 503, providerName: 'Hosted_vllm', bodyText: '{"error":"Model is loading"}', expected: 'litellm.ServiceUnavailableError: Hosted_vllmException - Model is loading' },
      { name: '{"message": "text"}', status: 404, providerName: 'Groq', bodyText: '{"message":"no such model"}', expected: 'litellm.NotFoundError: GroqException - no such model' },
      { name: '{"detail": "text"}', status: 401, providerName: 'Together_ai', bodyText: '{"detail":"Invalid token"}', expected: 'litellm.AuthenticationError: Together_aiException - Invalid token' },
      { name: 'error object without a message: the object as JSON', status: 500, providerName: 'OpenAI', bodyText: '{"error":{"code":"boom"}}', expected: 'litellm.InternalServerError: OpenAIException - {"code":"boom"}' },
      { name: 'JSON without a known field: the whole body', status: 502, providerName: 'OpenAI', bodyText: '{"oops":true}', expected: 'litellm.BadGatewayError: OpenAIException - {"oops":true}' },
      { name: 'a JSON array: the whole body', status: 500, providerName: 'OpenAI', bodyText: '[1,2]', expected: 'litellm.InternalServerError: OpenAIException - [1,2]' },
      { name: 'non-JSON text, trimmed', status: 502, providerName: 'OpenAI', bodyText: '  <html><body>502 Bad Gateway</body></html>\n', expected: 'litellm.BadGatewayError: OpenAIException - <html><body>502 Bad Gateway</body></html>' },
      { name: 'empty body', status: 500, providerName: 'Azure', bodyText: '', expected: 'litellm.InternalServerError: AzureException - empty error response' },
      { name: 'whitespace body', status: 504, providerName: 'Azure', bodyText: ' \n ', expected: 'litellm.Timeout: AzureException - empty error response' },
      { name: 'unprocessable entity', status: 422, providerName: 'OpenAI', bodyText: openAIBody('bad'), expected: 'litellm.UnprocessableEntityError: OpenAIException - bad' },
      { name: 'permission denied', status: 403, providerName: 'OpenAI', bodyText: openAIBody('nope'), expected: 'litellm.PermissionDeniedError: OpenAIException - nope' },
    ];
    for (const { name, status, bodyText, providerName, expected } of cases) {
      test(name, () => {
        assert.equal(map({ status, bodyText, providerName }).message, expected);
      });
    }

    test('every message starts with litellm.<Class>: <Provider>Exception - ', () => {
      for (const status of [400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 529, 418, 599]) {
        const error = map({ status, bodyText: 'x', providerName: 'Mistral' });
        assert.ok(error.message.startsWith(`litellm.${ERROR_CATALOGUE[error.kind].litellmClass}: MistralException - `), `${status}: ${error.message}`);
      }
    });

    test('param is kept when it is a string', () => {
      assert.equal(map({ status: 400, bodyText: openAIBody('bad temperature', { param: 'temperature' }) }).param, 'temperature');
      assert.equal(map({ status: 400, bodyText: openAIBody('bad', { param: 3 }) }).param, null);
    });

    test('a huge JSON message is cut to 4000 characters and an ellipsis', () => {
      const long = 'x'.repeat(10_000);
      const error = map({ status: 400, bodyText: openAIBody(long) });
      assert.equal(error.message, `litellm.BadRequestError: OpenAIException - ${'x'.repeat(4000)}…`);
    });

    test('a huge non-JSON body is cut to 4000 characters and an ellipsis', () => {
      const html = `<html>${'<p>upstream exploded</p>'.repeat(2000)}</html>`;
      const error = map({ status: 502, bodyText: html });
      const text = error.message.slice('litellm.BadGatewayError: OpenAIException - '.length);
      assert.equal(text, `${html.slice(0, 4000)}…`);
    });

    test('a huge flat {"error": "..."} is cut too', () => {
      const error = map({ status: 422, bodyText: JSON.stringify({ error: 'e'.repeat(5000) }) });
      assert.ok(error.message.endsWith(`${'e'.repeat(4000)}…`));
      assert.ok(error.message.length < 4100);
    });
  });

  describe('secrets', () => {
    test('the given secrets are redacted from the message', () => {
      const secret = 'azure-0123456789abcdef0123456789abcdef';
      const error = map({ status: 401, bodyText: openAIBody(`Access denied due to invalid subscription key ${secret}.`), secrets: [secret, undefined], providerName: 'Azure' });
      assert.equal(error.message, 'litellm.AuthenticationError: AzureException - Access denied due to invalid subscription key [REDACTED].');
    });

    test('sk-… shapes are redacted even when not given', () => {
      const error = map({ status: 401, bodyText: openAIBody('Incorrect API key provided: sk-proj-abcDEF123456_-xyz. You can find your API key at https://platform.openai.com/account/api-keys.') });
      assert.equal(error.message, 'litellm.AuthenticationError: OpenAIException - Incorrect API key provided: sk-[REDACTED]. You can find your API key at https://platform.openai.com/account/api-keys.');
    });

    test('secrets in a non-JSON body are redacted', () => {
      const error = map({ status: 500, bodyText: 'upstream said: Authorization: Bearer abcdefgh12345678 was rejected (key my-secret-value)', secrets: ['my-secret-value'] });
      assert.ok(!error.message.includes('abcdefgh12345678'), error.message);
      assert.ok(!error.message.includes('my-secret-value'), error.message);
    });

    test('a secret straddling the 4000-character cut does not leak its first half', () => {
      const secret = 'azure-key-0123456789abcdef0123456789abcdef';
      const message = `${'.'.repeat(3990)}${secret} is not valid`;
      const error = map({ status: 401, bodyText: openAIBody(message), secrets: [secret], providerName: 'Azure' });
      assert.ok(!error.message.includes(secret.slice(0, 10)), 'the first 10 characters of the secret are in the message');
    });
  });
});
