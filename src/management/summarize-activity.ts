import type { ActivityRow } from '../storage/spend-query-repository.ts';

/** One time bucket of the activity series. */
export interface ActivityBucket {
  /** Bucket start, ISO. */
  start: string;
  requests: number;
  errors: number;
  spend: number;
  tokens: number;
  /** Latency percentiles of the bucket's requests (ms); null when it had none. */
  p50_ms: number | null;
  p95_ms: number | null;
}

/** Spend and requests for one key, team or model over the range. */
export interface ActivityTop {
  name: string;
  spend: number;
  requests: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

function top(map: Map<string, ActivityTop>, limit: number): ActivityTop[] {
  return [...map.values()].sort((a, b) => b.spend - a.spend || b.requests - a.requests || a.name.localeCompare(b.name)).slice(0, limit);
}

/** Buckets `rows` (any order) over `[start, end)` and totals them, with the top 10 keys, teams and models by spend. */
export function summarizeActivity(options: { rows: readonly ActivityRow[]; start: Date; end: Date; buckets: number }): {
  start: string;
  end: string;
  bucket_ms: number;
  series: ActivityBucket[];
  totals: { requests: number; errors: number; spend: number; tokens: number; p50_ms: number | null; p95_ms: number | null };
  top_keys: ActivityTop[];
  top_teams: ActivityTop[];
  top_models: ActivityTop[];
} {
  const { start, end } = options;
  const span = end.getTime() - start.getTime();
  const bucketMs = Math.max(1000, Math.ceil(span / options.buckets / 1000) * 1000);
  const count = Math.ceil(span / bucketMs);
  const latencies: number[][] = Array.from({ length: count }, () => []);
  const series = Array.from({ length: count }, (_, i) => ({ start: new Date(start.getTime() + i * bucketMs).toISOString(), requests: 0, errors: 0, spend: 0, tokens: 0, p50_ms: null as number | null, p95_ms: null as number | null }));
  const keys = new Map<string, ActivityTop>();
  const teams = new Map<string, ActivityTop>();
  const models = new Map<string, ActivityTop>();
  const add = (map: Map<string, ActivityTop>, name: string | null, row: ActivityRow) => {
    if (name === null) return;
    const entry = map.get(name) ?? { name, spend: 0, requests: 0 };
    entry.spend += row.spend;
    entry.requests += 1;
    map.set(name, entry);
  };
  for (const row of options.rows) {
    const index = Math.floor((row.start_time.getTime() - start.getTime()) / bucketMs);
    const bucket = series[index];
    if (bucket === undefined) continue;
    bucket.requests += 1;
    if (row.failed) bucket.errors += 1;
    bucket.spend += row.spend;
    bucket.tokens += row.total_tokens;
    latencies[index]?.push(row.latency_ms);
    add(keys, row.api_key, row);
    add(teams, row.team_id === '' ? null : row.team_id, row);
    add(models, row.model, row);
  }
  const all: number[] = [];
  series.forEach((bucket, i) => {
    const sorted = (latencies[i] ?? []).sort((a, b) => a - b);
    bucket.p50_ms = percentile(sorted, 50);
    bucket.p95_ms = percentile(sorted, 95);
    all.push(...sorted);
  });
  all.sort((a, b) => a - b);
  const sum = (field: 'requests' | 'errors' | 'spend' | 'tokens') => series.reduce((total, b) => total + b[field], 0);
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    bucket_ms: bucketMs,
    series,
    totals: { requests: sum('requests'), errors: sum('errors'), spend: sum('spend'), tokens: sum('tokens'), p50_ms: percentile(all, 50), p95_ms: percentile(all, 95) },
    top_keys: top(keys, 10),
    top_teams: top(teams, 10),
    top_models: top(models, 10),
  };
}
