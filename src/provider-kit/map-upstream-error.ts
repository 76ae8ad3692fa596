import { ERROR_CATALOGUE, type ErrorKind } from '../spec/error-catalogue.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { redactSecrets } from './redact-secrets.ts';

/** LiteLLM's phrases for "the prompt is too long" across providers. */
const CONTEXT_WINDOW_PATTERNS: readonly RegExp[] = [
  /maximum context length/i,
  /context_length_exceeded/i,
  /exceeds? (the )?context (limit|window)/i,
  /model's maximum context limit/i,
  /is longer than the model's context length/i,
  /input tokens exceed the configured limit/i,
  /prompt is too long/i,
  /string too long\. expected a string with maximum length/i,
  /too many tokens/i,
  /`inputs` tokens \+ `max_new_tokens` must be <=/i,
  /input validation error: `inputs` must have less than/i,
];

const CONTENT_POLICY_PATTERNS: readonly RegExp[] = [
  /content_policy_violation/i,
  /content management policy/i,
  /content filtering policy/i,
  /content_filter/i,
  /safety system/i,
];

export interface UpstreamErrorInput {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw response body text (possibly truncated by the caller). */
  bodyText: string;
  /** Provider name for the message, e.g. "OpenAI" → "OpenAIException - …". */
  providerName: string;
  /** Secret values that must never appear in the message (the deployment's key, …). */
  secrets?: readonly (string | undefined)[];
}

/**
 * Turns an upstream error response into a catalogue error, as LiteLLM maps provider errors:
 * status decides the class, the body's text refines 400s into context-window and
 * content-policy errors, `retry-after` is kept, and provider details (Azure's
 * `innererror`) travel in `provider_specific_fields`.
 */
export function mapUpstreamError(input: UpstreamErrorInput): GatewayError {
  // Redact before parsing: parsing truncates, and a secret cut in two would no longer match.
  const parsed = parseErrorBody(redactSecrets(input.bodyText, input.secrets));
  const kind = classify(input.status, parsed);
  const message = redactSecrets(
    `litellm.${ERROR_CATALOGUE[kind].litellmClass}: ${input.providerName}Exception - ${parsed.message}`,
    input.secrets,
  );
  const retryAfter = headerValue(input.headers['retry-after']);
  const options: ConstructorParameters<typeof GatewayError>[2] = { upstreamStatus: input.status };
  if (parsed.param !== undefined) options.param = parsed.param;
  if (retryAfter !== undefined && kind === 'rate_limit') options.retryAfter = retryAfter;
  if (parsed.providerFields !== undefined) options.providerFields = parsed.providerFields;
  return new GatewayError(kind, message, options);
}

interface ParsedErrorBody {
  message: string;
  code: string | undefined;
  param: string | undefined;
  providerFields: Record<string, unknown> | undefined;
}

function parseErrorBody(text: string): ParsedErrorBody {
  const fallback: ParsedErrorBody = { message: truncate(text.trim() || 'empty error response'), code: undefined, param: undefined, providerFields: undefined };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fallback;
  }
  if (!isRecord(json)) return fallback;
  const error = json['error'];
  // Hugging Face TGI and others: a flat {"error": "<text>"}.
  if (typeof error === 'string') return { ...fallback, message: truncate(error) };
  if (!isRecord(error)) {
    const message = json['message'] ?? json['detail'];
    return typeof message === 'string' ? { ...fallback, message: truncate(message) } : { ...fallback, message: truncate(text) };
  }
  const message = typeof error['message'] === 'string' ? error['message'] : JSON.stringify(error);
  const code = error['code'] === undefined || error['code'] === null ? undefined : String(error['code']);
  const param = typeof error['param'] === 'string' ? error['param'] : undefined;
  const innererror = error['innererror'];
  const providerFields = isRecord(innererror) ? { innererror } : undefined;
  return { message: truncate(message), code, param, providerFields };
}

function classify(status: number, body: ParsedErrorBody): ErrorKind {
  const text = `${body.code ?? ''} ${body.message}`;
  if (status === 400 || status === 413) {
    if (CONTEXT_WINDOW_PATTERNS.some((p) => p.test(text))) return 'context_window_exceeded';
    if (CONTENT_POLICY_PATTERNS.some((p) => p.test(text))) return 'content_policy_violation';
    return 'bad_request';
  }
  switch (status) {
    case 401:
      return 'upstream_authentication';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 408:
    case 504:
      return 'timeout';
    case 422:
      return CONTEXT_WINDOW_PATTERNS.some((p) => p.test(text)) ? 'context_window_exceeded' : 'unprocessable_entity';
    case 429:
      return 'rate_limit';
    case 502:
      return 'bad_gateway';
    case 503:
      return 'service_unavailable';
    default:
      if (status >= 500) return 'internal';
      // undici follows no redirects: a 3xx means the api_base is wrong, not the request.
      if (status >= 300 && status < 400) return 'bad_gateway';
      return 'bad_request';
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function truncate(text: string): string {
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
