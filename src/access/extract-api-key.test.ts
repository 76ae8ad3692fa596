import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import { extractApiKey } from './extract-api-key.ts';

describe('extractApiKey', () => {
  const cases: { name: string; headers: IncomingHttpHeaders; custom?: string; expected: string | undefined }[] = [
    { name: 'no key at all', headers: { 'content-type': 'application/json' }, expected: undefined },
    { name: 'Authorization: Bearer', headers: { authorization: 'Bearer sk-1234' }, expected: 'sk-1234' },
    { name: 'bearer in lower case', headers: { authorization: 'bearer sk-1234' }, expected: 'sk-1234' },
    { name: 'BEARER in upper case, several spaces', headers: { authorization: 'BEARER   sk-1234' }, expected: 'sk-1234' },
    { name: 'Bearer with a tab and surrounding spaces', headers: { authorization: '  Bearer\tsk-1234  ' }, expected: 'sk-1234' },
    { name: 'Authorization without a scheme: the whole value', headers: { authorization: 'sk-1234' }, expected: 'sk-1234' },
    { name: 'a key that merely starts with "bearer" is not stripped', headers: { authorization: 'bearer-token-1234' }, expected: 'bearer-token-1234' },
    { name: 'x-litellm-api-key', headers: { 'x-litellm-api-key': 'sk-litellm' }, expected: 'sk-litellm' },
    { name: 'x-litellm-api-key with Bearer', headers: { 'x-litellm-api-key': 'Bearer sk-litellm' }, expected: 'sk-litellm' },
    { name: 'x-api-key (Anthropic style)', headers: { 'x-api-key': 'sk-anthropic-style' }, expected: 'sk-anthropic-style' },
    { name: 'api-key (Azure style)', headers: { 'api-key': 'azure-style' }, expected: 'azure-style' },
    { name: 'x-goog-api-key', headers: { 'x-goog-api-key': 'goog' }, expected: 'goog' },
    { name: 'ocp-apim-subscription-key', headers: { 'ocp-apim-subscription-key': 'apim' }, expected: 'apim' },
    { name: 'Authorization wins over the other headers', headers: { authorization: 'Bearer first', 'x-api-key': 'second', 'api-key': 'third' }, expected: 'first' },
    { name: 'x-litellm-api-key wins over x-api-key and api-key', headers: { 'x-litellm-api-key': 'a', 'x-api-key': 'b', 'api-key': 'c' }, expected: 'a' },
    { name: 'x-api-key wins over api-key', headers: { 'x-api-key': 'b', 'api-key': 'c', 'x-goog-api-key': 'd' }, expected: 'b' },
    { name: 'an empty Authorization falls through', headers: { authorization: '', 'x-api-key': 'b' }, expected: 'b' },
    { name: 'empty key headers are skipped', headers: { 'x-litellm-api-key': '', 'api-key': 'c' }, expected: 'c' },
    { name: 'custom header, matched case-insensitively', headers: { 'x-my-key': 'Bearer custom', authorization: 'Bearer other' }, custom: 'X-My-Key', expected: 'custom' },
    { name: 'custom header without Bearer', headers: { 'x-my-key': 'custom' }, custom: 'x-my-key', expected: 'custom' },
    { name: 'custom header absent: the usual headers still work', headers: { authorization: 'Bearer other' }, custom: 'x-my-key', expected: 'other' },
    { name: 'custom header empty: falls through', headers: { 'x-my-key': '', 'x-api-key': 'b' }, custom: 'x-my-key', expected: 'b' },
  ];

  for (const { name, headers, custom, expected } of cases) {
    test(name, () => {
      assert.equal(extractApiKey(headers, custom), expected);
    });
  }

  test('"Bearer" with no token is no key', () => {
    assert.equal(extractApiKey({ authorization: 'Bearer' }), undefined);
    assert.equal(extractApiKey({ authorization: 'Bearer ', 'x-api-key': 'b' }), 'b');
  });
});
