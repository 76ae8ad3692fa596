import type { ChatCompletion, ChatCompletionChunk } from '../../spec/chat.ts';
import type { ProviderResult, ProviderStream } from '../../spec/provider.ts';
import { fetchImage } from '../../provider-kit/fetch-image.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import { isAnthropicMessage, toAnthropicStreamEvent } from '../anthropic/anthropic-api.ts';
import { convertAnthropicResponse } from '../anthropic/convert-anthropic-response.ts';
import { createAnthropicStreamConverter } from '../anthropic/convert-anthropic-stream.ts';
import { convertToAnthropicRequest, type AnthropicRequestConversion } from '../anthropic/convert-to-anthropic-request.ts';
import type { BedrockChatCall } from './bedrock-converse-chat.ts';
import { BEDROCK_PROVIDER_NAME } from './bedrock-error.ts';
import { callBedrock } from './call-bedrock.ts';
import { assertEventStream, readBedrockEventStream, truncatedStream } from './read-bedrock-event-stream.ts';

/** The `anthropic_version` Bedrock's Claude Invoke body needs. */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/** The Messages body (built by the anthropic provider's translation) as Bedrock Invoke takes it: no model, no stream, no metadata. */
async function claudeInvokeBody(call: BedrockChatCall): Promise<{ body: Record<string, unknown>; conversion: AnthropicRequestConversion }> {
  const loadImage = (args: { url: string; param: string }) => fetchImage({ ...args, signal: call.ctx.signal });
  const conversion = await convertToAnthropicRequest(call.request, { loadImage });
  const body: Record<string, unknown> = { ...conversion.body, anthropic_version: BEDROCK_ANTHROPIC_VERSION };
  for (const name of ['model', 'stream', 'metadata', 'stream_options']) delete body[name];
  return { body, conversion };
}

/** `POST /model/{id}/invoke` with a Claude Messages body → a chat completion. */
export async function invokeClaudeChat(call: BedrockChatCall): Promise<ProviderResult<ChatCompletion>> {
  const { body, conversion } = await claudeInvokeBody(call);
  const response = await callBedrock({ ctx: call.ctx, auth: call.auth, modelId: call.model.modelId, action: 'invoke', body });
  const json = await response.json();
  if (!isAnthropicMessage(json)) throw invalidResponse(BEDROCK_PROVIDER_NAME, 'the answer is not a Claude Messages response');
  return { body: convertAnthropicResponse(json, { jsonMode: conversion.jsonMode }), headers: response.headers };
}

/** A `chunk` event's payload: `{"bytes": base64(JSON of one Messages stream event)}`. */
function decodeChunk(body: unknown): unknown {
  if (!isRecord(body) || typeof body['bytes'] !== 'string') throw invalidResponse(BEDROCK_PROVIDER_NAME, 'a stream chunk has no bytes');
  try {
    return JSON.parse(Buffer.from(body['bytes'], 'base64').toString('utf8'));
  } catch {
    throw invalidResponse(BEDROCK_PROVIDER_NAME, 'a stream chunk is not JSON');
  }
}

/** `POST /model/{id}/invoke-with-response-stream` with a Claude body → chat.completion.chunk objects. */
export async function invokeClaudeStream(call: BedrockChatCall): Promise<ProviderStream<ChatCompletionChunk>> {
  const { body, conversion } = await claudeInvokeBody(call);
  const response = await callBedrock({ ctx: call.ctx, auth: call.auth, modelId: call.model.modelId, action: 'invoke-with-response-stream', body });
  assertEventStream(response);
  const toChunks = createAnthropicStreamConverter({ jsonMode: conversion.jsonMode });
  const secrets = call.auth.secrets(call.ctx.deployment);
  async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
    for await (const message of readBedrockEventStream({ response, secrets })) {
      if (message.eventType !== 'chunk') continue;
      const event = toAnthropicStreamEvent(decodeChunk(message.body));
      if (event === undefined) throw invalidResponse(BEDROCK_PROVIDER_NAME, 'a stream chunk is not a Messages stream event');
      if (event.type === 'unknown' || event.type === 'ping') continue;
      if (event.type === 'error') throw invalidResponse(BEDROCK_PROVIDER_NAME, `the stream reported ${event.error.type}: ${event.error.message}`);
      yield* toChunks(event);
      if (event.type === 'message_stop') return;
    }
    throw truncatedStream();
  }
  return { chunks: chunks(), headers: response.headers };
}
