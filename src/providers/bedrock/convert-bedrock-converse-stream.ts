import { randomUUID } from 'node:crypto';
import type { ChatChunkChoice, ChatCompletionChunk, FinishReason } from '../../spec/chat.ts';
import type { BedrockStreamDelta, BedrockStreamEvent } from './bedrock-api.ts';
import { convertBedrockUsage } from './convert-bedrock-usage.ts';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.ts';

export interface BedrockStreamConverterOptions {
  /** The model reported in each chunk. */
  model: string;
  /** JSON mode: this tool's input deltas are content (response_format through a forced tool). */
  jsonToolName: string | undefined;
}

/** Turns one ConverseStream event into the chunks it means (often none or one). */
export type BedrockStreamConverter = (event: BedrockStreamEvent) => ChatCompletionChunk[];

type Delta = ChatChunkChoice['delta'];

/**
 * A stateful ConverseStream → chat.completion.chunk converter. messageStart opens the
 * assistant turn; a toolUse contentBlockStart is a tool call with id and name, its input
 * deltas the arguments text; text deltas are content; reasoningContent deltas are
 * `reasoning_content` and `thinking_blocks`; messageStop finishes the choice; metadata is
 * the usage, sent as a final chunk with no choices.
 */
export function createBedrockStreamConverter(options: BedrockStreamConverterOptions): BedrockStreamConverter {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const toolIndex = new Map<number, number>();
  const jsonBlocks = new Set<number>();
  let sawToolCall = false;

  const chunk = (choices: ChatChunkChoice[], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({
    id, object: 'chat.completion.chunk', created, model: options.model, choices, ...extra,
  });
  const deltaChunk = (delta: Delta, finish: FinishReason | null = null): ChatCompletionChunk[] => [chunk([{ index: 0, delta, finish_reason: finish }])];

  function onDelta(index: number, delta: BedrockStreamDelta): ChatCompletionChunk[] {
    if (typeof delta.text === 'string') return delta.text === '' ? [] : deltaChunk({ content: delta.text });
    if (delta.toolUse !== undefined) {
      const input = delta.toolUse.input;
      if (jsonBlocks.has(index)) return deltaChunk({ content: input });
      const call = toolIndex.get(index);
      return call === undefined ? [] : deltaChunk({ tool_calls: [{ index: call, function: { arguments: input } }] });
    }
    const reasoning = delta.reasoningContent;
    if (reasoning !== undefined) {
      if (typeof reasoning.text === 'string') {
        return deltaChunk({ reasoning_content: reasoning.text, thinking_blocks: [{ type: 'thinking', thinking: reasoning.text }] });
      }
      if (typeof reasoning.signature === 'string') return deltaChunk({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: reasoning.signature }] });
      if (typeof reasoning.redactedContent === 'string') return deltaChunk({ thinking_blocks: [{ type: 'redacted_thinking', data: reasoning.redactedContent }] });
    }
    return [];
  }

  return (event) => {
    switch (event.type) {
      case 'messageStart':
        return deltaChunk({ role: 'assistant', content: '' });
      case 'contentBlockStart': {
        const toolUse = event.start.toolUse;
        if (toolUse === undefined) return [];
        if (options.jsonToolName !== undefined && toolUse.name === options.jsonToolName) {
          jsonBlocks.add(event.contentBlockIndex);
          return [];
        }
        const index = toolIndex.size;
        toolIndex.set(event.contentBlockIndex, index);
        sawToolCall = true;
        return deltaChunk({ tool_calls: [{ index, id: toolUse.toolUseId, type: 'function', function: { name: toolUse.name, arguments: '' } }] });
      }
      case 'contentBlockDelta':
        return onDelta(event.contentBlockIndex, event.delta);
      case 'contentBlockStop':
        return [];
      case 'messageStop': {
        let finish = mapBedrockFinishReason(event.stopReason);
        if (finish === 'tool_calls' && !sawToolCall) finish = 'stop';
        return deltaChunk({}, finish);
      }
      case 'metadata':
        return event.usage === undefined ? [] : [chunk([], { usage: convertBedrockUsage(event.usage) })];
    }
  };
}
