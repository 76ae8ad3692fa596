import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBudgetDuration } from './budget-duration.ts';
import { windowStart } from './model-budgets.ts';

describe('windowStart', () => {
  const now = new Date('2026-11-25T15:30:45Z'); // a Wednesday
  const cases: [string, string][] = [
    ['1d', '2026-11-25T00:00:00.000Z'],
    ['daily', '2026-11-25T00:00:00.000Z'],
    ['7d', '2026-11-23T00:00:00.000Z'],
    ['30d', '2026-11-01T00:00:00.000Z'],
    ['1mo', '2026-11-01T00:00:00.000Z'],
    ['1h', '2026-11-25T15:00:00.000Z'],
    ['30m', '2026-11-25T15:30:00.000Z'],
  ];
  for (const [text, expected] of cases) {
    test(text, () => assert.equal(windowStart(parseBudgetDuration(text)!, now).toISOString(), expected));
  }
  test('on a Monday the week starts that day', () => {
    assert.equal(windowStart(parseBudgetDuration('weekly')!, new Date('2026-11-30T08:00:00Z')).toISOString(), '2026-11-30T00:00:00.000Z');
  });
});
