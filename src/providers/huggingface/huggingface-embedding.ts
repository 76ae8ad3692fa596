import type { EmbeddingRequest, EmbeddingResponse } from '../../spec/embedding.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { CallContext, ProviderResult } from '../../spec/provider.ts';
import { encodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import { invalidResponse, postToApi } from '../../provider-kit/post-to-api.ts';
import { huggingFaceHeaders, huggingFaceToken } from './huggingface-endpoint.ts';
import { huggingFaceEmbeddingUrl, huggingFaceTarget } from './huggingface-model.ts';

const PROVIDER_NAME = 'Huggingface';

/**
 * Embeddings through Hugging Face's feature-extraction task: `{inputs: [...]}` → one float
 * vector per input. Token-level answers (a matrix per input) give their first row (the
 * CLS token), as LiteLLM does. Hugging Face reports no token counts, so usage is an
 * estimate (characters / 4, at least 1 per input).
 */
export async function huggingFaceEmbedding(request: EmbeddingRequest, ctx: CallContext): Promise<ProviderResult<EmbeddingResponse>> {
  const d = ctx.deployment;
  const target = huggingFaceTarget(d);
  const url = huggingFaceEmbeddingUrl(target);
  if (url === undefined) {
    throw new GatewayError('bad_request', `Hugging Face embeddings go through hf-inference or an api_base; "${d.providerModel}" names another inference provider`, { param: 'model' });
  }
  const inputs = textInputs(request.input);
  const response = await postToApi({
    url,
    headers: huggingFaceHeaders(d),
    body: { inputs },
    ctx,
    stream: false,
    providerName: PROVIDER_NAME,
    secrets: [huggingFaceToken(d)],
  });
  const vectors = toVectors(await response.json(), inputs.length);
  const base64 = request.encoding_format === 'base64';
  const tokens = inputs.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
  return {
    headers: response.headers,
    body: {
      object: 'list',
      data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? encodeEmbeddingBase64(vector) : vector })),
      model: d.providerModel,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

function textInputs(input: EmbeddingRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.every((item): item is string => typeof item === 'string')) return input as string[];
  throw new GatewayError('bad_request', 'Hugging Face feature extraction takes text only: input must be a string or a list of strings', { param: 'input' });
}

const isVector = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((n) => typeof n === 'number');

/** `number[][]` (pooled) or `number[][][]` (per token) → one vector per input; anything else is a 502. */
function toVectors(json: unknown, count: number): number[][] {
  if (!Array.isArray(json) || json.length !== count) throw invalidResponse(PROVIDER_NAME, `expected ${count} feature-extraction vectors`);
  return json.map((item: unknown) => {
    if (isVector(item)) return item;
    if (Array.isArray(item) && isVector(item[0])) return item[0];
    throw invalidResponse(PROVIDER_NAME, 'a feature-extraction item is not a float vector');
  });
}
