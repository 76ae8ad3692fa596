import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';

/**
 * At-rest encryption of stored `litellm_params` values, readable by LiteLLM and from LiteLLM:
 * new values are LiteLLM's current format, `v3:gcm:` + base64url(nonce(12) ‖ ciphertext ‖ tag(16))
 * under AES-256-GCM with an HKDF-SHA256 key (info `litellm-at-rest-v3`) derived from
 * `LITELLM_SALT_KEY`, else the master key. Reads also take `v2:gcm:` (key = SHA-256 of the
 * signing key) and the legacy unprefixed NaCl SecretBox values older LiteLLM versions wrote.
 */
const V3 = 'v3:gcm:';
const V2 = 'v2:gcm:';
const HKDF_INFO = Buffer.from('litellm-at-rest-v3');

export class ModelSecrets {
  readonly #v3Key: Buffer;
  readonly #sha256Key: Buffer;

  constructor(signingKey: string) {
    this.#v3Key = Buffer.from(hkdfSync('sha256', Buffer.from(signingKey), Buffer.alloc(0), HKDF_INFO, 32));
    this.#sha256Key = createHash('sha256').update(signingKey).digest();
  }

  encrypt(value: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#v3Key, nonce);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    // Padded, as Python's urlsafe_b64decode requires.
    return V3 + Buffer.concat([nonce, body]).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
  }

  /** The plaintext, or undefined when `value` is not a ciphertext under this key. */
  decrypt(value: string): string | undefined {
    try {
      if (value.startsWith(V3)) return openGcm(this.#v3Key, value.slice(V3.length));
      if (value.startsWith(V2)) return openGcm(this.#sha256Key, value.slice(V2.length));
      const raw = Buffer.from(value, 'base64url');
      if (raw.length < nacl.secretbox.nonceLength + nacl.secretbox.overheadLength) return undefined;
      const opened = nacl.secretbox.open(raw.subarray(nacl.secretbox.nonceLength), raw.subarray(0, nacl.secretbox.nonceLength), this.#sha256Key);
      return opened === null ? undefined : Buffer.from(opened).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** Every string value encrypted (as LiteLLM stores `litellm_params`); other values kept. */
  encryptParams(params: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? this.encrypt(v) : v]));
  }

  /**
   * Stored params → plain ones. A string that does not decrypt is kept as it is (a value
   * written in clear, as LiteLLM reads them) and named in `undecrypted`.
   */
  decryptParams(params: Record<string, unknown>): { params: Record<string, unknown>; undecrypted: string[] } {
    const undecrypted: string[] = [];
    const plain = Object.fromEntries(Object.entries(params).map(([k, v]) => {
      if (typeof v !== 'string') return [k, v];
      const opened = this.decrypt(v);
      if (opened === undefined && looksEncrypted(v)) undecrypted.push(k);
      return [k, opened ?? v];
    }));
    return { params: plain, undecrypted };
  }
}

function openGcm(key: Buffer, encoded: string): string {
  const raw = Buffer.from(encoded, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}

/** A value in one of the encrypted formats (so failing to open it means a wrong key). */
function looksEncrypted(value: string): boolean {
  return value.startsWith(V3) || value.startsWith(V2) || (value.length >= 56 && /^[A-Za-z0-9_-]+=*$/.test(value));
}
