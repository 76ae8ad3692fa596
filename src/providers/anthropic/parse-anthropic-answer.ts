import type { ChatCompletion } from '../../spec/chat.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import { isAnthropicMessage } from './anthropic-api.ts';
import { ANTHROPIC_PROVIDER_NAME, anthropicErrorFromObject } from './anthropic-error.ts';
import { convertAnthropicResponse } from './convert-anthropic-response.ts';

export interface ParseAnthropicAnswerOptions {
  /** The request asked for JSON (`response_format`); from `convertToAnthropicRequest`. */
  jsonMode: boolean;
  /** Values that must never appear in an error message. */
  secrets: readonly (string | undefined)[];
  /** For error messages; default "Anthropic". */
  providerName?: string;
}

/**
 * The parsed JSON body of a non-streamed Messages API answer (from any host of the Claude
 * wire format: Anthropic, Vertex AI rawPredict) → `chat.completion`. An error object sent
 * with a 2xx status is thrown as the catalogue error its type stands for; anything else that
 * is not a message is a 502.
 */
export function parseAnthropicAnswer(json: unknown, options: ParseAnthropicAnswerOptions): ChatCompletion {
  const providerName = options.providerName ?? ANTHROPIC_PROVIDER_NAME;
  if (isRecord(json) && json['type'] === 'error') {
    throw anthropicErrorFromObject(json['error'], { secrets: options.secrets, providerName });
  }
  if (!isAnthropicMessage(json)) throw invalidResponse(providerName, 'the answer is not a Messages API message');
  return convertAnthropicResponse(json, { jsonMode: options.jsonMode });
}
