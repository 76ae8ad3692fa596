/** The shape of the bench's results (printed as tables and saved as JSON). */
import type { BenchOptions, TargetName } from './bench-options.ts';
import type { MachineInfo } from './machine-info.ts';
import type { OpenLoopResult } from './open-loop-spec.ts';
import type { WrkResult } from './run-wrk.ts';

/** Closed-loop maximum throughput of one target. */
export interface MaxRpsResult extends WrkResult {
  /** wrk connections. */
  connections: number;
  /** CPU the proxy process used, in % of one core (null for `direct`). */
  proxyCpuPercent: number | null;
  /** How busy the load core (generator + upstream) was, in % (near 100 = generator-bound). */
  loadCoreBusyPercent: number;
}

/** One open-loop phase (fixed rate, JSON or streaming) of one target. */
export interface RateResult {
  /** Requests per second sent. */
  rate: number;
  /** The generator's measurement. */
  open: OpenLoopResult;
  /** CPU the proxy process used, in % of one core (null for `direct`). */
  proxyCpuPercent: number | null;
  /** Proxy CPU time per answered request, in microseconds (null for `direct`). */
  proxyCpuUsPerRequest: number | null;
}

/** Resident memory of the proxy process, in kilobytes. */
export interface MemoryResult {
  /** VmRSS right after start-up, before any load. */
  idleRssKb: number;
  /** VmHWM at the end: the peak resident size over the whole run. */
  peakRssKb: number;
}

/** Whether the upstream saw at least as many requests as the clients got answers. */
export interface ForwardingCheck {
  /** Answers the fake upstream gave while this target ran. */
  upstreamAnswered: number;
  /** 2xx answers the load generators counted (wrk + measured open-loop requests). */
  clientOk: number;
  /** upstreamAnswered >= clientOk: nothing was answered without reaching the upstream. */
  ok: boolean;
}

/** Everything measured for one target. */
export interface TargetResult {
  /** Which target. */
  name: TargetName;
  /** Measured, skipped (could not start) or failed (started but broke). */
  status: 'measured' | 'skipped' | 'failed';
  /** Why it was skipped or failed; empty when measured. */
  reason: string;
  /** Proxy memory (null for `direct` or when not measured). */
  memory: MemoryResult | null;
  /** Max throughput (null when not measured). */
  maxRps: MaxRpsResult | null;
  /** Fixed-rate non-stream latency phases. */
  rates: RateResult[];
  /** Fixed-rate streaming TTFB phase (null when not measured). */
  stream: RateResult | null;
  /** Forwarding sanity check (null when not measured). */
  forwarding: ForwardingCheck | null;
}

/** A whole bench run. */
export interface BenchReport {
  /** ISO time the run started. */
  startedAt: string;
  /** Wall seconds the run took. */
  elapsedSec: number;
  /** Where it ran. */
  machine: MachineInfo;
  /** Whether the proxy ran pinned to its own core. */
  pinned: boolean;
  /** The options used. */
  options: BenchOptions;
  /** Per-target results, in run order. */
  targets: TargetResult[];
}
