/** Deterministic image-generation answers of the fake OpenAI upstream. */
import type { ImageData, ImageGenerationRequest, ImageGenerationResponse } from '../../src/spec/image.ts';
import { positiveInt } from './fake-openai-requests.ts';
import { FAKE_CREATED } from './fake-openai-responses.ts';

/** A valid 1×1 PNG, base64-encoded: every `b64_json` image. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** URL of every `url` image. */
export const FAKE_IMAGE_URL = 'https://example.invalid/fake-image.png';

/** The POST /v1/images/generations answer: one image per `n`. */
export function buildImageResponse(request: ImageGenerationRequest): ImageGenerationResponse {
  const n = positiveInt(request.n, 1);
  const image: ImageData =
    request.response_format === 'b64_json'
      ? { b64_json: TINY_PNG_BASE64, revised_prompt: request.prompt }
      : { url: FAKE_IMAGE_URL, revised_prompt: request.prompt };
  return { created: FAKE_CREATED, data: Array.from({ length: n }, () => ({ ...image })) };
}
