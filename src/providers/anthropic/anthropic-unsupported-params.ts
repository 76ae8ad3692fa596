/**
 * OpenAI chat parameters the Messages API has no counterpart for. LiteLLM's supported list for
 * Anthropic is stream, stop, temperature, top_p, max_tokens, max_completion_tokens, tools,
 * tool_choice, extra_headers, parallel_tool_calls, response_format, user, reasoning_effort,
 * thinking and web_search_options; these are the OpenAI ones outside it.
 */
const UNSUPPORTED_CHAT_PARAMS: readonly string[] = [
  'presence_penalty', 'frequency_penalty', 'logit_bias', 'seed', 'top_logprobs', 'functions', 'function_call',
  'modalities', 'audio', 'prediction', 'store', 'verbosity', 'prompt_cache_key', 'safety_identifier',
];

/**
 * The parameters of a chat body the Anthropic provider cannot take: the list above when
 * present, `n` above 1 (one answer per call) and `logprobs: true`. The server answers 400
 * naming them, or drops them with `drop_params`. Anthropic-native extras (`top_k`, …) are
 * not listed: they are passed through.
 */
export function anthropicUnsupportedParams(body: Readonly<Record<string, unknown>>): string[] {
  const names = UNSUPPORTED_CHAT_PARAMS.filter((name) => body[name] !== undefined && body[name] !== null);
  if (typeof body['n'] === 'number' && body['n'] > 1) names.push('n');
  if (body['logprobs'] === true) names.push('logprobs');
  return names;
}
