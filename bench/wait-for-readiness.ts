/** Polls a gateway's GET /health/readiness until it answers 200 (bounded by a deadline). */
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { RunningChild } from './child-processes.ts';

/** Options of `waitForReadiness`. */
export interface ReadinessOptions {
  /** Origin of the gateway. */
  origin: string;
  /** The gateway's process: polling stops early if it exits. */
  child: RunningChild;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
}

async function readinessStatus(origin: string): Promise<number> {
  try {
    const { statusCode, body } = await request(`${origin}/health/readiness`, { headersTimeout: 2000, bodyTimeout: 2000 });
    await body.dump();
    return statusCode;
  } catch {
    return 0;
  }
}

/** Resolves null once ready, or a reason why it never became ready. */
export async function waitForReadiness(options: ReadinessOptions): Promise<string | null> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    if (options.child.hasExited()) return `exited (${await options.child.exited}) before it was ready`;
    last = await readinessStatus(options.origin);
    if (last === 200) return null;
    await sleep(100);
  }
  return `GET /health/readiness not 200 after ${options.timeoutMs} ms (last status ${last || 'no answer'})`;
}
