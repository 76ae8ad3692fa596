import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapBedrockError, mapBedrockStreamException } from './bedrock-error.ts';

const errortype = (name: string) => ({ 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/` });

describe('mapBedrockError', () => {
  const table: [number, string, string, string, number][] = [
    [429, 'ThrottlingException', 'Too many requests, please wait before trying again.', 'rate_limit', 429],
    [403, 'AccessDeniedException', 'You don\'t have access to the model with the specified model ID.', 'permission_denied', 403],
    [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'upstream_authentication', 401],
    [403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.', 'upstream_authentication', 401],
    [403, 'ExpiredTokenException', 'The security token included in the request is expired', 'upstream_authentication', 401],
    [404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.', 'not_found', 404],
    [400, 'ValidationException', 'Malformed input request: extraneous key [n] is not permitted', 'bad_request', 400],
    [400, 'ValidationException', 'Input is too long for requested model.', 'context_window_exceeded', 400],
    [400, 'ValidationException', 'The model returned the following errors: too many input tokens', 'context_window_exceeded', 400],
    [400, 'ValidationException', 'prompt is too long: 210000 tokens > 200000 maximum', 'context_window_exceeded', 400],
    [408, 'ModelTimeoutException', 'Model has timed out in processing the request.', 'timeout', 408],
    [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.', 'service_unavailable', 503],
    [429, 'ModelNotReadyException', 'Model is not ready to serve inference requests.', 'service_unavailable', 503],
    [500, 'InternalServerException', 'An internal server error occurred.', 'internal', 500],
  ];
  for (const [status, type, message, kind, httpStatus] of table) {
    it(`${type} (${message.slice(0, 30)}…) → ${kind}`, () => {
      const error = mapBedrockError({ status, headers: errortype(type), bodyText: JSON.stringify({ message }), providerName: 'Bedrock', secrets: [] });
      assert.equal(error.kind, kind);
      assert.equal(error.status, httpStatus);
      assert.equal(error.upstreamStatus, status);
      assert.ok(error.message.includes('BedrockException - ') && error.message.includes(message), error.message);
    });
  }

  it('falls back to the status without an error type, and never echoes a secret', () => {
    const error = mapBedrockError({ status: 429, headers: { 'retry-after': '3' }, bodyText: '{"message":"slow down for AKIDSECRETKEY123 please"}', providerName: 'Bedrock', secrets: ['AKIDSECRETKEY123'] });
    assert.equal(error.kind, 'rate_limit');
    assert.equal(error.retryAfter, '3');
    assert.ok(!error.message.includes('AKIDSECRETKEY123'));
  });

  it('reads __type when the header is missing', () => {
    const error = mapBedrockError({ status: 400, headers: {}, bodyText: '{"__type":"com.amazon.coral.service#AccessDeniedException","message":"no"}', providerName: 'Bedrock', secrets: [] });
    assert.equal(error.kind, 'permission_denied');
  });
});

describe('mapBedrockStreamException', () => {
  const table: [string, string][] = [
    ['throttlingException', 'rate_limit'], ['modelStreamErrorException', 'internal'], ['validationException', 'bad_request'],
    ['internalServerException', 'internal'], ['serviceUnavailableException', 'service_unavailable'], ['modelTimeoutException', 'timeout'],
  ];
  for (const [type, kind] of table) {
    it(`${type} → ${kind}`, () => assert.equal(mapBedrockStreamException({ exceptionType: type, body: { message: 'boom' }, secrets: [] }).kind, kind));
  }
});
