import type { CallType } from '../../spec/provider.ts';

/** Decides whether a present parameter value cannot be honoured. */
type Refuses = (value: unknown) => boolean;

const isSet: Refuses = (value) => value !== undefined && value !== null;
const isSetAndNot = (allowed: unknown): Refuses => (value) => isSet(value) && value !== allowed;

/**
 * OpenAI chat parameters Gemini has no counterpart for. LiteLLM's supported list for Gemini
 * and Vertex AI is temperature, top_p, max_tokens, max_completion_tokens, stream, tools,
 * tool_choice, response_format, n, stop, logprobs, top_logprobs, frequency_penalty,
 * presence_penalty, seed, reasoning_effort, thinking, web_search_options and
 * parallel_tool_calls; these are the OpenAI ones outside it (or values it cannot honour).
 */
const CHAT_REFUSED: Readonly<Record<string, Refuses>> = {
  logit_bias: isSet,
  user: isSet,
  functions: isSet,
  function_call: isSet,
  // Gemini may always call several functions at once; it cannot be told not to.
  parallel_tool_calls: isSetAndNot(true),
  modalities: isSet,
  audio: isSet,
  prediction: isSet,
  service_tier: isSet,
  store: isSetAndNot(false),
  verbosity: isSet,
  prompt_cache_key: isSet,
  safety_identifier: isSet,
};

/** batchEmbedContents and Vertex `predict` take the text and a dimension count only. */
const EMBEDDING_REFUSED: Readonly<Record<string, Refuses>> = {
  user: isSet,
};

/** Imagen on Vertex: no url answers (bytes only), no quality / style knobs. */
const IMAGE_REFUSED: Readonly<Record<string, Refuses>> = {
  response_format: isSetAndNot('b64_json'),
  quality: isSet,
  style: isSet,
  user: isSet,
  background: isSet,
};

/**
 * The parameters in `body` Gemini (AI Studio or Vertex AI) cannot take for `call`; the server
 * answers 400 naming them, or drops them with `drop_params`. Gemini-native extras
 * (`top_k`, `safety_settings`, `labels`, `thinking`) are not listed: they are translated.
 */
export function unsupportedGeminiParams(call: CallType, body: Readonly<Record<string, unknown>>): string[] {
  const rules = RULES[call];
  return Object.keys(rules).filter((name) => rules[name]?.(body[name]) === true);
}

const RULES: Readonly<Record<CallType, Readonly<Record<string, Refuses>>>> = {
  chat: CHAT_REFUSED,
  completion: {},
  embedding: EMBEDDING_REFUSED,
  image_generation: IMAGE_REFUSED,
};
