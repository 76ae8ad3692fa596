import { GatewayError } from '../../spec/gateway-error.ts';
import { parseAwsEventStream, type AwsEventStreamMessage } from '../../provider-kit/parse-aws-event-stream.ts';
import { invalidResponse, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { BEDROCK_PROVIDER_NAME, mapBedrockStreamException } from './bedrock-error.ts';

/** A stream that answered 2xx but is not an event stream (a proxy's HTML page, a JSON error) is a 502. */
export function assertEventStream(response: ApiResponse): void {
  const contentType = response.headers['content-type'] ?? '';
  if (contentType.includes('application/vnd.amazon.eventstream')) return;
  response.cancel();
  throw invalidResponse(BEDROCK_PROVIDER_NAME, `a stream was answered with content type "${contentType}"`);
}

/**
 * The `event` messages of a Bedrock Runtime event stream. An `exception` message
 * (throttlingException, modelStreamErrorException, validationException, …) or an `error`
 * message is thrown as a catalogue error; the connection is released however the reading ends.
 */
export async function* readBedrockEventStream(options: {
  response: ApiResponse;
  secrets: readonly (string | undefined)[];
}): AsyncGenerator<AwsEventStreamMessage> {
  try {
    for await (const message of parseAwsEventStream(options.response.chunks(), { providerName: BEDROCK_PROVIDER_NAME })) {
      if (message.messageType === 'exception') {
        throw mapBedrockStreamException({ exceptionType: message.exceptionType ?? 'internalServerException', body: message.body, secrets: options.secrets });
      }
      if (message.messageType === 'error') {
        const code = String(message.headers[':error-code'] ?? 'InternalServerException');
        const text = String(message.headers[':error-message'] ?? 'stream error');
        throw mapBedrockStreamException({ exceptionType: code, body: { message: text }, secrets: options.secrets });
      }
      yield message;
    }
  } finally {
    options.response.cancel();
  }
}

/** The stream ended before its final event: a truncation, never a complete answer. */
export function truncatedStream(): GatewayError {
  return new GatewayError('api_connection', `litellm.APIConnectionError: ${BEDROCK_PROVIDER_NAME}Exception - the stream ended before it was complete.`);
}
