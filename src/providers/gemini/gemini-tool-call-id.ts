import { createHash } from 'node:crypto';

/** Separates a tool-call id from the Gemini thought signature carried inside it (LiteLLM's format). */
export const THOUGHT_SIGNATURE_SEPARATOR = '__thought__';

/**
 * The id of the `index`-th function call of a candidate: `call_` + 24 hex characters derived
 * from the answer's key (Gemini's `responseId`, else one the gateway made for the answer),
 * the candidate and the position. The same call gets the same id in every stream chunk and
 * in a replay of the same answer; ids never repeat across answers.
 */
export function geminiToolCallId(args: { answerKey: string; candidate: number; index: number }): string {
  const digest = createHash('sha256').update(`${args.answerKey}:${args.candidate}:${args.index}`).digest('hex');
  return `call_${digest.slice(0, 24)}`;
}

/**
 * Gemini answers function calls with a `thoughtSignature` it needs back on the next turn
 * (Gemini 3 rejects a call without it). OpenAI clients only round-trip the tool-call id for
 * sure, so the signature rides inside it — `call_<hex>__thought__<signature>` — exactly as
 * LiteLLM does, which keeps histories portable between the two gateways. The signature is
 * also given as `provider_specific_fields.thought_signature`.
 */
export function encodeGeminiToolCallId(id: string, thoughtSignature: string | undefined): string {
  return thoughtSignature === undefined || thoughtSignature === '' ? id : `${id}${THOUGHT_SIGNATURE_SEPARATOR}${thoughtSignature}`;
}

/** The inverse of {@link encodeGeminiToolCallId}. */
export function decodeGeminiToolCallId(id: string): { id: string; thoughtSignature: string | undefined } {
  const at = id.indexOf(THOUGHT_SIGNATURE_SEPARATOR);
  if (at === -1) return { id, thoughtSignature: undefined };
  const signature = id.slice(at + THOUGHT_SIGNATURE_SEPARATOR.length);
  return { id: id.slice(0, at), thoughtSignature: signature === '' ? undefined : signature };
}
