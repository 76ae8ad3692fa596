/**
 * The server-sent events of a streamed answer, as data objects (the server writes each as
 * `data: <json>\n\n` and ends with `data: [DONE]\n\n`).
 *
 * Chat: [Azure content-filter chunk] → role chunk → content (or tool-argument) chunks →
 * finish chunk → [usage chunk with `choices: []` when `stream_options.include_usage`].
 * Legacy completions: text chunks → finish chunk → [usage chunk].
 */
import type { ChatChunkChoice, ChatCompletionChunk, ChatCompletionRequest } from '../../src/spec/chat.ts';
import type { Completion, CompletionRequest } from '../../src/spec/completion.ts';
import {
  AZURE_CONTENT_FILTER_RESULTS,
  AZURE_PROMPT_FILTER_RESULTS,
  FAKE_CREATED,
  FAKE_SYSTEM_FINGERPRINT,
  MOCK_CONTENT,
  chatCompletionId,
  completionChoiceCount,
  completionId,
  completionUsage,
  planFinishReason,
  type AnswerContext,
  type ChatAnswerPlan,
} from './fake-openai-responses.ts';

/** Azure's first stream event: prompt filter results, before any answer chunk. */
export interface AzurePromptFilterChunk {
  choices: [];
  created: 0;
  id: '';
  model: '';
  object: '';
  prompt_filter_results: typeof AZURE_PROMPT_FILTER_RESULTS;
}

/** One event of a streamed answer. */
export type FakeStreamEvent = ChatCompletionChunk | Completion | AzurePromptFilterChunk;

/**
 * A streamed answer. `preamble` (Azure filter chunk, role chunks) is always sent; the
 * stream faults count their `chunks` in `events`, which follow it.
 */
export interface FakeStreamPlan {
  preamble: FakeStreamEvent[];
  events: FakeStreamEvent[];
}

/** Options shared by both stream builders. */
export interface StreamBuildOptions {
  context: AnswerContext;
  /** How many pieces the content (or tool arguments) is split into. */
  pieces: number;
}

const PADDING_ALPHABET = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

/** Deterministic stand-in for the random `obfuscation` padding the real API adds to chunks. */
export function obfuscationPadding(eventIndex: number): string {
  const length = 1 + ((eventIndex * 5) % 14);
  return Array.from({ length }, (_, i) => PADDING_ALPHABET[(eventIndex + i * 7) % PADDING_ALPHABET.length]).join('');
}

/** Splits text into `pieces` consecutive parts of near-equal length (joined, they are `text`). */
export function splitText(text: string, pieces: number): string[] {
  const count = Math.max(1, pieces);
  return Array.from({ length: count }, (_, i) =>
    text.slice(Math.floor((i * text.length) / count), Math.floor(((i + 1) * text.length) / count)),
  );
}

function chunkFactory(request: ChatCompletionRequest, context: AnswerContext) {
  const includeUsage = request.stream_options?.include_usage === true;
  let eventIndex = 0;
  return (choices: ChatChunkChoice[]): ChatCompletionChunk => {
    eventIndex += 1;
    const chunk: ChatCompletionChunk = {
      id: chatCompletionId(context.seq),
      object: 'chat.completion.chunk',
      created: FAKE_CREATED,
      model: context.model,
      service_tier: 'default',
      system_fingerprint: FAKE_SYSTEM_FINGERPRINT,
      choices,
    };
    if (includeUsage) chunk.usage = null;
    if (!context.azure) chunk['obfuscation'] = obfuscationPadding(eventIndex);
    return chunk;
  };
}

function roleDelta(plan: ChatAnswerPlan): ChatChunkChoice['delta'] {
  if (plan.kind === 'text') return { role: 'assistant', content: '', refusal: null };
  const call = { index: 0, id: plan.callId, type: 'function' as const, function: { name: plan.name, arguments: '' } };
  return { role: 'assistant', content: null, tool_calls: [call], refusal: null };
}

function pieceDelta(plan: ChatAnswerPlan, piece: string): ChatChunkChoice['delta'] {
  return plan.kind === 'text' ? { content: piece } : { tool_calls: [{ index: 0, function: { arguments: piece } }] };
}

function choicesOf(plan: ChatAnswerPlan, build: (index: number) => ChatChunkChoice): ChatChunkChoice[] {
  return Array.from({ length: plan.n }, (_, index) => build(index));
}

function withFilter(choice: ChatChunkChoice, azure: boolean, results: object): ChatChunkChoice {
  return azure ? { ...choice, content_filter_results: results } : choice;
}

/** The events of a streamed chat answer. */
export function buildChatStream(
  request: ChatCompletionRequest,
  plan: ChatAnswerPlan,
  options: StreamBuildOptions,
): FakeStreamPlan {
  const { context } = options;
  const chunk = chunkFactory(request, context);
  const preamble: FakeStreamEvent[] = [];
  if (context.azure) {
    preamble.push({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: AZURE_PROMPT_FILTER_RESULTS });
  }
  const role = (index: number): ChatChunkChoice => ({ index, delta: roleDelta(plan), logprobs: null, finish_reason: null });
  preamble.push(chunk(choicesOf(plan, (index) => withFilter(role(index), context.azure, {}))));
  const text = plan.kind === 'text' ? plan.content : plan.arguments;
  const events: FakeStreamEvent[] = [];
  for (const piece of splitText(text, options.pieces)) {
    const content = (index: number): ChatChunkChoice => ({ index, delta: pieceDelta(plan, piece), logprobs: null, finish_reason: null });
    events.push(chunk(choicesOf(plan, (index) => withFilter(content(index), context.azure, AZURE_CONTENT_FILTER_RESULTS))));
  }
  const finishReason = planFinishReason(plan);
  events.push(chunk(choicesOf(plan, (index) => ({ index, delta: {}, logprobs: null, finish_reason: finishReason }))));
  if (request.stream_options?.include_usage === true) events.push({ ...chunk([]), usage: plan.usage });
  return { preamble, events };
}

/** The events of a streamed legacy completion. */
export function buildCompletionStream(request: CompletionRequest, options: StreamBuildOptions): FakeStreamPlan {
  const { context } = options;
  const includeUsage = request.stream_options?.include_usage === true;
  const count = completionChoiceCount(request);
  const chunk = (choices: Completion['choices']): Completion => ({
    id: completionId(context.seq),
    object: 'text_completion',
    created: FAKE_CREATED,
    model: context.model,
    choices,
    system_fingerprint: null,
    ...(includeUsage ? { usage: null } : {}),
  });
  const perChoice = (text: string, finish: 'stop' | null): Completion['choices'] =>
    Array.from({ length: count }, (_, index) => ({ text, index, logprobs: null, finish_reason: finish }));
  const events: FakeStreamEvent[] = splitText(MOCK_CONTENT, options.pieces).map((piece) => chunk(perChoice(piece, null)));
  events.push(chunk(perChoice('', 'stop')));
  if (includeUsage) events.push({ ...chunk([]), usage: completionUsage(request) });
  return { preamble: [], events };
}
