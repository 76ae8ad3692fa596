import type { ChatContentPart, ChatMessage, ChatToolCall } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { GeminiContent, GeminiPart, GeminiRole, GeminiSystemInstruction } from './gemini-api.ts';
import { convertToGeminiPart } from './convert-to-gemini-part.ts';
import { decodeGeminiToolCallId } from './gemini-tool-call-id.ts';

/** The conversation as Gemini takes it. */
export interface GeminiMessages {
  systemInstruction?: GeminiSystemInstruction;
  contents: GeminiContent[];
}

/** Options of {@link convertToGeminiMessages}. */
export interface ConvertToGeminiMessagesOptions {
  signal: AbortSignal;
  /** The upstream model: Gemini 3 needs a thought signature on every replayed function call. */
  model: string;
}

/**
 * Google's documented placeholder for a function call that has no thought signature (a
 * history written by another model or client): Gemini 3 accepts it instead of answering 400.
 */
export const DUMMY_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/**
 * OpenAI messages → Gemini `systemInstruction` + `contents`: system and developer messages
 * become the system instruction; user → `user`, assistant → `model` (tool calls as
 * `functionCall` parts); tool results → `functionResponse` parts in a `user` turn (named after
 * the call they answer). Consecutive turns of the same role are merged, empty text yields no
 * part and a turn without parts is left out. A conversation of system messages only is sent
 * as one user turn (Gemini requires contents).
 */
export async function convertToGeminiMessages(messages: readonly ChatMessage[], options: ConvertToGeminiMessagesOptions): Promise<GeminiMessages> {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  const push = (role: GeminiRole, parts: GeminiPart[]): void => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const [index, message] of messages.entries()) {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...systemParts(message.content, param));
        break;
      case 'user':
        push('user', await userParts(message.content, { param, signal: options.signal }));
        break;
      case 'assistant':
        push('model', assistantParts(message, { param, callNames, model: options.model }));
        break;
      case 'tool':
      case 'function':
        push('user', [toolResultPart(message, { param, callNames })]);
        break;
      default:
        throw new GatewayError('bad_request', `${param}.role "${String((message as { role?: unknown }).role)}" is not supported`, { param: `${param}.role` });
    }
  }
  if (contents.length === 0) {
    if (system.length === 0) throw new GatewayError('bad_request', 'messages: at least one message with content is required', { param: 'messages' });
    return { contents: [{ role: 'user', parts: system }] };
  }
  return system.length > 0 ? { systemInstruction: { parts: system }, contents } : { contents };
}

function systemParts(content: ChatMessage['content'], param: string): GeminiPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part, i) => {
    if (part.type !== 'text') throw new GatewayError('bad_request', `${param}.content[${i}]: system messages take text only`, { param: `${param}.content[${i}]` });
    return part.text === '' ? [] : [{ text: part.text }];
  });
}

async function userParts(content: ChatMessage['content'], ctx: { param: string; signal: AbortSignal }): Promise<GeminiPart[]> {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) return [];
  const parts = await Promise.all(
    content.map((part: ChatContentPart, i) => convertToGeminiPart(part, { param: `${ctx.param}.content[${i}]`, signal: ctx.signal })),
  );
  return parts.filter((part): part is GeminiPart => part !== undefined);
}

function assistantParts(message: ChatMessage, ctx: { param: string; callNames: Map<string, string>; model: string }): GeminiPart[] {
  const parts: GeminiPart[] = assistantText(message.content, ctx.param).map((text) => ({ text }));
  const calls = message.tool_calls ?? [];
  calls.forEach((call, j) => parts.push(functionCallPart(call, { ...ctx, param: `${ctx.param}.tool_calls[${j}]` })));
  const legacy = message['function_call'];
  if (isRecord(legacy) && typeof legacy['name'] === 'string') {
    parts.push({ functionCall: { name: legacy['name'], args: parseArguments(legacy['arguments'], `${ctx.param}.function_call.arguments`) } });
  }
  return parts;
}

function assistantText(content: ChatMessage['content'], param: string): string[] {
  if (typeof content === 'string') return content === '' ? [] : [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part, i) => {
    const record = part as Record<string, unknown>;
    const text = part.type === 'text' ? part.text : record['type'] === 'refusal' ? record['refusal'] : undefined;
    if (typeof text !== 'string') throw new GatewayError('bad_request', `${param}.content[${i}]: assistant messages take text only`, { param: `${param}.content[${i}]` });
    return text === '' ? [] : [text];
  });
}

function functionCallPart(call: ChatToolCall, ctx: { param: string; callNames: Map<string, string>; model: string }): GeminiPart {
  const name = call.function.name;
  ctx.callNames.set(call.id, name);
  const args = parseArguments(call.function.arguments, `${ctx.param}.function.arguments`);
  const fields = isRecord(call['provider_specific_fields']) ? call['provider_specific_fields'] : {};
  const fromFields = typeof fields['thought_signature'] === 'string' ? fields['thought_signature'] : undefined;
  const signature = fromFields ?? decodeGeminiToolCallId(call.id).thoughtSignature ?? (/gemini-3/.test(ctx.model) ? DUMMY_THOUGHT_SIGNATURE : undefined);
  const part: GeminiPart = { functionCall: { name, args } };
  if (signature !== undefined) part.thoughtSignature = signature;
  return part;
}

function parseArguments(text: unknown, param: string): Record<string, unknown> {
  if (text === undefined || text === null || text === '') return {};
  if (isRecord(text)) return text;
  try {
    const value: unknown = JSON.parse(String(text));
    if (isRecord(value)) return value;
  } catch {
    // Reported below.
  }
  throw new GatewayError('bad_request', `${param}: tool-call arguments must be a JSON object for Gemini`, { param });
}

function toolResultPart(message: ChatMessage, ctx: { param: string; callNames: Map<string, string> }): GeminiPart {
  const id = message.tool_call_id;
  const name = (id === undefined ? undefined : ctx.callNames.get(id)) ?? message.name;
  if (name === undefined || name === '') {
    throw new GatewayError(
      'bad_request',
      `${ctx.param}: this tool result answers no tool call of an earlier assistant message (tool_call_id "${id ?? ''}"); Gemini needs the function name`,
      { param: `${ctx.param}.tool_call_id` },
    );
  }
  return { functionResponse: { name, response: toolResponse(toolResultText(message.content)) } };
}

/**
 * Gemini wants the function's result as a JSON object: a result that is a JSON object is sent
 * as is; any other JSON value or plain text is wrapped as `{"content": …}`.
 */
function toolResponse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : { content: value };
  } catch {
    return { content: text };
  }
}

function toolResultText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}
