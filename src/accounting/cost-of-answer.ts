import type { Usage } from '../spec/chat.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { CallType, ProviderLogger } from '../spec/provider.ts';
import type { CallCost } from './call-cost.ts';
import { computeCost } from './compute-cost.ts';

/** One answered call as the server sees it. */
export interface CostOfAnswerOptions {
  deployment: Pick<Deployment, 'provider' | 'providerModel' | 'params' | 'info'>;
  call: CallType;
  /** The body sent to the provider (image size and quality, prompt images). */
  request: Readonly<Record<string, unknown>>;
  /** The canonical answer body; for a stream, an object holding the last `usage` seen. */
  answer: unknown;
  /** Upstream time, for per-second prices. */
  durationMs?: number | undefined;
  log?: ProviderLogger | undefined;
}

/** The cost of a canonical answer: its usage (or generated images) priced for the deployment. */
export function costOfAnswer(options: CostOfAnswerOptions): CallCost {
  const { call, request, answer } = options;
  const inputImages = call === 'chat' ? countPromptImages(request['messages']) : 0;
  return computeCost({
    deployment: options.deployment,
    call,
    usage: answerUsage(call, answer),
    ...(call === 'image_generation' ? { images: { count: imageCount(answer), size: stringField(request, 'size'), quality: stringField(request, 'quality') } } : {}),
    ...(inputImages > 0 ? { inputImages } : {}),
    durationMs: options.durationMs,
    log: options.log,
  });
}

/**
 * The canonical usage of an answer body, or undefined when it has none. Embedding usage
 * (`prompt_tokens` only) and image usage (`input_tokens` / `output_tokens`) become chat-shaped.
 */
export function answerUsage(call: CallType, answer: unknown): Usage | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const usage = (answer as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  if (call === 'image_generation' && typeof u['input_tokens'] === 'number') {
    const input = u['input_tokens'];
    const output = typeof u['output_tokens'] === 'number' ? u['output_tokens'] : 0;
    return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  }
  if (typeof u['prompt_tokens'] !== 'number') return undefined;
  return { ...u, prompt_tokens: u['prompt_tokens'], completion_tokens: typeof u['completion_tokens'] === 'number' ? u['completion_tokens'] : 0, total_tokens: typeof u['total_tokens'] === 'number' ? u['total_tokens'] : u['prompt_tokens'] };
}

function imageCount(answer: unknown): number {
  if (typeof answer !== 'object' || answer === null) return 0;
  const data = (answer as { data?: unknown }).data;
  return Array.isArray(data) ? data.length : 0;
}

/** `image_url` parts in chat messages, for `input_cost_per_image`. */
function countPromptImages(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let images = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) continue;
    for (const part of content) if ((part as { type?: unknown } | null)?.type === 'image_url') images += 1;
  }
  return images;
}

function stringField(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}
