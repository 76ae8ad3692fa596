import type { FinishReason } from '../../spec/chat.ts';

/**
 * Converse `stopReason` → OpenAI `finish_reason`, as LiteLLM maps it: end_turn and
 * stop_sequence → stop, max_tokens → length, tool_use → tool_calls, guardrail_intervened and
 * content_filtered → content_filter; anything else → stop.
 */
export function mapBedrockFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}
