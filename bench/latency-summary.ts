/** Latency percentiles of one measurement, in microseconds; all 0 when `count` is 0. */
export interface LatencySummary {
  /** Number of samples the percentiles are taken from. */
  count: number;
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 99th percentile. */
  p99: number;
  /** 99.9th percentile. */
  p999: number;
  /** Largest sample. */
  max: number;
  /** Arithmetic mean. */
  mean: number;
}

function nearestRank(sorted: Float64Array, quantile: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/**
 * Exact nearest-rank percentiles of the first `count` samples (nanoseconds), reported in
 * microseconds rounded to 0.1 µs. Sorts that part of the array in place.
 */
export function summarizeNanoseconds(samples: Float64Array, count: number): LatencySummary {
  const sorted = samples.subarray(0, count).sort();
  let total = 0;
  for (const value of sorted) total += value;
  const toUs = (ns: number): number => Math.round(ns / 100) / 10;
  return {
    count,
    p50: toUs(nearestRank(sorted, 0.5)),
    p90: toUs(nearestRank(sorted, 0.9)),
    p99: toUs(nearestRank(sorted, 0.99)),
    p999: toUs(nearestRank(sorted, 0.999)),
    max: toUs(nearestRank(sorted, 1)),
    mean: count === 0 ? 0 : toUs(total / count),
  };
}
