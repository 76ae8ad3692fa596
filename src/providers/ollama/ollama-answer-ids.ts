import { randomUUID } from 'node:crypto';
import type { OllamaToolCall } from './ollama-api.ts';

/**
 * Ids for one answer. Ollama answers carry no id, so the gateway makes one per answer; a
 * tool call keeps the id Ollama gave it (current versions do) and otherwise gets one derived
 * from the answer's, so the same call has the same id in every chunk and ids never repeat
 * across answers.
 */
export interface OllamaAnswerIds {
  /** `chatcmpl-…` or `cmpl-…`. */
  readonly id: string;
  /** The model the answer reports: `ollama_chat/llama3.1`, as LiteLLM reports it. */
  readonly model: string;
  toolCallId(call: OllamaToolCall, index: number): string;
}

export function createOllamaAnswerIds(options: { prefix: 'chatcmpl' | 'cmpl'; model: string }): OllamaAnswerIds {
  const key = randomUUID().replaceAll('-', '');
  return {
    id: `${options.prefix}-${key}`,
    model: options.model,
    toolCallId: (call, index) => call.id ?? `call_${key.slice(0, 24)}_${index}`,
  };
}
