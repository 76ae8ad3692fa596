import { secondsToNextMinute, tightestState, type Admission, type LimitScope, type RateLimiter } from './rate-limiter.ts';

interface Counters {
  minute: number;
  requests: number;
  tokens: number;
}

/**
 * Rate limits in this process's memory: exact for one process (admission is synchronous, so
 * concurrent requests cannot both take the last slot). With several replicas or workers, use
 * the Redis limiter, or each process enforces the full limit on its own.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #counters = new Map<string, Counters>();
  readonly #parallel = new Map<string, number>();
  readonly #now: () => number;
  #sweptMinute = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async admit(scopes: readonly LimitScope[]): Promise<Admission> {
    const now = this.#now();
    this.#sweep(now);
    const usage = scopes.map((scope) => ({ scope, ...this.#current(scope.id, now), parallel: this.#parallel.get(scope.id) ?? 0 }));
    for (const { scope, requests, tokens, parallel } of usage) {
      const refusal =
        scope.rpm !== undefined && requests + 1 > scope.rpm ? { kind: 'rpm' as const, limit: scope.rpm }
        : scope.tpm !== undefined && tokens >= scope.tpm ? { kind: 'tpm' as const, limit: scope.tpm }
        : scope.maxParallel !== undefined && parallel + 1 > scope.maxParallel ? { kind: 'parallel' as const, limit: scope.maxParallel }
        : undefined;
      if (refusal !== undefined) {
        return { allowed: false, ...refusal, scopeId: scope.id, retryAfterS: refusal.kind === 'parallel' ? 1 : secondsToNextMinute(now), state: tightestState(usage) };
      }
    }
    for (const { scope } of usage) {
      const counters = this.#current(scope.id, now);
      this.#counters.set(scope.id, { ...counters, requests: counters.requests + 1 });
      if (scope.maxParallel !== undefined) this.#parallel.set(scope.id, (this.#parallel.get(scope.id) ?? 0) + 1);
    }
    let released = false;
    return {
      allowed: true,
      state: tightestState(usage.map((u) => ({ ...u, requests: u.requests + 1 }))),
      release: async () => {
        if (released) return;
        released = true;
        for (const scope of scopes) {
          if (scope.maxParallel === undefined) continue;
          const left = (this.#parallel.get(scope.id) ?? 1) - 1;
          if (left <= 0) this.#parallel.delete(scope.id);
          else this.#parallel.set(scope.id, left);
        }
      },
      recordTokens: async (tokens: number) => {
        const at = this.#now();
        for (const scope of scopes) {
          const counters = this.#current(scope.id, at);
          this.#counters.set(scope.id, { ...counters, tokens: counters.tokens + tokens });
        }
      },
    };
  }

  async close(): Promise<void> {
    this.#counters.clear();
    this.#parallel.clear();
  }

  /** Once a minute, forgets the counters of past minutes, so idle scopes take no memory. */
  #sweep(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute === this.#sweptMinute) return;
    this.#sweptMinute = minute;
    for (const [id, counters] of this.#counters) if (counters.minute < minute) this.#counters.delete(id);
  }

  #current(id: string, now: number): Counters {
    const minute = Math.floor(now / 60_000);
    const counters = this.#counters.get(id);
    return counters !== undefined && counters.minute === minute ? counters : { minute, requests: 0, tokens: 0 };
  }
}
