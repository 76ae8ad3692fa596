import type { FinishReason } from '../../spec/chat.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';

/**
 * TGI's finish reasons → OpenAI's: older TGI says `eos_token` and `stop_sequence` for a
 * normal end (→ "stop"); OpenAI's own values pass; anything else unknown is "stop", as
 * LiteLLM maps it. null (not finished) stays null.
 */
export function mapHuggingFaceFinishReason(reason: unknown): FinishReason | null {
  if (reason === null || reason === undefined) return null;
  return typeof reason === 'string' && OPENAI_REASONS.has(reason) ? (reason as FinishReason) : 'stop';
}

const OPENAI_REASONS: ReadonlySet<string> = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/**
 * Makes one answer (or chunk) choice OpenAI-shaped in place: the finish reason mapped, and
 * tool-call `arguments` that older TGI sends as a JSON object turned into JSON text.
 */
export function normalizeHuggingFaceChoice(choice: unknown): void {
  if (!isRecord(choice)) return;
  if ('finish_reason' in choice) choice['finish_reason'] = mapHuggingFaceFinishReason(choice['finish_reason']);
  const message = isRecord(choice['message']) ? choice['message'] : isRecord(choice['delta']) ? choice['delta'] : undefined;
  const calls = message?.['tool_calls'];
  if (!Array.isArray(calls)) return;
  for (const call of calls) {
    const fn = isRecord(call) ? call['function'] : undefined;
    if (isRecord(fn) && isRecord(fn['arguments'])) fn['arguments'] = JSON.stringify(fn['arguments']);
  }
}
