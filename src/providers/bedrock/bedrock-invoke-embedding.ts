import type { Embedding, EmbeddingRequest, EmbeddingResponse } from '../../spec/embedding.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { CallContext, ProviderResult } from '../../spec/provider.ts';
import { encodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { BedrockAuthResolver } from './bedrock-credentials.ts';
import { BEDROCK_PROVIDER_NAME } from './bedrock-error.ts';
import { callBedrock } from './call-bedrock.ts';
import type { BedrockModel } from './resolve-bedrock-model.ts';

/** One embedding call's inputs. */
export interface BedrockEmbeddingCall {
  request: EmbeddingRequest;
  ctx: CallContext;
  model: BedrockModel;
  auth: BedrockAuthResolver;
}

interface Vectors {
  vectors: number[][];
  promptTokens: number;
  headers: Readonly<Record<string, string>>;
}

function badRequest(message: string, param: string): GatewayError {
  return new GatewayError('bad_request', `litellm.BadRequestError: ${BEDROCK_PROVIDER_NAME}Exception - ${message}`, { param });
}

function texts(input: EmbeddingRequest['input']): string[] {
  const list = typeof input === 'string' ? [input] : input;
  if (!list.every((item): item is string => typeof item === 'string')) throw badRequest('Bedrock embeddings take text input, not token arrays', 'input');
  if (list.length === 0) throw badRequest('input must not be empty', 'input');
  return list;
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((n) => typeof n === 'number');
}

/** Bedrock reports token counts of an Invoke call in a response header. */
function headerTokens(headers: Readonly<Record<string, string>>): number | undefined {
  const value = Number(headers['x-amzn-bedrock-input-token-count']);
  return Number.isFinite(value) && headers['x-amzn-bedrock-input-token-count'] !== undefined ? value : undefined;
}

/** Titan text embeddings: one `{inputText, dimensions?, normalize?}` request per input, as the model takes one text at a time. */
async function titanVectors(call: BedrockEmbeddingCall, inputs: string[]): Promise<Vectors> {
  const v2 = call.model.baseModel.startsWith('amazon.titan-embed-text-v2');
  const answers = await Promise.all(
    inputs.map(async (inputText) => {
      const body: Record<string, unknown> = { inputText };
      if (v2 && call.request.dimensions !== undefined) body['dimensions'] = call.request.dimensions;
      if (v2 && typeof call.request['normalize'] === 'boolean') body['normalize'] = call.request['normalize'];
      const response = await callBedrock({ ctx: call.ctx, auth: call.auth, modelId: call.model.modelId, action: 'invoke', body });
      const json = await response.json();
      if (!isRecord(json) || !isVector(json['embedding'])) throw invalidResponse(BEDROCK_PROVIDER_NAME, 'the answer has no Titan embedding');
      const count = typeof json['inputTextTokenCount'] === 'number' ? json['inputTextTokenCount'] : (headerTokens(response.headers) ?? 0);
      return { vector: json['embedding'], count, headers: response.headers };
    }),
  );
  return {
    vectors: answers.map((a) => a.vector),
    promptTokens: answers.reduce((sum, a) => sum + a.count, 0),
    headers: answers[0]?.headers ?? {},
  };
}

/** Cohere embeddings: one `{texts, input_type, truncate?}` request (input_type defaults to search_document, as in LiteLLM). */
async function cohereVectors(call: BedrockEmbeddingCall, inputs: string[]): Promise<Vectors> {
  const body: Record<string, unknown> = { texts: inputs, input_type: call.request['input_type'] ?? 'search_document' };
  for (const name of ['truncate', 'embedding_types', 'output_dimension'] as const) {
    if (call.request[name] !== undefined) body[name] = call.request[name];
  }
  const response = await callBedrock({ ctx: call.ctx, auth: call.auth, modelId: call.model.modelId, action: 'invoke', body });
  const json = await response.json();
  const embeddings = isRecord(json) ? json['embeddings'] : undefined;
  // embed-v4 and embedding_types answer {"float": [[…]]}; v3 answers [[…]].
  const list = isRecord(embeddings) ? embeddings['float'] : embeddings;
  if (!Array.isArray(list) || !list.every(isVector) || list.length !== inputs.length) throw invalidResponse(BEDROCK_PROVIDER_NAME, 'the answer has no Cohere embeddings');
  return { vectors: list, promptTokens: headerTokens(response.headers) ?? 0, headers: response.headers };
}

/**
 * `/v1/embeddings` on Bedrock Invoke: Amazon Titan text embeddings and Cohere embed models.
 * Vectors come back as floats, or as OpenAI's base64 (little-endian float32) when asked.
 */
export async function invokeEmbedding(call: BedrockEmbeddingCall): Promise<ProviderResult<EmbeddingResponse>> {
  const inputs = texts(call.request.input);
  const base = call.model.baseModel;
  let result: Vectors;
  if (base.startsWith('amazon.titan-embed')) result = await titanVectors(call, inputs);
  else if (base.startsWith('cohere.embed')) result = await cohereVectors(call, inputs);
  else throw badRequest(`model "${call.model.modelId}" is not a Bedrock embedding model Switchyard supports (amazon.titan-embed-*, cohere.embed-*)`, 'model');
  const base64 = call.request.encoding_format === 'base64';
  const data: Embedding[] = result.vectors.map((vector, index) => ({
    object: 'embedding',
    index,
    embedding: base64 ? encodeEmbeddingBase64(vector) : vector,
  }));
  return {
    body: { object: 'list', data, model: call.model.modelId, usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens } },
    headers: result.headers,
  };
}
