import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatResponseCost } from './format-response-cost.ts';

describe('formatResponseCost (Python str(float), as LiteLLM writes the header)', () => {
  const cases: Array<[number, string]> = [
    [0, '0.0'],
    [1, '1.0'],
    [0.0035, '0.0035'],
    [0.0001, '0.0001'],
    [0.00009999, '9.999e-05'],
    [2.5e-5, '2.5e-05'],
    [1.5e-7, '1.5e-07'],
    [0.0032500000000000003, '0.0032500000000000003'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123.456, '123.456'],
    [1e16, '1e+16'],
    [12345678901234567, '1.2345678901234568e+16'],
  ];
  for (const [value, text] of cases) {
    test(`${value} → ${text}`, () => assert.equal(formatResponseCost(value), text));
  }

  test('the text parses back to the same number (full precision)', () => {
    for (const value of [0.00020999999999999998, 3.3e-9, 0.1234567890123456]) assert.equal(Number(formatResponseCost(value)), value);
  });
});
