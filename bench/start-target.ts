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
    default: {
      const unreachable: never = name;
      throw new Error(`unknown target ${String(unreachable)}`);
    }
  }
}
