import type { ChatContentPart, ChatMessage } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { ImageData } from '../../provider-kit/fetch-image.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { BedrockContentBlock, BedrockImageBlock, BedrockSystemBlock, BedrockToolResultPart } from './bedrock-api.ts';

/** Turns an image URL (data: or http(s)) into bytes; `param` names the field for errors. */
export type BedrockImageLoader = (args: { url: string; param: string }) => Promise<ImageData>;

const IMAGE_FORMATS: Readonly<Record<string, string>> = {
  'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp',
};

const DOCUMENT_FORMATS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf', 'text/csv': 'csv', 'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html', 'text/plain': 'txt', 'text/markdown': 'md',
};

const CACHE_POINT = { cachePoint: { type: 'default' } } as const;

/** Converse rejects text that is empty or only whitespace. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

function badRequest(message: string, param: string): GatewayError {
  return new GatewayError('bad_request', `litellm.BadRequestError: BedrockException - ${message}`, { param });
}

/** Text parts of a content value, with their `cache_control` (system prompts, tool results). */
function textParts(content: ChatMessage['content'], param: string): { text: string; cache: boolean }[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ text: content, cache: false }];
  return content.map((part, j) => {
    if (part.type !== 'text') throw badRequest(`only text content is supported here, got "${part.type}"`, `${param}[${j}]`);
    return { text: part.text, cache: part['cache_control'] !== undefined };
  });
}

/** A system (or developer) message → system blocks; `cache_control` adds a cache point after the text. */
export function convertSystemContent(message: ChatMessage, param: string): BedrockSystemBlock[] {
  const blocks: BedrockSystemBlock[] = [];
  const messageCache = message['cache_control'] !== undefined;
  for (const part of textParts(message.content, `${param}.content`)) {
    if (isBlank(part.text)) continue;
    blocks.push({ text: part.text });
    if (part.cache) blocks.push(CACHE_POINT);
  }
  if (messageCache && blocks.length > 0 && !('cachePoint' in (blocks.at(-1) ?? {}))) blocks.push(CACHE_POINT);
  return blocks;
}

async function imageBlock(args: { url: string; param: string; loadImage: BedrockImageLoader }): Promise<BedrockImageBlock> {
  const image = await args.loadImage({ url: args.url, param: args.param });
  const format = IMAGE_FORMATS[image.mediaType.toLowerCase()];
  if (format === undefined) throw badRequest(`unsupported image type "${image.mediaType}"; Bedrock takes png, jpeg, gif, webp`, args.param);
  return { format, source: { bytes: image.data } };
}

function documentBlock(part: Extract<ChatContentPart, { type: 'file' }>, args: { param: string; index: number }): BedrockContentBlock {
  const data = part.file.file_data;
  const match = data === undefined ? null : /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(data);
  if (match === null) throw badRequest('a file part needs file_data as a base64 data: URL (file_id is not supported)', `${args.param}.file.file_data`);
  const mediaType = (match[1] ?? '').toLowerCase();
  const format = DOCUMENT_FORMATS[mediaType];
  if (format === undefined) throw badRequest(`unsupported document type "${mediaType}"`, `${args.param}.file.file_data`);
  const stem = (part.file.filename ?? '').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9\-()[\] ]+/g, ' ').replace(/\s+/g, ' ').trim();
  return { document: { format, name: stem === '' ? `document-${args.index}` : stem, source: { bytes: match[2] ?? '' } } };
}

/** A user message's content → Converse blocks: text (blank dropped), images, documents, cache points. */
export async function convertUserContent(message: ChatMessage, args: { param: string; loadImage: BedrockImageLoader }): Promise<BedrockContentBlock[]> {
  const content = message.content;
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return isBlank(content) ? [] : [{ text: content }];
  const blocks: BedrockContentBlock[] = [];
  for (const [j, part] of content.entries()) {
    const param = `${args.param}.content[${j}]`;
    switch (part.type) {
      case 'text':
        if (!isBlank(part.text)) blocks.push({ text: part.text });
        break;
      case 'image_url':
        blocks.push({ image: await imageBlock({ url: part.image_url.url, param: `${param}.image_url.url`, loadImage: args.loadImage }) });
        break;
      case 'file':
        blocks.push(documentBlock(part, { param, index: blocks.length }));
        break;
      default:
        throw badRequest(`content type "${part.type}" is not supported by Bedrock Converse`, param);
    }
    if (part['cache_control'] !== undefined && blocks.length > 0) blocks.push(CACHE_POINT);
  }
  return blocks;
}

/** Previous reasoning (`thinking_blocks`, else `reasoning_content`) → reasoningContent blocks, which Claude needs back with tool calls. */
export function convertReasoning(message: ChatMessage): BedrockContentBlock[] {
  const thinking = message['thinking_blocks'];
  if (!Array.isArray(thinking)) return [];
  const blocks: BedrockContentBlock[] = [];
  for (const block of thinking) {
    if (!isRecord(block)) continue;
    if (block['type'] === 'thinking' && typeof block['thinking'] === 'string') {
      const signature = typeof block['signature'] === 'string' ? { signature: block['signature'] } : {};
      blocks.push({ reasoningContent: { reasoningText: { text: block['thinking'], ...signature } } });
    } else if (block['type'] === 'redacted_thinking' && typeof block['data'] === 'string') {
      blocks.push({ reasoningContent: { redactedContent: block['data'] } });
    }
  }
  return blocks;
}

/** Assistant tool calls → toolUse blocks; the arguments must be a JSON object (empty text is `{}`). */
export function convertToolCalls(message: ChatMessage, param: string): BedrockContentBlock[] {
  return (message.tool_calls ?? []).map((call, k) => {
    const text = call.function.arguments.trim();
    let input: unknown = {};
    if (text !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        throw badRequest('tool call arguments are not valid JSON', `${param}.tool_calls[${k}].function.arguments`);
      }
    }
    if (!isRecord(input)) throw badRequest('tool call arguments must be a JSON object', `${param}.tool_calls[${k}].function.arguments`);
    return { toolUse: { toolUseId: call.id, name: call.function.name, input } };
  });
}

/** A tool (or legacy function) message → a toolResult block for the next user turn. */
export async function convertToolResult(message: ChatMessage, args: { param: string; loadImage: BedrockImageLoader }): Promise<BedrockContentBlock> {
  const id = message.tool_call_id ?? message.name;
  if (id === undefined || id === '') throw badRequest('a tool message needs tool_call_id', `${args.param}.tool_call_id`);
  const parts: BedrockToolResultPart[] = [];
  const content = message.content;
  if (typeof content === 'string') {
    if (!isBlank(content)) parts.push({ text: content });
  } else if (Array.isArray(content)) {
    for (const [j, part] of content.entries()) {
      if (part.type === 'text') {
        if (!isBlank(part.text)) parts.push({ text: part.text });
      } else if (part.type === 'image_url') {
        parts.push({ image: await imageBlock({ url: part.image_url.url, param: `${args.param}.content[${j}].image_url.url`, loadImage: args.loadImage }) });
      } else {
        throw badRequest(`content type "${part.type}" is not supported in a tool result`, `${args.param}.content[${j}]`);
      }
    }
  }
  // Converse rejects blank text; an empty result still has to answer the call.
  if (parts.length === 0) parts.push({ text: '.' });
  return { toolResult: { toolUseId: id, content: parts } };
}
