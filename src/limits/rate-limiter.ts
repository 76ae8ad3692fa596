/**
 * Rate limits (rpm, tpm, parallel requests) for keys, users, teams, end users and per-model
 * key limits. One admission checks every scope of a request at once, all or nothing: a
 * request is let in only if every scope has room, and then counts in every scope.
 *
 * Windows are fixed clock minutes (as LiteLLM's per-minute counters), so every replica agrees
 * on when a window ends; `retryAfterS` is the time to the next minute.
 */

/** The limits of one scope; a missing limit is no limit. */
export interface LimitScope {
  /** Stable id, e.g. `key:<hash>`, `team:<id>`, `key:<hash>:model:<group>`. Never a raw key. */
  readonly id: string;
  readonly rpm?: number | undefined;
  readonly tpm?: number | undefined;
  readonly maxParallel?: number | undefined;
}

/** Which limit refused a request. */
export type LimitKind = 'rpm' | 'tpm' | 'parallel';

/** What is left in the tightest scope, for the `x-ratelimit-*` answer headers. */
export interface LimitState {
  limitRequests?: number;
  remainingRequests?: number;
  limitTokens?: number;
  remainingTokens?: number;
}

export interface Admitted {
  readonly allowed: true;
  readonly state: LimitState;
  /** Ends the request's parallel slot (call exactly once, when the answer is done). */
  release(): Promise<void>;
  /** Counts the tokens the call used toward every scope's tpm. */
  recordTokens(tokens: number): Promise<void>;
}

export interface Refused {
  readonly allowed: false;
  readonly kind: LimitKind;
  readonly scopeId: string;
  readonly limit: number;
  readonly retryAfterS: number;
  readonly state: LimitState;
}

export type Admission = Admitted | Refused;

export interface RateLimiter {
  /** Admits one request against every scope atomically (no scope is counted when any refuses). */
  admit(scopes: readonly LimitScope[]): Promise<Admission>;
  close(): Promise<void>;
}

/** Seconds until the next clock minute (at least 1). */
export function secondsToNextMinute(now: number): number {
  return Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000));
}

/** The `x-ratelimit-*` headers LiteLLM sends for the caller's own limits. */
export function rateLimitHeaders(state: LimitState): Record<string, string> {
  const headers: Record<string, string> = {};
  if (state.limitRequests !== undefined) headers['x-ratelimit-limit-requests'] = String(state.limitRequests);
  if (state.remainingRequests !== undefined) headers['x-ratelimit-remaining-requests'] = String(Math.max(0, state.remainingRequests));
  if (state.limitTokens !== undefined) headers['x-ratelimit-limit-tokens'] = String(state.limitTokens);
  if (state.remainingTokens !== undefined) headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, state.remainingTokens));
  return headers;
}

/** The state of the scope with the least room, from per-scope usage. */
export function tightestState(usage: readonly { scope: LimitScope; requests: number; tokens: number }[]): LimitState {
  const state: LimitState = {};
  for (const { scope, requests, tokens } of usage) {
    if (scope.rpm !== undefined && (state.remainingRequests === undefined || scope.rpm - requests < state.remainingRequests)) {
      state.limitRequests = scope.rpm;
      state.remainingRequests = scope.rpm - requests;
    }
    if (scope.tpm !== undefined && (state.remainingTokens === undefined || scope.tpm - tokens < state.remainingTokens)) {
      state.limitTokens = scope.tpm;
      state.remainingTokens = scope.tpm - tokens;
    }
  }
  return state;
}
