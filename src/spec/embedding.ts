/** Canonical embedding shapes (POST /v1/embeddings), OpenAI wire format. */

export interface EmbeddingRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  /** The openai SDK asks for "base64" unless told otherwise and decodes it itself. */
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [extra: string]: unknown;
}

export interface Embedding {
  object: 'embedding';
  index: number;
  /** Floats, or little-endian float32 bytes in base64 when asked for `base64`. */
  embedding: number[] | string;
}

export interface EmbeddingResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
  [extra: string]: unknown;
}
