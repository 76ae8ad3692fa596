import type { Usage } from '../../spec/chat.ts';
import type { GeminiUsageMetadata } from './gemini-api.ts';

/**
 * Gemini `usageMetadata` → OpenAI usage: promptTokenCount → prompt_tokens (cached tokens are
 * part of it, also reported as `prompt_tokens_details.cached_tokens`); candidatesTokenCount
 * plus thoughtsTokenCount → completion_tokens, the thoughts also as
 * `completion_tokens_details.reasoning_tokens`; totalTokenCount when given.
 */
export function convertGeminiUsage(usage: GeminiUsageMetadata | undefined): Usage {
  const prompt = usage?.promptTokenCount ?? 0;
  const thoughts = usage?.thoughtsTokenCount ?? 0;
  const completion = (usage?.candidatesTokenCount ?? 0) + thoughts;
  const out: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: usage?.totalTokenCount ?? prompt + completion };
  if (usage?.cachedContentTokenCount !== undefined) out.prompt_tokens_details = { cached_tokens: usage.cachedContentTokenCount };
  if (usage?.thoughtsTokenCount !== undefined) out.completion_tokens_details = { reasoning_tokens: thoughts };
  return out;
}
