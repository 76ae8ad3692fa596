import { hash } from 'node:crypto';

/** LiteLLM's stored form of a virtual key: unsalted SHA-256, lowercase hex. The key itself is never stored. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** True when the value already looks like a stored hash (64 hex chars) rather than an `sk-` key. */
export function isApiKeyHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** A key or its hash → the hash (management calls accept either). */
export function toApiKeyHash(keyOrHash: string): string {
  return isApiKeyHash(keyOrHash) ? keyOrHash : hashApiKey(keyOrHash);
}

/** `sk-...abcd`, LiteLLM's `key_name`: enough to recognise a key, never enough to use it. */
export function keyDisplayName(key: string): string {
  return `sk-...${key.slice(-4)}`;
}
