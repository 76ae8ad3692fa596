/**
 * Starts Switchyard (`bin/switchyard.js`) on the proxy core with a generated config in a
 * temporary directory, and waits for GET /health/readiness. If the gateway is missing or
 * does not come up, the target is skipped with the reason and the gateway's last output.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MASTER_KEY } from './bench-request.ts';
import type { StartedTarget } from './bench-target.ts';
import { spawnChild } from './child-processes.ts';
import { PROXY_CORE, pinnedTo } from './cpu-pinning.ts';
import { freePort } from './free-port.ts';
import type { TargetName } from './bench-options.ts';
import { switchyardConfigYaml, type BenchCache } from './switchyard-config.ts';
import { waitForReadiness } from './wait-for-readiness.ts';

/** Path of the gateway's command-line entry point. */
export const SWITCHYARD_BIN = fileURLToPath(new URL('../bin/switchyard.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Starts Switchyard in front of `upstreamOrigin`, or explains why it cannot be measured.
 * `bin` defaults to the repository's `bin/switchyard.js`; `cache` turns the response cache on.
 */
export async function startSwitchyardTarget(upstreamOrigin: string, options: { bin?: string; name?: TargetName; cache?: BenchCache } = {}): Promise<StartedTarget> {
  const bin = options.bin ?? SWITCHYARD_BIN;
  const name = options.name ?? 'switchyard';
  if (!existsSync(bin)) return { ok: false, reason: `${bin} not found (gateway not built yet)` };
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, switchyardConfigYaml(upstreamOrigin, options.cache));
  const port = await freePort();
  const line = pinnedTo(PROXY_CORE, {
    command: process.execPath,
    args: [bin, '--config', config, '--port', String(port)],
  });
  const child = spawnChild({ name, ...line, cwd: dir, env: { LITELLM_LOG: 'ERROR' } });
  const stop = async (): Promise<void> => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  const notReady = await waitForReadiness({ origin, child, timeoutMs: STARTUP_TIMEOUT_MS });
  if (notReady) {
    const output = child.output().trim().split('\n').slice(-15).join('\n');
    await stop();
    return { ok: false, reason: `${name} ${notReady}${output ? `\n--- last output ---\n${output}` : ''}` };
  }
  return { ok: true, target: { name, origin, authorization: `Bearer ${MASTER_KEY}`, pid: child.pid, stop } };
}
