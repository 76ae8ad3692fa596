/**
 * Error bodies the fake Anthropic upstream answers with, in the real Messages API shape:
 * `{"type":"error","error":{"type","message"},"request_id"}`, with the status Anthropic pairs
 * with each error type (overloaded is 529).
 */

/** An Anthropic error body. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

/** A status and body ready to write. */
export interface AnthropicErrorAnswer {
  status: number;
  body: AnthropicErrorBody;
}

/** Anthropic's error type for each status it uses. */
export const ANTHROPIC_ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** The message Anthropic sends with each error type when nothing more specific applies. */
const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'Not found',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out',
  overloaded_error: 'Overloaded',
};

/** The error object of an error body or a stream `error` event. */
export function anthropicErrorObject(type: string, message?: string): { type: string; message: string } {
  return { type, message: message ?? DEFAULT_MESSAGES[type] ?? 'Error' };
}

/** An error answer; the type defaults to the one Anthropic pairs with `status`. */
export function anthropicError(status: number, options: { type?: string; message?: string; requestId?: string } = {}): AnthropicErrorAnswer {
  const type = options.type ?? ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { status, body: { type: 'error', error: anthropicErrorObject(type, options.message), request_id: options.requestId ?? 'req_fake' } };
}


/** A 400 `invalid_request_error` with Anthropic's validation message. */
export function invalidRequest(message: string): AnthropicErrorAnswer {
  return anthropicError(400, { message });
}
