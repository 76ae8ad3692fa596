import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../spec/gateway-error.ts';
import type { CallType } from '../spec/provider.ts';
import type { ModelGroups } from '../router/model-groups.ts';
import type { MockTesting } from '../router/mock-testing.ts';
import { CLIENT_CREDENTIAL_FIELDS, GATEWAY_FIELDS } from './gateway-fields.ts';

/** LiteLLM's per-request controls, read from the body (and headers) before it goes upstream. */
export interface RequestControls {
  numRetries: number | undefined;
  clientFallbacks: string[] | undefined;
  mockTesting: MockTesting;
  mockResponse: unknown;
  /** The body's `timeout`, seconds. */
  timeout: unknown;
  /** The body's `stream_timeout`, seconds (streams only). */
  streamTimeout: unknown;
  dropParams: boolean | undefined;
  additionalDropParams: string[];
  allowedOpenAIParams: ReadonlySet<string>;
  /** LiteLLM's `metadata` object (tracing: trace_id, trace_name, tags, …); undefined when not sent. */
  metadata?: Readonly<Record<string, unknown>> | undefined;
  /** The body's top-level `tags` (request tags). */
  tags?: readonly string[] | undefined;
}

/** A request checked and stripped of gateway fields, ready for the router. */
export interface PreparedRequest {
  readonly call: CallType;
  /** The model name the caller sent (alias, group or wildcard match). */
  readonly model: string;
  /** The body without gateway-only fields; each attempt works on its own copy. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly controls: RequestControls;
  readonly headers: IncomingHttpHeaders;
  readonly stream: boolean;
  /** The caller asked for the usage chunk (`stream_options.include_usage`). */
  readonly wantsUsage: boolean;
}

export interface PrepareRequestOptions {
  call: CallType;
  body: Record<string, unknown>;
  /** The `{model}` of `/openai/deployments/{model}/…` and `/engines/{model}/…`; wins over the body. */
  pathModel?: string | undefined;
  headers: IncomingHttpHeaders;
  groups: ModelGroups;
}

/**
 * Checks what the caller sent (model known, no client-side credentials) and separates the
 * gateway's controls from the body that goes upstream. Throws catalogue errors.
 */
export function prepareRequest(options: PrepareRequestOptions): PreparedRequest {
  const { body } = options;
  const model = options.pathModel ?? body['model'];
  if (typeof model !== 'string' || model === '') throw new GatewayError('bad_request', 'model is required', { param: 'model' });
  for (const field of CLIENT_CREDENTIAL_FIELDS) {
    if (body[field] !== undefined) {
      throw new GatewayError('bad_request', `Rejected Request: ${field} is not allowed in the request body; the gateway's configured credentials are used.`, { param: field });
    }
  }
  if (options.groups.resolve(model) === undefined) throw unknownModel(model, options.groups);
  const controls = readControls(body, options.headers);
  for (const field of GATEWAY_FIELDS) if (field in body) delete body[field];
  body['model'] = model;
  const streamOptions = body['stream_options'];
  return {
    call: options.call,
    model,
    body,
    controls,
    headers: options.headers,
    stream: body['stream'] === true,
    wantsUsage: typeof streamOptions === 'object' && streamOptions !== null && (streamOptions as { include_usage?: unknown }).include_usage === true,
  };
}

function readControls(body: Record<string, unknown>, headers: IncomingHttpHeaders): RequestControls {
  const headerRetries = Number(headers['x-litellm-num-retries']);
  const bodyRetries = body['num_retries'];
  return {
    numRetries: typeof bodyRetries === 'number' ? bodyRetries : Number.isInteger(headerRetries) && headerRetries >= 0 ? headerRetries : undefined,
    clientFallbacks: readFallbacks(body['fallbacks']),
    mockTesting: {
      fallbacks: body['mock_testing_fallbacks'] === true,
      rateLimitError: body['mock_testing_rate_limit_error'] === true,
      contextWindowFallbacks: body['mock_testing_context_window_fallbacks'] === true,
      contentPolicyFallbacks: body['mock_testing_content_policy_fallbacks'] === true,
    },
    mockResponse: body['mock_response'],
    timeout: body['timeout'],
    streamTimeout: body['stream_timeout'],
    dropParams: typeof body['drop_params'] === 'boolean' ? body['drop_params'] : undefined,
    additionalDropParams: stringList(body['additional_drop_params']),
    allowedOpenAIParams: new Set(stringList(body['allowed_openai_params'])),
    ...(isPlainObject(body['metadata']) ? { metadata: body['metadata'] } : {}),
    ...(Array.isArray(body['tags']) ? { tags: stringList(body['tags']) } : {}),
  };
}

/** Client-side fallbacks: group names, or `{model: name, …}` objects (LiteLLM accepts both). */
function readFallbacks(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((entry: unknown) => {
    if (typeof entry === 'string') return [entry];
    const model = typeof entry === 'object' && entry !== null ? (entry as { model?: unknown }).model : undefined;
    return typeof model === 'string' ? [model] : [];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function unknownModel(model: string, groups: ModelGroups): GatewayError {
  const names = groups.publicNames({ includeWildcards: true });
  return new GatewayError(
    'unknown_model',
    `Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key. Available models: ${names.length > 0 ? names.join(', ') : '(none configured)'}`,
    { param: 'model' },
  );
}
