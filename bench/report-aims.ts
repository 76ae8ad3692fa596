/**
 * Switchyard's performance aims, reported (never asserted): within 0.2 ms of bare at p50 at
 * 1,000 RPS, max RPS at least 70 % of bare, streaming TTFB overhead at most 1 ms (p50, vs
 * direct).
 */
import type { BenchReport, TargetResult } from './bench-result.ts';

/** One aim and how the run did against it. */
export interface AimCheck {
  /** What is aimed for. */
  aim: string;
  /** What was measured, or why it could not be. */
  measured: string;
  /** met / not met / n/a. */
  verdict: 'met' | 'not met' | 'n/a';
}

const AIM_RATE = 1000;

function byName(report: BenchReport, name: string): TargetResult | undefined {
  return report.targets.find((target) => target.name === name && target.status === 'measured');
}

function verdict(ok: boolean): AimCheck['verdict'] {
  return ok ? 'met' : 'not met';
}

/** The aims evaluated on this report (all n/a when Switchyard or its baselines were not measured). */
export function checkAims(report: BenchReport): AimCheck[] {
  const sy = byName(report, 'switchyard');
  const bare = byName(report, 'bare');
  const direct = byName(report, 'direct');
  const p50 = (target: TargetResult | undefined): number | undefined => target?.rates.find((phase) => phase.rate === AIM_RATE)?.open.latency.p50;
  const checks: AimCheck[] = [];
  const syP50 = p50(sy);
  const bareP50 = p50(bare);
  checks.push(syP50 !== undefined && bareP50 !== undefined
    ? { aim: 'p50 at 1,000 RPS within 0.20 ms of bare', measured: `${((syP50 - bareP50) / 1000).toFixed(2)} ms`, verdict: verdict(syP50 - bareP50 <= 200) }
    : { aim: 'p50 at 1,000 RPS within 0.20 ms of bare', measured: 'needs switchyard, bare and rate 1000', verdict: 'n/a' });
  const syRps = sy?.maxRps?.rps;
  const bareRps = bare?.maxRps?.rps;
  checks.push(syRps !== undefined && bareRps !== undefined
    ? { aim: 'max RPS ≥ 70 % of bare', measured: `${Math.round((100 * syRps) / bareRps)} %`, verdict: verdict(syRps >= 0.7 * bareRps) }
    : { aim: 'max RPS ≥ 70 % of bare', measured: 'needs switchyard and bare', verdict: 'n/a' });
  const syTtfb = sy?.stream?.open.ttfb.p50;
  const directTtfb = direct?.stream?.open.ttfb.p50;
  checks.push(syTtfb !== undefined && directTtfb !== undefined
    ? { aim: 'streaming TTFB overhead (p50, vs direct) ≤ 1.00 ms', measured: `${((syTtfb - directTtfb) / 1000).toFixed(2)} ms`, verdict: verdict(syTtfb - directTtfb <= 1000) }
    : { aim: 'streaming TTFB overhead (p50, vs direct) ≤ 1.00 ms', measured: 'needs switchyard and direct', verdict: 'n/a' });
  return checks;
}
