/**
 * The open-loop generator: sends POST requests at a constant arrival rate (scheduled by
 * `open-loop-ticker.ts`, independent of how fast answers come back) through an undici
 * Pool. Every run is bounded: a fixed number of sends, then at most `drainSec` of waiting.
 */
import { Pool } from 'undici';
import { OpenLoopRecorder } from './open-loop-recorder.ts';
import { TimedRequest, type RequestOutcome } from './open-loop-request.ts';
import type { OpenLoopResult, OpenLoopSpec } from './open-loop-spec.ts';
import { startTicker } from './open-loop-ticker.ts';

const nowNs = (): number => Number(process.hrtime.bigint());
const START_DELAY_NS = 100e6;

interface Schedule {
  startNs: number;
  intervalNs: number;
  /** Sends before measuring starts. */
  preRoll: number;
  /** Measured sends. */
  measured: number;
}

function scheduleFor(spec: OpenLoopSpec): Schedule {
  if (spec.rate <= 0) throw new Error('open-loop: rate must be positive');
  return {
    startNs: nowNs() + START_DELAY_NS,
    intervalNs: 1e9 / spec.rate,
    preRoll: Math.round(spec.rate * spec.preRollSec),
    measured: Math.round(spec.rate * spec.durationSec),
  };
}

function createPool(spec: OpenLoopSpec): Pool {
  const timeoutMs = Math.max(1000, spec.drainSec * 1000);
  return new Pool(spec.origin, {
    connections: spec.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

function dispatchOptions(spec: OpenLoopSpec): { path: string; method: 'POST'; headers: Record<string, string>; body: Buffer } {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.authorization) headers['authorization'] = spec.authorization;
  return { path: spec.path, method: 'POST', headers, body: Buffer.from(spec.body) };
}

/** Runs one open-loop measurement as described by `spec`. */
export async function generateOpenLoad(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const schedule = scheduleFor(spec);
  const { preRoll, measured } = schedule;
  const scheduledNs = (index: number): number => schedule.startNs + index * schedule.intervalNs;
  const recorder = new OpenLoopRecorder({ capacity: measured, stream: spec.stream, scheduledNs });
  const pool = createPool(spec);
  const options = dispatchOptions(spec);
  const { promise: finished, resolve: finishRun } = Promise.withResolvers<void>();
  const onOutcome = (outcome: RequestOutcome): void => {
    if (outcome.index < preRoll) return;
    recorder.done(outcome);
    if (recorder.finished === measured) finishRun();
  };
  let next = 0;
  const ticker = startTicker({ startNs: schedule.startNs, intervalNs: schedule.intervalNs, count: preRoll + measured }, (due) => {
    for (; next < due; next++) {
      if (next >= preRoll) recorder.sent(next, nowNs());
      pool.dispatch(options, new TimedRequest(next, onOutcome));
    }
  });
  const deadline = setTimeout(finishRun, ((preRoll + measured) / spec.rate + spec.drainSec) * 1000 + START_DELAY_NS / 1e6);
  if (measured === 0) finishRun();
  await finished;
  clearTimeout(deadline);
  await ticker.stop();
  await pool.destroy();
  return recorder.result(measured / spec.rate);
}
