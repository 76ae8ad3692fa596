/**
 * Request-side helpers of the fake OpenAI upstream: minimal validation of incoming bodies
 * (the fields OpenAI itself requires) and the deterministic token counts used for `usage`.
 */
import type { ChatCompletionRequest, ChatMessage } from '../../src/spec/chat.ts';
import type { CompletionRequest } from '../../src/spec/completion.ts';
import type { EmbeddingRequest } from '../../src/spec/embedding.ts';
import type { ImageGenerationRequest } from '../../src/spec/image.ts';

/** Tokens counted for each image content part of a chat message (OpenAI's low-detail cost). */
export const IMAGE_PART_TOKENS = 85;

/** Completion tokens reported for each answer (each choice) the fake produces. */
export const COMPLETION_TOKENS_PER_CHOICE = 20;

/** A validated body, or the name of the first required field that is missing or mistyped. */
export type ParsedRequest<T> = { ok: true; request: T } | { ok: false; missing: string };

/** Narrows `unknown` to a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a chat body: `model` (string) and `messages` (array) are required. */
export function parseChatRequest(body: unknown): ParsedRequest<ChatCompletionRequest> {
  if (!isRecord(body) || typeof body['model'] !== 'string') return { ok: false, missing: 'model' };
  if (!Array.isArray(body['messages'])) return { ok: false, missing: 'messages' };
  return { ok: true, request: body as ChatCompletionRequest };
}

/** Validates a legacy completion body: `model` and `prompt` are required. */
export function parseCompletionRequest(body: unknown): ParsedRequest<CompletionRequest> {
  if (!isRecord(body) || typeof body['model'] !== 'string') return { ok: false, missing: 'model' };
  if (body['prompt'] === undefined) return { ok: false, missing: 'prompt' };
  return { ok: true, request: body as CompletionRequest };
}

/** Validates an embedding body: `model` and `input` are required. */
export function parseEmbeddingRequest(body: unknown): ParsedRequest<EmbeddingRequest> {
  if (!isRecord(body) || typeof body['model'] !== 'string') return { ok: false, missing: 'model' };
  if (body['input'] === undefined) return { ok: false, missing: 'input' };
  return { ok: true, request: body as EmbeddingRequest };
}

/** Validates an image-generation body: `prompt` is required (`model` defaults to dall-e-2). */
export function parseImageRequest(body: unknown): ParsedRequest<ImageGenerationRequest> {
  if (!isRecord(body) || typeof body['prompt'] !== 'string') return { ok: false, missing: 'prompt' };
  const model = typeof body['model'] === 'string' ? body['model'] : 'dall-e-2';
  return { ok: true, request: { ...body, model, prompt: body['prompt'] } };
}

/** Tokens for a piece of text: characters / 4, rounded up. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

interface ContentCount {
  chars: number;
  images: number;
}

function countContent(content: unknown): ContentCount {
  if (typeof content === 'string') return { chars: content.length, images: 0 };
  const count = { chars: 0, images: 0 };
  if (!Array.isArray(content)) return count;
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (part['type'] === 'text' && typeof part['text'] === 'string') count.chars += part['text'].length;
    if (part['type'] === 'image_url') count.images += 1;
  }
  return count;
}

/**
 * Prompt tokens of a chat request: all message text / 4 rounded up, plus
 * {@link IMAGE_PART_TOKENS} per image part, at least 1.
 */
export function chatPromptTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  let images = 0;
  for (const message of messages) {
    const count = countContent(isRecord(message) ? message.content : undefined);
    chars += count.chars;
    images += count.images;
  }
  return Math.max(1, Math.ceil(chars / 4) + images * IMAGE_PART_TOKENS);
}

/**
 * The separate inputs of a `prompt` or `input` field: a string, a list of strings, a token
 * array, or a list of token arrays. Token arrays become their comma-joined text.
 */
export function splitInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [String(input)];
  if (input.every((item) => typeof item === 'number')) return [input.join(',')];
  return input.map((item) => (Array.isArray(item) ? item.join(',') : String(item)));
}

/** Tokens of one input: a token array counts its length, text counts characters / 4 (min 1). */
export function inputTokens(input: unknown): number {
  if (Array.isArray(input) && input.every((item) => typeof item === 'number')) return Math.max(1, input.length);
  if (Array.isArray(input)) return input.reduce((sum: number, item: unknown) => sum + inputTokens(item), 0);
  return Math.max(1, textTokens(typeof input === 'string' ? input : String(input)));
}

/** A positive integer field, or the default when absent or invalid. */
export function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}
