/** Turns a `BenchReport` into titled tables (max RPS, fixed-rate latency, streaming, memory). */
import type { BenchReport, RateResult, TargetResult } from './bench-result.ts';
import { count, deltaMs, ms } from './format-table.ts';
import type { OpenLoopResult } from './open-loop-spec.ts';

/** One titled table. */
export interface ReportTable {
  title: string;
  headers: string[];
  rows: string[][];
}

function failures(open: OpenLoopResult): number {
  return open.non2xx + open.transportErrors + open.incompleteStreams + open.unfinished;
}

function diff(value: number | undefined, base: number | undefined): number | null {
  return value === undefined || base === undefined || value === 0 || base === 0 ? null : value - base;
}

function measured(report: BenchReport): TargetResult[] {
  return report.targets.filter((target) => target.status === 'measured');
}

function maxRpsTable(report: BenchReport): ReportTable {
  const bare = report.targets.find((target) => target.name === 'bare')?.maxRps?.rps;
  const rows = measured(report).map((target) => {
    const max = target.maxRps;
    const ofBare = max && bare ? `${Math.round((100 * max.rps) / bare)} %` : '—';
    return [target.name, count(max?.rps), ofBare, ms(max?.latency.p50), ms(max?.latency.p99), count(max ? max.non2xx + max.socketErrors : null),
      max && max.proxyCpuPercent !== null ? `${max.proxyCpuPercent}` : '—', max ? `${max.loadCoreBusyPercent}` : '—'];
  });
  return {
    title: `Max throughput — closed loop, wrk ${report.options.connections} connections, ${report.options.durationSec} s, JSON`,
    headers: ['target', 'RPS', 'of bare', 'p50 ms', 'p99 ms', 'errors', 'proxy CPU %', 'load core %'],
    rows,
  };
}

function rateRow(target: TargetResult, phase: RateResult, base: RateResult | undefined): string[] {
  const latency = phase.open.latency;
  const direct = base?.open.latency;
  return [target.name, ms(latency.p50), ms(latency.p99), ms(latency.p999),
    deltaMs(diff(latency.p50, direct?.p50)), deltaMs(diff(latency.p99, direct?.p99)), deltaMs(diff(latency.p999, direct?.p999)),
    count(failures(phase.open)), phase.proxyCpuUsPerRequest === null ? '—' : `${phase.proxyCpuUsPerRequest}`, ms(phase.open.sendLag.p99)];
}

function rateTables(report: BenchReport): ReportTable[] {
  const direct = report.targets.find((target) => target.name === 'direct');
  return report.options.rates.map((rate) => ({
    title: `Latency at ${rate} RPS — open loop, from the scheduled send time, ${report.options.durationSec} s, JSON; Δ = target − direct`,
    headers: ['target', 'p50 ms', 'p99 ms', 'p99.9 ms', 'Δp50', 'Δp99', 'Δp99.9', 'errors', 'proxy CPU µs/req', 'gen lag p99'],
    rows: measured(report).flatMap((target) => {
      const phase = target.rates.find((candidate) => candidate.rate === rate);
      return phase ? [rateRow(target, phase, direct?.rates.find((candidate) => candidate.rate === rate))] : [];
    }),
  }));
}

function streamTable(report: BenchReport): ReportTable {
  const direct = report.targets.find((target) => target.name === 'direct')?.stream?.open.ttfb;
  const rows = measured(report).flatMap((target) => {
    const phase = target.stream;
    if (!phase) return [];
    const ttfb = phase.open.ttfb;
    return [[target.name, ms(ttfb.p50), ms(ttfb.p99), deltaMs(diff(ttfb.p50, direct?.p50)), deltaMs(diff(ttfb.p99, direct?.p99)),
      ms(phase.open.latency.p50), count(failures(phase.open))]];
  });
  return {
    title: `Streaming time to first byte at ${report.options.streamRate} RPS — open loop, first SSE body bytes; upstream waits ${report.options.streamGapMs} ms before the rest`,
    headers: ['target', 'TTFB p50 ms', 'TTFB p99 ms', 'ΔTTFB p50', 'ΔTTFB p99', 'full stream p50 ms', 'errors'],
    rows,
  };
}

function memoryTable(report: BenchReport): ReportTable {
  const mb = (kb: number): string => (kb / 1024).toFixed(1);
  const rows = measured(report).flatMap((target) =>
    target.memory ? [[target.name, mb(target.memory.idleRssKb), mb(target.memory.peakRssKb)]] : [],
  );
  return { title: 'Proxy memory (VmRSS after start, VmHWM peak over the run)', headers: ['target', 'idle RSS MB', 'peak RSS MB'], rows };
}

/** All tables of a report, in print order. */
export function reportTables(report: BenchReport): ReportTable[] {
  return [maxRpsTable(report), ...rateTables(report), streamTable(report), memoryTable(report)];
}
