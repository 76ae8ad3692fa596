import type { Usage } from '../../spec/chat.ts';
import type { BedrockUsage } from './bedrock-api.ts';

/**
 * Converse usage → OpenAI usage, as LiteLLM counts it: prompt_tokens includes the tokens read
 * from and written to the prompt cache, `prompt_tokens_details.cached_tokens` is the cache
 * read, and both cache counts are kept as `cache_read_input_tokens` /
 * `cache_creation_input_tokens`.
 */
export function convertBedrockUsage(usage: BedrockUsage): Usage {
  const read = usage.cacheReadInputTokens ?? 0;
  const write = usage.cacheWriteInputTokens ?? 0;
  return {
    prompt_tokens: usage.inputTokens + read + write,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: read },
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  };
}
