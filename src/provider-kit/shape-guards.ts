/**
 * Minimal shape checks for upstream answers: enough to know the protocol was spoken (and to
 * answer 502 when it was not) without re-validating every field on the hot path.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with a `choices` array: chat.completion, text_completion and their chunks. */
export function hasChoices(value: unknown): value is Record<string, unknown> & { choices: unknown[] } {
  return isRecord(value) && Array.isArray(value['choices']);
}

/** An object with a `data` array: embedding lists and image answers. */
export function hasDataArray(value: unknown): value is Record<string, unknown> & { data: unknown[] } {
  return isRecord(value) && Array.isArray(value['data']);
}
