import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const BIN = new URL('../../bin/switchyard.js', import.meta.url).pathname;

/**
 * Runs the `switchyard` command (on this test's Node) with extra environment variables. The
 * embedded database goes to a fresh temporary directory unless `SWITCHYARD_DATA_DIR` is given.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  const dataDir = env['SWITCHYARD_DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'switchyard-data-'));
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SWITCHYARD_DATA_DIR: dataDir, ...env } });
}

/** Starts `switchyard --config FILE --port 0` and resolves with its URL from the start-up log line. */
export async function startCli(config: string, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = runCli(['--config', config, '--port', '0', '--host', '127.0.0.1'], env);
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const match = /listening on (http:\/\/[^"\s]+)/.exec(line);
    if (match?.[1] !== undefined) return { child, url: match[1] };
  }
  throw new Error('switchyard exited before listening');
}

/**
 * Starts `switchyard --num_workers N` and resolves once every worker listens. The workers share
 * one port, so the URL reaches whichever worker takes the connection (round-robin on Linux).
 */
export async function startCliWorkers(config: string, workers: number, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcessWithoutNullStreams; url: string; pids: number[] }> {
  const child = runCli(['--config', config, '--port', '0', '--host', '127.0.0.1', '--num_workers', String(workers)], env);
  const listening = new Map<number, string>();
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /"pid":(\d+).*listening on (http:\/\/[^"\s]+)/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) listening.set(Number(match[1]), match[2]);
    if (listening.size === workers) {
      // Keep draining the logs, or a worker blocks once the pipe is full.
      child.stdout.resume();
      child.stderr.resume();
      return { child, url: [...listening.values()][0] ?? '', pids: [...listening.keys()] };
    }
  }
  throw new Error('switchyard exited before every worker listened');
}
