import type { ChatMessage, ChatToolCall } from '../../spec/chat.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type {
  AnthropicCacheControl,
  AnthropicMessage,
  AnthropicRequestBlock,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './anthropic-api.ts';
import { anthropicBadRequest } from './anthropic-error.ts';
import {
  convertSystemContent,
  convertUserContent,
  textBlock,
  type AnthropicImageLoader,
} from './convert-to-anthropic-content.ts';

/** The conversation as the Messages API takes it. */
export interface AnthropicPrompt {
  /** System and developer messages, wherever they were, as text blocks (empty: none). */
  system: AnthropicTextBlock[];
  /** Strictly alternating user / assistant turns. */
  messages: AnthropicMessage[];
}

/** Assistant content parts that are Anthropic thinking, passed back as received. */
const THINKING_TYPES: ReadonlySet<string> = new Set(['thinking', 'redacted_thinking']);

interface Turn {
  role: 'system' | 'user' | 'assistant';
  blocks: AnthropicRequestBlock[];
}

/**
 * OpenAI messages → Anthropic `system` + `messages`, as LiteLLM translates them: system and
 * developer messages move to `system`; `tool` messages become user `tool_result` blocks;
 * assistant `tool_calls` become `tool_use` blocks (arguments parsed; invalid JSON is a 400);
 * `thinking_blocks` of earlier answers go first in their turn; consecutive turns of the same
 * role are merged; blank text is left out; trailing whitespace is trimmed from a final
 * assistant (prefill) turn, which the API rejects. At least one non-system message is needed.
 */
export async function convertToAnthropicMessages(messages: readonly ChatMessage[], loadImage: AnthropicImageLoader): Promise<AnthropicPrompt> {
  const turns = await Promise.all(messages.map((message, index) => convertMessage(message, { index, loadImage })));
  const system = turns.filter((turn) => turn.role === 'system').flatMap((turn) => turn.blocks as AnthropicTextBlock[]);
  const merged: AnthropicMessage[] = [];
  for (const turn of turns) {
    if (turn.role === 'system' || turn.blocks.length === 0) continue;
    const last = merged.at(-1);
    if (last?.role === turn.role) last.content.push(...turn.blocks);
    else merged.push({ role: turn.role, content: [...turn.blocks] });
  }
  if (merged.length === 0) {
    throw anthropicBadRequest(
      'Anthropic requires at least one non-system message. Either provide one, or set `litellm.modify_params = True` // `litellm_settings::modify_params: True` to add the dummy user message.',
      'messages',
    );
  }
  trimFinalAssistantTurn(merged);
  return { system, messages: merged };
}

async function convertMessage(message: ChatMessage, args: { index: number; loadImage: AnthropicImageLoader }): Promise<Turn> {
  const param = `messages[${args.index}]`;
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', blocks: convertSystemContent(message, `${param}.content`) };
    case 'user':
      return { role: 'user', blocks: await convertUserContent(message, { param: `${param}.content`, loadImage: args.loadImage }) };
    case 'tool':
      return { role: 'user', blocks: [await convertToolMessage(message, { param, loadImage: args.loadImage })] };
    case 'assistant':
      return { role: 'assistant', blocks: convertAssistantMessage(message, param) };
    case 'function':
      throw anthropicBadRequest('legacy "function" messages are not supported for Anthropic; send "tool" messages with tool_call_id', `${param}.role`);
    default:
      message.role satisfies never;
      throw anthropicBadRequest(`unknown message role "${String(message.role)}"`, `${param}.role`);
  }
}

async function convertToolMessage(message: ChatMessage, args: { param: string; loadImage: AnthropicImageLoader }): Promise<AnthropicToolResultBlock> {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
    throw anthropicBadRequest('tool messages need a tool_call_id', `${args.param}.tool_call_id`);
  }
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: message.tool_call_id };
  if (typeof message.content === 'string') {
    if (message.content !== '') block.content = message.content;
  } else {
    // The message-level cache_control belongs to the tool_result block, not to its text.
    const parts = await convertUserContent({ ...message, cache_control: undefined }, { param: `${args.param}.content`, loadImage: args.loadImage });
    if (parts.length > 0) block.content = parts as NonNullable<AnthropicToolResultBlock['content']>;
  }
  const cacheControl = message['cache_control'];
  if (isRecord(cacheControl)) block.cache_control = cacheControl as AnthropicCacheControl;
  return block;
}

function convertAssistantMessage(message: ChatMessage, param: string): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  const thinking = message['thinking_blocks'];
  // Thinking must come first in the turn, or the API rejects it.
  if (Array.isArray(thinking)) blocks.push(...thinking.filter(isThinkingBlock));
  const { content } = message;
  if (typeof content === 'string') {
    const block = textBlock(content, message['cache_control']);
    if (block !== undefined) blocks.push(block);
  } else if (Array.isArray(content)) {
    content.forEach((part, index) => {
      if (part.type === 'text') {
        const block = textBlock(part.text, part['cache_control']);
        if (block !== undefined) blocks.push(block);
      } else if (THINKING_TYPES.has(part.type)) {
        if (isThinkingBlock(part)) blocks.push(part);
      } else {
        throw anthropicBadRequest(`assistant messages take text and thinking parts only, got "${part.type}"`, `${param}.content[${index}]`);
      }
    });
  }
  (message.tool_calls ?? []).forEach((call, index) => blocks.push(toolUseBlock(call, `${param}.tool_calls[${index}]`)));
  return blocks;
}

function isThinkingBlock(value: unknown): value is AnthropicRequestBlock {
  if (!isRecord(value)) return false;
  if (value['type'] === 'redacted_thinking') return typeof value['data'] === 'string';
  return value['type'] === 'thinking' && typeof value['thinking'] === 'string' && value['thinking'] !== '';
}

function toolUseBlock(call: ChatToolCall, param: string): AnthropicToolUseBlock {
  const text = call.function.arguments;
  let input: unknown = {};
  if (typeof text === 'string' && text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch {
      throw anthropicBadRequest(`tool call arguments are not valid JSON: ${text.slice(0, 200)}`, `${param}.function.arguments`);
    }
  }
  if (!isRecord(input)) throw anthropicBadRequest('tool call arguments must be a JSON object', `${param}.function.arguments`);
  const block: AnthropicToolUseBlock = { type: 'tool_use', id: call.id, name: call.function.name, input };
  const cacheControl = call['cache_control'];
  if (isRecord(cacheControl)) block.cache_control = cacheControl as AnthropicCacheControl;
  return block;
}

/** The API rejects a final assistant turn whose text ends in whitespace (LiteLLM trims it too). */
function trimFinalAssistantTurn(messages: AnthropicMessage[]): void {
  const last = messages.at(-1);
  if (last?.role !== 'assistant') return;
  // Blank text never gets here, so trimmed text is never empty.
  last.content = last.content.map((block) =>
    block.type === 'text' && typeof block['text'] === 'string' ? { ...block, text: block['text'].trimEnd() } : block,
  );
}
