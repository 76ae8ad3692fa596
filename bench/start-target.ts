/** Starts any bench target by name. */
import type { TargetName } from './bench-options.ts';
import type { StartedTarget } from './bench-target.ts';
import { startBareTarget } from './start-bare-target.ts';
import { startSwitchyardTarget } from './start-switchyard-target.ts';

/** Starts `name` in front of the fake upstream at `upstreamOrigin`. */
export async function startTarget(name: TargetName, upstreamOrigin: string): Promise<StartedTarget> {
  switch (name) {
    case 'direct':
      return {
        ok: true,
        target: { name, origin: upstreamOrigin, authorization: '', pid: null, stop: async () => {} },
      };
    case 'bare':
      return startBareTarget(upstreamOrigin);
    case 'switchyard':
      return startSwitchyardTarget(upstreamOrigin);
    case 'switchyard-cache':
      return startSwitchyardTarget(upstreamOrigin, { name, cache: { type: 'local' } });
    case 'switchyard-cache-redis':
      return startSwitchyardTarget(upstreamOrigin, { name, cache: { type: 'redis', redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', namespace: `switchyard-bench-${process.pid}` } });
    default: {
      const unreachable: never = name;
      throw new Error(`unknown target ${String(unreachable)}`);
    }
  }
}
