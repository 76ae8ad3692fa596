import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  const cases: { name: string; text: string; secrets?: (string | undefined)[]; expected: string }[] = [
    { name: 'nothing to redact', text: 'The model `gpt-5` does not exist', expected: 'The model `gpt-5` does not exist' },
    { name: 'a given secret, every occurrence', text: 'key abcd-1234-efgh then abcd-1234-efgh', secrets: ['abcd-1234-efgh'], expected: 'key [REDACTED] then [REDACTED]' },
    { name: 'several given secrets, undefined skipped', text: 'k1=0123456789 k2=zyxwvuts', secrets: [undefined, '0123456789', 'zyxwvuts'], expected: 'k1=[REDACTED] k2=[REDACTED]' },
    { name: 'a given secret with regex characters', text: 'key a.b*c+d? ok', secrets: ['a.b*c+d?'], expected: 'key [REDACTED] ok' },
    { name: 'secrets shorter than 4 characters are ignored', text: 'abc is a word', secrets: ['abc', ''], expected: 'abc is a word' },
    { name: 'a 4-character secret is redacted', text: 'pin 9876', secrets: ['9876'], expected: 'pin [REDACTED]' },
    { name: 'sk- key', text: 'Incorrect API key provided: sk-abcdef123456.', expected: 'Incorrect API key provided: sk-[REDACTED].' },
    { name: 'sk-proj- key with _ and -', text: 'key sk-proj-AbC_dE-fGh123 here', expected: 'key sk-[REDACTED] here' },
    { name: 'OpenAI masked key sk-proj-****abcd', text: 'Incorrect API key provided: sk-proj-********************wxyz.', expected: 'Incorrect API key provided: sk-[REDACTED].' },
    { name: 'Anthropic sk-ant- key', text: 'x-api-key sk-ant-api03-AAAAAAAAAAAAAAAA-BBBB is invalid', expected: 'x-api-key sk-[REDACTED] is invalid' },
    { name: 'sk- key at the start of the text', text: 'sk-1234567890 rejected', expected: 'sk-[REDACTED] rejected' },
    { name: 'short sk- words are left alone', text: 'use sk-12 or sk-abc', expected: 'use sk-12 or sk-abc' },
    { name: 'sk- inside a word is left alone', text: 'the task-manager-123456 and desk-lamp-999999', expected: 'the task-manager-123456 and desk-lamp-999999' },
    { name: 'Bearer token keeps its prefix', text: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', expected: 'Authorization: Bearer [REDACTED]' },
    { name: 'bearer is matched case-insensitively', text: 'header bearer ABCDEFGH12345678== sent', expected: 'header bearer [REDACTED] sent' },
    { name: 'Bearer with a short word is left alone', text: 'Bearer token missing', expected: 'Bearer token missing' },
    { name: '?key= query parameter (Gemini)', text: 'GET https://x.example/v1/models?key=AIzaSyA-1234567890 failed', expected: 'GET https://x.example/v1/models?key=[REDACTED] failed' },
    { name: '&api-key=, &api_key=, &sig=, &token=', text: 'u?a=1&api-key=AAA&api_key=BBB&sig=CCC%2F&token=DDD&b=2', expected: 'u?a=1&api-key=[REDACTED]&api_key=[REDACTED]&sig=[REDACTED]&token=[REDACTED]&b=2' },
    { name: 'a query secret stops at a quote', text: '{"url":"https://h/x?key=SECRET123"}', expected: '{"url":"https://h/x?key=[REDACTED]"}' },
    { name: 'a given secret that is also sk-shaped', text: 'got sk-live-123456789', secrets: ['sk-live-123456789'], expected: 'got [REDACTED]' },
  ];

  for (const { name, text, secrets, expected } of cases) {
    test(name, () => {
      assert.equal(redactSecrets(text, secrets), expected);
    });
  }

  test('the patterns are global: every occurrence goes, and repeated calls agree', () => {
    const text = 'sk-aaaaaaaa sk-bbbbbbbb Bearer cccccccccccc Bearer dddddddddddd';
    const expected = 'sk-[REDACTED] sk-[REDACTED] Bearer [REDACTED] Bearer [REDACTED]';
    assert.equal(redactSecrets(text), expected);
    assert.equal(redactSecrets(text), expected);
  });

  test('a secret that contains another given secret is not left half-visible', () => {
    const out = redactSecrets('token abcd1234efgh5678', ['abcd1234', 'abcd1234efgh5678']);
    assert.equal(out, 'token [REDACTED]');
  });
});
