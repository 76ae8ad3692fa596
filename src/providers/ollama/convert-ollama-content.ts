import type { ChatMessage } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { fetchImage } from '../../provider-kit/fetch-image.ts';

/** A message's content as Ollama takes it: one plain string and raw base64 images. */
export interface OllamaContent {
  text: string;
  images: string[];
}

/**
 * Splits OpenAI content into Ollama's parts: text parts are joined (with nothing between
 * them, as LiteLLM does); images become raw base64 without the `data:` prefix, http(s) URLs
 * being fetched by the gateway. Audio and file parts are refused with a 400 naming them.
 */
export async function convertOllamaContent(
  content: ChatMessage['content'],
  at: { messageIndex: number; signal: AbortSignal },
): Promise<OllamaContent> {
  if (content === undefined || content === null) return { text: '', images: [] };
  if (typeof content === 'string') return { text: content, images: [] };
  const texts: string[] = [];
  const pending: Promise<string>[] = [];
  content.forEach((part, partIndex) => {
    const param = `messages[${at.messageIndex}].content[${partIndex}]`;
    switch (part.type) {
      case 'text':
        texts.push(part.text);
        return;
      case 'image_url':
        pending.push(fetchImage({ url: part.image_url.url, param, signal: at.signal }).then((image) => image.data));
        return;
      case 'input_audio':
      case 'file':
        throw new GatewayError('bad_request', `Ollama takes text and images only: ${param} is a ${part.type} part`, { param });
      default:
        throw new GatewayError('bad_request', `unknown content part type at ${param}`, { param });
    }
  });
  return { text: texts.join(''), images: await Promise.all(pending) };
}
