/**
 * `node bench/limits.ts [--duration S] [--rates 500,1000] [--connections N]`: what virtual-key
 * rate limits cost. Switchyard is measured three times against the same fake upstream: with
 * the master key (no limits), with a virtual key whose rpm/tpm limits never refuse counted in
 * this process's memory, and the same counted in Redis (REDIS_URL, else 127.0.0.1:6379).
 * Reports closed-loop throughput (N concurrent clients; no wrk needed), open-loop latency at
 * fixed rates, and the cost of one admission (admit, release, count tokens) by each limiter
 * in-process. See bench/README.md.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { CHAT_PATH, COMPLETION_BODY } from './bench-request.ts';
import type { StartedTarget, Target } from './bench-target.ts';
import { installChildCleanup, killAllChildren } from './child-processes.ts';
import { startCpuMeter } from './cpu-meter.ts';
import { startFakeUpstream } from './fake-upstream-process.ts';
import { measureRate } from './measure-phases.ts';
import { startSwitchyardTarget } from './start-switchyard-target.ts';
import { MemoryRateLimiter } from '../src/limits/memory-rate-limiter.ts';
import { RedisRateLimiter } from '../src/limits/redis-rate-limiter.ts';
import type { RateLimiter } from '../src/limits/rate-limiter.ts';
import { primaryRpc, workerRpc } from '../src/cluster/cluster-rpc.ts';
import { hostSharedState } from '../src/cluster/host-shared-state.ts';
import { IpcRateLimiter } from '../src/cluster/ipc-rate-limiter.ts';
import { SharedStateHealth } from '../src/telemetry/shared-state-health.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** Rate limits never high enough to refuse: the bench measures their cost, not refusals. */
const UNREACHABLE_LIMITS = { rpm_limit: 1_000_000_000, tpm_limit: 1_000_000_000_000 };

const VARIANTS: { label: string; limits?: 'memory' | 'redis' }[] = [
  { label: 'no limits (master key)' },
  { label: 'limits in memory', limits: 'memory' },
  { label: 'limits in Redis', limits: 'redis' },
];

/**
 * Starts the gateway (Redis configured only for the Redis variant, in a namespace of its own)
 * and, with `limits`, makes the load use a virtual key with limits that never refuse.
 */
async function startVariant(origin: string, limits: 'memory' | 'redis' | undefined): Promise<StartedTarget> {
  // The gateway child inherits this environment.
  Object.assign(process.env, limits === 'redis' ? { REDIS_URL, SWITCHYARD_REDIS_NAMESPACE: `switchyard-bench-${process.pid}-${Date.now()}` } : { REDIS_URL: '', REDIS_HOST: '' });
  const started = await startSwitchyardTarget(origin);
  if (!started.ok || limits === undefined) return started;
  const response = await fetch(`${started.target.origin}/key/generate`, { method: 'POST', headers: { authorization: started.target.authorization, 'content-type': 'application/json' }, body: JSON.stringify(UNREACHABLE_LIMITS) });
  const key = String(((await response.json()) as { key?: unknown }).key);
  return { ok: true, target: { ...started.target, authorization: `Bearer ${key}` } };
}

/** Requests per second with `connections` clients sending back to back for `durationSec`. */
async function closedLoop(target: Target, connections: number, durationSec: number): Promise<{ rps: number; errors: number; cpuUsPerRequest: number | null }> {
  const pool = new Pool(target.origin, { connections });
  const headers = { 'content-type': 'application/json', authorization: target.authorization };
  let ok = 0;
  let errors = 0;
  const stopMeter = startCpuMeter(target.pid);
  const end = Date.now() + durationSec * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < end) {
      const { statusCode, body } = await pool.request({ method: 'POST', path: CHAT_PATH, headers, body: COMPLETION_BODY });
      await body.dump();
      if (statusCode === 200) ok++;
      else errors++;
    }
  }));
  const cpu = stopMeter();
  await pool.close();
  return { rps: Math.round(ok / durationSec), errors, cpuUsPerRequest: cpu.processCpuSec === null || ok === 0 ? null : Math.round((cpu.processCpuSec * 1e6) / ok) };
}

/** µs per admission (admit + release + token count) in this process: one after another, and 64 at a time. */
async function admissionCost(limiter: RateLimiter, count: number): Promise<{ sequentialUs: number; concurrentUs: number }> {
  const scopes = [{ id: `key:bench-${process.pid}`, rpm: 1e12, tpm: 1e15, maxParallel: 1e6 }];
  const once = async (): Promise<void> => {
    const admission = await limiter.admit(scopes);
    if (!admission.allowed) throw new Error('a bench admission was refused');
    await Promise.all([admission.release(), admission.recordTokens(10)]);
  };
  let started = performance.now();
  for (let i = 0; i < count; i++) await once();
  const sequentialUs = ((performance.now() - started) * 1000) / count;
  started = performance.now();
  await Promise.all(Array.from({ length: 64 }, async () => {
    for (let i = 0; i < count / 64; i++) await once();
  }));
  return { sequentialUs, concurrentUs: ((performance.now() - started) * 1000) / count };
}

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/** In a forked worker: the cost of admissions decided by the primary over IPC (`--num_workers` without Redis). */
async function ipcWorker(): Promise<void> {
  const limiter = new IpcRateLimiter({ rpc: workerRpc(), health: new SharedStateHealth({ component: 'rate_limits', store: 'primary', log: silent }) });
  await admissionCost(limiter, 2_000);
  process.send?.(await admissionCost(limiter, 20_000));
}

/** Forks one worker against this process as its primary and returns what it measured. */
async function ipcCost(): Promise<{ sequentialUs: number; concurrentUs: number }> {
  hostSharedState(primaryRpc());
  const worker = cluster.fork();
  // The worker's RPC calls arrive as messages too; its result is the one with the numbers.
  const cost = await new Promise<{ sequentialUs: number; concurrentUs: number }>((resolve) => {
    worker.on('message', (message: { sequentialUs?: number; concurrentUs?: number }) => {
      if (message.sequentialUs !== undefined && message.concurrentUs !== undefined) resolve({ sequentialUs: message.sequentialUs, concurrentUs: message.concurrentUs });
    });
  });
  worker.kill();
  return cost;
}

async function printAdmissionCost(): Promise<void> {
  const log = silent;
  const redis = await RedisRateLimiter.connect({ url: REDIS_URL, namespace: `switchyard-bench-${process.pid}`, log });
  const rows: string[] = [];
  for (const [label, limiter] of [['memory', new MemoryRateLimiter()], ['Redis', redis]] as const) {
    await admissionCost(limiter, 2_000);
    const cost = await admissionCost(limiter, 20_000);
    rows.push(`| ${label} | ${cost.sequentialUs.toFixed(1)} µs | ${cost.concurrentUs.toFixed(1)} µs |`);
    await limiter.close();
  }
  const ipc = await ipcCost();
  rows.push(`| primary over IPC | ${ipc.sequentialUs.toFixed(1)} µs | ${ipc.concurrentUs.toFixed(1)} µs |`);
  process.stdout.write(`\n| limiter | one admission, one at a time | per admission, 64 in flight |\n|---|---|---|\n${rows.join('\n')}\n`);
}

async function main(): Promise<void> {
  installChildCleanup();
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '8' }, rates: { type: 'string', default: '500,1000' }, connections: { type: 'string', default: '64' } } });
  const durationSec = Number(values.duration);
  const rates = values.rates.split(',').map(Number);
  const upstream = await startFakeUpstream(5);
  const rows: string[] = [];
  try {
    for (const variant of VARIANTS) {
      process.stderr.write(`[${variant.label}] starting\n`);
      const started = await startVariant(upstream.origin, variant.limits);
      if (!started.ok) throw new Error(`${variant.label}: ${started.reason}`);
      try {
        await closedLoop(started.target, Number(values.connections), Math.min(3, durationSec));
        const max = await closedLoop(started.target, Number(values.connections), durationSec);
        const latencies: string[] = [];
        for (const rate of rates) {
          const result = await measureRate(started.target, { rate, durationSec, stream: false });
          latencies.push(`${(result.open.latency.p50 / 1000).toFixed(2)} / ${(result.open.latency.p99 / 1000).toFixed(2)}`);
          if (result.open.non2xx + result.open.transportErrors > 0) throw new Error(`${variant.label}: ${result.open.firstError}`);
        }
        rows.push(`| ${variant.label} | ${max.rps.toLocaleString('en-US')} | ${max.cpuUsPerRequest ?? '?'} µs | ${latencies.join(' | ')} |`);
        if (max.errors > 0) throw new Error(`${variant.label}: ${max.errors} requests were not answered 200`);
      } finally {
        await started.target.stop();
      }
    }
  } finally {
    await upstream.child.stop();
  }
  process.stdout.write(`| | max RPS (closed loop, ${values.connections} conn.) | proxy CPU per request | ${rates.map((r) => `p50 / p99 at ${r} RPS (ms)`).join(' | ')} |\n`);
  process.stdout.write(`|---|---|---|${rates.map(() => '---').join('|')}|\n${rows.join('\n')}\n`);
  await printAdmissionCost();
}

(cluster.isWorker ? ipcWorker() : main()).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  killAllChildren();
  process.exitCode = 1;
});
