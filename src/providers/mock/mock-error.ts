import { ERROR_CATALOGUE, type ErrorKind } from '../../spec/error-catalogue.ts';
import { GatewayError } from '../../spec/gateway-error.ts';

/** LiteLLM class name → catalogue kind, for `mock_response: "litellm.RateLimitError"`. */
const BY_CLASS: ReadonlyMap<string, ErrorKind> = new Map(
  (Object.entries(ERROR_CATALOGUE) as [ErrorKind, (typeof ERROR_CATALOGUE)[ErrorKind]][])
    .filter(([kind]) => kind !== 'authentication')
    .map(([kind, spec]) => [spec.litellmClass, kind]),
);

/**
 * LiteLLM lets `mock_response` name an exception to raise instead of answering
 * ("litellm.RateLimitError", "litellm.ContextWindowExceededError", …). Returns that error,
 * or undefined when the value is an ordinary mock answer.
 */
export function mockError(value: string): GatewayError | undefined {
  if (!value.startsWith('litellm.')) return undefined;
  const className = value.slice('litellm.'.length);
  const kind = BY_CLASS.get(className);
  if (kind === undefined) return undefined;
  const options = kind === 'rate_limit' ? { retryAfter: '1' } : {};
  return new GatewayError(kind, `litellm.${className}: MockException - mock_response asked for this error`, options);
}
