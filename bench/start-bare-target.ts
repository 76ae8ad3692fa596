/** Starts the bare pass-through proxy (`bare-proxy.ts`) on the proxy core. */
import { fileURLToPath } from 'node:url';
import type { StartedTarget } from './bench-target.ts';
import { spawnChild } from './child-processes.ts';
import { waitForReadyPort } from './child-ready.ts';
import { PROXY_CORE, pinnedTo } from './cpu-pinning.ts';

const script = fileURLToPath(new URL('./bare-proxy.ts', import.meta.url));

/** Starts the bare proxy in front of `upstreamOrigin`. */
export async function startBareTarget(upstreamOrigin: string): Promise<StartedTarget> {
  const line = pinnedTo(PROXY_CORE, {
    command: process.execPath,
    args: [script, '--port', '0', '--upstream', upstreamOrigin],
  });
  const child = spawnChild({ name: 'bare-proxy', ...line });
  try {
    const port = await waitForReadyPort(child, 10_000);
    const origin = `http://127.0.0.1:${port}`;
    return { ok: true, target: { name: 'bare', origin, authorization: '', pid: child.pid, stop: () => child.stop() } };
  } catch (error) {
    await child.stop();
    return { ok: false, reason: (error as Error).message };
  }
}
