/**
 * `npm run bench`: measures direct (no proxy), the bare pass-through proxy and Switchyard
 * side by side against one fake upstream, prints the tables and saves the numbers.
 * See bench/README.md for what is measured and how.
 */
import type { BenchOptions } from './bench-options.ts';
import { USAGE, parseBenchOptions } from './bench-options.ts';
import type { BenchReport, TargetResult } from './bench-result.ts';
import { installChildCleanup, killAllChildren } from './child-processes.ts';
import { canPin } from './cpu-pinning.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream-process.ts';
import { findExecutable } from './find-executable.ts';
import { machineInfo } from './machine-info.ts';
import { measureTarget } from './measure-target.ts';
import { PRE_ROLL_SEC } from './measure-phases.ts';
import { renderText } from './print-report.ts';
import { saveResults } from './results-file.ts';
import { startTarget } from './start-target.ts';

const WRK_HINT = 'wrk is not installed. Install it with:  apt-get install -y wrk   (Debian/Ubuntu; macOS: brew install wrk)';

function skipped(name: TargetResult['name'], status: TargetResult['status'], reason: string): TargetResult {
  return { name, status, reason, memory: null, maxRps: null, rates: [], stream: null, forwarding: null };
}

/** Upper bound on the whole run; past it everything is killed. */
function watchdogMs(options: BenchOptions): number {
  const phases = options.rates.length + 1;
  const perTarget = options.warmupSec + options.durationSec * (phases + 1) + PRE_ROLL_SEC * phases + 30;
  return (perTarget * options.targets.length + 60) * 1000 * 2;
}

async function measureAll(options: BenchOptions, upstream: FakeUpstream): Promise<TargetResult[]> {
  const results: TargetResult[] = [];
  for (const name of options.targets) {
    process.stderr.write(`[${name}] starting\n`);
    const started = await startTarget(name, upstream.origin);
    if (!started.ok) {
      process.stderr.write(`[${name}] SKIPPED: ${started.reason}\n`);
      results.push(skipped(name, 'skipped', started.reason));
      continue;
    }
    try {
      results.push(await measureTarget(started.target, options, upstream));
    } finally {
      await started.target.stop();
    }
  }
  return results;
}

async function main(): Promise<void> {
  installChildCleanup();
  const options = parseBenchOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!findExecutable('wrk')) {
    process.stderr.write(`bench: ${WRK_HINT}\n`);
    process.exitCode = 1;
    return;
  }
  const pinned = canPin();
  if (!pinned) process.stderr.write('bench: taskset or a second core is missing; running unpinned (numbers are less meaningful)\n');
  const watchdog = setTimeout(() => {
    process.stderr.write('bench: watchdog expired, stopping everything\n');
    killAllChildren();
    process.exit(2);
  }, watchdogMs(options));
  watchdog.unref();
  const started = new Date();
  const upstream = await startFakeUpstream(options.streamGapMs);
  const targets = await measureAll(options, upstream).finally(() => upstream.child.stop());
  const report: BenchReport = {
    startedAt: started.toISOString(),
    elapsedSec: Math.round((Date.now() - started.getTime()) / 1000),
    machine: machineInfo(),
    pinned,
    options,
    targets,
  };
  process.stdout.write(`\n${renderText(report)}`);
  process.stdout.write(`\nSaved ${saveResults(report, options.outDir)}\n`);
  clearTimeout(watchdog);
}

await main();
