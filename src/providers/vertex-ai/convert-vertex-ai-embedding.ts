import type { EmbeddingRequest, EmbeddingResponse } from '../../spec/embedding.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import { geminiEmbeddingTexts, isNumberArray, toEmbeddingResponse } from '../gemini/convert-gemini-embedding.ts';
import type { VertexEmbeddingRequest, VertexEmbeddingResponse } from './vertex-ai-api.ts';

/**
 * An embedding request → the body of Vertex `:predict` on a text-embedding model:
 * `{instances: [{content}], parameters: {outputDimensionality}}` (`dimensions` →
 * outputDimensionality; LiteLLM's `task_type` rides on each instance).
 */
export function convertToVertexEmbeddingRequest(request: EmbeddingRequest): VertexEmbeddingRequest {
  const taskType = request['task_type'] ?? request['taskType'];
  const body: VertexEmbeddingRequest = {
    instances: geminiEmbeddingTexts(request.input).map((content) => (typeof taskType === 'string' ? { content, task_type: taskType } : { content })),
  };
  if (typeof request.dimensions === 'number') body.parameters = { outputDimensionality: request.dimensions };
  return body;
}

/**
 * A `:predict` answer → the OpenAI embedding list: `predictions[].embeddings.values` in
 * order, usage from the sum of `statistics.token_count`. Anything else is a 502.
 */
export function convertVertexEmbeddingResponse(value: unknown, args: { inputs: number; model: string; base64: boolean; providerName: string }): EmbeddingResponse {
  const predictions = isRecord(value) ? value['predictions'] : undefined;
  if (!Array.isArray(predictions) || predictions.length !== args.inputs) throw invalidResponse(args.providerName, `expected ${args.inputs} predictions`);
  for (const prediction of predictions) {
    if (!isRecord(prediction) || !isRecord(prediction['embeddings']) || !isNumberArray(prediction['embeddings']['values'])) {
      throw invalidResponse(args.providerName, 'a prediction has no embeddings.values');
    }
  }
  const answer = value as VertexEmbeddingResponse;
  const tokens = answer.predictions.reduce((sum, p) => sum + (typeof p.embeddings.statistics?.token_count === 'number' ? p.embeddings.statistics.token_count : 0), 0);
  return toEmbeddingResponse({ vectors: answer.predictions.map((p) => p.embeddings.values), model: args.model, promptTokens: tokens, base64: args.base64 });
}
