import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { extraHeaders, firstEnv, trimSlash } from '../openai-compatible/openai-compatible-endpoint.ts';
import type { GeminiEndpoint, GeminiMethod } from './gemini-endpoint.ts';

/** Where AI Studio lives when neither `api_base` nor GEMINI_API_BASE says otherwise. */
export const DEFAULT_GEMINI_API_BASE = 'https://generativelanguage.googleapis.com';

/** Environment variables that may hold the AI Studio key, first set wins. */
export const GEMINI_API_KEY_ENV = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

/** A base that already names an API version (`…/v1beta`, `…/v1`, `…/v1alpha`). */
const VERSIONED_BASE = /\/v\d+(?:alpha|beta)?\d*$/;

/**
 * The AI Studio URL of a model method:
 * `{base}/v1beta/models/{model}:{method}`, with `?alt=sse` for streams. A base that already
 * ends in an API version (a Cloudflare AI Gateway URL, LiteLLM's newer `api_base` style) gets
 * `/models/{model}:{method}` appended as is.
 */
export function geminiAiStudioUrl(args: { base: string; model: string; method: GeminiMethod }): string {
  const base = trimSlash(args.base);
  const root = VERSIONED_BASE.test(base) ? base : `${base}/v1beta`;
  const name = /^(?:models|tunedModels)\//.test(args.model) ? args.model : `models/${args.model}`;
  const query = args.method === 'streamGenerateContent' ? '?alt=sse' : '';
  return `${root}/${name}:${args.method}${query}`;
}

/**
 * Google AI Studio (`gemini/`): the key from `api_key`, else GEMINI_API_KEY / GOOGLE_API_KEY,
 * always in the `x-goog-api-key` header — never in the URL, where it would reach logs.
 */
export function createGeminiAiStudioEndpoint(): GeminiEndpoint {
  const apiKey = (d: Deployment): string | undefined => d.params.api_key ?? firstEnv(GEMINI_API_KEY_ENV);
  const apiBase = (d: Deployment): string => trimSlash(d.params.api_base ?? firstEnv(['GEMINI_API_BASE']) ?? DEFAULT_GEMINI_API_BASE);
  return {
    flavor: 'ai_studio',
    providerName: 'Gemini',
    apiBase,
    async target(d, method) {
      const key = apiKey(d);
      if (key === undefined) {
        throw new GatewayError(
          'upstream_authentication',
          `litellm.AuthenticationError: GeminiException - deployment "${d.modelName}" has no API key: set litellm_params.api_key or GEMINI_API_KEY`,
        );
      }
      return {
        url: geminiAiStudioUrl({ base: apiBase(d), model: d.providerModel, method }),
        headers: { ...extraHeaders(d), 'x-goog-api-key': key },
        secrets: [key],
      };
    },
  };
}
