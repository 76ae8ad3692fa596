/**
 * The request parameters LiteLLM puts into a cache key: `ModelParamHelper.get_all_llm_api_params()`,
 * the union of the OpenAI SDK's create-params of chat completions, completions, embeddings,
 * transcriptions and responses, plus LiteLLM's rerank and Anthropic-messages request fields and
 * `thinking`, minus `metadata` and `litellm_metadata`. Data only.
 */
export const CACHE_KEY_PARAMS: ReadonlySet<string> = new Set([
  // chat.completions.create
  'messages', 'model', 'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs', 'max_completion_tokens',
  'max_tokens', 'modalities', 'n', 'parallel_tool_calls', 'prediction', 'presence_penalty', 'prompt_cache_key', 'prompt_cache_retention',
  'reasoning_effort', 'response_format', 'safety_identifier', 'seed', 'service_tier', 'stop', 'store', 'stream', 'stream_options',
  'temperature', 'tool_choice', 'tools', 'top_logprobs', 'top_p', 'user', 'verbosity', 'web_search_options', 'thinking',
  // completions.create
  'prompt', 'best_of', 'echo', 'suffix',
  // embeddings.create
  'input', 'dimensions', 'encoding_format',
  // audio.transcriptions.create
  'file', 'chunking_strategy', 'include', 'language', 'timestamp_granularities',
  // responses.create
  'background', 'conversation', 'instructions', 'max_output_tokens', 'max_tool_calls', 'previous_response_id', 'reasoning', 'text', 'truncation',
  // rerank
  'query', 'top_n', 'documents', 'custom_llm_provider', 'rank_fields', 'return_documents', 'max_chunks_per_doc', 'max_tokens_per_doc',
  // Anthropic /v1/messages
  'stop_sequences', 'system', 'top_k', 'container', 'mcp_servers', 'context_management',
]);
