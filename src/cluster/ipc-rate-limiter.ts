import { MemoryRateLimiter } from '../limits/memory-rate-limiter.ts';
import type { Admission, LimitScope, LimitState, RateLimiter, Refused } from '../limits/rate-limiter.ts';
import type { SharedStateHealth } from '../telemetry/shared-state-health.ts';
import type { WorkerRpc } from './cluster-rpc.ts';
import { SHARED_STATE } from './host-shared-state.ts';

type PrimaryAdmission = Refused | { allowed: true; state: LimitState; ticket: number };

/**
 * A worker's rate limiter: every admission is decided by the primary's one limiter, so the
 * workers together let a limit's worth through, not one per worker. If the primary does not
 * answer, this worker decides alone (safe mode) and the request goes on.
 */
export class IpcRateLimiter implements RateLimiter {
  readonly #rpc: WorkerRpc;
  readonly #health: SharedStateHealth;
  readonly #fallback = new MemoryRateLimiter();

  constructor(options: { rpc: WorkerRpc; health: SharedStateHealth }) {
    this.#rpc = options.rpc;
    this.#health = options.health;
  }

  async admit(scopes: readonly LimitScope[]): Promise<Admission> {
    const answer = await this.#health.ask(() => this.#rpc.call<PrimaryAdmission>(SHARED_STATE.admit, scopes));
    if (answer === undefined) return this.#fallback.admit(scopes);
    if (!answer.allowed) return answer;
    const { ticket } = answer;
    let released = false;
    return {
      allowed: true,
      state: answer.state,
      release: async () => {
        if (released) return;
        released = true;
        this.#rpc.notify(SHARED_STATE.release, ticket);
      },
      recordTokens: async (tokens: number) => this.#rpc.notify(SHARED_STATE.tokens, { ticket, tokens }),
    };
  }

  async close(): Promise<void> {
    await this.#fallback.close();
  }
}
