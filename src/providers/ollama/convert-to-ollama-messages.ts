import type { ChatMessage, ChatToolCall } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { OllamaMessage, OllamaToolCall } from './ollama-api.ts';
import { convertOllamaContent } from './convert-ollama-content.ts';

/**
 * OpenAI messages → Ollama `/api/chat` messages. system and developer → `system`;
 * content becomes a plain string (+ `images`); assistant `tool_calls` keep their ids and get
 * their `arguments` parsed into objects; assistant `reasoning_content` → `thinking`; `tool`
 * (and legacy `function`) messages → role `tool` with `tool_name` (looked up from the call
 * they answer) and `tool_call_id`.
 */
export async function convertToOllamaMessages(messages: readonly ChatMessage[], signal: AbortSignal): Promise<OllamaMessage[]> {
  // Image URLs of every message are fetched at once.
  const contents = await Promise.all(messages.map((message, index) => convertOllamaContent(message.content, { messageIndex: index, signal })));
  const toolNames = new Map<string, string>();
  const out: OllamaMessage[] = [];
  for (const [index, message] of messages.entries()) {
    const { text, images } = contents[index] ?? { text: '', images: [] };
    const converted: OllamaMessage = { role: ollamaRole(message.role), content: text };
    if (images.length > 0) converted.images = images;
    if (message.role === 'assistant') addAssistantFields({ converted, message, index, toolNames });
    if (message.role === 'tool' || message.role === 'function') addToolFields({ converted, message, toolNames });
    out.push(converted);
  }
  return out;
}

function ollamaRole(role: ChatMessage['role']): OllamaMessage['role'] {
  switch (role) {
    case 'system':
    case 'developer':
      return 'system';
    case 'user':
      return 'user';
    case 'assistant':
      return 'assistant';
    case 'tool':
    case 'function':
      return 'tool';
    default:
      return role satisfies never;
  }
}

function addAssistantFields(args: { converted: OllamaMessage; message: ChatMessage; index: number; toolNames: Map<string, string> }): void {
  const { converted, message } = args;
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') converted.thinking = message.reasoning_content;
  const calls = message.tool_calls ?? [];
  if (calls.length === 0) return;
  converted.tool_calls = calls.map((call, callIndex) => {
    if (typeof call.id === 'string') args.toolNames.set(call.id, call.function.name);
    return toOllamaToolCall(call, `messages[${args.index}].tool_calls[${callIndex}].function.arguments`);
  });
}

function toOllamaToolCall(call: ChatToolCall, param: string): OllamaToolCall {
  const out: OllamaToolCall = { function: { name: call.function.name, arguments: parseArguments(call.function.arguments, param) } };
  if (typeof call.id === 'string' && call.id !== '') out.id = call.id;
  return out;
}

/** OpenAI carries arguments as JSON text; Ollama wants the object. Empty text is no arguments. */
function parseArguments(text: unknown, param: string): Record<string, unknown> {
  if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) return {};
  let value: unknown;
  try {
    value = typeof text === 'string' ? JSON.parse(text) : text;
  } catch {
    throw new GatewayError('bad_request', `${param} is not valid JSON; Ollama needs the tool arguments as a JSON object`, { param });
  }
  if (!isRecord(value)) throw new GatewayError('bad_request', `${param} must be a JSON object for Ollama`, { param });
  return value;
}

function addToolFields(args: { converted: OllamaMessage; message: ChatMessage; toolNames: Map<string, string> }): void {
  const { converted, message } = args;
  const callId = message.tool_call_id;
  const name = (callId === undefined ? undefined : args.toolNames.get(callId)) ?? message.name;
  if (name !== undefined) converted.tool_name = name;
  if (callId !== undefined && callId !== '') converted.tool_call_id = callId;
}
