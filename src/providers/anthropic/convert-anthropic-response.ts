import type { ChatChoice, ChatCompletion, ChatToolCall } from '../../spec/chat.ts';
import type { AnthropicMessageResponse, AnthropicResponseBlock } from './anthropic-api.ts';
import { RESPONSE_FORMAT_TOOL_NAME } from './anthropic-prepare-tools.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';

/** A thinking block as answers carry it (`thinking_blocks`), signature included. */
export type ThinkingBlockOut = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

export interface ConvertAnthropicResponseOptions {
  /** The request asked for JSON (`response_format`): a lone `json_tool_call` becomes the content. */
  jsonMode: boolean;
  /** Unix seconds for `created`; defaults to now. */
  created?: number;
}

/**
 * A Messages API answer → `chat.completion`: text blocks joined into `content`; `tool_use`
 * blocks → `tool_calls` (block id as the call id, `JSON.stringify(input)` as arguments);
 * thinking → `reasoning_content` plus `thinking_blocks` (signatures and redacted blocks
 * kept, so they can be sent back); citations → `provider_specific_fields.citations`; id and
 * model as Anthropic reports them.
 */
export function convertAnthropicResponse(response: AnthropicMessageResponse, options: ConvertAnthropicResponseOptions): ChatCompletion {
  const parts = collectBlocks(response.content);
  const message: ChatChoice['message'] = { role: 'assistant', content: parts.text === '' ? null : parts.text };
  let finishReason = mapAnthropicFinishReason(response.stop_reason);
  const jsonCall = options.jsonMode && parts.toolCalls.length === 1 ? parts.toolCalls[0] : undefined;
  if (jsonCall !== undefined && jsonCall.function.name === RESPONSE_FORMAT_TOOL_NAME) {
    message.content = jsonCall.function.arguments;
    finishReason = 'stop';
  } else if (parts.toolCalls.length > 0) {
    message.tool_calls = parts.toolCalls;
  }
  if (parts.thinking.length > 0) {
    message.reasoning_content = parts.reasoning;
    message['thinking_blocks'] = parts.thinking;
  }
  if (parts.citations.length > 0) message['provider_specific_fields'] = { citations: parts.citations };
  return {
    id: response.id,
    object: 'chat.completion',
    created: options.created ?? Math.floor(Date.now() / 1000),
    model: response.model,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    usage: convertAnthropicUsage(response.usage),
  };
}

interface CollectedBlocks {
  text: string;
  toolCalls: ChatToolCall[];
  thinking: ThinkingBlockOut[];
  reasoning: string;
  citations: unknown[];
}

function collectBlocks(blocks: readonly AnthropicResponseBlock[]): CollectedBlocks {
  const out: CollectedBlocks = { text: '', toolCalls: [], thinking: [], reasoning: '', citations: [] };
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        out.text += block.text ?? '';
        if (Array.isArray(block.citations) && block.citations.length > 0) out.citations.push(block.citations);
        break;
      case 'tool_use':
        out.toolCalls.push({
          id: block.id ?? '',
          type: 'function',
          function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking':
        out.reasoning += block.thinking ?? '';
        out.thinking.push({ type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' });
        break;
      case 'redacted_thinking':
        out.thinking.push({ type: 'redacted_thinking', data: block.data ?? '' });
        break;
      default:
        // Server-tool blocks (web search, code execution, …) have no OpenAI counterpart.
        break;
    }
  }
  return out;
}
