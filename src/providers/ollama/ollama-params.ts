import type { CallType } from '../../spec/provider.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';

/** Which native API a prefix uses: `ollama/` → /api/generate, `ollama_chat/` → /api/chat. */
export type OllamaFlavor = 'generate' | 'chat';

/** Decides whether a present parameter value cannot be honoured. */
type Refuses = (value: unknown) => boolean;

const isSet: Refuses = (value) => value !== undefined && value !== null;
const isSetAndNot = (allowed: unknown): Refuses => (value) => isSet(value) && value !== allowed;

/** OpenAI chat parameters Ollama has no equivalent for (whatever the flavor). */
const CHAT_REFUSED: Readonly<Record<string, Refuses>> = {
  n: isSetAndNot(1),
  logit_bias: isSet,
  logprobs: isSetAndNot(false),
  top_logprobs: isSet,
  user: isSet,
  functions: isSet,
  function_call: isSet,
  // Ollama calls tools when the model wants to: "auto" is what it does, "none" sends no tools.
  tool_choice: (value) => isSet(value) && value !== 'auto' && value !== 'none',
  parallel_tool_calls: isSetAndNot(true),
  response_format: (value) => isRecord(value) && !['text', 'json_object', 'json_schema'].includes(String(value['type'])),
  modalities: isSet,
  audio: isSet,
  prediction: isSet,
  service_tier: isSet,
  store: isSetAndNot(false),
  web_search_options: isSet,
  verbosity: isSet,
};

/** /api/generate takes no tools: use `ollama_chat/` for function calling. */
const GENERATE_CHAT_REFUSED: Readonly<Record<string, Refuses>> = {
  tools: isSet,
  tool_choice: isSetAndNot('none'),
  parallel_tool_calls: isSet,
};

/** OpenAI legacy-completion parameters /api/generate cannot honour. */
const COMPLETION_REFUSED: Readonly<Record<string, Refuses>> = {
  n: isSetAndNot(1),
  best_of: isSetAndNot(1),
  echo: isSetAndNot(false),
  logprobs: isSet,
  logit_bias: isSet,
  user: isSet,
};

const EMBEDDING_REFUSED: Readonly<Record<string, Refuses>> = {
  user: isSet,
};

/**
 * Every OpenAI chat request field. None of them is ever passed on as an Ollama option: they
 * are converted, or refused above. Fields outside this set are Ollama options (num_ctx, …).
 */
export const OPENAI_CHAT_FIELDS: ReadonlySet<string> = new Set([
  'model', 'messages', 'stream', 'stream_options', 'temperature', 'top_p', 'stop', 'max_tokens', 'max_completion_tokens',
  'presence_penalty', 'frequency_penalty', 'seed', 'tools', 'reasoning_effort', 'safety_identifier', 'prompt_cache_key',
  ...Object.keys(CHAT_REFUSED),
]);

/** Every OpenAI legacy-completion request field (see {@link OPENAI_CHAT_FIELDS}). */
export const OPENAI_COMPLETION_FIELDS: ReadonlySet<string> = new Set([
  'model', 'prompt', 'suffix', 'stream', 'stream_options', 'temperature', 'top_p', 'stop', 'max_tokens', 'presence_penalty',
  'frequency_penalty', 'seed', ...Object.keys(COMPLETION_REFUSED),
]);

/**
 * The parameters in `body` Ollama cannot take for `call` (400 naming them, or dropped with
 * drop_params). Harmless values (n: 1, logprobs: false, tool_choice: "auto") are accepted.
 */
export function unsupportedOllamaParams(call: CallType, body: Readonly<Record<string, unknown>>, flavor: OllamaFlavor): string[] {
  const refused = rulesFor(call, flavor).flatMap((rules) => Object.keys(rules).filter((name) => rules[name]?.(body[name]) === true));
  return [...new Set(refused)];
}

function rulesFor(call: CallType, flavor: OllamaFlavor): Readonly<Record<string, Refuses>>[] {
  switch (call) {
    case 'chat':
      return flavor === 'chat' ? [CHAT_REFUSED] : [CHAT_REFUSED, GENERATE_CHAT_REFUSED];
    case 'completion':
      return [COMPLETION_REFUSED];
    case 'embedding':
      return [EMBEDDING_REFUSED];
    case 'image_generation':
      return [];
    default:
      return call satisfies never;
  }
}
