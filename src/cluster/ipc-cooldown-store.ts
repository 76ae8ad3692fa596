import { CooldownMirror } from '../router/cooldown-mirror.ts';
import { MemoryCooldownStore, type CooldownStore } from '../router/cooldown-store.ts';
import type { SharedStateHealth } from '../telemetry/shared-state-health.ts';
import type { WorkerRpc } from './cluster-rpc.ts';
import { SHARED_STATE } from './host-shared-state.ts';

interface CooldownEntry {
  deploymentId: string;
  until: number;
}

/**
 * A worker's cooldowns: the primary is the source of truth and broadcasts every cooldown
 * started or extended to all workers, so `coolingUntil` stays a synchronous read of this
 * worker's memory and a cooldown caused through one worker is honoured by all.
 */
export class IpcCooldownStore implements CooldownStore {
  readonly #local = new CooldownMirror();
  readonly #rpc: WorkerRpc;
  readonly #health: SharedStateHealth;
  readonly #fallback = new MemoryCooldownStore();
  readonly #unsubscribe: () => void;

  private constructor(options: { rpc: WorkerRpc; health: SharedStateHealth }) {
    this.#rpc = options.rpc;
    this.#health = options.health;
    this.#unsubscribe = this.#rpc.on(SHARED_STATE.cooldownStarted, (entry) => this.#setLocal(entry as CooldownEntry));
  }

  /** Subscribes, then loads the cooldowns already running (started before this worker). */
  static async connect(options: { rpc: WorkerRpc; health: SharedStateHealth }): Promise<IpcCooldownStore> {
    const store = new IpcCooldownStore(options);
    try {
      for (const entry of await options.rpc.call<CooldownEntry[]>(SHARED_STATE.listCooldowns, null)) store.#setLocal(entry);
    } catch (error) {
      options.health.unreachable(error);
    }
    return store;
  }

  coolingUntil(deploymentId: string): number {
    return this.#local.coolingUntil(deploymentId);
  }

  async startCooldown(options: { deploymentId: string; seconds: number }): Promise<void> {
    const entry = { deploymentId: options.deploymentId, until: Date.now() + Math.ceil(options.seconds * 1000) };
    this.#setLocal(entry);
    try {
      await this.#rpc.call(SHARED_STATE.startCooldown, entry);
      this.#health.reachable();
    } catch (error) {
      this.#health.fellBack(error);
    }
  }

  async countFailure(options: { deploymentId: string; windowSeconds: number }): Promise<number> {
    try {
      const count = await this.#rpc.call<number>(SHARED_STATE.countFailure, options);
      this.#health.reachable();
      return count;
    } catch (error) {
      this.#health.fellBack(error);
      return this.#fallback.countFailure(options);
    }
  }

  async close(): Promise<void> {
    this.#unsubscribe();
  }

  #setLocal(entry: CooldownEntry): void {
    this.#local.extend(entry.deploymentId, entry.until);
  }
}
