/**
 * The one error catalogue. Every error Switchyard answers with is one of these kinds.
 *
 * `status` is the HTTP status (and, as a string, the body's `code`), `type` the OpenAI error
 * type in the body, `litellmClass` the class name LiteLLM would raise (it prefixes upstream
 * error messages, so clients that match on "litellm.RateLimitError" keep working),
 * `retryable` whether the router may try again, `cooldown` whether the error means the
 * deployment is unwell (counts toward its cooldown). docs/errors.md lists the same table; a
 * test keeps the two in step.
 */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, type: 'invalid_request_error', litellmClass: 'BadRequestError', retryable: false, cooldown: false },
  invalid_json: { status: 400, type: 'invalid_request_error', litellmClass: 'BadRequestError', retryable: false, cooldown: false },
  unsupported_params: { status: 400, type: 'invalid_request_error', litellmClass: 'UnsupportedParamsError', retryable: false, cooldown: false },
  unknown_model: { status: 400, type: 'invalid_request_error', litellmClass: 'BadRequestError', retryable: false, cooldown: false },
  context_window_exceeded: { status: 400, type: 'invalid_request_error', litellmClass: 'ContextWindowExceededError', retryable: false, cooldown: false },
  content_policy_violation: { status: 400, type: 'invalid_request_error', litellmClass: 'ContentPolicyViolationError', retryable: false, cooldown: false },
  authentication: { status: 401, type: 'auth_error', litellmClass: 'AuthenticationError', retryable: false, cooldown: false },
  expired_key: { status: 400, type: 'expired_key', litellmClass: 'AuthenticationError', retryable: false, cooldown: false },
  key_model_access_denied: { status: 401, type: 'key_model_access_denied', litellmClass: 'AuthenticationError', retryable: false, cooldown: false },
  forbidden: { status: 403, type: 'auth_error', litellmClass: 'AuthenticationError', retryable: false, cooldown: false },
  budget_exceeded: { status: 429, type: 'budget_exceeded', litellmClass: 'BudgetExceededError', retryable: false, cooldown: false },
  key_rate_limited: { status: 429, type: 'throttling_error', litellmClass: 'RateLimitError', retryable: false, cooldown: false },
  upstream_authentication: { status: 401, type: 'authentication_error', litellmClass: 'AuthenticationError', retryable: false, cooldown: true },
  permission_denied: { status: 403, type: 'permission_error', litellmClass: 'PermissionDeniedError', retryable: false, cooldown: false },
  not_found: { status: 404, type: 'not_found_error', litellmClass: 'NotFoundError', retryable: false, cooldown: true },
  route_not_found: { status: 404, type: 'not_found_error', litellmClass: 'NotFoundError', retryable: false, cooldown: false },
  method_not_allowed: { status: 405, type: 'invalid_request_error', litellmClass: 'BadRequestError', retryable: false, cooldown: false },
  timeout: { status: 408, type: 'timeout_error', litellmClass: 'Timeout', retryable: true, cooldown: true },
  request_too_large: { status: 413, type: 'invalid_request_error', litellmClass: 'BadRequestError', retryable: false, cooldown: false },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', litellmClass: 'BadRequestError', retryable: false, cooldown: false },
  unprocessable_entity: { status: 422, type: 'invalid_request_error', litellmClass: 'UnprocessableEntityError', retryable: false, cooldown: false },
  rate_limit: { status: 429, type: 'throttling_error', litellmClass: 'RateLimitError', retryable: true, cooldown: true },
  internal: { status: 500, type: 'internal_server_error', litellmClass: 'InternalServerError', retryable: true, cooldown: true },
  api_connection: { status: 500, type: 'api_connection_error', litellmClass: 'APIConnectionError', retryable: true, cooldown: false },
  no_db_connection: { status: 500, type: 'no_db_connection', litellmClass: 'InternalServerError', retryable: false, cooldown: false },
  not_implemented: { status: 501, type: 'invalid_request_error', litellmClass: 'BadRequestError', retryable: false, cooldown: false },
  bad_gateway: { status: 502, type: 'bad_gateway_error', litellmClass: 'BadGatewayError', retryable: true, cooldown: true },
  service_unavailable: { status: 503, type: 'service_unavailable_error', litellmClass: 'ServiceUnavailableError', retryable: true, cooldown: true },
  cache_not_initialized: { status: 503, type: 'cache_not_initialized', litellmClass: 'HTTPException', retryable: false, cooldown: false },
  cache_ping_error: { status: 503, type: 'cache_ping_error', litellmClass: 'ProxyException', retryable: false, cooldown: false },
  cache_unavailable: { status: 503, type: 'cache_unavailable', litellmClass: 'HTTPException', retryable: false, cooldown: false },
} as const satisfies Record<string, ErrorKindSpec>;

export interface ErrorKindSpec {
  /** HTTP status; the body's `code` is this number as a string. */
  readonly status: number;
  /** `error.type` in the body. */
  readonly type: string;
  /** LiteLLM's exception class for the same failure. */
  readonly litellmClass: string;
  /** The router may try the request again (same or another deployment). */
  readonly retryable: boolean;
  /** The error says the deployment is unwell and counts toward its cooldown. */
  readonly cooldown: boolean;
}

export type ErrorKind = keyof typeof ERROR_CATALOGUE;

/** The body of every error answer: `{"error":{"message","type","param","code"}}`. */
export interface ErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    /** The HTTP status as a string ("429"), as LiteLLM and the OpenAI SDKs expect. */
    code: string;
    /** Provider details kept for the caller (e.g. Azure content-filter results). */
    provider_specific_fields?: Record<string, unknown>;
  };
}
