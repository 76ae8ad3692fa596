/**
 * Closed-loop max-throughput runs with wrk (C, one thread, on the load core) and the
 * `wrk-post.lua` script, which prints its numbers as one JSON line.
 */
import { fileURLToPath } from 'node:url';
import { CHAT_PATH, COMPLETION_BODY } from './bench-request.ts';
import { spawnChild } from './child-processes.ts';
import { waitForEnd } from './child-ready.ts';
import { LOAD_CORE, pinnedTo } from './cpu-pinning.ts';

/** What one wrk run measured. */
export interface WrkResult {
  /** Responses received (any status). */
  requests: number;
  /** Run length in seconds as wrk measured it. */
  durationSec: number;
  /** 2xx responses per second. */
  rps: number;
  /** Non-2xx responses. */
  non2xx: number;
  /** Connect, read, write and timeout errors. */
  socketErrors: number;
  /** Latency percentiles in microseconds (wrk's own histogram, from each send). */
  latency: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
}

/** Options of one wrk run. */
export interface WrkOptions {
  /** Target origin (loopback). */
  origin: string;
  /** `Authorization` header value, or empty. */
  authorization: string;
  /** Open connections. */
  connections: number;
  /** Seconds to run. */
  durationSec: number;
}

const script = fileURLToPath(new URL('./wrk-post.lua', import.meta.url));
const num = (record: Record<string, unknown>, key: string): number => Number(record[key] ?? Number.NaN);

function parseWrkJson(line: string): WrkResult {
  const record = JSON.parse(line.slice('WRK_JSON '.length)) as Record<string, unknown>;
  const durationSec = num(record, 'durationUs') / 1e6;
  const requests = num(record, 'requests');
  const non2xx = num(record, 'non2xx');
  return {
    requests,
    durationSec,
    rps: Math.round((requests - non2xx) / durationSec),
    non2xx,
    socketErrors: ['connectErrors', 'readErrors', 'writeErrors', 'timeouts'].reduce((sum, key) => sum + num(record, key), 0),
    latency: {
      p50: num(record, 'p50'),
      p90: num(record, 'p90'),
      p99: num(record, 'p99'),
      p999: num(record, 'p999'),
      max: num(record, 'max'),
      mean: num(record, 'mean'),
    },
  };
}

/** Runs wrk against the chat route for `durationSec` and returns its numbers. */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const seconds = Math.max(1, Math.round(options.durationSec));
  const line = pinnedTo(LOAD_CORE, {
    command: 'wrk',
    args: ['-t1', `-c${options.connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, `${options.origin}${CHAT_PATH}`],
  });
  const child = spawnChild({
    name: 'wrk',
    ...line,
    env: { WRK_BODY: COMPLETION_BODY, WRK_AUTH: options.authorization },
  });
  let json = '';
  child.onLine((text) => {
    if (text.startsWith('WRK_JSON ')) json = text;
  });
  await waitForEnd(child, (seconds + 15) * 1000);
  if (!json) throw new Error(`wrk printed no result\n${child.output()}`);
  return parseWrkJson(json);
}
