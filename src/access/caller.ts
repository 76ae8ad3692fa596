import type { KeyRecord } from '../storage/key-repository.ts';

/**
 * Who is calling, decided once per request by the auth hook:
 * - `open`: no master key is configured, so every caller is let in (as LiteLLM does);
 * - `master`: the master key (admin);
 * - `virtual`: a virtual key, with its stored record (from the key cache).
 */
export type Caller =
  | { readonly kind: 'open' }
  | { readonly kind: 'master' }
  | { readonly kind: 'virtual'; readonly hash: string; readonly key: KeyRecord };

/** Whether the caller may use the management routes (LiteLLM: master key or an admin role). */
export function isAdmin(caller: Caller): boolean {
  if (caller.kind !== 'virtual') return true;
  const role = caller.key.metadata['user_role'] ?? caller.key.permissions['user_role'];
  return role === 'proxy_admin';
}
