/**
 * Every process the bench starts goes through here, so that all of them are killed when
 * the bench ends, fails, or is interrupted: no child outlives a run. Where util-linux
 * `setpriv` exists, children also get a parent-death signal, so even a SIGKILL of the
 * bench takes them down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CommandLine } from './cpu-pinning.ts';
import { findExecutable } from './find-executable.ts';

/** How to start a child. */
export interface ChildOptions extends CommandLine {
  /** Short name for messages. */
  name: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
}

/** A started child process. */
export interface RunningChild {
  /** Short name for messages. */
  readonly name: string;
  /** Process id (of the pinned program itself: taskset execs it). */
  readonly pid: number;
  /** Resolves with a description of how the process ended ("code 0", "signal SIGTERM"). */
  readonly exited: Promise<string>;
  /** Whether the process has ended. */
  hasExited(): boolean;
  /** The last few kilobytes of its stdout and stderr. */
  output(): string;
  /** Calls `listener` with every complete stdout line. */
  onLine(listener: (line: string) => void): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has ended. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
const OUTPUT_LIMIT = 8192;

const setpriv = findExecutable('setpriv');

/** Prefixes `setpriv --pdeathsig KILL` (which execs, keeping the pid) when available. */
function killedWithParent(line: CommandLine): CommandLine {
  return setpriv ? { command: setpriv, args: ['--pdeathsig', 'KILL', line.command, ...line.args] } : line;
}

/** Starts a child with a stdin pipe kept open (bench children exit when it closes). */
export function spawnChild(options: ChildOptions): RunningChild {
  const line = killedWithParent(options);
  const child = spawn(line.command, line.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  live.add(child);
  let output = '';
  let partial = '';
  let ended = false;
  const listeners: Array<(line: string) => void> = [];
  const keep = (text: string): void => {
    output = (output + text).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    keep(text);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  });
  child.stderr?.setEncoding('utf8').on('data', keep);
  child.stdin?.on('error', () => {});
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      ended = true;
      live.delete(child);
      resolve(signal ? `signal ${signal}` : `code ${code}`);
    });
    child.on('error', (error) => {
      ended = true;
      live.delete(child);
      resolve(`error ${error.message}`);
    });
  });
  return {
    name: options.name,
    pid: child.pid,
    exited,
    hasExited: () => ended,
    output: () => output,
    onLine: (listener) => listeners.push(listener),
    async stop(graceMs = 3000) {
      if (ended) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every child still running, at once and synchronously (for exit paths). */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** Makes sure children die with the bench: on exit, Ctrl-C, SIGTERM and uncaught errors. */
export function installChildCleanup(): void {
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping children\n`);
      killAllChildren();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
    killAllChildren();
    process.exit(1);
  });
}
