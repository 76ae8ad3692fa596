import { request } from 'undici';
import { GatewayError } from '../spec/gateway-error.ts';
import { upstreamAgent } from './http-agent.ts';

/** Image bytes as base64 with their media type (what Anthropic, Bedrock, Gemini and Ollama need). */
export interface ImageData {
  mediaType: string;
  /** Base64, no `data:` prefix. */
  data: string;
}

export const DEFAULT_IMAGE_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_IMAGE_TIMEOUT_MS = 15_000;

/** `data:image/png;base64,AAAA` → its parts; undefined for anything else. */
export function parseDataUrl(url: string): ImageData | undefined {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] ?? 'application/octet-stream', data: match[2] ?? '' };
}

/**
 * The bytes behind an image URL: a data URL is decoded in place; an http(s) URL is fetched
 * by the gateway (as LiteLLM does for providers that need bytes) with a size limit and a
 * timeout. Failures are 400s naming `param`, never a hang or a crash.
 */
export async function fetchImage(options: {
  url: string;
  param: string;
  signal: AbortSignal;
  maxBytes?: number;
  timeoutMs?: number;
}): Promise<ImageData> {
  const inline = parseDataUrl(options.url);
  if (inline !== undefined) return inline;
  if (!/^https?:\/\//i.test(options.url)) {
    throw new GatewayError('bad_request', `image URL must be a data: URL or http(s): ${options.param}`, { param: options.param });
  }
  const maxBytes = options.maxBytes ?? DEFAULT_IMAGE_MAX_BYTES;
  const fail = (why: string): GatewayError =>
    new GatewayError('bad_request', `litellm.ImageFetchError: could not fetch image at ${options.param}: ${why}`, { param: options.param });
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS)]);
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(options.url, { dispatcher: upstreamAgent, method: 'GET', signal, maxRedirections: 0 } as Parameters<typeof request>[1]);
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    throw fail(error instanceof Error ? error.message : String(error));
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw fail(`HTTP ${response.statusCode}`);
  }
  const declared = Number(response.headers['content-length'] ?? '0');
  if (declared > maxBytes) {
    await response.body.dump();
    throw fail(`larger than ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.body.destroy();
        throw fail(`larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (options.signal.aborted) throw options.signal.reason;
    throw fail(error instanceof Error ? error.message : String(error));
  }
  const contentType = response.headers['content-type'];
  const mediaType = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim() || 'image/jpeg';
  return { mediaType, data: Buffer.concat(chunks).toString('base64') };
}
