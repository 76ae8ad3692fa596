import { GatewayError } from '../spec/gateway-error.ts';
import { mapUpstreamError } from './map-upstream-error.ts';
import { parseSse } from './parse-sse.ts';
import { invalidResponse, type ApiResponse } from './post-to-api.ts';

export interface ReadOpenAIStreamOptions {
  response: ApiResponse;
  providerName: string;
  secrets: readonly (string | undefined)[];
}

/**
 * Reads an OpenAI-style SSE stream (`data: {json}` events ending with `data: [DONE]`) and
 * yields each JSON object. An `{"error":…}` event is thrown as a catalogue error; a stream
 * that stops before `[DONE]` and before any finish_reason is a truncation and is thrown too,
 * so a caller never mistakes a cut-off stream for a complete one.
 */
export async function* readOpenAIStream(options: ReadOpenAIStreamOptions): AsyncGenerator<Record<string, unknown>> {
  const { response, providerName } = options;
  let finished = false;
  try {
    for await (const event of parseSse(response.chunks())) {
      if (event.data === '[DONE]') return;
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        throw invalidResponse(providerName, 'a stream event is not JSON');
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidResponse(providerName, 'a stream event is not an object');
      }
      const chunk = value as Record<string, unknown>;
      if (chunk['error'] !== undefined && chunk['error'] !== null) throw streamError(chunk['error'], options);
      if (hasFinishReason(chunk)) finished = true;
      yield chunk;
    }
    if (!finished) {
      throw new GatewayError(
        'api_connection',
        `litellm.APIConnectionError: ${providerName}Exception - the stream ended before it was complete.`,
      );
    }
  } finally {
    response.cancel();
  }
}

function streamError(error: unknown, options: ReadOpenAIStreamOptions): GatewayError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const status = Number(code);
  return mapUpstreamError({
    status: Number.isInteger(status) && status >= 400 && status < 600 ? status : 500,
    headers: {},
    bodyText: JSON.stringify({ error }),
    providerName: options.providerName,
    secrets: options.secrets,
  });
}

function hasFinishReason(chunk: Record<string, unknown>): boolean {
  const choices = chunk['choices'];
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (typeof choice === 'object' && choice !== null && (choice as { finish_reason?: unknown }).finish_reason) return true;
  }
  return false;
}
