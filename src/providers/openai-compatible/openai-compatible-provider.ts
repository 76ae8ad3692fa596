import type { ChatCompletion, ChatCompletionChunk } from '../../spec/chat.ts';
import type { Completion } from '../../spec/completion.ts';
import type { EmbeddingRequest, EmbeddingResponse } from '../../spec/embedding.ts';
import type { ImageGenerationResponse } from '../../spec/image.ts';
import type { CallContext, CallType, Provider, ProviderResult, ProviderStream } from '../../spec/provider.ts';
import { encodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import { invalidResponse, postToApi } from '../../provider-kit/post-to-api.ts';
import { readOpenAIStream } from '../../provider-kit/read-openai-stream.ts';
import { hasChoices, hasDataArray } from '../../provider-kit/shape-guards.ts';
import type { OpenAICompatibleEndpoint } from './openai-compatible-endpoint.ts';
import type { OpenAICompatiblePreset } from './openai-compatible-preset.ts';

export interface OpenAICompatibleProviderOptions {
  preset: OpenAICompatiblePreset;
  endpoint: OpenAICompatibleEndpoint;
}

/**
 * The shared base for every upstream that speaks the OpenAI API (OpenAI, Azure, vLLM, Groq,
 * …). Requests pass through with the model replaced; answers are checked for shape and
 * passed back unchanged, so fields this code does not know survive.
 */
export function createOpenAICompatibleProvider(options: OpenAICompatibleProviderOptions): Provider {
  const { preset, endpoint } = options;
  const providerName = preset.displayName;

  async function call(callType: CallType, body: Record<string, unknown>, ctx: CallContext, stream = false) {
    const d = ctx.deployment;
    return postToApi({
      url: endpoint.url(d, callType),
      headers: await endpoint.headers(d),
      body: { ...body, model: endpoint.bodyModel(d) },
      ctx,
      stream,
      providerName,
      secrets: endpoint.secrets(d),
    });
  }

  /** One JSON call whose answer must pass `isValid` (else 502: the protocol was not spoken). */
  async function callJson<T>(args: { callType: CallType; body: Record<string, unknown>; ctx: CallContext; isValid: (json: unknown) => boolean }): Promise<ProviderResult<T>> {
    const response = await call(args.callType, args.body, args.ctx);
    const json = await response.json();
    if (!args.isValid(json)) throw invalidResponse(providerName, `unexpected ${args.callType.replace('_', ' ')} answer shape`);
    return { body: json as T, headers: response.headers };
  }

  async function stream<T>(callType: CallType, body: Record<string, unknown>, ctx: CallContext): Promise<ProviderStream<T>> {
    const upstreamBody: Record<string, unknown> = { ...body, stream: true };
    if (preset.streamUsage !== false) {
      const asked = typeof body['stream_options'] === 'object' ? body['stream_options'] : {};
      upstreamBody['stream_options'] = { ...asked, include_usage: true };
    }
    const response = await call(callType, upstreamBody, ctx, true);
    const contentType = response.headers['content-type'] ?? '';
    if (!contentType.includes('text/event-stream')) {
      response.cancel();
      throw invalidResponse(providerName, `a stream was answered with content type "${contentType}"`);
    }
    const secrets = endpoint.secrets(ctx.deployment);
    async function* chunks(): AsyncGenerator<T> {
      for await (const chunk of readOpenAIStream({ response, providerName, secrets })) {
        if (!hasChoices(chunk)) throw invalidResponse(providerName, 'a stream chunk has no choices');
        // Azure's content-filter preamble (no choices, no usage) is not part of the answer.
        if (chunk.choices.length === 0 && (chunk['usage'] === undefined || chunk['usage'] === null)) continue;
        yield chunk as T;
      }
    }
    return { chunks: chunks(), headers: response.headers };
  }

  const provider: Provider = {
    id: preset.id,
    displayName: providerName,
    apiBase: (d) => endpoint.apiBase(d),
    unsupportedParams(callType, body) {
      const rejected = preset.rejectedParams?.[callType];
      return rejected === undefined ? [] : rejected.filter((name) => body[name] !== undefined);
    },
  };

  if (preset.calls.has('chat')) {
    provider.chat = (request, ctx) => callJson<ChatCompletion>({ callType: 'chat', body: request, ctx, isValid: hasChoices });
    provider.streamChat = (request, ctx) => stream<ChatCompletionChunk>('chat', request, ctx);
  }
  if (preset.calls.has('completion')) {
    provider.completion = (request, ctx) => callJson<Completion>({ callType: 'completion', body: request, ctx, isValid: hasChoices });
    provider.streamCompletion = (request, ctx) => stream<Completion>('completion', request, ctx);
  }
  if (preset.calls.has('embedding')) {
    provider.embedding = (request, ctx) => embed({ request, ctx, native: preset.nativeBase64Embeddings === true });
  }
  if (preset.calls.has('image_generation')) {
    provider.imageGeneration = (request, ctx) =>
      callJson<ImageGenerationResponse>({ callType: 'image_generation', body: request, ctx, isValid: hasDataArray });
  }
  return provider;

  /**
   * Upstreams without base64 support are asked for floats, which the gateway encodes exactly
   * as OpenAI would (little-endian float32): the openai SDK asks for base64 by default.
   */
  async function embed(args: { request: EmbeddingRequest; ctx: CallContext; native: boolean }): Promise<ProviderResult<EmbeddingResponse>> {
    const wantsBase64 = args.request.encoding_format === 'base64';
    const body = wantsBase64 && !args.native ? { ...args.request, encoding_format: 'float' } : args.request;
    const { body: result, headers } = await callJson<EmbeddingResponse>({ callType: 'embedding', body, ctx: args.ctx, isValid: hasDataArray });
    if (wantsBase64 && !args.native) {
      for (const item of result.data) {
        if (Array.isArray(item.embedding)) item.embedding = encodeEmbeddingBase64(item.embedding);
      }
    }
    return { body: result, headers };
  }
}
