import type { Deployment } from '../spec/deployment.ts';

/** Requests and tokens per deployment in the current clock minute (this process). */
export class MinuteUsage {
  readonly #usage = new Map<string, { minute: number; requests: number; tokens: number }>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  get(id: string): { requests: number; tokens: number } {
    const entry = this.#usage.get(id);
    return entry !== undefined && entry.minute === this.#minute() ? entry : { requests: 0, tokens: 0 };
  }

  add(id: string, usage: { requests: number; tokens: number }): void {
    const current = this.get(id);
    this.#usage.set(id, { minute: this.#minute(), requests: current.requests + usage.requests, tokens: current.tokens + usage.tokens });
  }

  #minute(): number {
    return Math.floor(this.#now() / 60_000);
  }
}

/** Whether `deployment` can take one more request of `promptTokens` without passing its rpm / tpm this minute. */
export function underLimits(options: { deployment: Deployment; usage: MinuteUsage; promptTokens: number }): boolean {
  const used = options.usage.get(options.deployment.id);
  const { rpm, tpm } = options.deployment.params;
  if (typeof rpm === 'number' && used.requests + 1 > rpm) return false;
  return !(typeof tpm === 'number' && used.tokens + options.promptTokens > tpm);
}
