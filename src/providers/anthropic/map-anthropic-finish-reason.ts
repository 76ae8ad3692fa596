import type { FinishReason } from '../../spec/chat.ts';
import type { AnthropicStopReason } from './anthropic-api.ts';

/**
 * Anthropic `stop_reason` → OpenAI `finish_reason`, as LiteLLM maps it: `end_turn`,
 * `stop_sequence` and `pause_turn` → `stop`; `max_tokens` and `model_context_window_exceeded`
 * → `length`; `tool_use` → `tool_calls`; `refusal` → `content_filter`. Anything else
 * (including a missing reason) → `stop`.
 */
export function mapAnthropicFinishReason(reason: AnthropicStopReason | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
    case 'compaction':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
