import type { EmbeddingRequest, EmbeddingResponse } from '../../spec/embedding.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { encodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { GeminiBatchEmbedRequest, GeminiBatchEmbedResponse } from './gemini-api.ts';

/**
 * The texts of an embedding request: a string or an array of strings. Token arrays are a
 * 400: Google's embedding APIs take text only.
 */
export function geminiEmbeddingTexts(input: EmbeddingRequest['input']): string[] {
  const list: unknown[] = Array.isArray(input) ? input : [input];
  if (list.length === 0 || !list.every((item): item is string => typeof item === 'string')) {
    throw new GatewayError('bad_request', 'input: Google embedding models take a string or an array of strings (not tokens)', { param: 'input' });
  }
  return list;
}

/**
 * An embedding request → the body of AI Studio's `:batchEmbedContents`: one request per
 * input, each naming the model, with `dimensions` → `outputDimensionality` and LiteLLM's
 * `task_type` → `taskType`.
 */
export function convertToGeminiBatchEmbedRequest(request: EmbeddingRequest, model: string): GeminiBatchEmbedRequest {
  const name = model.startsWith('models/') ? model : `models/${model}`;
  const taskType = request['task_type'] ?? request['taskType'];
  return {
    requests: geminiEmbeddingTexts(request.input).map((text) => ({
      model: name,
      content: { parts: [{ text }] },
      ...(typeof request.dimensions === 'number' ? { outputDimensionality: request.dimensions } : {}),
      ...(typeof taskType === 'string' ? { taskType } : {}),
    })),
  };
}

/** Checks a `:batchEmbedContents` answer: `embeddings[].values` numbers, one per input. */
export function parseGeminiBatchEmbedResponse(value: unknown, args: { providerName: string; inputs: number }): GeminiBatchEmbedResponse {
  const embeddings = isRecord(value) ? value['embeddings'] : undefined;
  if (!Array.isArray(embeddings) || embeddings.length !== args.inputs) {
    throw invalidResponse(args.providerName, `expected ${args.inputs} embeddings`);
  }
  for (const embedding of embeddings) {
    if (!isRecord(embedding) || !isNumberArray(embedding['values'])) throw invalidResponse(args.providerName, 'an embedding has no values');
  }
  return value as GeminiBatchEmbedResponse;
}

/** Vectors in input order → the OpenAI embedding list (base64 float32 when asked for, as the openai SDK asks by default). */
export function toEmbeddingResponse(args: { vectors: readonly number[][]; model: string; promptTokens: number; base64: boolean }): EmbeddingResponse {
  return {
    object: 'list',
    data: args.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: args.base64 ? encodeEmbeddingBase64(vector) : vector })),
    model: args.model,
    usage: { prompt_tokens: args.promptTokens, total_tokens: args.promptTokens },
  };
}

/** True for an array of numbers. */
export function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}
