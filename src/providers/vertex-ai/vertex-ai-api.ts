/**
 * Wire shapes of Vertex AI's `:predict` method for Google's embedding and Imagen models
 * (the Gemini `generateContent` shapes are in `../gemini/gemini-api.ts`). JSON is camelCase
 * except the embedding statistics, which Vertex sends in snake_case.
 */

/** Body of `:predict` on a `text-embedding-*` / `gemini-embedding-*` model: one instance per text. */
export interface VertexEmbeddingRequest {
  instances: { content: string; task_type?: string; title?: string }[];
  parameters?: { outputDimensionality?: number; autoTruncate?: boolean };
}

/** One embedding of a `:predict` answer. */
export interface VertexEmbeddingPrediction {
  embeddings: { values: number[]; statistics?: { token_count?: number; truncated?: boolean } };
}

/** Answer of `:predict` on an embedding model, one prediction per instance in order. */
export interface VertexEmbeddingResponse {
  predictions: VertexEmbeddingPrediction[];
}

/** Body of `:predict` on an `imagen-*` model. */
export interface VertexImagenRequest {
  instances: [{ prompt: string }];
  parameters: { sampleCount: number; aspectRatio?: string; [extra: string]: unknown };
}

/** One generated image (or, when filtered, only `raiFilteredReason`). */
export interface VertexImagenPrediction {
  bytesBase64Encoded?: string;
  mimeType?: string;
  raiFilteredReason?: string;
  prompt?: string;
}

/** Answer of `:predict` on an Imagen model. */
export interface VertexImagenResponse {
  predictions?: VertexImagenPrediction[];
}
