import { GatewayError } from '../../spec/gateway-error.ts';
import { mapUpstreamError } from '../../provider-kit/map-upstream-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';

/** For messages: "AnthropicException - …", as LiteLLM names Anthropic failures. */
export const ANTHROPIC_PROVIDER_NAME = 'Anthropic';

/**
 * The HTTP status each Anthropic error `type` comes with. Stream `error` events carry only the
 * type, so this gives them the status (and so the catalogue kind) the same failure would have
 * had before the stream started: `overloaded_error` is 529, which maps to a 500
 * InternalServerError as in LiteLLM.
 */
const STATUS_BY_ERROR_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * An Anthropic error object (`{"type","message"}`, from a stream `error` event or a 2xx body
 * of type `error`) as a catalogue error, classified like the HTTP answer it stands for.
 * `providerName` (default "Anthropic") prefixes the message, so hosts of the Claude wire
 * format (Vertex AI) can name themselves.
 */
export function anthropicErrorFromObject(
  error: unknown,
  options: { secrets: readonly (string | undefined)[]; providerName?: string },
): GatewayError {
  const type = isRecord(error) && typeof error['type'] === 'string' ? error['type'] : 'api_error';
  const message = isRecord(error) && typeof error['message'] === 'string' ? error['message'] : 'unknown error';
  return mapUpstreamError({
    status: STATUS_BY_ERROR_TYPE[type] ?? 500,
    headers: {},
    bodyText: JSON.stringify({ type: 'error', error: { type, message } }),
    providerName: options.providerName ?? ANTHROPIC_PROVIDER_NAME,
    secrets: options.secrets,
  });
}

/** A request the gateway cannot translate for Anthropic: 400 naming the field at fault. */
export function anthropicBadRequest(detail: string, param: string | null): GatewayError {
  return new GatewayError('bad_request', `litellm.BadRequestError: ${ANTHROPIC_PROVIDER_NAME}Exception - ${detail}`, { param });
}

/** Neither a key nor an auth token is configured for the deployment (LiteLLM raises the same before calling). */
export function missingAnthropicCredentials(modelName: string): GatewayError {
  return new GatewayError(
    'upstream_authentication',
    `litellm.AuthenticationError: ${ANTHROPIC_PROVIDER_NAME}Exception - Missing Anthropic API Key - deployment "${modelName}" has no api_key and neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN is set.`,
  );
}
