/**
 * Where cooldowns live. The router reads `coolingUntil` on every request, so an
 * implementation answers it from memory; the Redis one keeps that memory in step with
 * every replica through pub/sub (no round trip on the hot path, no periodic sync).
 */
export interface CooldownStore {
  /** Epoch ms until which the deployment is cooling down, or 0. */
  coolingUntil(deploymentId: string): number;
  /** Starts (or extends — never shortens) a cooldown, for every replica. */
  startCooldown(options: { deploymentId: string; seconds: number }): Promise<void>;
  /** Counts a failure in a window of `windowSeconds`; returns the count in the window (LiteLLM's allowed_fails rule). */
  countFailure(options: { deploymentId: string; windowSeconds: number }): Promise<number>;
  close(): Promise<void>;
}

/** One process: plain maps. */
export class MemoryCooldownStore implements CooldownStore {
  readonly #until = new Map<string, number>();
  readonly #failures = new Map<string, { count: number; expires: number }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  coolingUntil(deploymentId: string): number {
    const until = this.#until.get(deploymentId) ?? 0;
    return until > this.#now() ? until : 0;
  }

  async startCooldown(options: { deploymentId: string; seconds: number }): Promise<void> {
    const until = this.#now() + options.seconds * 1000;
    if (until > (this.#until.get(options.deploymentId) ?? 0)) this.#until.set(options.deploymentId, until);
  }

  async countFailure(options: { deploymentId: string; windowSeconds: number }): Promise<number> {
    const now = this.#now();
    const entry = this.#failures.get(options.deploymentId);
    if (entry === undefined || entry.expires <= now) {
      this.#failures.set(options.deploymentId, { count: 1, expires: now + options.windowSeconds * 1000 });
      return 1;
    }
    entry.count++;
    return entry.count;
  }

  async close(): Promise<void> {}
}
