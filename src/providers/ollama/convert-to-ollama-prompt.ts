import type { ChatMessage } from '../../spec/chat.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import { convertOllamaContent, type OllamaContent } from './convert-ollama-content.ts';

/** A chat conversation flattened for `/api/generate`. */
export interface OllamaPrompt {
  prompt: string;
  /** The leading system (and developer) messages; Ollama puts them in the model's system slot. */
  system: string | undefined;
  images: string[];
}

type Section = 'User' | 'System' | 'Assistant';

/**
 * Flattens chat messages into one prompt the way LiteLLM's `ollama_pt` does: consecutive
 * user, tool and function messages become one `### User:` section, system messages a
 * `### System:` section, assistant messages an `### Assistant:` section (their tool calls
 * appended as `Tool Calls: <JSON>`); every image is collected. Unlike LiteLLM, the system
 * messages that open the conversation go to the `system` field instead of the prompt.
 */
export async function convertToOllamaPrompt(messages: readonly ChatMessage[], signal: AbortSignal): Promise<OllamaPrompt> {
  const contents = await Promise.all(messages.map((message, index) => convertOllamaContent(message.content, { messageIndex: index, signal })));
  const leading = countLeadingSystem(messages);
  const systemTexts = contents.slice(0, leading).map((content) => content.text);
  let prompt = '';
  let open: { section: Section; text: string } | undefined;
  for (let index = leading; index < messages.length; index++) {
    const message = messages[index];
    const content = contents[index];
    if (message === undefined || content === undefined) continue;
    const section = sectionOf(message);
    if (open !== undefined && open.section !== section) {
      prompt += render(open);
      open = undefined;
    }
    open ??= { section, text: '' };
    open.text += sectionText(message, content);
  }
  if (open !== undefined) prompt += render(open);
  return {
    prompt,
    system: systemTexts.length > 0 ? systemTexts.join('\n') : undefined,
    images: contents.flatMap((content) => content.images),
  };
}

function countLeadingSystem(messages: readonly ChatMessage[]): number {
  const first = messages.findIndex((message) => message.role !== 'system' && message.role !== 'developer');
  return first === -1 ? messages.length : first;
}

function sectionOf(message: ChatMessage): Section {
  switch (message.role) {
    case 'user':
    case 'tool':
    case 'function':
      return 'User';
    case 'system':
    case 'developer':
      return 'System';
    case 'assistant':
      return 'Assistant';
    default:
      return message.role satisfies never;
  }
}

function sectionText(message: ChatMessage, content: OllamaContent): string {
  const calls = message.role === 'assistant' ? (message.tool_calls ?? []) : [];
  if (calls.length === 0) return content.text;
  const listed = calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.function.name, arguments: argumentsObject(call.function.arguments) } }));
  return `${content.text}Tool Calls: ${JSON.stringify(listed, null, 2)}`;
}

/** The arguments as an object when they are JSON, else the text as it was (the prompt is text anyway). */
function argumentsObject(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : text;
  } catch {
    return text;
  }
}

function render(open: { section: Section; text: string }): string {
  return open.text === '' ? '' : `### ${open.section}:\n${open.text}\n\n`;
}
