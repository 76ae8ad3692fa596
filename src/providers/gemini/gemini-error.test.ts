import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapGeminiError } from './gemini-error.ts';

const body = (code: number, status: string, message: string, details?: unknown[]) => JSON.stringify({ error: { code, message, status, ...(details === undefined ? {} : { details }) } });

describe('mapGeminiError', () => {
  const cases: { name: string; status: number; text: string; kind: string; retryAfter?: string; headers?: Record<string, string> }[] = [
    { name: 'an invalid key (400 INVALID_ARGUMENT) → 401', status: 400, text: body(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'), kind: 'upstream_authentication' },
    { name: 'an expired key reported by ErrorInfo reason → 401', status: 400, text: body(400, 'INVALID_ARGUMENT', 'Bad key.', [{ reason: 'API_KEY_INVALID' }]), kind: 'upstream_authentication' },
    { name: 'UNAUTHENTICATED → 401', status: 401, text: body(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'), kind: 'upstream_authentication' },
    { name: 'PERMISSION_DENIED → 403', status: 403, text: body(403, 'PERMISSION_DENIED', 'Permission denied'), kind: 'permission_denied' },
    { name: 'NOT_FOUND → 404', status: 404, text: body(404, 'NOT_FOUND', 'models/x is not found'), kind: 'not_found' },
    { name: 'RESOURCE_EXHAUSTED → 429 with RetryInfo', status: 429, text: body(429, 'RESOURCE_EXHAUSTED', 'Quota', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.5s' }]), kind: 'rate_limit', retryAfter: '3' },
    { name: 'RESOURCE_EXHAUSTED → 429; the header wins', status: 429, text: body(429, 'RESOURCE_EXHAUSTED', 'Quota', [{ retryDelay: '40s' }]), kind: 'rate_limit', retryAfter: '5', headers: { 'retry-after': '5' } },
    { name: 'UNAVAILABLE → 503', status: 503, text: body(503, 'UNAVAILABLE', 'The model is overloaded.'), kind: 'service_unavailable' },
    { name: 'DEADLINE_EXCEEDED → 408', status: 504, text: body(504, 'DEADLINE_EXCEEDED', 'Deadline expired'), kind: 'timeout' },
    { name: 'INTERNAL → 500', status: 500, text: body(500, 'INTERNAL', 'An internal error has occurred.'), kind: 'internal' },
    { name: 'the token limit → context window exceeded', status: 400, text: body(400, 'INVALID_ARGUMENT', 'The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).'), kind: 'context_window_exceeded' },
    { name: 'other INVALID_ARGUMENT → 400', status: 400, text: body(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'), kind: 'bad_request' },
    { name: 'FAILED_PRECONDITION → 400', status: 400, text: body(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'), kind: 'bad_request' },
    { name: 'an array-wrapped error (streams)', status: 429, text: `[${body(429, 'RESOURCE_EXHAUSTED', 'Quota')}]`, kind: 'rate_limit' },
    { name: 'a body that is not Google\'s shape falls back to the status', status: 502, text: '<html>Bad Gateway</html>', kind: 'bad_gateway' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const error = mapGeminiError({ status: c.status, headers: c.headers ?? {}, bodyText: c.text, providerName: 'Gemini', secrets: [] });
      assert.equal(error.kind, c.kind);
      assert.equal(error.retryAfter, c.retryAfter);
      assert.match(error.message, /^litellm\.\w+: GeminiException - /);
    });
  }

  it('never lets a secret into the message', () => {
    const error = mapGeminiError({ status: 400, headers: {}, bodyText: body(400, 'INVALID_ARGUMENT', 'API key not valid: AIzaSECRET123456'), providerName: 'Gemini', secrets: ['AIzaSECRET123456'] });
    assert.doesNotMatch(error.message, /AIzaSECRET/);
  });
});
