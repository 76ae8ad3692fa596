/** Measures CPU used by a process (and how busy the load core was) across one phase. */
import { LOAD_CORE } from './cpu-pinning.ts';
import { coreBusyPercent, readCoreTimes, readCpuSeconds } from './proc-stats.ts';

/** CPU use over one phase. */
export interface CpuUse {
  /** CPU seconds the process used (null when no pid). */
  processCpuSec: number | null;
  /** Process CPU in % of one core (null when no pid). */
  processPercent: number | null;
  /** Load core busy %. */
  loadCorePercent: number;
}

/** Starts measuring; call the returned function at the end of the phase. */
export function startCpuMeter(pid: number | null): () => CpuUse {
  const wallStart = performance.now();
  const cpuStart = pid === null ? 0 : readCpuSeconds(pid);
  const coreStart = readCoreTimes(LOAD_CORE);
  return () => {
    const wallSec = (performance.now() - wallStart) / 1000;
    const loadCorePercent = coreBusyPercent(coreStart, readCoreTimes(LOAD_CORE));
    if (pid === null) return { processCpuSec: null, processPercent: null, loadCorePercent };
    const processCpuSec = readCpuSeconds(pid) - cpuStart;
    return { processCpuSec, processPercent: Math.round((1000 * processCpuSec) / wallSec) / 10, loadCorePercent };
  };
}
