import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { abbreviateKey, MasterKey } from './master-key.ts';

describe('MasterKey', () => {
  const key = new MasterKey('sk-master-1234');

  const cases: { name: string; presented: string; expected: boolean }[] = [
    { name: 'the key', presented: 'sk-master-1234', expected: true },
    { name: 'a shorter prefix', presented: 'sk-master-123', expected: false },
    { name: 'a longer key with the same prefix', presented: 'sk-master-12345', expected: false },
    { name: 'same length, one character different', presented: 'sk-master-1235', expected: false },
    { name: 'different case', presented: 'SK-MASTER-1234', expected: false },
    { name: 'surrounding whitespace', presented: ' sk-master-1234', expected: false },
    { name: 'empty', presented: '', expected: false },
    { name: 'much longer', presented: 'sk-master-1234'.repeat(100), expected: false },
  ];
  for (const { name, presented, expected } of cases) {
    test(`${name} → ${expected}`, () => {
      assert.equal(key.matches(presented), expected);
    });
  }

  test('non-ASCII keys compare by their UTF-8 bytes', () => {
    const unicode = new MasterKey('clé-😀');
    assert.equal(unicode.matches('clé-😀'), true);
    assert.equal(unicode.matches('cle-😀'), false);
  });

  test('the key itself is not kept on the object', () => {
    const text = JSON.stringify(key) + Object.keys(key).join() + String(Object.getOwnPropertyNames(key));
    assert.ok(!text.includes('sk-master-1234'));
  });
});

describe('abbreviateKey', () => {
  const cases: { key: string; expected: string }[] = [
    { key: '', expected: 'sk-...' },
    { key: 'abc', expected: 'sk-...' },
    { key: '12345678', expected: 'sk-...' },
    { key: '123456789', expected: 'sk-...6789' },
    { key: 'sk-1234567890abcdef', expected: 'sk-...cdef' },
  ];
  for (const { key, expected } of cases) {
    test(`${JSON.stringify(key)} → ${expected}`, () => {
      assert.equal(abbreviateKey(key), expected);
    });
  }
});
