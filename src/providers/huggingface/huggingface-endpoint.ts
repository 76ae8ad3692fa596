import type { Deployment } from '../../spec/deployment.ts';
import { extraHeaders, firstEnv, type OpenAICompatibleEndpoint } from '../openai-compatible/openai-compatible-endpoint.ts';
import { HF_ROUTER_BASE, huggingFaceBodyModel, huggingFaceChatUrl, huggingFaceTarget } from './huggingface-model.ts';

/** `api_key`, else `HF_TOKEN`, else `HUGGINGFACE_API_KEY`. */
export function huggingFaceToken(deployment: Deployment): string | undefined {
  return deployment.params.api_key ?? firstEnv(['HF_TOKEN', 'HUGGINGFACE_API_KEY']);
}

/** Headers for every Hugging Face call: `extra_headers` and the token as a bearer token. */
export function huggingFaceHeaders(deployment: Deployment): Record<string, string> {
  const headers = extraHeaders(deployment);
  const token = huggingFaceToken(deployment);
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  return headers;
}

/** Where and how the OpenAI-compatible base calls Hugging Face chat (router or TGI endpoint). */
export function createHuggingFaceEndpoint(): OpenAICompatibleEndpoint {
  return {
    url: (d) => huggingFaceChatUrl(huggingFaceTarget(d)),
    apiBase(d) {
      const target = huggingFaceTarget(d);
      return target.kind === 'endpoint' ? target.base : `${HF_ROUTER_BASE}/v1`;
    },
    headers: huggingFaceHeaders,
    bodyModel: (d) => huggingFaceBodyModel(huggingFaceTarget(d)),
    secrets: (d) => [huggingFaceToken(d)],
  };
}
