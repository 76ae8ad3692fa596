import type { FinishReason } from '../../spec/chat.ts';

/** Gemini reasons that mean the answer was blocked or cut by a filter (LiteLLM's list). */
const CONTENT_FILTER = new Set([
  'SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'LANGUAGE', 'OTHER',
  'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION', 'IMAGE_OTHER',
]);

/**
 * A Gemini `finishReason` → OpenAI's. Gemini finishes a candidate that calls functions with
 * `STOP`, so `hasToolCalls` turns that into `tool_calls`. MAX_TOKENS → length; the safety,
 * recitation and blocklist reasons → content_filter; MALFORMED_FUNCTION_CALL, unspecified
 * and unknown reasons → stop.
 */
export function mapGeminiFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && CONTENT_FILTER.has(reason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
