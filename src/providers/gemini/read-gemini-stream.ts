import { parseSse } from '../../provider-kit/parse-sse.ts';
import { invalidResponse, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { GeminiResponse } from './gemini-api.ts';
import { geminiErrorFromObject } from './gemini-error.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';

/** Options of {@link readGeminiStream}. */
export interface ReadGeminiStreamOptions {
  /** A 2xx answer to `:streamGenerateContent?alt=sse`, body not read yet. */
  response: ApiResponse;
  providerName: string;
  secrets: readonly (string | undefined)[];
}

/**
 * Checks the answer is an event stream (else a 502 before the first chunk) and returns its
 * events, each a checked GenerateContentResponse. An event `{"error": {…}}` (Google's
 * failure after the stream started) is thrown as the catalogue error it stands for; an event
 * that is not JSON or not the protocol's shape is a 502. The connection is released when the
 * iteration ends, however it ends.
 */
export function readGeminiStream(options: ReadGeminiStreamOptions): AsyncGenerator<GeminiResponse> {
  const { response, providerName } = options;
  const contentType = response.headers['content-type'] ?? '';
  if (!contentType.includes('text/event-stream')) {
    response.cancel();
    throw invalidResponse(providerName, `a stream was answered with content type "${contentType}"`);
  }
  return events(options);
}

async function* events(options: ReadGeminiStreamOptions): AsyncGenerator<GeminiResponse> {
  const { response, providerName } = options;
  try {
    for await (const event of parseSse(response.chunks())) {
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        throw invalidResponse(providerName, 'a stream event is not JSON');
      }
      if (isRecord(value) && value['error'] !== undefined) {
        throw geminiErrorFromObject(value['error'], { providerName, secrets: options.secrets });
      }
      yield parseGeminiResponse(value, providerName);
    }
  } finally {
    response.cancel();
  }
}
