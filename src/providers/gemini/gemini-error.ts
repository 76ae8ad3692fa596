import { ERROR_CATALOGUE, type ErrorKind } from '../../spec/error-catalogue.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { mapUpstreamError, type UpstreamErrorInput } from '../../provider-kit/map-upstream-error.ts';
import { redactSecrets } from '../../provider-kit/redact-secrets.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';

/**
 * Google's canonical error `status` → catalogue kind. Google's HTTP status alone misleads in
 * places (an invalid API key is a 400 INVALID_ARGUMENT), so the status text and message decide.
 */
const KIND_BY_STATUS: Readonly<Record<string, ErrorKind>> = {
  INVALID_ARGUMENT: 'bad_request',
  FAILED_PRECONDITION: 'bad_request',
  OUT_OF_RANGE: 'bad_request',
  UNAUTHENTICATED: 'upstream_authentication',
  PERMISSION_DENIED: 'permission_denied',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAVAILABLE: 'service_unavailable',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'internal',
  UNKNOWN: 'internal',
  ABORTED: 'internal',
};

/** Phrases of Gemini's "the prompt is too long" 400s. */
const CONTEXT_WINDOW = [/exceeds the maximum number of tokens/i, /input token count.*exceeds/i, /too many tokens/i, /context length/i];

/** An invalid or expired key: Google answers 400 INVALID_ARGUMENT (or 403) with one of these. */
const BAD_KEY = [/API key not valid/i, /API key expired/i, /API_KEY_INVALID/];

/** Phrases of a blocked prompt or answer reported as an error. */
const CONTENT_POLICY = [/prohibited content/i, /blocked.*safety/i, /safety settings/i];

interface GoogleError {
  code: number | undefined;
  message: string;
  status: string | undefined;
  details: unknown[];
}

/**
 * A non-2xx Gemini / Vertex AI answer (`{"error":{"code","message","status","details"}}`) as
 * a catalogue error: Google's `status` and message decide the kind (an invalid key is 401
 * although Google sends 400; "exceeds the maximum number of tokens" is a context-window
 * error; RESOURCE_EXHAUSTED is 429 with `retry-after` from the header or the RetryInfo
 * detail). Bodies that are not Google's shape fall back to the shared mapping.
 */
export function mapGeminiError(input: UpstreamErrorInput): GatewayError {
  const parsed = parseGoogleError(input.bodyText);
  if (parsed === undefined) return mapUpstreamError(input);
  const kind = classify(input.status, parsed);
  const message = redactSecrets(`litellm.${ERROR_CATALOGUE[kind].litellmClass}: ${input.providerName}Exception - ${truncate(parsed.message)}`, input.secrets);
  const options: ConstructorParameters<typeof GatewayError>[2] = { upstreamStatus: input.status };
  if (kind === 'rate_limit') {
    const retryAfter = headerValue(input.headers['retry-after']) ?? retryDelaySeconds(parsed.details);
    if (retryAfter !== undefined) options.retryAfter = retryAfter;
  }
  return new GatewayError(kind, message, options);
}

/**
 * A Gemini error object that arrived inside a 2xx answer (a stream event `{"error":{…}}`),
 * classified like the HTTP answer it stands for.
 */
export function geminiErrorFromObject(error: unknown, options: { providerName: string; secrets: readonly (string | undefined)[] }): GatewayError {
  const code = isRecord(error) && typeof error['code'] === 'number' ? error['code'] : 500;
  return mapGeminiError({ status: code, headers: {}, bodyText: JSON.stringify({ error }), providerName: options.providerName, secrets: options.secrets });
}

function classify(status: number, error: GoogleError): ErrorKind {
  const text = error.message;
  if (BAD_KEY.some((p) => p.test(text)) || detailReason(error.details) === 'API_KEY_INVALID') return 'upstream_authentication';
  if (status === 400 || error.status === 'INVALID_ARGUMENT') {
    if (CONTEXT_WINDOW.some((p) => p.test(text))) return 'context_window_exceeded';
    if (CONTENT_POLICY.some((p) => p.test(text))) return 'content_policy_violation';
  }
  const byStatus = error.status === undefined ? undefined : KIND_BY_STATUS[error.status];
  if (byStatus !== undefined) return byStatus;
  return mapUpstreamError({ status, headers: {}, bodyText: '', providerName: '' }).kind;
}

function parseGoogleError(text: string): GoogleError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Streams and some proxies wrap the error in a one-element array.
  const body = Array.isArray(json) ? json[0] : json;
  if (!isRecord(body) || !isRecord(body['error'])) return undefined;
  const error = body['error'];
  if (typeof error['message'] !== 'string') return undefined;
  return {
    code: typeof error['code'] === 'number' ? error['code'] : undefined,
    message: error['message'],
    status: typeof error['status'] === 'string' ? error['status'] : undefined,
    details: Array.isArray(error['details']) ? error['details'] : [],
  };
}

/** `google.rpc.ErrorInfo.reason` of the details, if any. */
function detailReason(details: readonly unknown[]): string | undefined {
  for (const detail of details) if (isRecord(detail) && typeof detail['reason'] === 'string') return detail['reason'];
  return undefined;
}

/** `google.rpc.RetryInfo.retryDelay` ("30s", "1.5s") → whole seconds for `retry-after`. */
function retryDelaySeconds(details: readonly unknown[]): string | undefined {
  for (const detail of details) {
    if (!isRecord(detail) || typeof detail['retryDelay'] !== 'string') continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(detail['retryDelay']);
    if (match?.[1] !== undefined) return String(Math.ceil(Number(match[1])));
  }
  return undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function truncate(text: string): string {
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}
