import type { FinishReason } from '../../spec/chat.ts';

/**
 * Ollama's `done_reason` → OpenAI's finish_reason: "length" is "length"; "stop", the
 * load/unload answers and anything unknown are "stop" (as LiteLLM maps unknown reasons).
 */
export function mapOllamaDoneReason(doneReason: string | undefined): 'stop' | 'length' {
  return doneReason === 'length' ? 'length' : 'stop';
}

/** For chat: Ollama says "stop" when a turn calls tools, so a turn with tool calls is "tool_calls". */
export function mapOllamaFinishReason(doneReason: string | undefined, hasToolCalls: boolean): FinishReason {
  return hasToolCalls ? 'tool_calls' : mapOllamaDoneReason(doneReason);
}
