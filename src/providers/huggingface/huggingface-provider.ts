import type { ChatCompletionChunk } from '../../spec/chat.ts';
import type { Provider } from '../../spec/provider.ts';
import { createOpenAICompatibleProvider } from '../openai-compatible/openai-compatible-provider.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible/openai-compatible-preset.ts';
import { createHuggingFaceEndpoint } from './huggingface-endpoint.ts';
import { huggingFaceEmbedding } from './huggingface-embedding.ts';
import { normalizeHuggingFaceChoice } from './normalize-huggingface-choice.ts';

const PRESET: OpenAICompatiblePreset = {
  id: 'huggingface',
  displayName: 'Huggingface',
  apiKeyEnv: ['HF_TOKEN', 'HUGGINGFACE_API_KEY'],
  calls: new Set(['chat']),
};

/** OpenAI embedding parameters feature extraction has no use for. */
const EMBEDDING_REFUSED = ['dimensions'] as const;

/**
 * LiteLLM's `huggingface/`: chat on the Inference Providers router or on a dedicated
 * Inference Endpoint / TGI (both OpenAI-compatible, so the shared base does the wire work;
 * TGI's finish reasons and object-valued tool arguments are made OpenAI-shaped), and
 * embeddings through the feature-extraction task.
 */
export function createHuggingFaceProvider(): Provider {
  const base = createOpenAICompatibleProvider({ preset: PRESET, endpoint: createHuggingFaceEndpoint() });
  const { chat, streamChat } = base;
  if (chat === undefined || streamChat === undefined) throw new Error('huggingface base lacks chat');
  return {
    ...base,
    unsupportedParams(call, body, deployment) {
      if (call === 'embedding') return EMBEDDING_REFUSED.filter((name) => body[name] !== undefined);
      return base.unsupportedParams(call, body, deployment);
    },
    async chat(request, ctx) {
      const result = await chat(request, ctx);
      for (const choice of result.body.choices) normalizeHuggingFaceChoice(choice);
      return result;
    },
    async streamChat(request, ctx) {
      const stream = await streamChat(request, ctx);
      async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
        for await (const chunk of stream.chunks) {
          for (const choice of chunk.choices) normalizeHuggingFaceChoice(choice);
          yield chunk;
        }
      }
      return { chunks: chunks(), headers: stream.headers };
    },
    embedding: huggingFaceEmbedding,
  };
}
