import { randomBytes } from 'node:crypto';

/** A new virtual key: `sk-` and 22 URL-safe characters (128 random bits), as LiteLLM makes them. */
export function generateVirtualKey(): string {
  return `sk-${randomBytes(16).toString('base64url')}`;
}
