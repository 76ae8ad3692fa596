import { GatewayError } from '../../spec/gateway-error.ts';
import { parseSse } from '../../provider-kit/parse-sse.ts';
import { invalidResponse, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { toAnthropicStreamEvent, type AnthropicStreamEvent } from './anthropic-api.ts';
import { ANTHROPIC_PROVIDER_NAME, anthropicErrorFromObject } from './anthropic-error.ts';

export interface ReadAnthropicStreamOptions {
  response: ApiResponse;
  /** Values that must never appear in an error message. */
  secrets: readonly (string | undefined)[];
  /** For error messages; default "Anthropic" ("AnthropicException - …"). */
  providerName?: string;
}

/** A stream event that carries content (pings and error events never reach the caller). */
export type AnthropicContentEvent = Exclude<AnthropicStreamEvent, { type: 'ping' } | { type: 'error' }>;

/**
 * Bytes of a Messages API stream → validated, typed events. `ping` and unknown event types
 * are skipped; an `error` event is thrown as the catalogue error its type stands for
 * (`overloaded_error` → 500); JSON that is not an event is a 502; a stream that ends before
 * `message_stop` is thrown as a connection error, so a cut-off answer never looks complete.
 * The upstream connection is released however the reading ends.
 */
export async function* readAnthropicStream(options: ReadAnthropicStreamOptions): AsyncGenerator<AnthropicContentEvent> {
  const { response } = options;
  const providerName = options.providerName ?? ANTHROPIC_PROVIDER_NAME;
  try {
    for await (const sse of parseSse(response.chunks())) {
      const event = parseEvent(sse.data, providerName);
      switch (event.type) {
        case 'unknown':
        case 'ping':
          continue;
        case 'error':
          throw anthropicErrorFromObject(event.error, { secrets: options.secrets, providerName });
        case 'message_stop':
          yield event;
          return;
        default:
          yield event;
      }
    }
    throw new GatewayError(
      'api_connection',
      `litellm.APIConnectionError: ${providerName}Exception - the stream ended before it was complete.`,
    );
  } finally {
    response.cancel();
  }
}

function parseEvent(data: string, providerName: string): AnthropicStreamEvent | { type: 'unknown'; name: string } {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw invalidResponse(providerName, 'a stream event is not JSON');
  }
  const event = toAnthropicStreamEvent(value);
  if (event === undefined) throw invalidResponse(providerName, 'a stream event does not have the Messages API shape');
  return event;
}
