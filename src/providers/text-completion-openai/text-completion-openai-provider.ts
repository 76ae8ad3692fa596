import type { ChatCompletionChunk } from '../../spec/chat.ts';
import type { Completion } from '../../spec/completion.ts';
import type { Provider } from '../../spec/provider.ts';
import { createBearerEndpoint } from '../openai-compatible/bearer-endpoint.ts';
import { createOpenAICompatibleProvider } from '../openai-compatible/openai-compatible-provider.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible/openai-compatible-preset.ts';
import {
  CHAT_ONLY_PARAMS,
  chatToCompletionRequest,
  completionChunkToChat,
  completionToChat,
} from './convert-chat-to-completion.ts';

const PRESET: OpenAICompatiblePreset = {
  id: 'text-completion-openai',
  displayName: 'OpenAI',
  defaultApiBase: 'https://api.openai.com/v1',
  apiBaseEnv: ['OPENAI_BASE_URL', 'OPENAI_API_BASE'],
  apiKeyEnv: ['OPENAI_API_KEY'],
  calls: new Set(['completion']),
};

/**
 * OpenAI instruct models on `/v1/completions`. Chat requests are served too, as LiteLLM
 * does: the messages become one prompt and the text completion becomes a chat answer.
 */
export function createTextCompletionOpenAIProvider(): Provider {
  const base = createOpenAICompatibleProvider({ preset: PRESET, endpoint: createBearerEndpoint(PRESET) });
  const { completion, streamCompletion } = base;
  if (completion === undefined || streamCompletion === undefined) throw new Error('text-completion base lacks completions');
  return {
    ...base,
    unsupportedParams(call, body) {
      return call === 'chat' ? CHAT_ONLY_PARAMS.filter((name) => body[name] !== undefined) : [];
    },
    async chat(request, ctx) {
      const result = await completion(chatToCompletionRequest(request), ctx);
      return { body: completionToChat(result.body), headers: result.headers };
    },
    async streamChat(request, ctx) {
      const stream = await streamCompletion(chatToCompletionRequest(request), ctx);
      async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
        let first = true;
        for await (const chunk of stream.chunks as AsyncIterable<Completion>) {
          yield completionChunkToChat(chunk, first);
          first = false;
        }
      }
      return { chunks: chunks(), headers: stream.headers };
    },
  };
}
