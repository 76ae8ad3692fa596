/** The measured phases of one target: fixed-rate open loop (JSON or SSE) and max RPS. */
import { CHAT_PATH, COMPLETION_BODY, STREAM_BODY } from './bench-request.ts';
import type { MaxRpsResult, RateResult } from './bench-result.ts';
import type { Target } from './bench-target.ts';
import { startCpuMeter } from './cpu-meter.ts';
import { runOpenLoop } from './run-open-loop.ts';
import { runWrk } from './run-wrk.ts';

/** Seconds sent at the phase's rate before recording starts (connections, JIT). */
export const PRE_ROLL_SEC = 1;
/** Seconds the generator waits for the last answers. */
const DRAIN_SEC = 5;
/** Most connections the open-loop generator opens. */
const OPEN_LOOP_CONNECTIONS = 256;

/** Options of one fixed-rate phase. */
export interface RatePhase {
  /** Requests per second. */
  rate: number;
  /** Measured seconds. */
  durationSec: number;
  /** SSE (time to first byte) instead of JSON. */
  stream: boolean;
}

/** Sends at a constant rate and measures latency from each scheduled send time. */
export async function measureRate(target: Target, phase: RatePhase): Promise<RateResult> {
  const stopMeter = startCpuMeter(target.pid);
  const open = await runOpenLoop({
    origin: target.origin,
    path: CHAT_PATH,
    body: phase.stream ? STREAM_BODY : COMPLETION_BODY,
    authorization: target.authorization,
    rate: phase.rate,
    durationSec: phase.durationSec,
    preRollSec: PRE_ROLL_SEC,
    drainSec: DRAIN_SEC,
    connections: OPEN_LOOP_CONNECTIONS,
    stream: phase.stream,
  });
  const cpu = stopMeter();
  const answered = Math.round(phase.rate * PRE_ROLL_SEC) + open.ok;
  return {
    rate: phase.rate,
    open,
    proxyCpuPercent: cpu.processPercent,
    proxyCpuUsPerRequest: cpu.processCpuSec === null || answered === 0 ? null : Math.round((cpu.processCpuSec * 1e6) / answered),
  };
}

/** Closed-loop saturation with wrk: the most requests per second the target sustains. */
export async function measureMaxRps(target: Target, connections: number, durationSec: number): Promise<MaxRpsResult> {
  const stopMeter = startCpuMeter(target.pid);
  const wrk = await runWrk({ origin: target.origin, authorization: target.authorization, connections, durationSec });
  const cpu = stopMeter();
  return { ...wrk, connections, proxyCpuPercent: cpu.processPercent, loadCoreBusyPercent: cpu.loadCorePercent };
}
