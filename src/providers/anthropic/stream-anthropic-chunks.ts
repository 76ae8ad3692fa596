import type { ChatCompletionChunk } from '../../spec/chat.ts';
import { invalidResponse, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { ANTHROPIC_PROVIDER_NAME } from './anthropic-error.ts';
import { createAnthropicStreamConverter } from './convert-anthropic-stream.ts';
import { readAnthropicStream } from './read-anthropic-stream.ts';

export interface StreamAnthropicChunksOptions {
  /** A 2xx answer to a streamed Messages API call, body not read yet. */
  response: ApiResponse;
  /** The request asked for JSON (`response_format`); from `convertToAnthropicRequest`. */
  jsonMode: boolean;
  /** Values that must never appear in an error message. */
  secrets: readonly (string | undefined)[];
  /** For error messages; default "Anthropic". */
  providerName?: string;
}

/**
 * A streamed Messages API answer (Anthropic, or Claude on Vertex AI) → canonical chunks: a
 * role chunk, content / tool-call / reasoning deltas, a finish chunk, and a last usage chunk
 * (`choices: []`; the server forwards it only when the caller asked for
 * `stream_options.include_usage`). Anything but `text/event-stream` is a 502 before the first
 * chunk; failures in the stream are thrown from the iterator as catalogue errors.
 */
export function streamAnthropicChunks(options: StreamAnthropicChunksOptions): AsyncGenerator<ChatCompletionChunk> {
  const providerName = options.providerName ?? ANTHROPIC_PROVIDER_NAME;
  const contentType = options.response.headers['content-type'] ?? '';
  if (!contentType.includes('text/event-stream')) {
    options.response.cancel();
    throw invalidResponse(providerName, `a stream was answered with content type "${contentType}"`);
  }
  const events = readAnthropicStream({ response: options.response, secrets: options.secrets, providerName });
  const convert = createAnthropicStreamConverter({ jsonMode: options.jsonMode, providerName });
  async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
    for await (const event of events) yield* convert(event);
  }
  return chunks();
}
