/**
 * A process's in-memory copy of cooldowns kept by a shared store (Redis, or the workers'
 * primary): `coolingUntil` is a synchronous read on the hot path, and a cooldown is only ever
 * extended, never shortened, whatever order the updates arrive in.
 */
export class CooldownMirror {
  readonly #until = new Map<string, number>();
  readonly #waiters = new Map<string, (() => void)[]>();

  /** Epoch ms until which the deployment is cooling down, or 0. */
  coolingUntil(deploymentId: string): number {
    const until = this.#until.get(deploymentId);
    if (until === undefined) return 0;
    if (until > Date.now()) return until;
    this.#until.delete(deploymentId);
    return 0;
  }

  /** Records a cooldown ending at `until` unless a later one is known. */
  extend(deploymentId: string, until: number): void {
    if (!Number.isFinite(until) || until <= (this.#until.get(deploymentId) ?? 0)) return;
    this.#until.set(deploymentId, until);
    const waiters = this.#waiters.get(deploymentId);
    this.#waiters.delete(deploymentId);
    for (const resolve of waiters ?? []) resolve();
  }

  /** Resolves once `deploymentId` is cooling in this process (for tests and diagnostics). */
  whenCooling(deploymentId: string): Promise<void> {
    if (this.coolingUntil(deploymentId) > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.set(deploymentId, [...(this.#waiters.get(deploymentId) ?? []), resolve]));
  }
}
