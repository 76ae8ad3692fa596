import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a dashboard session lasts. */
export const UI_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const PREFIX = 'sy-ui.';

/**
 * Short-lived admin sessions for the dashboard (`POST /ui/login`): `sy-ui.<expiry>.<nonce>.<mac>`,
 * an HMAC-SHA256 signed with a secret derived from the master key. Nothing is stored: every
 * replica with the same master key accepts the token until it expires; changing the master key
 * ends every session. The master key itself never reaches the browser's storage.
 */
export class UiSessions {
  readonly #secret: Buffer;
  readonly #now: () => number;

  constructor(options: { masterKey: string; now?: () => number }) {
    this.#secret = hash('sha256', `switchyard-ui-session\0${options.masterKey}`, 'buffer');
    this.#now = options.now ?? Date.now;
  }

  /** A new session token and when it expires. */
  issue(): { token: string; expiresAt: Date } {
    const expires = this.#now() + UI_SESSION_TTL_MS;
    const body = `${PREFIX}${expires}.${randomBytes(12).toString('base64url')}`;
    return { token: `${body}.${this.#mac(body)}`, expiresAt: new Date(expires) };
  }

  /** Whether `presented` looks like a session token (cheap; no crypto). */
  static isSessionToken(presented: string): boolean {
    return presented.startsWith(PREFIX);
  }

  /** Whether `presented` is an unexpired token this gateway signed. */
  verify(presented: string): boolean {
    const cut = presented.lastIndexOf('.');
    if (!UiSessions.isSessionToken(presented) || cut < 0) return false;
    const body = presented.slice(0, cut);
    const expires = Number(body.slice(PREFIX.length).split('.')[0]);
    if (!Number.isFinite(expires) || expires <= this.#now()) return false;
    const given = Buffer.from(presented.slice(cut + 1));
    const wanted = Buffer.from(this.#mac(body));
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url');
  }
}
