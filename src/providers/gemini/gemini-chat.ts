import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { CallContext, ProviderResult, ProviderStream } from '../../spec/provider.ts';
import { postToApi, type ApiResponse } from '../../provider-kit/post-to-api.ts';
import type { GeminiEndpoint, GeminiMethod, GeminiTarget } from './gemini-endpoint.ts';
import { convertGeminiResponse } from './convert-gemini-response.ts';
import { convertGeminiStream } from './convert-gemini-stream.ts';
import { convertToGeminiRequest } from './convert-to-gemini-request.ts';
import { mapGeminiError } from './gemini-error.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';
import { readGeminiStream } from './read-gemini-stream.ts';

/** The chat calls of a Gemini-speaking endpoint (AI Studio or Vertex AI). */
export interface GeminiChat {
  chat(request: ChatCompletionRequest, ctx: CallContext): Promise<ProviderResult<ChatCompletion>>;
  streamChat(request: ChatCompletionRequest, ctx: CallContext): Promise<ProviderStream<ChatCompletionChunk>>;
}

/** POSTs a body to one model method of the endpoint; Google's error bodies map through {@link mapGeminiError}. */
export async function postToGemini(args: { endpoint: GeminiEndpoint; method: GeminiMethod; body: unknown; ctx: CallContext }): Promise<{ response: ApiResponse; target: GeminiTarget }> {
  const { endpoint, ctx } = args;
  const target = await endpoint.target(ctx.deployment, args.method);
  const response = await postToApi({
    url: target.url,
    headers: target.headers,
    body: args.body,
    ctx,
    stream: args.method === 'streamGenerateContent',
    providerName: endpoint.providerName,
    secrets: target.secrets,
    mapError: mapGeminiError,
  });
  return { response, target };
}

/**
 * Chat over `:generateContent` and `:streamGenerateContent?alt=sse` on `endpoint`: the
 * canonical request is translated once, sent, and the answer (or each event) translated back.
 */
export function createGeminiChat(endpoint: GeminiEndpoint): GeminiChat {
  const body = (request: ChatCompletionRequest, ctx: CallContext) =>
    convertToGeminiRequest(request, { model: ctx.deployment.providerModel, flavor: endpoint.flavor, signal: ctx.signal });
  const model = (ctx: CallContext): string => ctx.deployment.providerModel;
  return {
    async chat(request, ctx) {
      const { response } = await postToGemini({ endpoint, method: 'generateContent', body: await body(request, ctx), ctx });
      const answer = parseGeminiResponse(await response.json(), endpoint.providerName);
      return { body: convertGeminiResponse(answer, { model: model(ctx), providerName: endpoint.providerName }), headers: response.headers };
    },
    async streamChat(request, ctx) {
      const { response, target } = await postToGemini({ endpoint, method: 'streamGenerateContent', body: await body(request, ctx), ctx });
      const events = readGeminiStream({ response, providerName: endpoint.providerName, secrets: target.secrets });
      return { chunks: convertGeminiStream(events, { model: model(ctx), providerName: endpoint.providerName }), headers: response.headers };
    },
  };
}
