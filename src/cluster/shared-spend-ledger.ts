import type { LedgerHolder, LedgerReservation, ReservationLedger } from '../accounting/reservation-ledger.ts';

/** Spend not touched for this long is re-seeded from the workers' known spend (as Redis's TTL). */
const SPEND_IDLE_MS = 24 * 3600_000;

/**
 * The budget ledger the `--num_workers` primary keeps for all its workers (Redis's semantics in
 * memory): each holder's spend is seeded from the first worker's known spend and grows by every
 * settled cost, so a worker whose cache has not seen another worker's calls still checks the
 * whole spend. A worker that knows of more spend (e.g. fresh from the database) raises it.
 */
export class SharedSpendLedger implements ReservationLedger {
  readonly #spend = new Map<string, { spend: number; touched: number }>();
  readonly #reserved = new Map<string, number>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async reserve(holders: readonly LedgerHolder[], estimate: number): Promise<LedgerReservation> {
    const now = this.#now();
    for (const h of holders) {
      const stored = this.#spend.get(h.id);
      const spend = stored === undefined || now - stored.touched > SPEND_IDLE_MS ? h.knownSpend : Math.max(stored.spend, h.knownSpend);
      this.#spend.set(h.id, { spend, touched: now });
      if (spend + (this.#reserved.get(h.id) ?? 0) + estimate > h.maxBudget) return { ok: false, holderId: h.id, spend };
    }
    for (const h of holders) this.#reserved.set(h.id, (this.#reserved.get(h.id) ?? 0) + estimate);
    return { ok: true };
  }

  async settle(holderIds: readonly string[], estimate: number, cost: number): Promise<void> {
    for (const id of holderIds) {
      const left = (this.#reserved.get(id) ?? estimate) - estimate;
      if (left <= 1e-12) this.#reserved.delete(id);
      else this.#reserved.set(id, left);
      const stored = this.#spend.get(id);
      if (stored !== undefined) stored.spend += cost;
    }
  }

  async reset(holderId: string): Promise<void> {
    this.#spend.delete(holderId);
  }

  async close(): Promise<void> {}
}
