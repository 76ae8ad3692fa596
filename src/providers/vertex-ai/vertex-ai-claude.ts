import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { CallContext, ProviderResult, ProviderStream } from '../../spec/provider.ts';
import { fetchImage } from '../../provider-kit/fetch-image.ts';
import { postToApi, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { anthropicBetasFor } from '../anthropic/anthropic-betas.ts';
import { convertToAnthropicRequest } from '../anthropic/convert-to-anthropic-request.ts';
import { parseAnthropicAnswer } from '../anthropic/parse-anthropic-answer.ts';
import { streamAnthropicChunks } from '../anthropic/stream-anthropic-chunks.ts';
import { mapGeminiError } from '../gemini/gemini-error.ts';
import { VERTEX_AI_PROVIDER_NAME, vertexTarget } from './vertex-ai-endpoint.ts';

/** The `anthropic_version` Vertex AI wants in the body (instead of a header). */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** True for the Claude models Vertex AI serves through Anthropic's partner path. */
export function isVertexClaudeModel(model: string): boolean {
  return /^claude-/.test(model);
}

/**
 * Claude on Vertex AI (`vertex_ai/claude-*`): the Anthropic Messages body without `model`
 * and with `anthropic_version: vertex-2023-10-16`, POSTed to
 * `publishers/anthropic/models/{model}:rawPredict` (or `:streamRawPredict`, SSE) with the
 * same OAuth token as Gemini. Translation both ways is the Anthropic provider's; errors may
 * be Google's or Anthropic's shape and are mapped either way.
 */
export async function vertexClaudeChat(request: ChatCompletionRequest, ctx: CallContext): Promise<ProviderResult<ChatCompletion>> {
  const { response, jsonMode, secrets } = await callClaude(request, { ctx, stream: false });
  const body = parseAnthropicAnswer(await response.json(), { jsonMode, secrets, providerName: VERTEX_AI_PROVIDER_NAME });
  return { body, headers: response.headers };
}

/** The streamed variant of {@link vertexClaudeChat}. */
export async function vertexClaudeStream(request: ChatCompletionRequest, ctx: CallContext): Promise<ProviderStream<ChatCompletionChunk>> {
  const { response, jsonMode, secrets } = await callClaude(request, { ctx, stream: true });
  return { chunks: streamAnthropicChunks({ response, jsonMode, secrets, providerName: VERTEX_AI_PROVIDER_NAME }), headers: response.headers };
}

async function callClaude(request: ChatCompletionRequest, args: { ctx: CallContext; stream: boolean }): Promise<{ response: ApiResponse; jsonMode: boolean; secrets: readonly (string | undefined)[] }> {
  const { ctx } = args;
  const converted = await convertToAnthropicRequest(request, {
    model: undefined,
    loadImage: ({ url, param }) => fetchImage({ url, param, signal: ctx.signal }),
  });
  const body = { ...converted.body, anthropic_version: VERTEX_ANTHROPIC_VERSION, ...(args.stream ? { stream: true } : {}) };
  const target = await vertexTarget(ctx.deployment, { publisher: 'anthropic', method: args.stream ? 'streamRawPredict' : 'rawPredict' });
  const betas = anthropicBetasFor(converted.body);
  const response = await postToApi({
    url: target.url,
    headers: betas.length > 0 ? { ...target.headers, 'anthropic-beta': betas.join(',') } : target.headers,
    body,
    ctx,
    stream: args.stream,
    providerName: VERTEX_AI_PROVIDER_NAME,
    secrets: target.secrets,
    mapError: mapGeminiError,
  });
  return { response, jsonMode: converted.jsonMode, secrets: target.secrets };
}
