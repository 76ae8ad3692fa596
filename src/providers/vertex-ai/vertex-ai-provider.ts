import type { Provider } from '../../spec/provider.ts';
import { anthropicUnsupportedParams } from '../anthropic/anthropic-unsupported-params.ts';
import { createGeminiChat, postToGemini } from '../gemini/gemini-chat.ts';
import { unsupportedGeminiParams } from '../gemini/gemini-params.ts';
import { convertToVertexEmbeddingRequest, convertVertexEmbeddingResponse } from './convert-vertex-ai-embedding.ts';
import { convertToVertexImagenRequest, convertVertexImagenResponse } from './convert-vertex-ai-imagen.ts';
import { isVertexClaudeModel, vertexClaudeChat, vertexClaudeStream } from './vertex-ai-claude.ts';
import { createVertexGeminiEndpoint, VERTEX_AI_PROVIDER_NAME } from './vertex-ai-endpoint.ts';

/**
 * LiteLLM's `vertex_ai/` provider. Gemini models chat over
 * `publishers/google/models/{model}:generateContent` / `:streamGenerateContent?alt=sse` (the
 * translation is the `gemini/` provider's); `claude-*` models over Anthropic's partner path
 * (`:rawPredict` / `:streamRawPredict`); embeddings (`text-embedding-*`,
 * `gemini-embedding-*`) and Imagen (`imagen-*`) over `:predict`. Auth is a Google OAuth
 * token from `vertex_credentials` or Application Default Credentials.
 */
export function createVertexAIProvider(): Provider {
  const endpoint = createVertexGeminiEndpoint();
  const gemini = createGeminiChat(endpoint);
  return {
    id: 'vertex_ai',
    displayName: VERTEX_AI_PROVIDER_NAME,
    apiBase: (deployment) => endpoint.apiBase(deployment),
    unsupportedParams(call, body, deployment) {
      if (call === 'chat' && isVertexClaudeModel(deployment.providerModel)) return anthropicUnsupportedParams(body);
      return unsupportedGeminiParams(call, body);
    },
    chat: (request, ctx) => (isVertexClaudeModel(ctx.deployment.providerModel) ? vertexClaudeChat(request, ctx) : gemini.chat(request, ctx)),
    streamChat: (request, ctx) => (isVertexClaudeModel(ctx.deployment.providerModel) ? vertexClaudeStream(request, ctx) : gemini.streamChat(request, ctx)),
    async embedding(request, ctx) {
      const body = convertToVertexEmbeddingRequest(request);
      const { response } = await postToGemini({ endpoint, method: 'predict', body, ctx });
      const answer = convertVertexEmbeddingResponse(await response.json(), {
        inputs: body.instances.length,
        model: ctx.deployment.providerModel,
        base64: request.encoding_format === 'base64',
        providerName: VERTEX_AI_PROVIDER_NAME,
      });
      return { body: answer, headers: response.headers };
    },
    async imageGeneration(request, ctx) {
      const { response } = await postToGemini({ endpoint, method: 'predict', body: convertToVertexImagenRequest(request), ctx });
      return { body: convertVertexImagenResponse(await response.json(), VERTEX_AI_PROVIDER_NAME), headers: response.headers };
    },
  };
}
