import type { ModelPrice } from '@pydantic/genai-prices';
import type { Deployment } from '../spec/deployment.ts';
import { perTokenRate } from './per-token-rate.ts';
import type { TokenCounts } from './read-token-counts.ts';

/** LiteLLM's custom cost fields (USD per unit) that Switchyard applies. */
export const CUSTOM_PRICE_FIELDS = [
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'output_cost_per_reasoning_token',
  'input_cost_per_audio_token',
  'output_cost_per_audio_token',
  'input_cost_per_second',
  'output_cost_per_second',
  'input_cost_per_image',
  'output_cost_per_image',
  'input_cost_per_token_above_128k_tokens',
  'output_cost_per_token_above_128k_tokens',
  'cache_read_input_token_cost_above_128k_tokens',
  'input_cost_per_token_above_200k_tokens',
  'output_cost_per_token_above_200k_tokens',
  'cache_read_input_token_cost_above_200k_tokens',
  'cache_creation_input_token_cost_above_200k_tokens',
] as const;

/** One custom cost field. */
export type CustomPriceField = (typeof CUSTOM_PRICE_FIELDS)[number];

/** The custom cost fields a deployment sets (USD per token, second or image). */
export type CustomPricing = Partial<Record<CustomPriceField, number>>;

/**
 * The custom pricing of a deployment: the cost fields of `litellm_params`, then of
 * `model_info` (params win). Numbers or numeric strings (`"1e-6"` is a string in YAML 1.1);
 * undefined when none is set.
 */
export function readCustomPricing(deployment: Pick<Deployment, 'params' | 'info'>): CustomPricing | undefined {
  let pricing: CustomPricing | undefined;
  for (const field of CUSTOM_PRICE_FIELDS) {
    const value = toPrice(deployment.params[field]) ?? toPrice(deployment.info[field]);
    if (value !== undefined) (pricing ??= {})[field] = value;
  }
  return pricing;
}

function toPrice(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Everything besides tokens that custom prices can apply to. */
export interface CustomCostInputs {
  readonly tokens: TokenCounts;
  /** Images in the prompt (`input_cost_per_image`). */
  readonly inputImages: number;
  /** Images generated (`output_cost_per_image`). */
  readonly outputImages: number;
  /** Call duration, for `input_cost_per_second` / `output_cost_per_second`. */
  readonly durationMs: number;
}

/**
 * USD for a call at custom prices. A rate the deployment does not set comes from the dataset
 * row of its (base) model when there is one: cache reads, cache writes and reasoning fall
 * back to the dataset's own rates, then to the input / output rate; anything else unknown
 * is 0. Above 128k / 200k prompt tokens the `*_above_*_tokens` rates apply when set.
 */
export function customCost(pricing: CustomPricing, inputs: CustomCostInputs, row: ModelPrice | undefined): number {
  const { tokens } = inputs;
  const rate = (field: 'input_cost_per_token' | 'output_cost_per_token' | 'cache_read_input_token_cost' | 'cache_creation_input_token_cost', rowKey: string): number | undefined =>
    tieredCustom(pricing, field, tokens.prompt) ?? perTokenRate(row, rowKey, tokens.prompt);
  const input = rate('input_cost_per_token', 'input_mtok') ?? 0;
  const output = rate('output_cost_per_token', 'output_mtok') ?? 0;
  const cacheRead = rate('cache_read_input_token_cost', 'cache_read_mtok') ?? input;
  const cacheWrite = rate('cache_creation_input_token_cost', 'cache_write_mtok') ?? input;
  const reasoning = pricing.output_cost_per_reasoning_token ?? perTokenRate(row, 'output_reasoning_mtok', tokens.prompt) ?? output;
  const audioIn = pricing.input_cost_per_audio_token ?? perTokenRate(row, 'input_audio_mtok', tokens.prompt) ?? input;
  const audioOut = pricing.output_cost_per_audio_token ?? perTokenRate(row, 'output_audio_mtok', tokens.prompt) ?? output;
  const uncached = tokens.prompt - tokens.cacheRead - tokens.cacheWrite - tokens.audioIn;
  const plainOutput = tokens.completion - tokens.reasoning - tokens.audioOut;
  const seconds = inputs.durationMs / 1000;
  return uncached * input + tokens.cacheRead * cacheRead + tokens.cacheWrite * cacheWrite + tokens.audioIn * audioIn
    + plainOutput * output + tokens.reasoning * reasoning + tokens.audioOut * audioOut
    + ((pricing.input_cost_per_second ?? 0) + (pricing.output_cost_per_second ?? 0)) * seconds
    + inputs.inputImages * (pricing.input_cost_per_image ?? 0)
    + inputs.outputImages * (pricing.output_cost_per_image ?? 0);
}

/** A custom rate, or its `_above_200k_tokens` / `_above_128k_tokens` variant for long prompts. */
function tieredCustom(pricing: CustomPricing, field: 'input_cost_per_token' | 'output_cost_per_token' | 'cache_read_input_token_cost' | 'cache_creation_input_token_cost', prompt: number): number | undefined {
  const above200k = pricing[`${field}_above_200k_tokens` as CustomPriceField];
  if (prompt > 200_000 && above200k !== undefined) return above200k;
  const above128k = pricing[`${field}_above_128k_tokens` as CustomPriceField];
  if (prompt > 128_000 && above128k !== undefined) return above128k;
  return pricing[field];
}
