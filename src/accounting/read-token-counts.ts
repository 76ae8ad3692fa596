import type { Usage } from '../spec/chat.ts';

/**
 * The token counts a price applies to, read from canonical (OpenAI-shaped) usage. Each
 * detail count is a part of its total: `cacheRead`, `cacheWrite` and `audioIn` are parts of
 * `prompt`; `reasoning` and `audioOut` are parts of `completion`.
 */
export interface TokenCounts {
  /** Every input token, cached and cache-written ones included. */
  readonly prompt: number;
  /** `prompt_tokens_details.cached_tokens` (else Anthropic-style `cache_read_input_tokens`). */
  readonly cacheRead: number;
  /** Anthropic-style `cache_creation_input_tokens` (Anthropic, Bedrock, Vertex Claude). */
  readonly cacheWrite: number;
  readonly audioIn: number;
  /** Every output token, reasoning included. */
  readonly completion: number;
  /** `completion_tokens_details.reasoning_tokens`. */
  readonly reasoning: number;
  readonly audioOut: number;
}

/**
 * Reads the counts that prices apply to. Missing counts are 0; the prompt is never smaller
 * than its cache parts (some upstreams report the uncached part only), and a detail count
 * larger than its total is capped to it, so parts always fit in their totals.
 */
export function readTokenCounts(usage: Usage): TokenCounts {
  const cacheRead = count(usage.prompt_tokens_details?.cached_tokens) || count(usage['cache_read_input_tokens']);
  const cacheWrite = count(usage['cache_creation_input_tokens']);
  const prompt = Math.max(count(usage.prompt_tokens), cacheRead + cacheWrite);
  const audioIn = Math.min(count(usage.prompt_tokens_details?.audio_tokens), prompt - cacheRead - cacheWrite);
  const completion = count(usage.completion_tokens);
  const reasoning = Math.min(count(usage.completion_tokens_details?.reasoning_tokens), completion);
  const audioOut = Math.min(count(usage.completion_tokens_details?.audio_tokens), completion - reasoning);
  return { prompt, cacheRead, cacheWrite, audioIn, completion, reasoning, audioOut };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
