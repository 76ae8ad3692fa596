/**
 * The contract between the orchestrator and the open-loop generator process
 * (`bench/open-loop.ts`): what to send, and what comes back.
 */
import type { LatencySummary } from './latency-summary.ts';

/** What one open-loop run sends. */
export interface OpenLoopSpec {
  /** Origin to send to, e.g. `http://127.0.0.1:4000` (loopback only). */
  origin: string;
  /** Request path, e.g. `/v1/chat/completions`. */
  path: string;
  /** JSON request body. */
  body: string;
  /** `Authorization` header value, or empty for none. */
  authorization: string;
  /** Constant arrival rate in requests per second. */
  rate: number;
  /** Measured seconds (after the pre-roll). */
  durationSec: number;
  /** Seconds sent at the same rate before measuring (connection set-up, JIT); not recorded. */
  preRollSec: number;
  /** Seconds to wait for the last answers after the last send before giving up on them. */
  drainSec: number;
  /** Most connections the generator opens to the target. */
  connections: number;
  /** Whether answers are SSE streams that must end with `data: [DONE]`. */
  stream: boolean;
}

/** What one open-loop run measured; all latencies start at the scheduled send time. */
export interface OpenLoopResult {
  /** Requests scheduled in the measured window. */
  scheduled: number;
  /** Measured requests answered 2xx and complete. */
  ok: number;
  /** Measured requests answered with a non-2xx status. */
  non2xx: number;
  /** Measured requests that failed at the transport level. */
  transportErrors: number;
  /** Measured stream answers that were 2xx but did not end with `[DONE]`. */
  incompleteStreams: number;
  /** Measured requests still unanswered when the drain deadline passed. */
  unfinished: number;
  /** First transport error or non-2xx status seen, for the report. */
  firstError: string;
  /** Scheduled send → full answer received (ok requests). */
  latency: LatencySummary;
  /** Scheduled send → first response body byte (ok requests). */
  ttfb: LatencySummary;
  /** Scheduled send → actual dispatch: the generator's own timing error. */
  sendLag: LatencySummary;
  /** Measured window length in seconds, scheduled first to last send. */
  windowSec: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Parses and checks an `OpenLoopSpec` from its JSON text; throws on a missing or wrong field. */
export function parseOpenLoopSpec(text: string): OpenLoopSpec {
  const value: unknown = JSON.parse(text);
  if (!isRecord(value)) throw new Error('open-loop spec: not an object');
  const str = (key: string): string => {
    const field = value[key];
    if (typeof field !== 'string') throw new Error(`open-loop spec: ${key} must be a string`);
    return field;
  };
  const num = (key: string): number => {
    const field = value[key];
    if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) {
      throw new Error(`open-loop spec: ${key} must be a non-negative number`);
    }
    return field;
  };
  const origin = str('origin');
  const host = new URL(origin).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error('open-loop spec: origin must be loopback');
  return {
    origin,
    path: str('path'),
    body: str('body'),
    authorization: str('authorization'),
    rate: num('rate'),
    durationSec: num('durationSec'),
    preRollSec: num('preRollSec'),
    drainSec: num('drainSec'),
    connections: num('connections'),
    stream: value['stream'] === true,
  };
}
