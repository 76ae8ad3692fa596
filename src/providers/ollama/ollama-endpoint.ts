import type { Deployment } from '../../spec/deployment.ts';
import type { CallContext } from '../../spec/provider.ts';
import { postToApi, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { extraHeaders, firstEnv, trimSlash } from '../openai-compatible/openai-compatible-endpoint.ts';

/** Where Ollama listens when neither `api_base` nor `OLLAMA_API_BASE` is set. */
export const DEFAULT_OLLAMA_API_BASE = 'http://localhost:11434';

/** The native API paths Switchyard calls. */
export type OllamaPath = '/api/chat' | '/api/generate' | '/api/embed';

/** `litellm_params.api_base`, else `OLLAMA_API_BASE`, else http://localhost:11434. */
export function ollamaApiBase(deployment: Deployment): string {
  return trimSlash(deployment.params.api_base ?? firstEnv(['OLLAMA_API_BASE']) ?? DEFAULT_OLLAMA_API_BASE);
}

/** `litellm_params.api_key`, else `OLLAMA_API_KEY`; usually none (a local Ollama has no auth). */
function ollamaApiKey(deployment: Deployment): string | undefined {
  return deployment.params.api_key ?? firstEnv(['OLLAMA_API_KEY']);
}

export interface PostToOllamaOptions {
  path: OllamaPath;
  body: object;
  ctx: CallContext;
  stream: boolean;
  /** "Ollama" or "Ollama_chat", for messages: "Ollama_chatException - …". */
  providerName: string;
}

/**
 * POSTs a native body to the deployment's Ollama, with `extra_headers` and, when a key is
 * configured (a proxy in front of Ollama, or ollama.com), `Authorization: Bearer`.
 */
export function postToOllama(options: PostToOllamaOptions): Promise<ApiResponse> {
  const d = options.ctx.deployment;
  const headers = extraHeaders(d);
  const key = ollamaApiKey(d);
  if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
  return postToApi({
    url: ollamaApiBase(d) + options.path,
    headers,
    body: options.body,
    ctx: options.ctx,
    stream: options.stream,
    providerName: options.providerName,
    secrets: ollamaSecrets(d),
  });
}

/** Values that must never appear in an error message. */
export function ollamaSecrets(deployment: Deployment): (string | undefined)[] {
  return [ollamaApiKey(deployment)];
}
