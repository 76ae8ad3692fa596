/**
 * Worker thread of the open-loop ticker. It sleeps in `Atomics.wait` (a futex with
 * sub-millisecond timeouts, unlike libuv timers, which have 1 ms resolution) until the next
 * scheduled send time, publishes how many sends are due in a shared cell, and wakes the main
 * thread with a message. Started only by `open-loop-ticker.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DUE_CELL, STOP_CELL, type TickerSchedule } from './open-loop-ticker.ts';

const schedule = workerData as TickerSchedule;
const cells = new Int32Array(schedule.shared);
const nowNs = (): number => Number(process.hrtime.bigint());

function dueCount(): number {
  const elapsed = nowNs() - schedule.startNs;
  if (elapsed < 0) return 0;
  return Math.min(schedule.count, Math.floor(elapsed / schedule.intervalNs) + 1);
}

function run(): void {
  let published = 0;
  while (published < schedule.count) {
    const nextNs = schedule.startNs + published * schedule.intervalNs;
    const waitMs = (nextNs - nowNs()) / 1e6;
    if (waitMs > 0) Atomics.wait(cells, STOP_CELL, 0, waitMs);
    if (Atomics.load(cells, STOP_CELL) !== 0) return;
    const due = dueCount();
    if (due > published) {
      published = due;
      Atomics.store(cells, DUE_CELL, due);
      parentPort?.postMessage(due);
    }
  }
}

run();
