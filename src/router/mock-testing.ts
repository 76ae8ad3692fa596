import { GatewayError } from '../spec/gateway-error.ts';

/** LiteLLM's request flags that make the first group fail on purpose, to test fallbacks and rate-limit handling. */
export interface MockTesting {
  fallbacks?: boolean;
  rateLimitError?: boolean;
  contextWindowFallbacks?: boolean;
  contentPolicyFallbacks?: boolean;
}

/** The error a mock-testing flag raises on the caller's own group (never on fallbacks), or undefined. */
export function mockTestingError(flags: MockTesting | undefined, model: string): GatewayError | undefined {
  if (flags === undefined) return undefined;
  if (flags.fallbacks === true) {
    return new GatewayError('internal', `litellm.InternalServerError: This is a mock exception for model=${model}, to trigger a fallback. Fallbacks=mock_testing_fallbacks`);
  }
  if (flags.contextWindowFallbacks === true) {
    return new GatewayError('context_window_exceeded', `litellm.ContextWindowExceededError: This is a mock exception for model=${model}, to trigger a context window fallback.`);
  }
  if (flags.contentPolicyFallbacks === true) {
    return new GatewayError('content_policy_violation', `litellm.ContentPolicyViolationError: This is a mock exception for model=${model}, to trigger a content policy fallback.`);
  }
  if (flags.rateLimitError === true) {
    return new GatewayError('rate_limit', `litellm.RateLimitError: This is a mock rate limit error for model=${model} (mock_testing_rate_limit_error).`, { retryAfter: '1' });
  }
  return undefined;
}
