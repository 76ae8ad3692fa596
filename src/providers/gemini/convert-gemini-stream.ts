import { randomUUID } from 'node:crypto';
import type { ChatChunkChoice, ChatCompletionChunk } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { GeminiCandidate, GeminiResponse, GeminiUsageMetadata } from './gemini-api.ts';
import { throwIfPromptBlocked } from './convert-gemini-response.ts';
import { convertGeminiLogprobs, convertGeminiParts } from './convert-gemini-parts.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

/** Options of {@link convertGeminiStream}. */
export interface ConvertGeminiStreamOptions {
  /** The model reported when Gemini names none (`modelVersion`). */
  model: string;
  providerName: string;
}

/** Per-candidate progress through the stream. */
interface CandidateState {
  toolCalls: number;
  finished: boolean;
}

/**
 * `streamGenerateContent` events → `chat.completion.chunk`s. Each candidate's first chunk
 * carries the role; text → `content`, thoughts → `reasoning_content`; a function call
 * arrives whole and becomes one tool-call delta with id, name and all its arguments; a
 * `finishReason` gives that choice's finish chunk (`tool_calls` when it called functions).
 * The stream ends with a usage chunk (`choices: []`) from the last `usageMetadata`. A blocked
 * prompt is a content-policy error; a stream that ends before any candidate finished is a
 * truncation, thrown rather than passed off as a whole answer.
 */
export async function* convertGeminiStream(events: AsyncIterable<GeminiResponse>, options: ConvertGeminiStreamOptions): AsyncGenerator<ChatCompletionChunk> {
  const created = Math.floor(Date.now() / 1000);
  const states = new Map<number, CandidateState>();
  let answerKey: string | undefined;
  let model = options.model;
  let usage: GeminiUsageMetadata | undefined;
  const chunk = (choices: ChatChunkChoice[]): ChatCompletionChunk => ({ id: `chatcmpl-${answerKey ?? ''}`, object: 'chat.completion.chunk', created, model, choices });
  for await (const event of events) {
    throwIfPromptBlocked(event, options.providerName);
    answerKey ??= event.responseId ?? randomUUID();
    model = event.modelVersion ?? model;
    usage = event.usageMetadata ?? usage;
    for (const [position, candidate] of (event.candidates ?? []).entries()) {
      const index = candidate.index ?? position;
      const state = states.get(index) ?? { toolCalls: 0, finished: false };
      const first = !states.has(index);
      states.set(index, state);
      yield* candidateChunks({ candidate, index, state, first, answerKey }).map(chunk);
    }
  }
  if (![...states.values()].some((state) => state.finished)) {
    throw new GatewayError('api_connection', `litellm.APIConnectionError: ${options.providerName}Exception - the stream ended before it was complete.`);
  }
  yield { ...chunk([]), usage: convertGeminiUsage(usage) };
}

function candidateChunks(args: { candidate: GeminiCandidate; index: number; state: CandidateState; first: boolean; answerKey: string }): ChatChunkChoice[][] {
  const { candidate, index, state } = args;
  const output = convertGeminiParts(candidate.content?.parts, { answerKey: args.answerKey, candidate: index, toolCallsBefore: state.toolCalls });
  const out: ChatChunkChoice[][] = [];
  const delta: ChatChunkChoice['delta'] = args.first ? { role: 'assistant', content: output.content } : {};
  if (!args.first && output.content !== '') delta.content = output.content;
  if (output.reasoning !== '') delta.reasoning_content = output.reasoning;
  const logprobs = convertGeminiLogprobs(candidate.logprobsResult);
  if (Object.keys(delta).length > 0) out.push([{ index, delta, finish_reason: null, ...(logprobs === null ? {} : { logprobs }) }]);
  for (const call of output.toolCalls) {
    const toolIndex = state.toolCalls++;
    const toolDelta = { index: toolIndex, id: call.id, type: 'function' as const, function: call.function, ...extraOf(call) };
    out.push([{ index, delta: { tool_calls: [toolDelta] }, finish_reason: null }]);
  }
  if (candidate.finishReason !== undefined && !state.finished) {
    state.finished = true;
    out.push([{ index, delta: {}, finish_reason: mapGeminiFinishReason(candidate.finishReason, state.toolCalls > 0) }]);
  }
  return out;
}

function extraOf(call: Record<string, unknown>): Record<string, unknown> {
  const fields = call['provider_specific_fields'];
  return fields === undefined ? {} : { provider_specific_fields: fields };
}
