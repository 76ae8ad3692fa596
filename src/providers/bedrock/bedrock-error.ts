import { ERROR_CATALOGUE, type ErrorKind } from '../../spec/error-catalogue.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { mapUpstreamError, type UpstreamErrorInput } from '../../provider-kit/map-upstream-error.ts';
import { redactSecrets } from '../../provider-kit/redact-secrets.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';

/** Name in error messages: "BedrockException - …", as LiteLLM writes it. */
export const BEDROCK_PROVIDER_NAME = 'Bedrock';

/**
 * AWS exception names (the `x-amzn-errortype` header, or an event-stream `:exception-type`
 * with its first letter lowered) → catalogue kind. AWS answers 403 for a bad key or
 * signature; like LiteLLM, those are authentication errors (401), not permission errors.
 */
const BY_EXCEPTION: Readonly<Record<string, ErrorKind>> = {
  ThrottlingException: 'rate_limit',
  TooManyRequestsException: 'rate_limit',
  ServiceQuotaExceededException: 'rate_limit',
  AccessDeniedException: 'permission_denied',
  UnrecognizedClientException: 'upstream_authentication',
  InvalidSignatureException: 'upstream_authentication',
  IncompleteSignatureException: 'upstream_authentication',
  MissingAuthenticationTokenException: 'upstream_authentication',
  ExpiredTokenException: 'upstream_authentication',
  InvalidClientTokenId: 'upstream_authentication',
  ResourceNotFoundException: 'not_found',
  ValidationException: 'bad_request',
  ModelTimeoutException: 'timeout',
  ServiceUnavailableException: 'service_unavailable',
  ModelNotReadyException: 'service_unavailable',
  InternalServerException: 'internal',
  ModelErrorException: 'internal',
  ModelStreamErrorException: 'internal',
};

/** Bedrock's (and the models behind it) ways of saying the prompt does not fit. */
const CONTEXT_WINDOW_PATTERNS: readonly RegExp[] = [
  /input is too long/i,
  /too many input tokens/i,
  /prompt is too long/i,
  /exceed(s|ed)? (the )?(model's )?(maximum )?context (length|limit|window)/i,
  /maximum context length/i,
  /too many tokens/i,
  /input length and `max_tokens` exceed context limit/i,
];

/** A ValidationException about content moderation (guardrails turn these into answers, not errors). */
const CONTENT_POLICY_PATTERNS: readonly RegExp[] = [/content filter/i, /content policy/i, /blocked by .*(guardrail|filter)/i];

/** Status → kind when the answer names no exception we know: the shared status rules. */
function kindFromStatus(status: number, message: string): ErrorKind {
  return mapUpstreamError({ status, headers: {}, bodyText: JSON.stringify({ message }), providerName: BEDROCK_PROVIDER_NAME }).kind;
}

/** `ValidationException:http://internal.amazon.com/coral/…` → `ValidationException`. */
function exceptionName(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const name = value.split(':')[0]?.split('#').at(-1)?.trim();
  return name === undefined || name === '' ? undefined : name;
}

function parseBody(text: string): { message: string; type: string | undefined } {
  try {
    const json: unknown = JSON.parse(text);
    if (isRecord(json)) {
      const message = json['message'] ?? json['Message'];
      const type = typeof json['__type'] === 'string' ? exceptionName(json['__type']) : undefined;
      return { message: typeof message === 'string' ? message : text, type };
    }
  } catch {
    // Not JSON: the text is the message.
  }
  return { message: text.trim() === '' ? 'empty error response' : text, type: undefined };
}

/**
 * An AWS error answer (`x-amzn-errortype` header, `{"message"}` body) → a catalogue error,
 * as LiteLLM maps Bedrock errors: the exception name decides the kind (the status when it is
 * missing), a ValidationException about length is a context-window error. Secrets never
 * reach the message.
 */
export function mapBedrockError(input: UpstreamErrorInput): GatewayError {
  const body = parseBody(redactSecrets(input.bodyText, input.secrets));
  const header = input.headers['x-amzn-errortype'];
  const exception = exceptionName(Array.isArray(header) ? header[0] : header) ?? body.type;
  return bedrockError({ status: input.status, exception, message: body.message, secrets: input.secrets ?? [], retryAfter: input.headers['retry-after'] });
}

/** The exception of an event-stream `exception` frame (`throttlingException`, …), thrown mid-stream. */
export function mapBedrockStreamException(args: { exceptionType: string; body: unknown; secrets: readonly (string | undefined)[] }): GatewayError {
  const name = args.exceptionType.charAt(0).toUpperCase() + args.exceptionType.slice(1);
  const message = isRecord(args.body) && typeof args.body['message'] === 'string' ? args.body['message'] : JSON.stringify(args.body ?? null);
  return bedrockError({ status: undefined, exception: name, message: redactSecrets(message, args.secrets), secrets: args.secrets, retryAfter: undefined });
}

function bedrockError(args: {
  status: number | undefined;
  exception: string | undefined;
  message: string;
  secrets: readonly (string | undefined)[];
  retryAfter: string | string[] | undefined;
}): GatewayError {
  const known = args.exception === undefined ? undefined : BY_EXCEPTION[args.exception];
  let kind: ErrorKind = known ?? (args.status === undefined ? 'internal' : kindFromStatus(args.status, args.message));
  if (kind === 'bad_request') {
    if (CONTEXT_WINDOW_PATTERNS.some((p) => p.test(args.message))) kind = 'context_window_exceeded';
    else if (CONTENT_POLICY_PATTERNS.some((p) => p.test(args.message))) kind = 'content_policy_violation';
  }
  const text = args.message.length > 4000 ? `${args.message.slice(0, 4000)}…` : args.message;
  const prefix = args.exception === undefined ? '' : `${args.exception}: `;
  const message = redactSecrets(`litellm.${ERROR_CATALOGUE[kind].litellmClass}: ${BEDROCK_PROVIDER_NAME}Exception - ${prefix}${text}`, args.secrets);
  const options: ConstructorParameters<typeof GatewayError>[2] = {};
  if (args.status !== undefined) options.upstreamStatus = args.status;
  const retryAfter = Array.isArray(args.retryAfter) ? args.retryAfter[0] : args.retryAfter;
  if (kind === 'rate_limit' && retryAfter !== undefined) options.retryAfter = retryAfter;
  if (args.exception !== undefined) options.providerFields = { aws_error_type: args.exception };
  return new GatewayError(kind, message, options);
}
