/**
 * Request-body fields that steer the gateway itself (LiteLLM's request extensions). They are
 * read here and never sent to a provider.
 */
export const GATEWAY_FIELDS = [
  'metadata',
  'mock_response',
  'mock_timeout',
  'mock_testing_fallbacks',
  'mock_testing_context_window_fallbacks',
  'mock_testing_content_policy_fallbacks',
  'mock_testing_rate_limit_error',
  'fallbacks',
  'context_window_fallback_dict',
  'num_retries',
  'drop_params',
  'allowed_openai_params',
  'additional_drop_params',
  'cache',
  'caching',
  'guardrails',
  'tags',
  'timeout',
  'stream_timeout',
  'litellm_metadata',
] as const;

/** Fields a caller may not set: the deployment's credentials and endpoint are the gateway's. */
export const CLIENT_CREDENTIAL_FIELDS = ['api_key', 'api_base', 'base_url', 'api_version', 'organization'] as const;
