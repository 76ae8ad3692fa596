import { UiSessions } from './ui-session.ts';
import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { extractApiKey } from './extract-api-key.ts';

/**
 * Who made a call, in the terms LiteLLM's logs and metrics use. Never holds a raw key:
 * only its SHA-256 hex digest (LiteLLM's `hash_token`).
 */
export interface CallerIdentity {
  /** SHA-256 hex of the presented key (LiteLLM's `user_api_key_hash`). */
  readonly hashedApiKey?: string;
  readonly keyAlias?: string;
  readonly team?: string;
  readonly teamAlias?: string;
  readonly user?: string;
  readonly userEmail?: string;
  /** The request body's `user` (LiteLLM's end user / customer). */
  readonly endUser?: string;
  /** A virtual key's `max_budget` and its spend before this call (for the budget gauges). */
  readonly keyMaxBudget?: number;
  readonly keySpend?: number;
  /** The key's team's `max_budget` and spend before this call. */
  readonly teamMaxBudget?: number;
  readonly teamSpend?: number;
}

/** LiteLLM's user id for calls made with the master key (`litellm_proxy_admin_name`). */
export const MASTER_KEY_USER = 'default_user_id';

/**
 * The caller of a request authenticated by the master key (the only kind of key until
 * virtual keys exist): the hashed key, LiteLLM's admin user id, and the body's `user`.
 * Call it after the answer, off the hot path: it hashes the key.
 */
export function identifyCaller(args: { headers: IncomingHttpHeaders; customHeader?: string | undefined; body: Readonly<Record<string, unknown>> }): CallerIdentity {
  const key = extractApiKey(args.headers, args.customHeader);
  const endUser = args.body['user'];
  return {
    // A dashboard session stands for the master key: logged as '' (LiteLLM's "no key") rather than as a new hash per session.
    ...(key === undefined ? {} : { hashedApiKey: UiSessions.isSessionToken(key) ? '' : hashOnce(key), user: MASTER_KEY_USER }),
    ...(typeof endUser === 'string' && endUser !== '' ? { endUser } : {}),
  };
}

/** The last few keys' hashes: callers reuse one key for many calls, so most lookups hit. */
const recentHashes = new Map<string, string>();

function hashOnce(key: string): string {
  let hashed = recentHashes.get(key);
  if (hashed === undefined) {
    hashed = hash('sha256', key, 'hex');
    if (recentHashes.size >= 16) recentHashes.clear();
    recentHashes.set(key, hashed);
  }
  return hashed;
}
