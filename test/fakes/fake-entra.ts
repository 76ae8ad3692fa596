/**
 * A fake Microsoft Entra ID authority for tests, over HTTPS on 127.0.0.1 (MSAL refuses
 * plain-http authorities): the tenant's OpenID configuration and the v2.0 token endpoint
 * (client credentials with a client secret, or with a client assertion — the workload
 * identity's federated token). It checks the client, the credential and the scope, answers
 * tokens `entra-token-<n>`, and an Entra-style error body otherwise. Point `@azure/identity`
 * at it with `AZURE_AUTHORITY_HOST` and trust its certificate with {@link FakeEntra.trust}.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { closeServer, listenOnLoopback, sendJson } from '../support/loopback-server.ts';

/** A token request as the fake received it (form fields). */
export interface EntraTokenRequest {
  tenant: string;
  fields: Record<string, string>;
}

export interface FakeEntraOptions {
  tenantId: string;
  clientId: string;
  /** Accepted client secret (client-secret flow). */
  clientSecret?: string;
  /** Accepted client assertion (workload identity: the federated token file's content). */
  clientAssertion?: string;
  /** Seconds a token lives; default 3599. */
  expiresIn?: number;
}

export interface FakeEntra {
  /** `https://127.0.0.1:PORT` — the authority host. */
  readonly url: string;
  readonly tokenRequests: EntraTokenRequest[];
  /** Adds the fake's self-signed certificate to this process's default trusted CAs. */
  trust(): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, { status, body });
}

/** A fresh self-signed certificate for 127.0.0.1, made with the openssl CLI. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-entra-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function entraError(code: string, description: string): Record<string, unknown> {
  return { error: code, error_description: description, error_codes: [7000215], timestamp: new Date().toISOString(), trace_id: 'fake-trace', correlation_id: 'fake-correlation' };
}

/** Starts the fake authority. Always `close()` it. */
export async function startFakeEntra(options: FakeEntraOptions): Promise<FakeEntra> {
  const { key, cert } = selfSigned();
  const tokenRequests: EntraTokenRequest[] = [];
  let issued = 0;
  let url = '';

  const server: Server = createServer({ key, cert }, (req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const path = new URL(req.url ?? '/', 'https://fake.invalid').pathname;
      const parts = path.split('/').filter(Boolean);
      const tenant = parts[0] ?? '';
      if (req.method === 'GET' && path.endsWith('/v2.0/.well-known/openid-configuration')) {
        return send(res, 200, {
          token_endpoint: `${url}/${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${url}/${tenant}/oauth2/v2.0/logout`,
          issuer: `${url}/${tenant}/v2.0`,
          jwks_uri: `${url}/${tenant}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        });
      }
      if (req.method !== 'POST' || !path.endsWith('/oauth2/v2.0/token')) return send(res, 404, entraError('not_found', `AADSTS90002: no route ${path}`));
      const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      tokenRequests.push({ tenant, fields });
      if (tenant !== options.tenantId) return send(res, 400, entraError('invalid_tenant', `AADSTS90002: Tenant '${tenant}' not found.`));
      if (fields['grant_type'] !== 'client_credentials') return send(res, 400, entraError('unsupported_grant_type', 'AADSTS70003: unsupported grant type'));
      if (fields['client_id'] !== options.clientId) return send(res, 400, entraError('unauthorized_client', `AADSTS700016: Application with identifier '${fields['client_id'] ?? ''}' was not found.`));
      const secretOk = options.clientSecret !== undefined && fields['client_secret'] === options.clientSecret;
      const assertionOk = options.clientAssertion !== undefined &&
        fields['client_assertion'] === options.clientAssertion &&
        fields['client_assertion_type'] === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
      if (!secretOk && !assertionOk) return send(res, 401, entraError('invalid_client', 'AADSTS7000215: Invalid client secret provided.'));
      if (!(fields['scope'] ?? '').split(' ').includes('https://cognitiveservices.azure.com/.default')) {
        return send(res, 400, entraError('invalid_scope', `AADSTS70011: The provided value for scope ${fields['scope'] ?? ''} is not valid.`));
      }
      issued += 1;
      const expiresIn = options.expiresIn ?? 3599;
      return send(res, 200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: `entra-token-${issued}` });
    })().catch(() => res.destroy());
  });
  url = `https://127.0.0.1:${await listenOnLoopback(server)}`;
  return {
    url,
    tokenRequests,
    trust() {
      tls.setDefaultCACertificates([...tls.getCACertificates('default'), cert]);
    },
    close: () => closeServer(server),
  };
}
