import { randomUUID } from 'node:crypto';
import type { ChatCompletion, ChatMessage, ChatToolCall, FinishReason } from '../../spec/chat.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { BedrockConverseResponse } from './bedrock-api.ts';
import { convertBedrockUsage } from './convert-bedrock-usage.ts';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.ts';

/** A thinking block as LiteLLM reports it (`thinking_blocks`), the same for Anthropic and Bedrock. */
export type BedrockThinkingBlock = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

export interface ConvertBedrockResponseOptions {
  /** The model reported in the answer. */
  model: string;
  /** JSON mode: the call of this tool is the content (response_format through a forced tool). */
  jsonToolName: string | undefined;
}

/** A reasoningContent block → its thinking block; undefined for shapes we do not know. */
export function thinkingBlockOf(reasoning: unknown): BedrockThinkingBlock | undefined {
  if (!isRecord(reasoning)) return undefined;
  const text = reasoning['reasoningText'];
  if (isRecord(text) && typeof text['text'] === 'string') {
    return typeof text['signature'] === 'string'
      ? { type: 'thinking', thinking: text['text'], signature: text['signature'] }
      : { type: 'thinking', thinking: text['text'] };
  }
  if (typeof reasoning['redactedContent'] === 'string') return { type: 'redacted_thinking', data: reasoning['redactedContent'] };
  return undefined;
}

/**
 * A Converse answer → a chat completion: text blocks joined into `content`, toolUse blocks
 * → `tool_calls` (input serialised as the arguments text), reasoningContent →
 * `reasoning_content` + `thinking_blocks`, stopReason → finish_reason, usage with cache
 * tokens. In JSON mode the forced tool's input is the content and finish_reason is stop.
 */
export function convertBedrockConverseResponse(response: BedrockConverseResponse, options: ConvertBedrockResponseOptions): ChatCompletion {
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  const thinking: BedrockThinkingBlock[] = [];
  for (const block of response.output.message?.content ?? []) {
    if (typeof block['text'] === 'string') text += block['text'];
    const toolUse = block['toolUse'];
    if (isRecord(toolUse) && typeof toolUse['toolUseId'] === 'string' && typeof toolUse['name'] === 'string') {
      toolCalls.push({ id: toolUse['toolUseId'], type: 'function', function: { name: toolUse['name'], arguments: JSON.stringify(toolUse['input'] ?? {}) } });
    }
    const reasoning = thinkingBlockOf(block['reasoningContent']);
    if (reasoning !== undefined) thinking.push(reasoning);
  }
  let finishReason: FinishReason = mapBedrockFinishReason(response.stopReason);
  const message: ChatMessage & { role: 'assistant' } = { role: 'assistant', content: text };
  const jsonCall = options.jsonToolName === undefined ? undefined : toolCalls.find((call) => call.function.name === options.jsonToolName);
  if (jsonCall !== undefined) {
    message.content = jsonCall.function.arguments;
    if (finishReason === 'tool_calls') finishReason = 'stop';
  } else if (toolCalls.length > 0) {
    message.tool_calls = toolCalls;
    if (text === '') message.content = null;
  }
  if (thinking.length > 0) {
    message.reasoning_content = thinking.map((b) => (b.type === 'thinking' ? b.thinking : '')).join('');
    message['thinking_blocks'] = thinking;
  }
  const completion: ChatCompletion = {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    usage: convertBedrockUsage(response.usage),
  };
  if (response.trace !== undefined) completion['trace'] = response.trace;
  return completion;
}
