/**
 * Measures one running target: idle memory, a correctness check, a closed-loop warm-up,
 * the fixed-rate latency phases, the streaming phase, max RPS, then peak memory, and
 * checks that every answer really came from the upstream.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions } from './bench-options.ts';
import type { ForwardingCheck, TargetResult } from './bench-result.ts';
import type { Target } from './bench-target.ts';
import type { FakeUpstream } from './fake-upstream-process.ts';
import { measureMaxRps, measureRate } from './measure-phases.ts';
import { readMemory } from './proc-stats.ts';
import { runWrk } from './run-wrk.ts';
import { verifyTarget } from './verify-target.ts';

const SETTLE_MS = 500;

function log(target: Target, message: string): void {
  process.stderr.write(`[${target.name}] ${message}\n`);
}

function emptyResult(target: Target): TargetResult {
  return { name: target.name, status: 'measured', reason: '', memory: null, maxRps: null, rates: [], stream: null, forwarding: null };
}

function clientOk(result: TargetResult): number {
  const open = [...result.rates, ...(result.stream ? [result.stream] : [])].reduce((sum, phase) => sum + phase.open.ok, 0);
  const wrk = result.maxRps ? result.maxRps.requests - result.maxRps.non2xx : 0;
  return open + wrk;
}

async function runPhases(target: Target, options: BenchOptions, result: TargetResult): Promise<void> {
  log(target, `warm-up ${options.warmupSec}s (wrk, ${options.connections} connections)`);
  await runWrk({ origin: target.origin, authorization: target.authorization, connections: options.connections, durationSec: options.warmupSec });
  for (const rate of options.rates) {
    await sleep(SETTLE_MS);
    log(target, `open loop ${rate} RPS for ${options.durationSec}s`);
    result.rates.push(await measureRate(target, { rate, durationSec: options.durationSec, stream: false }));
  }
  await sleep(SETTLE_MS);
  log(target, `streaming ${options.streamRate} RPS for ${options.durationSec}s`);
  result.stream = await measureRate(target, { rate: options.streamRate, durationSec: options.durationSec, stream: true });
  await sleep(SETTLE_MS);
  log(target, `max RPS: wrk ${options.connections} connections for ${options.durationSec}s`);
  result.maxRps = await measureMaxRps(target, options.connections, options.durationSec);
}

/** Runs every phase on `target`; a failure is recorded in the result, not thrown. */
export async function measureTarget(target: Target, options: BenchOptions, upstream: FakeUpstream): Promise<TargetResult> {
  const result = emptyResult(target);
  await sleep(SETTLE_MS);
  const idleRssKb = target.pid === null ? 0 : readMemory(target.pid).rssKb;
  const problem = await verifyTarget(target);
  if (problem) return { ...result, status: 'failed', reason: `correctness check failed: ${problem}` };
  const answeredBefore = await upstream.answered();
  try {
    await runPhases(target, options, result);
  } catch (error) {
    return { ...result, status: 'failed', reason: (error as Error).message };
  }
  if (target.pid !== null) result.memory = { idleRssKb, peakRssKb: readMemory(target.pid).hwmKb };
  const forwarding: ForwardingCheck = { upstreamAnswered: (await upstream.answered()) - answeredBefore, clientOk: clientOk(result), ok: false };
  forwarding.ok = forwarding.upstreamAnswered >= forwarding.clientOk;
  result.forwarding = forwarding;
  return result;
}
