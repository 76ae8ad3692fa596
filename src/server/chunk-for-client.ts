/** A streamed chunk: every canonical chunk type has `choices` and may carry `usage`. */
export interface StreamChunk {
  choices: readonly unknown[];
  usage?: unknown;
}

/**
 * Spend needs usage, so the gateway asks every upstream for it; a caller who did not ask
 * for `stream_options.include_usage` does not get the usage chunk (as with OpenAI).
 */
export function chunkForClient<T extends StreamChunk>(chunk: T, wantsUsage: boolean): T | undefined {
  if (wantsUsage || chunk.usage === undefined || chunk.usage === null) return chunk;
  if (chunk.choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = chunk;
  return rest as T;
}
