/** Waiting for bench children: their ready line, or their natural end. */
import type { RunningChild } from './child-processes.ts';

/**
 * Resolves with the port from the child's `{"ready":true,"port":N}` line (see
 * `child-protocol.ts`); rejects if the child exits first or `timeoutMs` passes.
 */
export function waitForReadyPort(child: RunningChild, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.name}: not ready after ${timeoutMs} ms\n${child.output()}`)), timeoutMs);
    child.onLine((line) => {
      if (!line.startsWith('{"ready":true')) return;
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && 'port' in parsed && typeof parsed.port === 'number') {
        clearTimeout(timer);
        resolve(parsed.port);
      }
    });
    void child.exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${child.name}: exited (${how}) before it was ready\n${child.output()}`));
    });
  });
}

/**
 * Waits for a run-to-completion child and returns its output; kills it and rejects if it
 * has not ended after `timeoutMs`, or if it exits with a non-zero status.
 */
export async function waitForEnd(child: RunningChild, timeoutMs: number): Promise<string> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void child.stop(1000);
  }, timeoutMs);
  const how = await child.exited;
  clearTimeout(timer);
  if (timedOut) throw new Error(`${child.name}: still running after ${timeoutMs} ms, killed\n${child.output()}`);
  if (how !== 'code 0') throw new Error(`${child.name}: ended with ${how}\n${child.output()}`);
  return child.output();
}
