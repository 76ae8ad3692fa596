import { createHash } from 'node:crypto';
import type { CallType } from '../spec/provider.ts';
import { CACHE_KEY_PARAMS } from './cache-key-params.ts';
import { pythonStr } from './python-repr.ts';

/** The body field that carries the prompt of each cached call type (second in LiteLLM's kwargs). */
export const PROMPT_FIELD: Readonly<Record<CallType, string>> = { chat: 'messages', completion: 'prompt', embedding: 'input', image_generation: 'prompt' };

export interface CacheKeyInput {
  call: CallType;
  /** The request body (gateway fields removed). */
  body: Readonly<Record<string, unknown>>;
  /** What LiteLLM puts for `model`: the caching group, else the model group the caller named. */
  modelValue: string;
  /** The prompt to key on when it is not the body's (one input of an embeddings request). */
  prompt?: unknown;
  /** `cache.namespace`, `metadata.redis_namespace` or `cache_params.namespace`. */
  namespace?: string | undefined;
  /** `litellm_settings.enable_caching_on_provider_specific_optional_params`: other params count too. */
  providerSpecificParams?: boolean;
}

/**
 * LiteLLM's cache key (`Cache.get_cache_key`): `"<name>: <str(value)>"` for each known
 * parameter in the order LiteLLM's router passes them — `model` (the model group), the prompt
 * (`messages` / `prompt` / `input`), the other body parameters in body order, and for chat
 * `stream` last — SHA-256 hex, prefixed with `<namespace>:` when one is set.
 *
 * One deliberate difference: a streamed chat request is keyed as `stream: False` and without
 * `stream_options`, so streamed and plain requests share entries (LiteLLM keys them apart).
 */
export function responseCacheKey(input: CacheKeyInput): string {
  const hash = createHash('sha256').update(cacheKeySource(input), 'utf8').digest('hex');
  return input.namespace ? `${input.namespace}:${hash}` : hash;
}

/** The text LiteLLM hashes (exported for tests and debugging). */
export function cacheKeySource(input: CacheKeyInput): string {
  const { body, call } = input;
  const promptField = PROMPT_FIELD[call];
  const prompt = 'prompt' in input ? input.prompt : body[promptField];
  let source = `model: ${input.modelValue}`;
  if (prompt !== undefined && prompt !== null) source += `${promptField}: ${pythonStr(prompt)}`;
  for (const name in body) {
    if (name === 'model' || name === promptField || name === 'stream' || name === 'stream_options') continue;
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (CACHE_KEY_PARAMS.has(name) || input.providerSpecificParams === true) source += `${name}: ${pythonStr(value)}`;
  }
  if (call === 'chat') source += 'stream: False';
  return source;
}
