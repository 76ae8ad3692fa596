import type { ErrorKind } from '../spec/error-catalogue.ts';

/**
 * The exception class names LiteLLM's `retry_policy` and `allowed_fails_policy` use
 * (`RateLimitErrorRetries`, `TimeoutErrorAllowedFails`, …), by catalogue kind.
 */
const POLICY_CLASS: Partial<Record<ErrorKind, string>> = {
  bad_request: 'BadRequestError',
  unsupported_params: 'BadRequestError',
  context_window_exceeded: 'BadRequestError',
  unprocessable_entity: 'BadRequestError',
  content_policy_violation: 'ContentPolicyViolationError',
  upstream_authentication: 'AuthenticationError',
  timeout: 'TimeoutError',
  rate_limit: 'RateLimitError',
  internal: 'InternalServerError',
  bad_gateway: 'InternalServerError',
  service_unavailable: 'InternalServerError',
  api_connection: 'InternalServerError',
};

/** `retry_policy` / `allowed_fails_policy` value for this error kind, if the policy names it. */
export function policyValue(options: { policy: Readonly<Record<string, number>>; kind: ErrorKind; suffix: 'Retries' | 'AllowedFails' }): number | undefined {
  const name = POLICY_CLASS[options.kind];
  return name === undefined ? undefined : options.policy[`${name}${options.suffix}`];
}
