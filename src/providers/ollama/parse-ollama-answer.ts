import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { OllamaEmbedAnswer, OllamaToolCall, OllamaTurn } from './ollama-api.ts';

/**
 * Checks one `/api/chat` answer object (`{model, created_at, message, done, …}`) and reduces
 * it to an {@link OllamaTurn}; undefined when it is not that shape.
 */
export function parseOllamaChatTurn(value: unknown): OllamaTurn | undefined {
  if (!isRecord(value) || !isRecord(value['message'])) return undefined;
  const message = value['message'];
  const toolCalls = parseToolCalls(message['tool_calls']);
  if (toolCalls === undefined) return undefined;
  return baseTurn(value, { content: message['content'], thinking: message['thinking'], toolCalls });
}

/** Checks one `/api/generate` answer object (`{model, created_at, response, done, …}`). */
export function parseOllamaGenerateTurn(value: unknown): OllamaTurn | undefined {
  if (!isRecord(value)) return undefined;
  if (value['response'] === undefined && value['done'] !== true) return undefined;
  return baseTurn(value, { content: value['response'], thinking: value['thinking'], toolCalls: [] });
}

/** Checks an `/api/embed` answer: `{model, embeddings: number[][], prompt_eval_count}`. */
export function parseOllamaEmbedAnswer(value: unknown): OllamaEmbedAnswer | undefined {
  if (!isRecord(value) || !Array.isArray(value['embeddings'])) return undefined;
  const embeddings = value['embeddings'];
  if (!embeddings.every((vector) => Array.isArray(vector) && vector.every((n) => typeof n === 'number'))) return undefined;
  return {
    model: typeof value['model'] === 'string' ? value['model'] : '',
    embeddings: embeddings as number[][],
    promptTokens: count(value['prompt_eval_count']),
  };
}

function baseTurn(
  value: Record<string, unknown>,
  parts: { content: unknown; thinking: unknown; toolCalls: OllamaToolCall[] },
): OllamaTurn | undefined {
  if (typeof value['done'] !== 'boolean') return undefined;
  if (!optionalString(parts.content) || !optionalString(parts.thinking)) return undefined;
  const doneReason = value['done_reason'];
  return {
    model: typeof value['model'] === 'string' ? value['model'] : '',
    created: createdSeconds(value['created_at']),
    content: parts.content ?? '',
    thinking: parts.thinking ?? '',
    toolCalls: parts.toolCalls,
    done: value['done'],
    doneReason: typeof doneReason === 'string' && doneReason !== '' ? doneReason : undefined,
    promptTokens: count(value['prompt_eval_count']),
    completionTokens: count(value['eval_count']),
  };
}

function parseToolCalls(value: unknown): OllamaToolCall[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const calls: OllamaToolCall[] = [];
  for (const item of value) {
    if (!isRecord(item) || !isRecord(item['function'])) return undefined;
    const fn = item['function'];
    if (typeof fn['name'] !== 'string') return undefined;
    // Arguments are an object; a model that produced none may leave them out.
    const args = fn['arguments'] ?? {};
    if (!isRecord(args)) return undefined;
    const call: OllamaToolCall = { function: { name: fn['name'], arguments: args } };
    if (typeof fn['index'] === 'number') call.function.index = fn['index'];
    if (typeof item['id'] === 'string' && item['id'] !== '') call.id = item['id'];
    calls.push(call);
  }
  return calls;
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function createdSeconds(value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Math.floor((Number.isNaN(ms) ? Date.now() : ms) / 1000);
}
