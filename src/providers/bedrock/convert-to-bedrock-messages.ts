import type { ChatMessage } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { BedrockContentBlock, BedrockMessage, BedrockSystemBlock } from './bedrock-api.ts';
import {
  convertReasoning,
  convertSystemContent,
  convertToolCalls,
  convertToolResult,
  convertUserContent,
  isBlank,
  type BedrockImageLoader,
} from './convert-to-bedrock-content.ts';

/** The user turn LiteLLM puts before a conversation that starts with the assistant. */
export const USER_CONTINUE_TEXT = 'Please continue.';

/** System prompt and alternating turns, ready for a Converse body. */
export interface BedrockPrompt {
  system: BedrockSystemBlock[];
  messages: BedrockMessage[];
  /** Names of the tools the history calls (for the toolConfig Converse requires then). */
  historyToolNames: string[];
  /** The history holds tool calls or tool results. */
  historyUsesTools: boolean;
}

async function turnOf(message: ChatMessage, args: { param: string; loadImage: BedrockImageLoader }): Promise<BedrockMessage | undefined> {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: await convertUserContent(message, args) };
    case 'assistant': {
      const content: BedrockContentBlock[] = [...convertReasoning(message)];
      const parts = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : (message.content ?? []);
      for (const [j, part] of parts.entries()) {
        if (part.type !== 'text') {
          throw new GatewayError('bad_request', `litellm.BadRequestError: BedrockException - assistant messages take text only, got "${part.type}"`, { param: `${args.param}.content[${j}]` });
        }
        if (!isBlank(part.text)) content.push({ text: part.text });
      }
      content.push(...convertToolCalls(message, args.param));
      return { role: 'assistant', content };
    }
    case 'tool':
    case 'function':
      return { role: 'user', content: [await convertToolResult(message, args)] };
    default:
      return undefined;
  }
}

/**
 * Canonical messages → the Converse prompt, following Bedrock's rules the way LiteLLM does:
 * system and developer messages (anywhere) become the top-level `system` blocks; tool
 * results become `toolResult` blocks in the user turn; turns of the same role are merged so
 * roles strictly alternate; blank text is dropped (turns left empty go away); a conversation
 * that starts with the assistant gets a "Please continue." user turn first.
 */
export async function convertToBedrockMessages(messages: readonly ChatMessage[], loadImage: BedrockImageLoader): Promise<BedrockPrompt> {
  const system: BedrockSystemBlock[] = [];
  const turns: BedrockMessage[] = [];
  const toolNames = new Set<string>();
  let usesTools = false;
  for (const [i, message] of messages.entries()) {
    const param = `messages[${i}]`;
    if (message.role === 'system' || message.role === 'developer') {
      system.push(...convertSystemContent(message, param));
      continue;
    }
    for (const call of message.tool_calls ?? []) toolNames.add(call.function.name);
    const turn = await turnOf(message, { param, loadImage });
    if (turn === undefined) throw new GatewayError('bad_request', `litellm.BadRequestError: BedrockException - unknown message role "${message.role}"`, { param: `${param}.role` });
    if (turn.content.some((b) => 'toolUse' in b || 'toolResult' in b)) usesTools = true;
    if (turn.content.every((b) => 'cachePoint' in b)) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  }
  if (turns.length === 0) {
    throw new GatewayError('bad_request', 'litellm.BadRequestError: BedrockException - Bedrock needs at least one user or assistant message with content', { param: 'messages' });
  }
  if (turns[0]?.role === 'assistant') turns.unshift({ role: 'user', content: [{ text: USER_CONTINUE_TEXT }] });
  return { system, messages: turns, historyToolNames: [...toolNames], historyUsesTools: usesTools };
}
