import type { EmbeddingResponse } from '../../spec/embedding.ts';
import { encodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import type { OllamaEmbedAnswer } from './ollama-api.ts';

/**
 * An `/api/embed` answer → the OpenAI embedding list: one item per input, floats or (for
 * `encoding_format: "base64"`, the openai SDK's default) little-endian float32 base64;
 * `prompt_eval_count` → prompt_tokens and total_tokens.
 */
export function convertOllamaEmbedding(answer: OllamaEmbedAnswer, at: { model: string; base64: boolean }): EmbeddingResponse {
  const tokens = answer.promptTokens ?? 0;
  return {
    object: 'list',
    data: answer.embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: at.base64 ? encodeEmbeddingBase64(vector) : vector,
    })),
    model: at.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
