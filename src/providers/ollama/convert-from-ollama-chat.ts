import type { ChatChunkChoice, ChatCompletion, ChatCompletionChunk, ChatMessage, ChatToolCall } from '../../spec/chat.ts';
import type { OllamaToolCall, OllamaTurn } from './ollama-api.ts';
import type { OllamaAnswerIds } from './ollama-answer-ids.ts';
import { convertOllamaUsage } from './convert-ollama-usage.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';

/**
 * A whole Ollama answer → `chat.completion`: content, `thinking` → reasoning_content, tool
 * calls with their arguments as JSON text (finish_reason "tool_calls"), and usage.
 */
export function convertOllamaChatAnswer(turn: OllamaTurn, ids: OllamaAnswerIds): ChatCompletion {
  const toolCalls = turn.toolCalls.map((call, index) => canonicalToolCall(call, { ids, index }));
  const message: ChatMessage & { role: 'assistant' } = {
    role: 'assistant',
    content: turn.content === '' && toolCalls.length > 0 ? null : turn.content,
  };
  if (turn.thinking !== '') message.reasoning_content = turn.thinking;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: ids.id,
    object: 'chat.completion',
    created: turn.created,
    model: ids.model,
    choices: [{ index: 0, message, finish_reason: mapOllamaFinishReason(turn.doneReason, toolCalls.length > 0), logprobs: null }],
    usage: convertOllamaUsage(turn),
  };
}

function canonicalToolCall(call: OllamaToolCall, at: { ids: OllamaAnswerIds; index: number }): ChatToolCall {
  return { id: at.ids.toolCallId(call, at.index), type: 'function', function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments) } };
}

/**
 * Ollama stream lines → `chat.completion.chunk`s. The first chunk carries the role (and the
 * first line's text); each tool call becomes a chunk with its id and name, then one with its
 * arguments; the `done` line gives a finish chunk and a usage chunk (`choices: []`).
 */
export async function* convertOllamaChatStream(turns: AsyncIterable<OllamaTurn>, ids: OllamaAnswerIds): AsyncGenerator<ChatCompletionChunk> {
  let created: number | undefined;
  let toolCount = 0;
  for await (const turn of turns) {
    const first = created === undefined;
    created ??= turn.created;
    const at = created;
    const chunk = (choices: ChatChunkChoice[]): ChatCompletionChunk => ({ id: ids.id, object: 'chat.completion.chunk', created: at, model: ids.model, choices });
    const delta = textDelta(turn, first);
    if (delta !== undefined) yield chunk([{ index: 0, delta, finish_reason: null }]);
    for (const call of turn.toolCalls) {
      const index = toolCount++;
      const id = ids.toolCallId(call, index);
      yield chunk([{ index: 0, delta: { tool_calls: [{ index, id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }]);
      yield chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: JSON.stringify(call.function.arguments) } }] }, finish_reason: null }]);
    }
    if (turn.done) {
      yield chunk([{ index: 0, delta: {}, finish_reason: mapOllamaFinishReason(turn.doneReason, toolCount > 0) }]);
      yield { ...chunk([]), usage: convertOllamaUsage(turn) };
    }
  }
}

/** The text part of a line's delta: always one for the first line (it carries the role), else only when there is text. */
function textDelta(turn: OllamaTurn, first: boolean): ChatChunkChoice['delta'] | undefined {
  const delta: ChatChunkChoice['delta'] = first ? { role: 'assistant', content: turn.content } : {};
  if (!first && turn.content !== '') delta.content = turn.content;
  if (turn.thinking !== '') delta.reasoning_content = turn.thinking;
  return first || Object.keys(delta).length > 0 ? delta : undefined;
}
