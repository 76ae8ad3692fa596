/**
 * CPU pinning with `taskset`: the proxy under test gets core 1 to itself, the load
 * generator and the fake upstream share core 0. `taskset` execs the command, so the child's
 * pid stays the pid of the pinned process.
 */
import { availableParallelism } from 'node:os';
import { findExecutable } from './find-executable.ts';

/** Core of the proxy under test. */
export const PROXY_CORE = 1;
/** Core of the load generator and the fake upstream. */
export const LOAD_CORE = 0;

/**
 * Node flags for the open-loop generator only (never for a proxy under test, nor for the
 * fake upstream, whose young generation grows under saturation and then pauses longer
 * when collected by one thread). Pinned to one core, V8's parallel GC helper threads
 * compete with the generator's main thread; single-threaded GC cut its p99 send lag at
 * 1,000 RPS from ~2.7 ms to ~0.7 ms on the bench machine.
 */
export const GENERATOR_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** A command line ready for `spawn`. */
export interface CommandLine {
  command: string;
  args: string[];
}

/** Whether pinning is possible here (taskset installed and at least two cores). */
export function canPin(): boolean {
  return findExecutable('taskset') !== null && availableParallelism() >= 2;
}

/** Wraps a command line in `taskset -c <core>` when pinning is possible. */
export function pinnedTo(core: number, line: CommandLine): CommandLine {
  if (!canPin()) return line;
  return { command: 'taskset', args: ['-c', String(core), line.command, ...line.args] };
}
