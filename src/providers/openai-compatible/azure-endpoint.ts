import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { ambientAzureEntraAuth, azureEntraSecrets, explicitAzureEntraAuth, getAzureEntraToken, type AzureEntraAuth } from './azure-entra-token.ts';
import { OPENAI_PATHS, extraHeaders, firstEnv, trimSlash, type OpenAICompatibleEndpoint } from './openai-compatible-endpoint.ts';

/** Used when neither litellm_params.api_version nor AZURE_API_VERSION is set. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** api_version values that select Azure's v1 API (`{api_base}/openai/v1/...`, model in the body). */
const V1_VERSIONS = new Set(['v1', 'latest', 'preview']);

/** How one call authenticates. */
type AzureAuth =
  | { kind: 'api-key'; key: string }
  | { kind: 'token'; token: string }
  | { kind: 'entra'; auth: AzureEntraAuth }
  | { kind: 'none' };

function stringParam(d: Deployment, name: string): string | undefined {
  const value = d.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The deployment's auth, most specific first: `api_key`; a static `azure_ad_token`; Entra ID
 * configured on the deployment (client secret, username/password, managed identity); then
 * the environment: `AZURE_API_KEY`, `AZURE_AD_TOKEN`, `AZURE_CREDENTIAL` / workload identity.
 */
function azureAuth(d: Deployment): AzureAuth {
  if (d.params.api_key !== undefined && d.params.api_key !== '') return { kind: 'api-key', key: d.params.api_key };
  const token = stringParam(d, 'azure_ad_token');
  if (token !== undefined) return staticToken(d, token);
  const explicit = explicitAzureEntraAuth(d);
  if (explicit !== undefined) return { kind: 'entra', auth: explicit };
  const envKey = firstEnv(['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY']);
  if (envKey !== undefined) return { kind: 'api-key', key: envKey };
  const envToken = firstEnv(['AZURE_AD_TOKEN']);
  if (envToken !== undefined) return staticToken(d, envToken);
  const ambient = ambientAzureEntraAuth(d);
  return ambient === undefined ? { kind: 'none' } : { kind: 'entra', auth: ambient };
}

function staticToken(d: Deployment, token: string): AzureAuth {
  if (token.startsWith('oidc/')) {
    throw new GatewayError('not_implemented', `azure/ deployment "${d.modelName}": oidc/ azure_ad_token values (secret-manager OIDC) are not supported; use workload identity instead`);
  }
  return { kind: 'token', token };
}

/**
 * Azure OpenAI: `{api_base}/openai/deployments/{deployment}/chat/completions?api-version=…`
 * with the key in the `api-key` header, or an Entra ID token as a bearer token: static
 * (`azure_ad_token`) or fetched and refreshed by `@azure/identity` (client secret,
 * username/password, workload identity, managed identity, DefaultAzureCredential). The
 * deployment name is the part after `azure/`.
 */
export function createAzureEndpoint(): OpenAICompatibleEndpoint {
  const apiVersion = (d: Deployment): string => d.params.api_version ?? firstEnv(['AZURE_API_VERSION']) ?? DEFAULT_AZURE_API_VERSION;
  const apiBase = (d: Deployment): string => {
    const base = d.params.api_base ?? firstEnv(['AZURE_API_BASE', 'AZURE_OPENAI_ENDPOINT']);
    if (base === undefined) {
      throw new GatewayError(
        'internal',
        `azure/ deployment "${d.modelName}" has no api_base: set litellm_params.api_base or AZURE_API_BASE`,
      );
    }
    return trimSlash(base).replace(/\/openai(\/v1)?$/, '');
  };
  return {
    apiBase,
    url(d, call) {
      const version = apiVersion(d);
      if (V1_VERSIONS.has(version)) return `${apiBase(d)}/openai/v1${OPENAI_PATHS[call]}`;
      const deployment = encodeURIComponent(d.providerModel);
      return `${apiBase(d)}/openai/deployments/${deployment}${OPENAI_PATHS[call]}?api-version=${encodeURIComponent(version)}`;
    },
    async headers(d) {
      const headers = extraHeaders(d);
      const auth = azureAuth(d);
      switch (auth.kind) {
        case 'api-key':
          headers['api-key'] = auth.key;
          break;
        case 'token':
          headers['authorization'] = `Bearer ${auth.token}`;
          break;
        case 'entra':
          headers['authorization'] = `Bearer ${await getAzureEntraToken(d, auth.auth)}`;
          break;
        case 'none':
          break;
        default:
          return auth satisfies never;
      }
      return headers;
    },
    bodyModel: (d) => d.providerModel,
    secrets: (d) => [
      d.params.api_key,
      stringParam(d, 'azure_ad_token'),
      firstEnv(['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY']),
      firstEnv(['AZURE_AD_TOKEN']),
      ...azureEntraSecrets(explicitAzureEntraAuth(d)),
    ],
  };
}
