import type { Usage } from '../../spec/chat.ts';
import type { OllamaTurn } from './ollama-api.ts';

/**
 * The final answer object's counts as OpenAI usage: `prompt_eval_count` → prompt_tokens,
 * `eval_count` → completion_tokens. A missing count (older Ollama versions leave
 * prompt_eval_count out when the whole prompt came from its cache) is 0.
 */
export function convertOllamaUsage(turn: OllamaTurn): Usage {
  const promptTokens = turn.promptTokens ?? 0;
  const completionTokens = turn.completionTokens ?? 0;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
