import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { Completion } from '../../spec/completion.ts';
import type { CallContext, Provider, ProviderStream } from '../../spec/provider.ts';
import type { OllamaTurn } from './ollama-api.ts';
import { createOllamaAnswerIds } from './ollama-answer-ids.ts';
import { callOllamaJson, callOllamaStream } from './ollama-call.ts';
import { ollamaApiBase, type OllamaPath } from './ollama-endpoint.ts';
import { unsupportedOllamaParams, type OllamaFlavor } from './ollama-params.ts';
import { convertOllamaChatAnswer, convertOllamaChatStream } from './convert-from-ollama-chat.ts';
import { convertOllamaCompletion, convertOllamaCompletionStream } from './convert-from-ollama-completion.ts';
import { convertOllamaEmbedding } from './convert-from-ollama-embedding.ts';
import {
  convertChatToOllamaGenerateRequest,
  convertCompletionToOllamaGenerateRequest,
  convertToOllamaChatRequest,
  convertToOllamaEmbedRequest,
} from './convert-to-ollama-request.ts';
import { parseOllamaChatTurn, parseOllamaEmbedAnswer, parseOllamaGenerateTurn } from './parse-ollama-answer.ts';

const FLAVORS = {
  chat: { id: 'ollama_chat', displayName: 'Ollama_chat', chatPath: '/api/chat', parseChat: parseOllamaChatTurn },
  generate: { id: 'ollama', displayName: 'Ollama', chatPath: '/api/generate', parseChat: parseOllamaGenerateTurn },
} as const satisfies Record<OllamaFlavor, { id: string; displayName: string; chatPath: OllamaPath; parseChat: (value: unknown) => OllamaTurn | undefined }>;

/**
 * Ollama's native API: `ollama_chat/` (recommended) chats on `/api/chat` with native tools,
 * images and thinking; `ollama/` flattens the conversation into a prompt for `/api/generate`,
 * as LiteLLM does. Both serve legacy completions on `/api/generate` and embeddings on
 * `/api/embed`. Streams are NDJSON, turned into canonical chunks ending with a usage chunk.
 */
export function createOllamaProvider(flavor: OllamaFlavor): Provider {
  const { id, displayName, chatPath, parseChat } = FLAVORS[flavor];
  const reported = (ctx: CallContext): string => `${id}/${ctx.deployment.providerModel}`;

  function chatBody(request: ChatCompletionRequest, ctx: CallContext, stream: boolean) {
    const at = { model: ctx.deployment.providerModel, params: ctx.deployment.params, stream, signal: ctx.signal };
    return flavor === 'chat' ? convertToOllamaChatRequest(request, at) : convertChatToOllamaGenerateRequest(request, at);
  }

  return {
    id,
    displayName,
    apiBase: ollamaApiBase,
    unsupportedParams: (call, body) => unsupportedOllamaParams(call, body, flavor),

    async chat(request, ctx) {
      const body = await chatBody(request, ctx, false);
      const { answer, headers } = await callOllamaJson({ path: chatPath, body, ctx, providerName: displayName, parse: parseChat });
      return { body: convertOllamaChatAnswer(answer, createOllamaAnswerIds({ prefix: 'chatcmpl', model: reported(ctx) })), headers };
    },

    async streamChat(request, ctx): Promise<ProviderStream<ChatCompletionChunk>> {
      const body = await chatBody(request, ctx, true);
      const { turns, headers } = await callOllamaStream({ path: chatPath, body, ctx, providerName: displayName, parse: parseChat });
      return { chunks: convertOllamaChatStream(turns, createOllamaAnswerIds({ prefix: 'chatcmpl', model: reported(ctx) })), headers };
    },

    async completion(request, ctx) {
      const body = convertCompletionToOllamaGenerateRequest(request, { model: ctx.deployment.providerModel, params: ctx.deployment.params, stream: false });
      const { answer, headers } = await callOllamaJson({ path: '/api/generate', body, ctx, providerName: displayName, parse: parseOllamaGenerateTurn });
      return { body: convertOllamaCompletion(answer, createOllamaAnswerIds({ prefix: 'cmpl', model: reported(ctx) })), headers };
    },

    async streamCompletion(request, ctx): Promise<ProviderStream<Completion>> {
      const body = convertCompletionToOllamaGenerateRequest(request, { model: ctx.deployment.providerModel, params: ctx.deployment.params, stream: true });
      const { turns, headers } = await callOllamaStream({ path: '/api/generate', body, ctx, providerName: displayName, parse: parseOllamaGenerateTurn });
      return { chunks: convertOllamaCompletionStream(turns, createOllamaAnswerIds({ prefix: 'cmpl', model: reported(ctx) })), headers };
    },

    async embedding(request, ctx) {
      const body = convertToOllamaEmbedRequest(request, { model: ctx.deployment.providerModel, params: ctx.deployment.params });
      const { answer, headers } = await callOllamaJson({ path: '/api/embed', body, ctx, providerName: displayName, parse: parseOllamaEmbedAnswer });
      return { body: convertOllamaEmbedding(answer, { model: reported(ctx), base64: request.encoding_format === 'base64' }), headers };
    },
  };
}
