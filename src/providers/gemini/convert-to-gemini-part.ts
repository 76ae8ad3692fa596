import type { ChatContentPart } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { fetchImage, parseDataUrl } from '../../provider-kit/fetch-image.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { GeminiPart } from './gemini-api.ts';

/** Where a part sits in the request (for 400s) and the call's abort signal (for image fetches). */
export interface GeminiPartContext {
  param: string;
  signal: AbortSignal;
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif',
  heic: 'image/heic', heif: 'image/heif', pdf: 'application/pdf', txt: 'text/plain',
  mp3: 'audio/mp3', wav: 'audio/wav', flac: 'audio/flac', ogg: 'audio/ogg',
  mp4: 'video/mp4', mov: 'video/mov', mpeg: 'video/mpeg', webm: 'video/webm',
};

/** Files the model reads by URI instead of bytes: Files API uploads and YouTube videos. */
const BY_URI = /^https:\/\/(?:generativelanguage\.googleapis\.com\/|(?:www\.)?youtube\.com\/|youtu\.be\/)/;

/**
 * One OpenAI content part as a Gemini part: text as is (empty text gives no part), images
 * and files from data URLs as `inlineData`, `gs://` and Files API URIs as `fileData`, other
 * http(s) URLs fetched by the gateway and sent inline, audio as `inlineData`.
 */
export async function convertToGeminiPart(part: ChatContentPart, ctx: GeminiPartContext): Promise<GeminiPart | undefined> {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { text: part.text };
    case 'image_url': {
      const image = part.image_url as unknown;
      const url = typeof image === 'string' ? image : part.image_url.url;
      const format = isRecord(image) && typeof image['format'] === 'string' ? image['format'] : undefined;
      return mediaPart({ url, mimeType: format, ctx: { ...ctx, param: `${ctx.param}.image_url.url` } });
    }
    case 'input_audio':
      return { inlineData: { mimeType: audioMimeType(part.input_audio.format), data: part.input_audio.data } };
    case 'file': {
      const format = typeof (part.file as Record<string, unknown>)['format'] === 'string' ? String((part.file as Record<string, unknown>)['format']) : undefined;
      const url = part.file.file_data ?? part.file.file_id;
      if (url === undefined) throw badPart(`${ctx.param}.file`, 'a file part needs file_data or file_id');
      return mediaPart({ url, mimeType: format, ctx: { ...ctx, param: `${ctx.param}.file` } });
    }
    default:
      throw badPart(ctx.param, `content parts of type "${(part as { type?: unknown }).type}" are not supported by Gemini`);
  }
}

async function mediaPart(args: { url: string; mimeType: string | undefined; ctx: GeminiPartContext }): Promise<GeminiPart> {
  const { url, ctx } = args;
  const inline = parseDataUrl(url);
  if (inline !== undefined) return { inlineData: { mimeType: args.mimeType ?? inline.mediaType, data: inline.data } };
  if (url.startsWith('gs://') || BY_URI.test(url)) {
    const mimeType = args.mimeType ?? mimeTypeOf(url);
    if (mimeType === undefined && !/youtu/.test(url)) {
      throw badPart(ctx.param, `cannot tell the media type of "${url}": set "format" (e.g. "image/png") on the part`);
    }
    return { fileData: mimeType === undefined ? { fileUri: url } : { mimeType, fileUri: url } };
  }
  if (/^https?:\/\//i.test(url)) {
    const image = await fetchImage({ url, param: ctx.param, signal: ctx.signal });
    return { inlineData: { mimeType: args.mimeType ?? image.mediaType, data: image.data } };
  }
  throw badPart(ctx.param, 'a media URL must be a data: URL, an http(s) URL or a gs:// URI');
}

function mimeTypeOf(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : MIME_BY_EXTENSION[extension];
}

function audioMimeType(format: string): string {
  return format.includes('/') ? format : `audio/${format}`;
}

function badPart(param: string, detail: string): GatewayError {
  return new GatewayError('bad_request', `${param}: ${detail}`, { param });
}
