import { hash, timingSafeEqual } from 'node:crypto';

/**
 * The master key, kept only as its SHA-256 digest. Comparing digests of equal length with
 * timingSafeEqual takes the same time whatever the presented key is, including its length.
 */
export class MasterKey {
  readonly #digest: Buffer;

  constructor(key: string) {
    this.#digest = sha256(key);
  }

  matches(presented: string): boolean {
    return timingSafeEqual(this.#digest, sha256(presented));
  }
}

/** One-shot `crypto.hash` (several times cheaper than createHash().update().digest() per call). */
function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

/** `sk-...wxyz`: how LiteLLM shows a key in messages without revealing it. */
export function abbreviateKey(key: string): string {
  return key.length <= 8 ? 'sk-...' : `sk-...${key.slice(-4)}`;
}
