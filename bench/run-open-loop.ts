/** Runs the open-loop generator (`open-loop.ts`) as its own process on the load core. */
import { fileURLToPath } from 'node:url';
import { spawnChild } from './child-processes.ts';
import { waitForEnd } from './child-ready.ts';
import { LOAD_CORE, GENERATOR_NODE_FLAGS, pinnedTo } from './cpu-pinning.ts';
import type { OpenLoopResult, OpenLoopSpec } from './open-loop-spec.ts';

const script = fileURLToPath(new URL('./open-loop.ts', import.meta.url));

/** Runs one open-loop measurement and returns its result. */
export async function runOpenLoop(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const line = pinnedTo(LOAD_CORE, { command: process.execPath, args: [...GENERATOR_NODE_FLAGS, script, '--spec', JSON.stringify(spec)] });
  const child = spawnChild({ name: `open-loop@${spec.rate}`, ...line });
  let json = '';
  child.onLine((text) => {
    if (text.startsWith('{"scheduled"')) json = text;
  });
  const boundSec = spec.preRollSec + spec.durationSec + spec.drainSec + 15;
  await waitForEnd(child, boundSec * 1000);
  if (!json) throw new Error(`open-loop printed no result\n${child.output()}`);
  return JSON.parse(json) as OpenLoopResult;
}
