import { MemoryReservationLedger, type LedgerHolder, type LedgerReservation, type ReservationLedger } from '../accounting/reservation-ledger.ts';
import type { SharedStateHealth } from '../telemetry/shared-state-health.ts';
import type { WorkerRpc } from './cluster-rpc.ts';
import { SHARED_STATE } from './host-shared-state.ts';

/**
 * A worker's budget ledger: reservations and settled spend live in the primary, so the
 * workers together stay within each budget. If the primary does not answer, this worker
 * checks alone (safe mode).
 */
export class IpcReservationLedger implements ReservationLedger {
  readonly #rpc: WorkerRpc;
  readonly #health: SharedStateHealth;
  readonly #fallback = new MemoryReservationLedger();

  constructor(options: { rpc: WorkerRpc; health: SharedStateHealth }) {
    this.#rpc = options.rpc;
    this.#health = options.health;
  }

  async reserve(holders: readonly LedgerHolder[], estimate: number): Promise<LedgerReservation> {
    const answer = await this.#health.ask(() => this.#rpc.call<LedgerReservation>(SHARED_STATE.reserve, { holders, estimate }));
    return answer ?? this.#fallback.reserve(holders, estimate);
  }

  async settle(holderIds: readonly string[], estimate: number, cost: number): Promise<void> {
    await this.#fallback.settle(holderIds, estimate);
    this.#rpc.notify(SHARED_STATE.settle, { holderIds, estimate, cost });
  }

  async reset(holderId: string): Promise<void> {
    this.#rpc.notify(SHARED_STATE.resetBudget, holderId);
  }

  async close(): Promise<void> {}
}
