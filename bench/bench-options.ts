/** Command-line flags of `npm run bench`. */
import { parseArgs } from 'node:util';

/** The targets the bench can measure, in the order it measures them. */
export const TARGET_NAMES = ['direct', 'bare', 'switchyard', 'switchyard-cache', 'switchyard-cache-redis'] as const;
/** One target name. */
export type TargetName = (typeof TARGET_NAMES)[number];
/** What `npm run bench` measures without --targets. */
export const DEFAULT_TARGETS: readonly TargetName[] = ['direct', 'bare', 'switchyard'];
/**
 * Switchyard with the response cache on (in memory; in the Redis of REDIS_URL or
 * 127.0.0.1:6379): the bench repeats one request, so after the first every answer is a hit
 * and does not reach the upstream.
 */
export const CACHE_TARGETS: ReadonlySet<TargetName> = new Set(['switchyard-cache', 'switchyard-cache-redis']);

/** Parsed bench options. */
export interface BenchOptions {
  /** Seconds of each measured phase (max RPS, each fixed rate, streaming). */
  durationSec: number;
  /** Seconds of closed-loop warm-up per target before measuring. */
  warmupSec: number;
  /** Targets to measure, in run order. */
  targets: TargetName[];
  /** Fixed open-loop rates (requests per second) for the latency phases. */
  rates: number[];
  /** Fixed open-loop rate of the streaming time-to-first-byte phase. */
  streamRate: number;
  /** wrk connections for the max-RPS phase. */
  connections: number;
  /** Milliseconds the fake upstream waits between the first SSE event and the rest. */
  streamGapMs: number;
  /** Directory for the JSON results. */
  outDir: string;
}

/** Usage text for `--help`. */
export const USAGE = `Usage: npm run bench -- [flags]
  --duration S       seconds per measured phase (default 10)
  --warmup S         closed-loop warm-up seconds per target (default 3, at most --duration)
  --targets LIST     comma list of direct,bare,switchyard,switchyard-cache,switchyard-cache-redis
                     (default direct,bare,switchyard)
  --rates LIST       fixed open-loop rates in RPS (default 500,1000)
  --stream-rate R    streaming TTFB rate in RPS (default 200)
  --connections N    wrk connections for max RPS (default 64)
  --stream-gap-ms MS fake upstream gap after the first SSE event (default 5)
  --out DIR          results directory (default bench/results)`;

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} must be a positive number, got "${text}"`);
  return value;
}

function targetList(text: string): TargetName[] {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !TARGET_NAMES.some((known) => known === name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--targets takes a comma list of ${TARGET_NAMES.join(',')}, got "${text}"`);
  }
  return TARGET_NAMES.filter((known) => names.includes(known));
}

/** Parses argv; returns null when `--help` was asked for. Throws on a bad flag. */
export function parseBenchOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      targets: { type: 'string', default: DEFAULT_TARGETS.join(',') },
      rates: { type: 'string', default: '500,1000' },
      'stream-rate': { type: 'string', default: '200' },
      connections: { type: 'string', default: '64' },
      'stream-gap-ms': { type: 'string', default: '5' },
      out: { type: 'string', default: 'bench/results' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const durationSec = positive('duration', values.duration);
  return {
    durationSec,
    warmupSec: Math.min(positive('warmup', values.warmup), durationSec),
    targets: targetList(values.targets),
    rates: values.rates.split(',').map((rate) => positive('rates', rate)),
    streamRate: positive('stream-rate', values['stream-rate']),
    connections: Math.round(positive('connections', values.connections)),
    streamGapMs: Number(values['stream-gap-ms']),
    outDir: values.out,
  };
}
