/** Starts `fake-upstream.ts` as its own process on the load core and reads its counters. */
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { spawnChild, type RunningChild } from './child-processes.ts';
import { waitForReadyPort } from './child-ready.ts';
import { LOAD_CORE, pinnedTo } from './cpu-pinning.ts';

/** A running fake upstream. */
export interface FakeUpstream {
  /** Its origin, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** Its process. */
  child: RunningChild;
  /** Total answers (JSON + SSE) it has given so far. */
  answered(): Promise<number>;
}

const script = fileURLToPath(new URL('./fake-upstream.ts', import.meta.url));

async function readAnswered(origin: string): Promise<number> {
  const { body } = await request(`${origin}/stats`);
  const stats: unknown = await body.json();
  if (typeof stats !== 'object' || stats === null) return Number.NaN;
  const completions = 'completions' in stats ? Number(stats.completions) : Number.NaN;
  const streams = 'streams' in stats ? Number(stats.streams) : Number.NaN;
  return completions + streams;
}

/** Starts the fake upstream; `streamGapMs` is the pause after the first SSE event. */
export async function startFakeUpstream(streamGapMs: number): Promise<FakeUpstream> {
  const line = pinnedTo(LOAD_CORE, {
    command: process.execPath,
    args: [script, '--port', '0', '--stream-gap-ms', String(streamGapMs)],
  });
  const child = spawnChild({ name: 'fake-upstream', ...line });
  const port = await waitForReadyPort(child, 10_000);
  const origin = `http://127.0.0.1:${port}`;
  return { origin, child, answered: () => readAnswered(origin) };
}
