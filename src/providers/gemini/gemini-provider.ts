import type { Provider } from '../../spec/provider.ts';
import { createGeminiAiStudioEndpoint } from './gemini-ai-studio-endpoint.ts';
import { createGeminiChat, postToGemini } from './gemini-chat.ts';
import { convertToGeminiBatchEmbedRequest, parseGeminiBatchEmbedResponse, toEmbeddingResponse } from './convert-gemini-embedding.ts';
import { unsupportedGeminiParams } from './gemini-params.ts';

/**
 * LiteLLM's `gemini/` provider: Google AI Studio (the Gemini Developer API). Chat over
 * `POST {api_base}/v1beta/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse`; embeddings over `:batchEmbedContents` (one request per
 * input). The key travels in `x-goog-api-key`, never in the URL. Image generation and
 * legacy completions are not served (the server answers 400).
 */
export function createGeminiProvider(): Provider {
  const endpoint = createGeminiAiStudioEndpoint();
  const chat = createGeminiChat(endpoint);
  return {
    id: 'gemini',
    displayName: endpoint.providerName,
    apiBase: (deployment) => endpoint.apiBase(deployment),
    unsupportedParams: (call, body) => unsupportedGeminiParams(call, body),
    chat: chat.chat,
    streamChat: chat.streamChat,
    async embedding(request, ctx) {
      const body = convertToGeminiBatchEmbedRequest(request, ctx.deployment.providerModel);
      const { response } = await postToGemini({ endpoint, method: 'batchEmbedContents', body, ctx });
      const answer = parseGeminiBatchEmbedResponse(await response.json(), { providerName: endpoint.providerName, inputs: body.requests.length });
      const vectors = answer.embeddings.map((embedding) => embedding.values);
      // AI Studio reports no token counts for embeddings.
      return { body: toEmbeddingResponse({ vectors, model: ctx.deployment.providerModel, promptTokens: 0, base64: request.encoding_format === 'base64' }), headers: response.headers };
    },
  };
}
