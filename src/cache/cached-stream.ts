import type { CallType } from '../spec/provider.ts';

type Json = Record<string, unknown>;

/**
 * The whole answer to cache for a stream that completed, from the answer its chunks were
 * assembled into (chat-completion shaped): a chat completion as is, a text completion turned
 * back into `text` choices; `created` added when the chunks had none.
 */
export function answerOfStream(call: CallType, assembled: Json, nowS: number): Json {
  const created = typeof assembled['created'] === 'number' ? assembled['created'] : Math.floor(nowS);
  if (call !== 'completion') return { ...assembled, created };
  const choices = Array.isArray(assembled['choices']) ? (assembled['choices'] as Json[]) : [];
  return {
    id: assembled['id'],
    object: 'text_completion',
    created,
    model: assembled['model'],
    choices: choices.map((choice) => ({ index: choice['index'], text: (choice['message'] as Json | undefined)?.['content'] ?? '', logprobs: null, finish_reason: choice['finish_reason'] })),
    ...(assembled['usage'] === undefined ? {} : { usage: assembled['usage'] }),
  };
}

/**
 * A cached answer replayed as the chunks of a live stream: per choice one chunk with its whole
 * content (and tool calls), then one with its finish reason, then the usage chunk when the
 * caller asked for it (`stream_options.include_usage`). No delays between chunks.
 */
export function replayChunks(call: CallType, answer: Json, wantsUsage: boolean): Json[] {
  const choices = Array.isArray(answer['choices']) ? (answer['choices'] as Json[]) : [];
  const head: Json = {
    id: answer['id'],
    object: call === 'completion' ? 'text_completion' : 'chat.completion.chunk',
    created: answer['created'],
    model: answer['model'],
    ...(answer['system_fingerprint'] === undefined ? {} : { system_fingerprint: answer['system_fingerprint'] }),
  };
  const chunks: Json[] = [];
  for (const choice of choices) chunks.push({ ...head, choices: [call === 'completion' ? textPart(choice) : deltaPart(choice)] });
  for (const choice of choices) {
    const end = call === 'completion' ? { index: choice['index'], text: '', logprobs: null } : { index: choice['index'], delta: {} };
    chunks.push({ ...head, choices: [{ ...end, finish_reason: choice['finish_reason'] ?? 'stop' }] });
  }
  if (wantsUsage && answer['usage'] !== undefined) chunks.push({ ...head, choices: [], usage: answer['usage'] });
  return chunks;
}

function textPart(choice: Json): Json {
  return { index: choice['index'], text: choice['text'] ?? '', logprobs: null, finish_reason: null };
}

function deltaPart(choice: Json): Json {
  const message = (choice['message'] ?? {}) as Json;
  const toolCalls = Array.isArray(message['tool_calls']) ? (message['tool_calls'] as Json[]).map((call, index) => ({ index, ...call })) : undefined;
  const delta: Json = { role: 'assistant', content: message['content'] ?? null };
  if (typeof message['reasoning_content'] === 'string') delta['reasoning_content'] = message['reasoning_content'];
  if (toolCalls !== undefined) delta['tool_calls'] = toolCalls;
  return { index: choice['index'], delta, finish_reason: null };
}
