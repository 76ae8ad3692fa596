/** Reads process and CPU statistics from Linux /proc (no sampling thread, no dependencies). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Memory of one process, in kilobytes. */
export interface ProcessMemory {
  /** Resident set size now (VmRSS). */
  rssKb: number;
  /** Peak resident set size since start (VmHWM). */
  hwmKb: number;
}

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

/** VmRSS and VmHWM of `pid` from /proc/<pid>/status. */
export function readMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssKb: statusField(status, 'VmRSS'), hwmKb: statusField(status, 'VmHWM') };
}

let ticksPerSecond = 0;
function clockTicks(): number {
  if (ticksPerSecond === 0) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) `pid` has used so far, from /proc/<pid>/stat. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime field 14, stime field 15 (1-based).
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** Busy and total jiffies of one core. */
export interface CoreTimes {
  busy: number;
  total: number;
}

/** Busy/total jiffies of `core` from /proc/stat (idle and iowait count as not busy). */
export function readCoreTimes(core: number): CoreTimes {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((row) => row.startsWith(`cpu${core} `));
  if (!line) return { busy: 0, total: 0 };
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** Percentage of time `core` was busy between two readings. */
export function coreBusyPercent(before: CoreTimes, after: CoreTimes): number {
  const total = after.total - before.total;
  return total > 0 ? Math.round((1000 * (after.busy - before.busy)) / total) / 10 : 0;
}
