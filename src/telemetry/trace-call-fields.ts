import type { CallCompleteEvent } from '../server/call-events.ts';
import type { CallType } from '../spec/provider.ts';

/** Body fields that are the call's content, not model parameters. */
const CONTENT_FIELDS = new Set(['messages', 'prompt', 'input', 'model']);

/** LiteLLM's `call_type` names as the proxy logs them (async calls). */
const CALL_TYPE_NAMES: Readonly<Record<CallType, string>> = {
  chat: 'acompletion',
  completion: 'atext_completion',
  embedding: 'aembedding',
  image_generation: 'aimage_generation',
};

/** LiteLLM's `call_type` of a call (`acompletion`, `aembedding`, …). */
export function callTypeName(call: CallType): string {
  return CALL_TYPE_NAMES[call];
}

/** The prompt side of a call: chat messages, a completion or image prompt, or embedding input. */
export function callInput(event: CallCompleteEvent): unknown {
  const body = event.request;
  if (body === undefined) return undefined;
  if (event.call === 'chat') return body['messages'];
  if (event.call === 'embedding') return body['input'];
  return body['prompt'];
}

/**
 * The answer side of a call: the assistant message of a chat (all of them when n > 1), the
 * text of a completion, the image list; embeddings log no vectors (like LiteLLM's Langfuse).
 */
export function callOutput(event: CallCompleteEvent): unknown {
  const response = event.response;
  if (typeof response !== 'object' || response === null || event.call === 'embedding') return undefined;
  if (event.call === 'image_generation') return (response as { data?: unknown }).data;
  const choices = (response as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  const pick = (choice: unknown): unknown => {
    if (typeof choice !== 'object' || choice === null) return undefined;
    const { message, text } = choice as { message?: unknown; text?: unknown };
    return event.call === 'completion' ? text : message;
  };
  return choices.length === 1 ? pick(choices[0]) : choices.map(pick);
}

/** The request's model parameters (temperature, max_tokens, tools, …): the body minus content. */
export function modelParameters(event: CallCompleteEvent): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.request ?? {})) {
    if (!CONTENT_FIELDS.has(key) && value !== undefined) params[key] = value;
  }
  return params;
}

/** Token counts in LiteLLM's Langfuse names: input, output, total and cache reads/writes. */
export function usageDetails(event: CallCompleteEvent): Record<string, number> | undefined {
  const usage = event.usage;
  if (usage === undefined) return undefined;
  const details: Record<string, number> = { input: usage.prompt_tokens, output: usage.completion_tokens, total: usage.total_tokens };
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage['cache_read_input_tokens'];
  if (typeof cached === 'number' && cached > 0) details['cache_read_input_tokens'] = cached;
  const written = usage['cache_creation_input_tokens'];
  if (typeof written === 'number' && written > 0) details['cache_creation_input_tokens'] = written;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number' && reasoning > 0) details['reasoning_tokens'] = reasoning;
  return details;
}

/** A string field of the request metadata, when set. */
export function metadataString(event: CallCompleteEvent, key: string): string | undefined {
  const value = event.metadata?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The request's tags (`metadata.tags` and the body's top-level `tags`). */
export function requestTags(event: CallCompleteEvent): string[] {
  const tags = event.metadata?.['tags'];
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** The end user: the body's `user` field, when sent. */
export function endUser(event: CallCompleteEvent): string | undefined {
  const user = event.request?.['user'];
  return typeof user === 'string' && user !== '' ? user : event.caller?.endUser;
}

/** Calls of this app only: the call-event bus is per process, and several apps may share it (tests). */
export function ownCallFilter(owns: (deployment: object) => boolean): (event: CallCompleteEvent) => boolean {
  return (event) => event.deployment === undefined || owns(event.deployment);
}
