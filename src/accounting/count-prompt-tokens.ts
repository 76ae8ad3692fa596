/**
 * Prompt size in tokens, for decisions made before a call (pre-call context-window checks,
 * tpm-aware routing). Counted with gpt-tokenizer's o200k encoding, as LiteLLM counts with
 * tiktoken for models it has no tokenizer for: exact for current OpenAI models, a close
 * estimate for the rest. The tokenizer (several MB of tables) loads on first use only.
 */

/** OpenAI's chat framing: tokens per message, plus the reply's priming. */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

type CountTokens = (text: string) => number;
let counter: Promise<CountTokens> | undefined;

function loadCounter(): Promise<CountTokens> {
  counter ??= import('gpt-tokenizer').then((module) => (text: string) => module.countTokens(text));
  return counter;
}

/** Tokens of the prompt a request body carries: chat messages, a completion prompt or embedding input. */
export async function countPromptTokens(body: Readonly<Record<string, unknown>>): Promise<number> {
  const count = await loadCounter();
  const messages = body['messages'];
  if (Array.isArray(messages)) {
    let total = REPLY_PRIMING;
    for (const message of messages) total += TOKENS_PER_MESSAGE + count(messageText(message));
    const tools = body['tools'];
    if (Array.isArray(tools) && tools.length > 0) total += count(JSON.stringify(tools));
    return total;
  }
  const input = body['prompt'] ?? body['input'];
  return count(flattenText(input));
}

function messageText(message: unknown): string {
  if (typeof message !== 'object' || message === null) return '';
  const m = message as Record<string, unknown>;
  const parts = [flattenText(m['content'])];
  if (typeof m['name'] === 'string') parts.push(m['name']);
  const calls = m['tool_calls'];
  if (Array.isArray(calls)) parts.push(JSON.stringify(calls));
  return parts.join('\n');
}

/** The text inside a string, a list of strings or a list of content parts. */
function flattenText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .map((part: unknown) => {
      if (typeof part === 'string') return part;
      if (typeof part === 'object' && part !== null && typeof (part as Record<string, unknown>)['text'] === 'string') return (part as Record<string, string>)['text'];
      return '';
    })
    .join('\n');
}
