/** Describes the machine and tools a bench run used, for the results file. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';

/** Where the numbers were measured. */
export interface MachineInfo {
  /** Node version running the bench, the generator and the proxies. */
  node: string;
  /** CPU model name from /proc/cpuinfo. */
  cpuModel: string;
  /** Logical cores. */
  cores: number;
  /** Total memory in GiB. */
  memoryGiB: number;
  /** Kernel release. */
  kernel: string;
  /** `wrk -v` first line, or empty when wrk is missing. */
  wrk: string;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return match?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function wrkVersion(): string {
  try {
    // `wrk -v` prints its version and exits with status 1.
    return execFileSync('wrk', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] ?? '';
  } catch (error) {
    const stdout = (error as { stdout?: unknown }).stdout;
    return typeof stdout === 'string' ? (stdout.split('\n')[0] ?? '').trim() : '';
  }
}

/** Collects the machine description. */
export function machineInfo(): MachineInfo {
  return {
    node: process.version,
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    wrk: wrkVersion(),
  };
}
