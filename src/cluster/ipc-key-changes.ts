import type { WorkerRpc } from './cluster-rpc.ts';
import { SHARED_STATE } from './host-shared-state.ts';

/**
 * Key changes among the workers of one primary: a key changed through one worker is dropped
 * from every worker's key cache at once (the primary broadcasts the hash to all, this one
 * included). Messages carry the key's hash only.
 */
export class IpcKeyChanges {
  readonly #rpc: WorkerRpc;

  constructor(rpc: WorkerRpc) {
    this.#rpc = rpc;
  }

  /** Resolves once the primary has sent the change to every worker. Never rejects. */
  async publish(hash: string): Promise<void> {
    await this.#rpc.call(SHARED_STATE.keyChanged, hash).catch(() => undefined);
  }

  subscribe(listener: (hash: string) => void): () => void {
    return this.#rpc.on(SHARED_STATE.keyChanged, (hash) => listener(String(hash)));
  }

  async close(): Promise<void> {}
}
