import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { OPENAI_PATHS, extraHeaders, firstEnv, trimSlash, type OpenAICompatibleEndpoint } from './openai-compatible-endpoint.ts';
import type { OpenAICompatiblePreset } from './openai-compatible-preset.ts';

/**
 * The usual OpenAI-compatible endpoint: `{api_base}/chat/completions` with
 * `Authorization: Bearer {api_key}`. api_base and api_key come from litellm_params, else
 * from the preset's environment variables, else the preset's default base.
 */
export function createBearerEndpoint(preset: OpenAICompatiblePreset): OpenAICompatibleEndpoint {
  const apiKey = (d: Deployment): string | undefined => d.params.api_key ?? firstEnv(preset.apiKeyEnv);
  const apiBase = (d: Deployment): string => {
    const base = d.params.api_base ?? firstEnv(preset.apiBaseEnv ?? []) ?? preset.defaultApiBase;
    if (base === undefined) {
      throw new GatewayError(
        'internal',
        `${preset.id}/ deployment "${d.modelName}" has no api_base: set litellm_params.api_base`,
      );
    }
    return trimSlash(base);
  };
  return {
    apiBase,
    url: (d, call) => apiBase(d) + OPENAI_PATHS[call],
    headers(d) {
      const headers = extraHeaders(d);
      const key = apiKey(d);
      if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
      if (typeof d.params.organization === 'string') headers['openai-organization'] = d.params.organization;
      return headers;
    },
    bodyModel: (d) => d.providerModel,
    secrets: (d) => [apiKey(d)],
  };
}
