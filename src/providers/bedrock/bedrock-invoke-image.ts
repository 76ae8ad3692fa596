import { GatewayError } from '../../spec/gateway-error.ts';
import type { ImageGenerationRequest, ImageGenerationResponse } from '../../spec/image.ts';
import type { CallContext, ProviderResult } from '../../spec/provider.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { BedrockAuthResolver } from './bedrock-credentials.ts';
import { BEDROCK_PROVIDER_NAME } from './bedrock-error.ts';
import { callBedrock } from './call-bedrock.ts';
import type { BedrockModel } from './resolve-bedrock-model.ts';

/** One image-generation call's inputs. */
export interface BedrockImageCall {
  request: ImageGenerationRequest;
  ctx: CallContext;
  model: BedrockModel;
  auth: BedrockAuthResolver;
}

/** Aspect ratios the Stability SD3 / Ultra / Core models take. */
const STABILITY_RATIOS: ReadonlySet<string> = new Set(['16:9', '1:1', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21']);

function badRequest(message: string, param: string): GatewayError {
  return new GatewayError('bad_request', `litellm.BadRequestError: ${BEDROCK_PROVIDER_NAME}Exception - ${message}`, { param });
}

/** `1024x768` → {width, height}; undefined when no size was asked for. */
function parseSize(size: string | undefined): { width: number; height: number } | undefined {
  if (size === undefined || size === 'auto') return undefined;
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (match === null) throw badRequest(`size must look like 1024x1024, got "${size}"`, 'size');
  return { width: Number(match[1]), height: Number(match[2]) };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Titan Image Generator and Nova Canvas: a TEXT_IMAGE task with imageGenerationConfig. */
function titanBody(request: ImageGenerationRequest): Record<string, unknown> {
  const config: Record<string, unknown> = { numberOfImages: request.n ?? 1 };
  const size = parseSize(request.size);
  if (size !== undefined) Object.assign(config, size);
  if (request.quality === 'hd' || request.quality === 'premium' || request.quality === 'high') config['quality'] = 'premium';
  else if (request.quality !== undefined) config['quality'] = 'standard';
  for (const name of ['cfgScale', 'seed'] as const) if (request[name] !== undefined) config[name] = request[name];
  const params: Record<string, unknown> = { text: request.prompt };
  if (typeof request['negative_prompt'] === 'string') params['negativeText'] = request['negative_prompt'];
  return { taskType: 'TEXT_IMAGE', textToImageParams: params, imageGenerationConfig: config };
}

/** Stability SD3 / Stable Image Ultra / Core: a prompt with aspect_ratio (from size); SDXL: text_prompts with width/height. */
function stabilityBody(request: ImageGenerationRequest, model: BedrockModel): Record<string, unknown> {
  const size = parseSize(request.size);
  if (model.baseModel.startsWith('stability.stable-diffusion-xl')) {
    return { text_prompts: [{ text: request.prompt }], ...(size ?? {}) };
  }
  const body: Record<string, unknown> = { prompt: request.prompt };
  if (size !== undefined) {
    const divisor = gcd(size.width, size.height);
    const ratio = `${size.width / divisor}:${size.height / divisor}`;
    if (!STABILITY_RATIOS.has(ratio)) throw badRequest(`size ${request.size ?? ''} is aspect ratio ${ratio}; Stability takes ${[...STABILITY_RATIOS].join(', ')}`, 'size');
    body['aspect_ratio'] = ratio;
  }
  for (const name of ['negative_prompt', 'seed', 'output_format', 'mode'] as const) if (request[name] !== undefined) body[name] = request[name];
  return body;
}

/** The base64 images of an answer; a Stability refusal (finish reason other than null/SUCCESS) is a content-policy error. */
function imagesOf(json: unknown): string[] {
  if (!isRecord(json)) throw invalidResponse(BEDROCK_PROVIDER_NAME, 'the image answer is not an object');
  const reasons = json['finish_reasons'];
  if (Array.isArray(reasons)) {
    const refusal = reasons.find((r) => r !== null && r !== 'SUCCESS');
    if (typeof refusal === 'string') {
      throw new GatewayError('content_policy_violation', `litellm.ContentPolicyViolationError: ${BEDROCK_PROVIDER_NAME}Exception - ${refusal}`);
    }
  }
  if (typeof json['error'] === 'string' && json['error'] !== '') throw invalidResponse(BEDROCK_PROVIDER_NAME, json['error']);
  const images = json['images'];
  if (Array.isArray(images) && images.every((i) => typeof i === 'string')) return images;
  const artifacts = json['artifacts'];
  if (Array.isArray(artifacts)) return artifacts.flatMap((a) => (isRecord(a) && typeof a['base64'] === 'string' ? [a['base64']] : []));
  throw invalidResponse(BEDROCK_PROVIDER_NAME, 'the answer has no images');
}

/**
 * `/v1/images/generations` on Bedrock Invoke: Amazon Titan Image Generator / Nova Canvas and
 * Stability models. Images come back as `data[].b64_json` (Bedrock returns no URLs).
 */
export async function invokeImageGeneration(call: BedrockImageCall): Promise<ProviderResult<ImageGenerationResponse>> {
  const { request, model } = call;
  let body: Record<string, unknown>;
  if (model.baseModel.startsWith('amazon.titan-image') || model.baseModel.startsWith('amazon.nova-canvas')) body = titanBody(request);
  else if (model.family === 'stability') body = stabilityBody(request, model);
  else throw badRequest(`model "${model.modelId}" is not a Bedrock image model Switchyard supports (amazon.titan-image-*, amazon.nova-canvas-*, stability.*)`, 'model');
  const response = await callBedrock({ ctx: call.ctx, auth: call.auth, modelId: model.modelId, action: 'invoke', body });
  const images = imagesOf(await response.json());
  return {
    body: { created: Math.floor(Date.now() / 1000), data: images.map((b64) => ({ b64_json: b64 })) },
    headers: response.headers,
  };
}
