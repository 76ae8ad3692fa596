import type { TokenCredential } from '@azure/identity';
import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { redactSecrets } from '../../provider-kit/redact-secrets.ts';
import { firstEnv } from './openai-compatible-endpoint.ts';

/** The token scope for Azure OpenAI unless `azure_scope` / `AZURE_SCOPE` says otherwise. */
export const DEFAULT_AZURE_SCOPE = 'https://cognitiveservices.azure.com/.default';

/**
 * How a deployment gets its Entra ID token, when it has no API key:
 * - `client-secret`: `tenant_id` + `client_id` + `client_secret` (ClientSecretCredential);
 * - `username-password`: `azure_username` + `azure_password` + `client_id`;
 * - `workload-identity`: AKS workload identity (`AZURE_FEDERATED_TOKEN_FILE`, `AZURE_CLIENT_ID`,
 *   `AZURE_TENANT_ID`), picked when those are set and nothing more specific is configured;
 * - `managed-identity`: `azure_use_managed_identity: true` (optional `client_id` for a
 *   user-assigned identity) or `AZURE_CREDENTIAL=ManagedIdentityCredential`;
 * - `default`: `enable_azure_ad_token_refresh: true` or `AZURE_CREDENTIAL=DefaultAzureCredential`.
 */
export type AzureEntraAuth =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'username-password'; tenantId: string; clientId: string; username: string; password: string }
  | { kind: 'workload-identity'; tenantId: string; clientId: string; tokenFile: string }
  | { kind: 'managed-identity'; clientId: string | undefined }
  | { kind: 'default' };

function param(d: Deployment, name: string): string | undefined {
  const value = d.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The Entra ID method a deployment's own params name (client secret, username/password, managed identity). */
export function explicitAzureEntraAuth(d: Deployment): AzureEntraAuth | undefined {
  const tenantId = param(d, 'tenant_id');
  const clientId = param(d, 'client_id');
  const clientSecret = param(d, 'client_secret');
  if (tenantId !== undefined && clientId !== undefined && clientSecret !== undefined) return { kind: 'client-secret', tenantId, clientId, clientSecret };
  const username = param(d, 'azure_username');
  const password = param(d, 'azure_password');
  if (username !== undefined && password !== undefined && clientId !== undefined) {
    return { kind: 'username-password', tenantId: tenantId ?? 'organizations', clientId, username, password };
  }
  if (d.params['azure_use_managed_identity'] === true) return { kind: 'managed-identity', clientId };
  return undefined;
}

/**
 * The Entra ID method the environment provides, for a deployment with no key or token at
 * all: `AZURE_CREDENTIAL` (or `azure_credential`) names the credential class as in LiteLLM;
 * else AKS workload identity when its variables are set; else DefaultAzureCredential when
 * `enable_azure_ad_token_refresh: true`.
 */
export function ambientAzureEntraAuth(d: Deployment): AzureEntraAuth | undefined {
  const clientId = param(d, 'client_id');
  const envTenant = firstEnv(['AZURE_TENANT_ID']);
  const envClient = firstEnv(['AZURE_CLIENT_ID']);
  const tokenFile = firstEnv(['AZURE_FEDERATED_TOKEN_FILE']);
  const named = param(d, 'azure_credential') ?? firstEnv(['AZURE_CREDENTIAL']);
  const workload = envTenant !== undefined && envClient !== undefined && tokenFile !== undefined
    ? { kind: 'workload-identity' as const, tenantId: envTenant, clientId: clientId ?? envClient, tokenFile }
    : undefined;
  switch (named) {
    case 'ManagedIdentityCredential':
      return { kind: 'managed-identity', clientId: clientId ?? envClient };
    case 'DefaultAzureCredential':
      return { kind: 'default' };
    case 'WorkloadIdentityCredential':
      return workload;
    case 'ClientSecretCredential': {
      const secret = firstEnv(['AZURE_CLIENT_SECRET']);
      if (envTenant !== undefined && envClient !== undefined && secret !== undefined) {
        return { kind: 'client-secret', tenantId: envTenant, clientId: envClient, clientSecret: secret };
      }
      return undefined;
    }
    default:
      if (workload !== undefined) return workload;
      return d.params['enable_azure_ad_token_refresh'] === true ? { kind: 'default' } : undefined;
  }
}

/** Secret values of an auth method that must never reach a message. */
export function azureEntraSecrets(auth: AzureEntraAuth | undefined): string[] {
  if (auth?.kind === 'client-secret') return [auth.clientSecret];
  if (auth?.kind === 'username-password') return [auth.password];
  return [];
}

type TokenProvider = () => Promise<string>;

/** One token provider per identity and scope (deployments sharing an identity share its token); it caches and refreshes. */
const providers = new Map<string, Promise<TokenProvider>>();

/**
 * A bearer token for the deployment. `@azure/identity` is loaded on first use only (no cost
 * for deployments with keys); `getBearerTokenProvider` reuses a token until shortly before it
 * expires and refreshes it once for all concurrent callers. A failure is a 401
 * AuthenticationError that names the method, with secrets removed.
 */
export async function getAzureEntraToken(d: Deployment, auth: AzureEntraAuth): Promise<string> {
  const scope = param(d, 'azure_scope') ?? firstEnv(['AZURE_SCOPE']) ?? DEFAULT_AZURE_SCOPE;
  const key = JSON.stringify([auth, scope]);
  let provider = providers.get(key);
  if (provider === undefined) {
    provider = createTokenProvider(auth, scope);
    providers.set(key, provider);
    provider.catch(() => providers.delete(key));
  }
  try {
    return await (await provider)();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GatewayError(
      'upstream_authentication',
      redactSecrets(`litellm.AuthenticationError: AzureException - could not get an Entra ID token (${auth.kind}): ${detail}`, azureEntraSecrets(auth)),
      { cause: error },
    );
  }
}

async function createTokenProvider(auth: AzureEntraAuth, scope: string): Promise<TokenProvider> {
  const identity = await import('@azure/identity');
  const options = { disableInstanceDiscovery: isPrivateAuthority(process.env['AZURE_AUTHORITY_HOST']) };
  let credential: TokenCredential;
  switch (auth.kind) {
    case 'client-secret':
      credential = new identity.ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, options);
      break;
    case 'username-password':
      credential = new identity.UsernamePasswordCredential(auth.tenantId, auth.clientId, auth.username, auth.password, options);
      break;
    case 'workload-identity':
      credential = new identity.WorkloadIdentityCredential({ tenantId: auth.tenantId, clientId: auth.clientId, tokenFilePath: auth.tokenFile, ...options });
      break;
    case 'managed-identity':
      credential = auth.clientId === undefined ? new identity.ManagedIdentityCredential() : new identity.ManagedIdentityCredential({ clientId: auth.clientId });
      break;
    case 'default':
      credential = new identity.DefaultAzureCredential();
      break;
    default:
      return auth satisfies never;
  }
  return identity.getBearerTokenProvider(credential, scope);
}

/** Microsoft's public and sovereign-cloud authority hosts, which instance discovery knows. */
const PUBLIC_AUTHORITY_HOSTS: ReadonlySet<string> = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.microsoftonline.de',
]);

/**
 * An `AZURE_AUTHORITY_HOST` outside Microsoft's clouds (Azure Stack, a private or test
 * authority) cannot be validated by instance discovery, which asks the public cloud.
 */
function isPrivateAuthority(host: string | undefined): boolean {
  if (host === undefined || host === '') return false;
  try {
    return !PUBLIC_AUTHORITY_HOSTS.has(new URL(host).hostname);
  } catch {
    return false;
  }
}
