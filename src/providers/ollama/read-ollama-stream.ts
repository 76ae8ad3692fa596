import { GatewayError } from '../../spec/gateway-error.ts';
import { mapUpstreamError } from '../../provider-kit/map-upstream-error.ts';
import { NdjsonLineError, parseNdjson } from '../../provider-kit/parse-ndjson.ts';
import { invalidResponse, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { OllamaTurn } from './ollama-api.ts';

export interface ReadOllamaStreamOptions {
  response: ApiResponse;
  /** Checks one line: parseOllamaChatTurn or parseOllamaGenerateTurn. */
  parse: (value: unknown) => OllamaTurn | undefined;
  providerName: string;
  secrets: readonly (string | undefined)[];
}

/**
 * Reads an Ollama NDJSON stream and yields each line as a checked {@link OllamaTurn}, up to
 * and including the `done: true` line. An `{"error": "…"}` line is thrown as a catalogue
 * error; a line that is not JSON or not the protocol's shape is a 502; a stream that ends
 * before `done: true` is a truncation and is thrown too, never mistaken for a whole answer.
 */
export async function* readOllamaStream(options: ReadOllamaStreamOptions): AsyncGenerator<OllamaTurn> {
  const { response, providerName } = options;
  try {
    for await (const value of lines(options)) {
      if (isRecord(value) && value['error'] !== undefined && value['error'] !== null) throw streamError(value, options);
      const turn = options.parse(value);
      if (turn === undefined) throw invalidResponse(providerName, 'a stream line is not an answer object');
      yield turn;
      if (turn.done) return;
    }
    throw new GatewayError(
      'api_connection',
      `litellm.APIConnectionError: ${providerName}Exception - the stream ended before it was complete.`,
    );
  } finally {
    response.cancel();
  }
}

async function* lines(options: ReadOllamaStreamOptions): AsyncGenerator<unknown> {
  try {
    yield* parseNdjson(options.response.chunks());
  } catch (error) {
    if (error instanceof NdjsonLineError) {
      throw invalidResponse(options.providerName, `stream line ${error.lineNumber} is not JSON`);
    }
    throw error;
  }
}

/** Ollama reports a failure after the stream started as a line `{"error": "…"}` (HTTP status already 200). */
function streamError(line: Record<string, unknown>, options: ReadOllamaStreamOptions): GatewayError {
  return mapUpstreamError({
    status: 500,
    headers: {},
    bodyText: JSON.stringify({ error: line['error'] }),
    providerName: options.providerName,
    secrets: options.secrets,
  });
}
