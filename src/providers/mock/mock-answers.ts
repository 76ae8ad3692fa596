import { createHash, randomUUID } from 'node:crypto';
import type { ChatCompletionRequest, Usage } from '../../spec/chat.ts';

export const DEFAULT_MOCK_TEXT = 'Hi! This is a mock response from Switchyard.';

/** A 1×1 transparent PNG, the image every mock generation returns. */
export const MOCK_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Rough token count (4 characters a token): mock usage only needs to be plausible and stable. */
export function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function promptText(request: ChatCompletionRequest): string {
  return request.messages
    .map((m) => (typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => (p.type === 'text' ? p.text : '')).join('') : ''))
    .join('\n');
}

export function mockUsage(prompt: string, completion: string): Usage {
  const promptTokens = roughTokens(prompt);
  const completionTokens = roughTokens(completion);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** A deterministic unit-length vector derived from the text. */
export function mockVector(text: string, dimensions: number): number[] {
  const out: number[] = [];
  let seed = createHash('sha256').update(text).digest();
  while (out.length < dimensions) {
    for (let i = 0; i + 4 <= seed.length && out.length < dimensions; i += 4) out.push(seed.readInt32LE(i) / 2 ** 31);
    seed = createHash('sha256').update(seed).digest();
  }
  const norm = Math.sqrt(out.reduce((sum, v) => sum + v * v, 0)) || 1;
  // Round through float32 so float and base64 answers carry the same numbers.
  return out.map((v) => Math.fround(v / norm));
}

/** Splits text into stream pieces that keep their spaces ("Hi! ", "This ", …). */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

export function mockId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
