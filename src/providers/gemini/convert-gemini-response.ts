import { randomUUID } from 'node:crypto';
import type { ChatChoice, ChatCompletion, ChatMessage } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { GeminiResponse } from './gemini-api.ts';
import { convertGeminiLogprobs, convertGeminiParts } from './convert-gemini-parts.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

/** Options of {@link convertGeminiResponse}. */
export interface ConvertGeminiResponseOptions {
  /** The model reported when Gemini names none (`modelVersion`). */
  model: string;
  /** For error messages: "Gemini", "VertexAI". */
  providerName: string;
}

/**
 * A whole `generateContent` answer → `chat.completion`: one choice per candidate (n > 1),
 * text → content, thoughts → `reasoning_content`, function calls → tool_calls
 * (finish_reason `tool_calls`), usage with cached and reasoning tokens. A prompt Gemini
 * blocked (`promptFeedback.blockReason`, no candidates) is a content-policy error (400).
 */
export function convertGeminiResponse(response: GeminiResponse, options: ConvertGeminiResponseOptions): ChatCompletion {
  throwIfPromptBlocked(response, options.providerName);
  const answerKey = response.responseId ?? randomUUID();
  const choices = (response.candidates ?? []).map((candidate, position): ChatChoice => {
    const index = candidate.index ?? position;
    const output = convertGeminiParts(candidate.content?.parts, { answerKey, candidate: index, toolCallsBefore: 0 });
    const message: ChatMessage & { role: 'assistant' } = {
      role: 'assistant',
      content: output.content === '' && output.toolCalls.length > 0 ? null : output.content,
    };
    if (output.reasoning !== '') message.reasoning_content = output.reasoning;
    if (output.toolCalls.length > 0) message.tool_calls = output.toolCalls;
    return { index, message, finish_reason: mapGeminiFinishReason(candidate.finishReason, output.toolCalls.length > 0), logprobs: convertGeminiLogprobs(candidate.logprobsResult) };
  });
  return {
    id: `chatcmpl-${answerKey}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: response.modelVersion ?? options.model,
    choices,
    usage: convertGeminiUsage(response.usageMetadata),
  };
}

/**
 * Gemini refused the prompt itself: `promptFeedback.blockReason` is set and no candidate
 * came back. Thrown as ContentPolicyViolationError (400), as LiteLLM does, so
 * content_policy_fallbacks apply.
 */
export function throwIfPromptBlocked(response: GeminiResponse, providerName: string): void {
  const reason = response.promptFeedback?.blockReason;
  if (reason === undefined || (response.candidates?.length ?? 0) > 0) return;
  const detail = response.promptFeedback?.blockReasonMessage;
  throw new GatewayError(
    'content_policy_violation',
    `litellm.ContentPolicyViolationError: ${providerName}Exception - The prompt was blocked by Gemini (blockReason: ${reason})${detail === undefined ? '' : `: ${detail}`}`,
    { providerFields: { block_reason: reason } },
  );
}
