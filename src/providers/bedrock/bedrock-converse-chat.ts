import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { CallContext, ProviderResult, ProviderStream } from '../../spec/provider.ts';
import { fetchImage } from '../../provider-kit/fetch-image.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isConverseResponse, toBedrockStreamEvent } from './bedrock-api.ts';
import type { BedrockAuthResolver } from './bedrock-credentials.ts';
import { BEDROCK_PROVIDER_NAME } from './bedrock-error.ts';
import { callBedrock } from './call-bedrock.ts';
import { convertBedrockConverseResponse } from './convert-bedrock-converse-response.ts';
import { createBedrockStreamConverter } from './convert-bedrock-converse-stream.ts';
import { convertToBedrockConverseRequest, type BedrockConverseConversion } from './convert-to-bedrock-converse-request.ts';
import { assertEventStream, readBedrockEventStream, truncatedStream } from './read-bedrock-event-stream.ts';
import type { BedrockModel } from './resolve-bedrock-model.ts';

/** One Converse call's inputs. */
export interface BedrockChatCall {
  request: ChatCompletionRequest;
  ctx: CallContext;
  model: BedrockModel;
  auth: BedrockAuthResolver;
}

function convert(call: BedrockChatCall): Promise<BedrockConverseConversion> {
  const loadImage = (args: { url: string; param: string }) => fetchImage({ ...args, signal: call.ctx.signal });
  return convertToBedrockConverseRequest(call.request, { model: call.model, deployment: call.ctx.deployment, loadImage });
}

/** `POST /model/{id}/converse` → a chat completion. */
export async function converseChat(call: BedrockChatCall): Promise<ProviderResult<ChatCompletion>> {
  const conversion = await convert(call);
  const response = await callBedrock({ ctx: call.ctx, auth: call.auth, modelId: call.model.modelId, action: 'converse', body: conversion.body });
  const json = await response.json();
  if (!isConverseResponse(json)) throw invalidResponse(BEDROCK_PROVIDER_NAME, 'the answer is not a Converse response');
  const body = convertBedrockConverseResponse(json, { model: call.model.modelId, jsonToolName: conversion.jsonToolName });
  return { body, headers: response.headers };
}

/** `POST /model/{id}/converse-stream` → chat.completion.chunk objects, usage last. */
export async function converseStream(call: BedrockChatCall): Promise<ProviderStream<ChatCompletionChunk>> {
  const conversion = await convert(call);
  const response = await callBedrock({ ctx: call.ctx, auth: call.auth, modelId: call.model.modelId, action: 'converse-stream', body: conversion.body });
  assertEventStream(response);
  const toChunks = createBedrockStreamConverter({ model: call.model.modelId, jsonToolName: conversion.jsonToolName });
  const secrets = call.auth.secrets(call.ctx.deployment);
  async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
    let stopped = false;
    for await (const message of readBedrockEventStream({ response, secrets })) {
      const event = toBedrockStreamEvent(message.eventType, message.body);
      if (event === undefined) continue;
      if (event.type === 'messageStop') stopped = true;
      yield* toChunks(event);
    }
    if (!stopped) throw truncatedStream();
  }
  return { chunks: chunks(), headers: response.headers };
}
