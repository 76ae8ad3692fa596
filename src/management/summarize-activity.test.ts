import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivityRow } from '../storage/spend-query-repository.ts';
import { percentile, summarizeActivity } from './summarize-activity.ts';

const at = (iso: string, fields: Partial<ActivityRow> = {}): ActivityRow => ({ start_time: new Date(iso), latency_ms: 100, spend: 0.001, total_tokens: 10, failed: false, model: 'gpt', api_key: 'k1', team_id: null, ...fields });

describe('summarizeActivity', () => {
  it('nearest-rank percentiles', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([7], 95), 7);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(hundred, 50), 50);
    assert.equal(percentile(hundred, 95), 95);
  });

  it('puts each row in its bucket, counts errors, and sums in order', () => {
    const start = new Date('2026-11-24T00:00:00Z');
    const end = new Date('2026-11-24T04:00:00Z');
    const rows = [
      at('2026-11-24T00:10:00Z', { latency_ms: 50 }),
      at('2026-11-24T00:50:00Z', { latency_ms: 150, failed: true, spend: 0 }),
      at('2026-11-24T03:59:59Z', { latency_ms: 400, api_key: 'k2', team_id: 't', model: 'other', spend: 0.01 }),
      at('2026-11-24T04:00:00Z'), // end is exclusive
    ];
    const summary = summarizeActivity({ rows, start, end, buckets: 4 });
    assert.equal(summary.bucket_ms, 3_600_000);
    assert.deepEqual(summary.series.map((b) => [b.requests, b.errors, b.p50_ms, b.p95_ms]), [[2, 1, 50, 150], [0, 0, null, null], [0, 0, null, null], [1, 0, 400, 400]]);
    assert.equal(summary.totals.requests, 3);
    assert.equal(summary.totals.errors, 1);
    assert.equal(summary.totals.p50_ms, 150);
    assert.deepEqual(summary.top_keys.map((k) => k.name), ['k2', 'k1']);
    assert.deepEqual(summary.top_teams.map((t) => t.name), ['t']);
    assert.deepEqual(summary.top_models.map((m) => [m.name, m.requests]), [['other', 1], ['gpt', 2]]);
  });
});
