import type { ChatContentPart, ChatMessage } from '../../spec/chat.ts';
import type { ImageData } from '../../provider-kit/fetch-image.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type {
  AnthropicCacheControl,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicRequestBlock,
  AnthropicTextBlock,
} from './anthropic-api.ts';
import { anthropicBadRequest } from './anthropic-error.ts';

/**
 * Turns an image or file URL (data: or http(s)) into base64 bytes. The Anthropic provider
 * passes `fetchImage` (the gateway downloads http URLs, as LiteLLM does); tests and other
 * hosts of the Claude wire format (Vertex AI, Bedrock invoke) pass their own.
 */
export type AnthropicImageLoader = (args: { url: string; param: string }) => Promise<ImageData>;

/** Anthropic-native blocks a caller may put in OpenAI content lists; passed through as given. */
const NATIVE_BLOCK_TYPES: ReadonlySet<string> = new Set(['document', 'search_result']);

/** Where a content list sits in the request, for error messages and image loading. */
export interface ContentContext {
  /** e.g. `messages[2].content` */
  param: string;
  loadImage: AnthropicImageLoader;
}

/** Anthropic rejects text blocks that are empty or only whitespace. */
export function isBlankText(text: string): boolean {
  return text.trim() === '';
}

/** A text block, keeping the part's (or message's) `cache_control`; undefined for blank text. */
export function textBlock(text: string, cacheControl: unknown): AnthropicTextBlock | undefined {
  if (isBlankText(text)) return undefined;
  const block: AnthropicTextBlock = { type: 'text', text };
  if (isRecord(cacheControl)) block.cache_control = cacheControl as AnthropicCacheControl;
  return block;
}

/**
 * User (or tool-result) content → Anthropic blocks: text, images (data URLs decoded, http
 * URLs fetched), files (PDF → `document`, text/plain → text document, images → `image`),
 * Anthropic-native `document` / `search_result` blocks as given. Blank text is left out; a
 * message-level `cache_control` lands on the text of a plain-string content.
 */
export async function convertUserContent(message: ChatMessage, context: ContentContext): Promise<AnthropicRequestBlock[]> {
  const { content } = message;
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') {
    const block = textBlock(content, message['cache_control']);
    return block === undefined ? [] : [block];
  }
  const blocks = await Promise.all(content.map((part, index) => convertPart(part, { ...context, param: `${context.param}[${index}]` })));
  return blocks.filter((block): block is AnthropicRequestBlock => block !== undefined);
}

async function convertPart(part: ChatContentPart, context: ContentContext): Promise<AnthropicRequestBlock | undefined> {
  const cacheControl = part['cache_control'];
  switch (part.type) {
    case 'text':
      return textBlock(part.text, cacheControl);
    case 'image_url': {
      const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
      const image = await context.loadImage({ url, param: `${context.param}.image_url.url` });
      return withCacheControl(mediaBlock(image, context.param), cacheControl);
    }
    case 'file':
      return withCacheControl(await fileBlock(part.file, context), cacheControl);
    case 'input_audio':
      throw anthropicBadRequest('Anthropic does not accept audio input (input_audio content parts).', context.param);
    default:
      return nativeBlock(part, context.param);
  }
}

function nativeBlock(part: { type: string; [extra: string]: unknown }, param: string): AnthropicRequestBlock {
  if (NATIVE_BLOCK_TYPES.has(part.type)) return part;
  throw anthropicBadRequest(`unsupported content part type "${part.type}"`, param);
}

async function fileBlock(file: { file_data?: string; file_id?: string }, context: ContentContext): Promise<AnthropicImageBlock | AnthropicDocumentBlock> {
  if (typeof file.file_data !== 'string' || file.file_data === '') {
    throw anthropicBadRequest('file content parts need file.file_data (a data: URL); file_id is not supported for Anthropic', `${context.param}.file`);
  }
  const data = await context.loadImage({ url: file.file_data, param: `${context.param}.file.file_data` });
  return mediaBlock(data, context.param);
}

/** Bytes with a media type → the block Anthropic takes for it. */
function mediaBlock(data: ImageData, param: string): AnthropicImageBlock | AnthropicDocumentBlock {
  if (data.mediaType === 'application/pdf') {
    return { type: 'document', source: { type: 'base64', media_type: data.mediaType, data: data.data } };
  }
  if (data.mediaType === 'text/plain') {
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(data.data, 'base64').toString('utf8') } };
  }
  if (data.mediaType.startsWith('image/')) {
    return { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.data } };
  }
  throw anthropicBadRequest(`Anthropic does not accept "${data.mediaType}" content (images, PDF and plain text only)`, param);
}

function withCacheControl<T extends AnthropicImageBlock | AnthropicDocumentBlock>(block: T, cacheControl: unknown): T {
  return isRecord(cacheControl) ? { ...block, cache_control: cacheControl as AnthropicCacheControl } : block;
}

/**
 * System or developer content → top-level `system` text blocks (cache_control kept). Only
 * text is allowed there.
 */
export function convertSystemContent(message: ChatMessage, param: string): AnthropicTextBlock[] {
  const { content } = message;
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') {
    const block = textBlock(content, message['cache_control']);
    return block === undefined ? [] : [block];
  }
  const blocks: AnthropicTextBlock[] = [];
  content.forEach((part, index) => {
    if (part.type !== 'text') throw anthropicBadRequest(`system messages take text only, got a "${part.type}" part`, `${param}[${index}]`);
    const block = textBlock(part.text, part['cache_control']);
    if (block !== undefined) blocks.push(block);
  });
  return blocks;
}
