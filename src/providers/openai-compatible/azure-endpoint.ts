import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { OPENAI_PATHS, extraHeaders, firstEnv, trimSlash, type OpenAICompatibleEndpoint } from './openai-compatible-endpoint.ts';

/** Used when neither litellm_params.api_version nor AZURE_API_VERSION is set. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** api_version values that select Azure's v1 API (`{api_base}/openai/v1/...`, model in the body). */
const V1_VERSIONS = new Set(['v1', 'latest', 'preview']);

/**
 * Azure OpenAI: `{api_base}/openai/deployments/{deployment}/chat/completions?api-version=…`
 * with the key in the `api-key` header, or a static Entra ID token (`azure_ad_token`) as a
 * bearer token. The deployment name is the part after `azure/`.
 */
export function createAzureEndpoint(): OpenAICompatibleEndpoint {
  const apiKey = (d: Deployment): string | undefined => d.params.api_key ?? firstEnv(['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY']);
  const adToken = (d: Deployment): string | undefined => {
    const token = d.params['azure_ad_token'] ?? firstEnv(['AZURE_AD_TOKEN']);
    return typeof token === 'string' ? token : undefined;
  };
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
    headers(d) {
      const headers = extraHeaders(d);
      const key = apiKey(d);
      if (key !== undefined) headers['api-key'] = key;
      else {
        const token = adToken(d);
        if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
      }
      return headers;
    },
    bodyModel: (d) => d.providerModel,
    secrets: (d) => [apiKey(d), adToken(d)],
  };
}
