/**
 * Successes and failures per deployment in the current minute, in memory (as LiteLLM keeps
 * them): the rate-based cooldown rule reads them.
 */
export class MinuteOutcomes {
  readonly #counts = new Map<string, { minute: number; successes: number; failures: number }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  record(deploymentId: string, success: boolean): { successes: number; failures: number } {
    const minute = Math.floor(this.#now() / 60_000);
    let entry = this.#counts.get(deploymentId);
    if (entry === undefined || entry.minute !== minute) {
      entry = { minute, successes: 0, failures: 0 };
      this.#counts.set(deploymentId, entry);
    }
    if (success) entry.successes++;
    else entry.failures++;
    return { successes: entry.successes, failures: entry.failures };
  }
}
