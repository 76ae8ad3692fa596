/**
 * A fake Google OAuth 2.0 token endpoint (`POST /token`, form-encoded), for tests of
 * service-account and authorized-user credentials:
 *
 * - `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`: the JWT must be
 *   RS256, signed by the service account's private key (checked against its public key),
 *   issued by its `client_email`, unexpired and asking for a scope; otherwise Google's
 *   `400 {"error":"invalid_grant"}`.
 * - `grant_type=refresh_token` with the expected client id, secret and refresh token.
 *
 * Also {@link createServiceAccount}: a fresh RSA key pair and the service-account JSON naming
 * this endpoint as its `token_uri`.
 */
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from '../support/loopback-server.ts';

/** A verified JWT assertion's claims. */
export interface VerifiedAssertion {
  iss: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
}

export interface FakeGoogleOAuth {
  /** `http://127.0.0.1:PORT/token`. */
  readonly tokenUri: string;
  /** Claims of every assertion that verified. */
  readonly assertions: VerifiedAssertion[];
  /** Every token handed out, in order. */
  readonly tokens: string[];
  /** Requests refused (bad signature, wrong issuer, …). */
  readonly refused: string[];
  close(): Promise<void>;
}

export interface FakeGoogleOAuthOptions {
  /** Service accounts allowed to sign: client_email → public key (PEM or KeyObject). */
  serviceAccounts?: Record<string, string | KeyObject>;
  /** An authorized user allowed to refresh. */
  user?: { clientId: string; clientSecret: string; refreshToken: string };
}

/** Starts the fake token endpoint on 127.0.0.1 with a random port. */
export async function startFakeGoogleOAuth(options: FakeGoogleOAuthOptions): Promise<FakeGoogleOAuth> {
  const assertions: VerifiedAssertion[] = [];
  const tokens: string[] = [];
  const refused: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/token') return reply(404, { error: 'not_found' });
      const problem = checkGrant(form, options, assertions);
      if (problem !== undefined) {
        refused.push(problem);
        return reply(400, { error: 'invalid_grant', error_description: problem });
      }
      const token = `ya29.fake-oauth-token-${tokens.length + 1}`;
      tokens.push(token);
      return reply(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
    });
  });
  const port = await listenOnLoopback(server);
  return {
    tokenUri: `http://127.0.0.1:${port}/token`,
    assertions,
    tokens,
    refused,
    close: () => closeServer(server),
  };
}

function checkGrant(form: URLSearchParams, options: FakeGoogleOAuthOptions, assertions: VerifiedAssertion[]): string | undefined {
  const grant = form.get('grant_type');
  if (grant === 'refresh_token') {
    const user = options.user;
    const ok = user !== undefined && form.get('client_id') === user.clientId && form.get('client_secret') === user.clientSecret && form.get('refresh_token') === user.refreshToken;
    return ok ? undefined : 'Bad refresh token or client.';
  }
  if (grant !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return `Unsupported grant type ${grant ?? ''}`;
  const [header, payload, signature] = (form.get('assertion') ?? '').split('.');
  if (header === undefined || payload === undefined || signature === undefined) return 'Malformed assertion.';
  const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
  if (head.alg !== 'RS256') return `Unsupported JWT algorithm ${head.alg ?? ''}`;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as VerifiedAssertion;
  const key = options.serviceAccounts?.[claims.iss];
  if (key === undefined) return `Unknown service account ${claims.iss}`;
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key;
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return 'Invalid JWT Signature.';
  if (typeof claims.scope !== 'string' || claims.scope === '') return 'No scope in the assertion.';
  if (claims.exp * 1000 < Date.now()) return 'Expired JWT.';
  assertions.push(claims);
  return undefined;
}

/** A fresh service account: its JSON key file (naming `tokenUri`) and its public key. */
export function createServiceAccount(args: { tokenUri: string; email?: string; projectId?: string }): { json: Record<string, string>; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const email = args.email ?? 'switchyard-test@fake-project.iam.gserviceaccount.com';
  return {
    publicKey,
    json: {
      type: 'service_account',
      project_id: args.projectId ?? 'fake-sa-project',
      private_key_id: 'fake-key-id-0001',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: args.tokenUri,
    },
  };
}
