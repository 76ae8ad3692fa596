import { request, errors as undiciErrors } from 'undici';
import type { CallContext } from '../spec/provider.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { upstreamAgent } from './http-agent.ts';
import { mapUpstreamError, type UpstreamErrorInput } from './map-upstream-error.ts';

export interface PostToApiOptions {
  url: string;
  headers: Record<string, string>;
  /** Serialised once, here — or sent as is when it is already a string (e.g. a signed body). */
  body: unknown;
  ctx: CallContext;
  /** Streams get an idle timeout (first byte, then between chunks); other calls a total deadline. */
  stream: boolean;
  /** For error messages: "OpenAI" → "OpenAIException - …". */
  providerName: string;
  /** Values that must never appear in an error message. */
  secrets: readonly (string | undefined)[];
  /** Maps a non-2xx answer to a catalogue error; default {@link mapUpstreamError}. For providers whose error kind lives in a header (AWS `x-amzn-errortype`). */
  mapError?: (input: UpstreamErrorInput) => GatewayError;
}

/** A 2xx upstream answer whose body has not been read yet. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Reads the whole body as JSON; upstream garbage becomes a 502. */
  json(): Promise<unknown>;
  /** The body bytes; failures while reading become catalogue errors. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Stops reading and releases the connection (idempotent). */
  cancel(): void;
}

const TIMEOUT = Symbol('upstream timeout');

/**
 * POSTs JSON to a provider over the shared keep-alive agent. Non-2xx answers are read and
 * thrown as catalogue errors; a timeout is a 408; a refused or reset connection an
 * APIConnectionError; a client that goes away aborts the upstream request at once.
 */
export async function postToApi(options: PostToApiOptions): Promise<ApiResponse> {
  const { ctx } = options;
  const controller = new AbortController();
  const onClientAbort = (): void => controller.abort(ctx.signal.reason);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  ctx.signal.addEventListener('abort', onClientAbort, { once: true });
  const timer = options.stream ? undefined : setTimeout(() => controller.abort(TIMEOUT), ctx.timeoutMs);
  const finish = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onClientAbort);
  };
  const fail = (error: unknown): never => {
    finish();
    throw toGatewayError(error, { options, controller });
  };

  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(options.url, {
      method: 'POST',
      dispatcher: upstreamAgent,
      headers: { 'content-type': 'application/json', ...options.headers },
      body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      signal: controller.signal,
      headersTimeout: options.stream ? ctx.timeoutMs : 0,
      bodyTimeout: options.stream ? ctx.timeoutMs : 0,
    });
  } catch (error) {
    return fail(error);
  }
  const headers = flattenHeaders(response.headers);
  if (response.statusCode < 200 || response.statusCode >= 300) {
    let bodyText = '';
    try {
      bodyText = await response.body.text();
    } catch (error) {
      return fail(error);
    }
    finish();
    throw (options.mapError ?? mapUpstreamError)({
      status: response.statusCode,
      headers,
      bodyText,
      providerName: options.providerName,
      secrets: options.secrets,
    });
  }
  const body = response.body;
  return {
    status: response.statusCode,
    headers,
    async json() {
      let text: string;
      try {
        text = await body.text();
      } catch (error) {
        return fail(error);
      } finally {
        finish();
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw invalidResponse(options.providerName, 'the body is not JSON');
      }
    },
    async *chunks() {
      try {
        for await (const chunk of body) yield chunk as Uint8Array;
      } catch (error) {
        fail(error);
      } finally {
        finish();
      }
    },
    cancel() {
      finish();
      if (body.destroyed) return;
      // Destroying emits an AbortError on the body; nobody reads it any more.
      body.on('error', () => {});
      body.destroy();
    },
  };
}

/** The upstream answered 2xx with something that is not the protocol's shape. */
export function invalidResponse(providerName: string, detail: string): GatewayError {
  return new GatewayError(
    'bad_gateway',
    `litellm.BadGatewayError: ${providerName}Exception - invalid response from the provider: ${detail}`,
  );
}

function toGatewayError(
  error: unknown,
  context: { options: PostToApiOptions; controller: AbortController },
): unknown {
  const { options, controller } = context;
  if (error instanceof GatewayError) return error;
  if (options.ctx.signal.aborted) return options.ctx.signal.reason;
  const seconds = options.ctx.timeoutMs / 1000;
  if (
    controller.signal.reason === TIMEOUT ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    return new GatewayError(
      'timeout',
      `litellm.Timeout: ${options.providerName}Exception - Request timed out after ${seconds} seconds.`,
    );
  }
  const code = errorCode(error);
  return new GatewayError(
    'api_connection',
    `litellm.APIConnectionError: ${options.providerName}Exception - Connection error${code === undefined ? '' : ` (${code})`}.`,
    { cause: error },
  );
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
