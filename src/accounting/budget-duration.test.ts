import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextBudgetReset, parseBudgetDuration } from './budget-duration.ts';

describe('parseBudgetDuration', () => {
  const cases: [string, ReturnType<typeof parseBudgetDuration>][] = [
    ['daily', { unit: 'days', count: 1 }],
    ['weekly', { unit: 'weeks', count: 1 }],
    ['monthly', { unit: 'months', count: 1 }],
    ['Monthly', { unit: 'months', count: 1 }],
    ['30s', { unit: 'seconds', count: 30 }],
    ['30m', { unit: 'seconds', count: 1800 }],
    ['1h', { unit: 'seconds', count: 3600 }],
    ['24h', { unit: 'days', count: 1 }],
    ['1d', { unit: 'days', count: 1 }],
    ['7d', { unit: 'weeks', count: 1 }],
    ['30d', { unit: 'months', count: 1 }],
    ['2d', { unit: 'days', count: 2 }],
    ['1mo', { unit: 'months', count: 1 }],
    ['3mo', { unit: 'months', count: 3 }],
    ['', undefined],
    ['0d', undefined],
    ['fortnightly', undefined],
    ['1y', undefined],
    ['-1d', undefined],
  ];
  for (const [text, expected] of cases) test(JSON.stringify(text), () => assert.deepEqual(parseBudgetDuration(text), expected));
});

describe('nextBudgetReset', () => {
  // Wednesday 2026-11-25 15:30:00 UTC.
  const now = new Date('2026-11-25T15:30:00Z');
  const at = (text: string, timeZone?: string) => nextBudgetReset({ duration: parseBudgetDuration(text)!, now, timeZone }).toISOString();

  test('sub-day durations roll forward from now', () => {
    assert.equal(at('30s'), '2026-11-25T15:30:30.000Z');
    assert.equal(at('1h'), '2026-11-25T16:30:00.000Z');
  });
  test('daily: next midnight UTC', () => assert.equal(at('daily'), '2026-11-26T00:00:00.000Z'));
  test('weekly: next Monday midnight', () => assert.equal(at('7d'), '2026-11-30T00:00:00.000Z'));
  test('monthly: the 1st of next month, across a year end too', () => {
    assert.equal(at('monthly'), '2026-12-01T00:00:00.000Z');
    assert.equal(nextBudgetReset({ duration: { unit: 'months', count: 1 }, now: new Date('2026-12-15T00:00:00Z') }).toISOString(), '2027-01-01T00:00:00.000Z');
  });
  test('a timezone: midnight there (US/Eastern is UTC-5 in November)', () => {
    assert.equal(at('daily', 'US/Eastern'), '2026-11-26T05:00:00.000Z');
    assert.equal(at('daily', 'Asia/Kolkata'), '2026-11-25T18:30:00.000Z');
  });
  test('DST: the offset of the reset day, not of today', () => {
    // 2026-03-08 is the US spring-forward day; midnight on the 9th is already EDT (UTC-4).
    const before = new Date('2026-03-08T12:00:00Z');
    assert.equal(nextBudgetReset({ duration: { unit: 'days', count: 1 }, now: before, timeZone: 'America/New_York' }).toISOString(), '2026-03-09T04:00:00.000Z');
  });
  test('on a Monday, weekly means the next Monday', () => {
    const monday = new Date('2026-11-30T10:00:00Z');
    assert.equal(nextBudgetReset({ duration: { unit: 'weeks', count: 1 }, now: monday }).toISOString(), '2026-12-07T00:00:00.000Z');
  });
});
