import type { Usage } from '../../spec/chat.ts';
import type { AnthropicUsage } from './anthropic-api.ts';

/**
 * Anthropic usage → OpenAI usage, as LiteLLM counts it: the prompt is every input token
 * (`input_tokens` + cache writes + cache reads), `cached_tokens` are the cache reads, and the
 * two cache counters are kept as extra fields for spend. `reasoning_tokens` is filled when the
 * API reports its thinking tokens (`output_tokens_details.thinking_tokens`).
 */
export function convertAnthropicUsage(usage: AnthropicUsage): Usage {
  const input = count(usage.input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  const output = count(usage.output_tokens);
  const promptTokens = input + cacheWrite + cacheRead;
  const result: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: output,
    total_tokens: promptTokens + output,
    prompt_tokens_details: { cached_tokens: cacheRead },
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.completion_tokens_details = { reasoning_tokens: thinking };
  return result;
}

/**
 * Folds a later usage report into an earlier one. Stream events repeat cumulative totals and
 * leave out (or null) the counters that do not apply, so a present value overwrites and is
 * never added.
 */
export function mergeAnthropicUsage(base: AnthropicUsage, update: AnthropicUsage | null | undefined): AnthropicUsage {
  if (update === null || update === undefined) return base;
  const merged: AnthropicUsage = { ...base };
  for (const [name, value] of Object.entries(update)) {
    if (value !== null && value !== undefined) merged[name] = value;
  }
  return merged;
}

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
