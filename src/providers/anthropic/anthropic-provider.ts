import type { ChatCompletionRequest } from '../../spec/chat.ts';
import type { CallContext, Provider } from '../../spec/provider.ts';
import { fetchImage } from '../../provider-kit/fetch-image.ts';
import { postToApi, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import { anthropicBetasFor } from './anthropic-betas.ts';
import { anthropicApiBase, anthropicHeaders, anthropicMessagesUrl, anthropicSecrets } from './anthropic-endpoint.ts';
import { ANTHROPIC_PROVIDER_NAME } from './anthropic-error.ts';
import { anthropicUnsupportedParams } from './anthropic-unsupported-params.ts';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.ts';
import { parseAnthropicAnswer } from './parse-anthropic-answer.ts';
import { streamAnthropicChunks } from './stream-anthropic-chunks.ts';

/**
 * LiteLLM's `anthropic/` provider: chat over the Messages API (`POST {api_base}/v1/messages`,
 * `anthropic-version: 2023-06-01`), streamed or not. Images and files given by http(s) URL
 * are downloaded by the gateway and sent as base64. Anthropic has no completions, embeddings
 * or image generation; the server answers those calls with a 400.
 */
export function createAnthropicProvider(): Provider {
  async function call(request: ChatCompletionRequest, args: { ctx: CallContext; stream: boolean }): Promise<{ response: ApiResponse; jsonMode: boolean }> {
    const { ctx } = args;
    const deployment = ctx.deployment;
    const converted = await convertToAnthropicRequest(request, {
      model: deployment.providerModel,
      loadImage: ({ url, param }) => fetchImage({ url, param, signal: ctx.signal }),
    });
    const body = args.stream ? { ...converted.body, stream: true } : converted.body;
    const response = await postToApi({
      url: anthropicMessagesUrl(deployment),
      headers: anthropicHeaders({ deployment, requestHeaders: request['extra_headers'], betas: anthropicBetasFor(body) }),
      body,
      ctx,
      stream: args.stream,
      providerName: ANTHROPIC_PROVIDER_NAME,
      secrets: anthropicSecrets(deployment),
    });
    return { response, jsonMode: converted.jsonMode };
  }

  return {
    id: 'anthropic',
    displayName: ANTHROPIC_PROVIDER_NAME,
    apiBase: anthropicApiBase,
    unsupportedParams: (callType, body) => (callType === 'chat' ? anthropicUnsupportedParams(body) : []),
    async chat(request, ctx) {
      const { response, jsonMode } = await call(request, { ctx, stream: false });
      const json = await response.json();
      return { body: parseAnthropicAnswer(json, { jsonMode, secrets: anthropicSecrets(ctx.deployment) }), headers: response.headers };
    },
    async streamChat(request, ctx) {
      const { response, jsonMode } = await call(request, { ctx, stream: true });
      const chunks = streamAnthropicChunks({ response, jsonMode, secrets: anthropicSecrets(ctx.deployment) });
      return { chunks, headers: response.headers };
    },
  };
}
