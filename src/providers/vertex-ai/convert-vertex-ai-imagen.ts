import { GatewayError } from '../../spec/gateway-error.ts';
import type { ImageGenerationRequest, ImageGenerationResponse } from '../../spec/image.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { VertexImagenPrediction, VertexImagenRequest, VertexImagenResponse } from './vertex-ai-api.ts';

/** The aspect ratios Imagen generates. */
export const IMAGEN_ASPECT_RATIOS: ReadonlySet<string> = new Set(['1:1', '3:4', '4:3', '9:16', '16:9']);

/** Imagen's passthrough parameters a caller may add (LiteLLM passes unknown params on as well). */
const IMAGEN_EXTRA_PARAMS = ['negativePrompt', 'personGeneration', 'safetySetting', 'addWatermark', 'seed', 'enhancePrompt', 'outputOptions', 'language'];

/**
 * An image request → the body of `:predict` on an Imagen model: the prompt as the one
 * instance, `n` → sampleCount (default 1), `size` ("1792x1024") → the aspect ratio it
 * reduces to ("16:9"); a size whose ratio Imagen cannot make is a 400 naming `size`.
 */
export function convertToVertexImagenRequest(request: ImageGenerationRequest): VertexImagenRequest {
  const parameters: VertexImagenRequest['parameters'] = { sampleCount: typeof request.n === 'number' ? request.n : 1 };
  const aspectRatio = sizeToAspectRatio(request.size);
  if (aspectRatio !== undefined) parameters.aspectRatio = aspectRatio;
  for (const name of IMAGEN_EXTRA_PARAMS) if (request[name] !== undefined) parameters[name] = request[name];
  return { instances: [{ prompt: request.prompt }], parameters };
}

function sizeToAspectRatio(size: string | undefined): string | undefined {
  if (size === undefined || size === 'auto') return undefined;
  const match = /^(\d+)x(\d+)$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || width === 0 || height === 0) throw badSize(size);
  const divisor = gcd(width, height);
  const ratio = `${width / divisor}:${height / divisor}`;
  // OpenAI's 1792x1024 is 7:4; Imagen's nearest is 16:9 (and 4:7 → 9:16), as LiteLLM maps them.
  const mapped = ratio === '7:4' ? '16:9' : ratio === '4:7' ? '9:16' : ratio;
  if (!IMAGEN_ASPECT_RATIOS.has(mapped)) throw badSize(size);
  return mapped;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function badSize(size: string): GatewayError {
  return new GatewayError('bad_request', `size "${size}" is not an aspect ratio Imagen can make (${[...IMAGEN_ASPECT_RATIOS].join(', ')})`, { param: 'size' });
}

/**
 * An Imagen `:predict` answer → the OpenAI image list: each prediction's bytes as `b64_json`.
 * When every image was filtered (only `raiFilteredReason`), that is a content-policy error;
 * anything that is not Imagen's shape is a 502.
 */
export function convertVertexImagenResponse(value: unknown, providerName: string): ImageGenerationResponse {
  if (!isRecord(value) || (value['predictions'] !== undefined && !Array.isArray(value['predictions']))) throw invalidResponse(providerName, 'the answer has no predictions');
  const predictions = ((value as VertexImagenResponse).predictions ?? []).filter((p: unknown): p is VertexImagenPrediction => isRecord(p));
  const images = predictions.filter((p): p is VertexImagenPrediction & { bytesBase64Encoded: string } => typeof p.bytesBase64Encoded === 'string');
  if (images.length === 0) {
    const reason = predictions.find((p) => typeof p.raiFilteredReason === 'string')?.raiFilteredReason;
    throw new GatewayError(
      'content_policy_violation',
      `litellm.ContentPolicyViolationError: ${providerName}Exception - Imagen returned no image${reason === undefined ? '' : `: ${reason}`}`,
    );
  }
  return {
    created: Math.floor(Date.now() / 1000),
    data: images.map((p) => (p.prompt === undefined ? { b64_json: p.bytesBase64Encoded } : { b64_json: p.bytesBase64Encoded, revised_prompt: p.prompt })),
  };
}
