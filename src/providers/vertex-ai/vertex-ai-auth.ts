import { readFileSync } from 'node:fs';
import { GoogleAuth, type AuthClient } from 'google-auth-library';
import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { redactSecrets } from '../../provider-kit/redact-secrets.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';

/** The OAuth scope Vertex AI needs. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** Where google-auth-library sends service-account and refresh-token grants, whatever the JSON says. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** Credential fields that are secrets: kept out of every error message. */
const SECRET_FIELDS = ['private_key', 'client_secret', 'refresh_token'];

/** How a deployment authenticates: parsed `vertex_credentials`, or Application Default Credentials. */
interface CredentialSource {
  /** Cache key: the raw credentials text, or '' for ADC. */
  key: string;
  json: Record<string, unknown> | undefined;
}

/** One GoogleAuth per distinct credentials; the library caches and refreshes tokens itself. */
const authCache = new Map<string, { auth: GoogleAuth; client: Promise<AuthClient>; secrets: string[] }>();

/**
 * A Google OAuth access token for the deployment, scope cloud-platform. `vertex_credentials`
 * (a JSON string, a path to a JSON file, or an object: `service_account`, `authorized_user`
 * or `external_account`) wins; otherwise Application Default Credentials
 * (GOOGLE_APPLICATION_CREDENTIALS, gcloud's file, or the GCE / GKE metadata server). One
 * auth client per distinct credentials is kept for the process; google-auth-library caches
 * the token and refreshes it before it expires. Failures are 401s that never carry a
 * token or a key.
 */
export async function vertexAccessToken(deployment: Deployment): Promise<string> {
  const entry = authFor(deployment);
  try {
    const client = await entry.client;
    const { token } = await client.getAccessToken();
    if (typeof token !== 'string' || token === '') throw new Error('the credentials gave no access token');
    return token;
  } catch (error) {
    throw authError(error, entry.secrets);
  }
}

/**
 * The project to call when neither `vertex_project` nor VERTEXAI_PROJECT / GOOGLE_CLOUD_PROJECT
 * names one: the credentials' own (`project_id` / `quota_project_id`, or the metadata server's).
 */
export async function vertexCredentialsProject(deployment: Deployment): Promise<string | undefined> {
  try {
    return (await authFor(deployment).auth.getProjectId()) ?? undefined;
  } catch {
    return undefined;
  }
}

function authFor(deployment: Deployment): { auth: GoogleAuth; client: Promise<AuthClient>; secrets: string[] } {
  const source = credentialSource(deployment.params['vertex_credentials']);
  const cached = authCache.get(source.key);
  if (cached !== undefined) return cached;
  const auth = new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE], ...(source.json === undefined ? {} : { credentials: source.json }) });
  const tokenUri = source.json?.['token_uri'];
  const client = auth.getClient().then((authClient) => {
    if (typeof tokenUri === 'string' && tokenUri !== GOOGLE_TOKEN_URL) honourTokenUri(authClient, tokenUri);
    return authClient;
  });
  // A failed client creation is reported to the calls waiting on it, and forgotten so the next call tries again.
  client.catch(() => {
    if (authCache.get(source.key)?.client === client) authCache.delete(source.key);
  });
  const secrets = SECRET_FIELDS.map((field) => source.json?.[field]).filter((value): value is string => typeof value === 'string');
  const entry = { auth, client, secrets };
  authCache.set(source.key, entry);
  return entry;
}

/**
 * google-auth-library always posts service-account (JWT) and refresh-token grants to Google's
 * token URL; the credentials' `token_uri` (a private endpoint, a test fake) is honoured by
 * redirecting those requests, as Google's Python library — and so LiteLLM — does.
 */
function honourTokenUri(client: AuthClient, tokenUri: string): void {
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(tokenUri);
      return options;
    },
  });
}

function credentialSource(value: unknown): CredentialSource {
  if (value === undefined || value === null || value === '') return { key: '', json: undefined };
  if (isRecord(value)) return { key: JSON.stringify(value), json: value };
  if (typeof value !== 'string') throw configError('vertex_credentials must be a JSON string, a path to a JSON file, or an object');
  const text = value.trimStart().startsWith('{') ? value : readCredentialsFile(value);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw configError('vertex_credentials is not valid JSON');
  }
  if (!isRecord(json) || typeof json['type'] !== 'string') throw configError('vertex_credentials has no "type" (service_account, authorized_user or external_account)');
  return { key: text, json };
}

function readCredentialsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw configError(`vertex_credentials: cannot read the file "${path}"`);
  }
}

function configError(detail: string): GatewayError {
  return new GatewayError('upstream_authentication', `litellm.AuthenticationError: VertexAIException - ${detail}`);
}

/** The library's error as a 401; its message only (the error object may hold the signed assertion). */
function authError(error: unknown, secrets: readonly string[]): GatewayError {
  if (error instanceof GatewayError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new GatewayError(
    'upstream_authentication',
    redactSecrets(`litellm.AuthenticationError: VertexAIException - could not get a Google access token: ${detail}`, secrets),
  );
}
