import type { Usage as PriceUsage } from '@pydantic/genai-prices';
import type { Usage } from '../spec/chat.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { CallType, ProviderLogger } from '../spec/provider.ts';
import type { CallCost } from './call-cost.ts';
import { customCost, readCustomPricing } from './custom-pricing.ts';
import { findGenaiPriceRow, genaiModelPrice, genaiPrice } from './genai-price.ts';
import { pricePerImage } from './image-prices.ts';
import { priceLookupKey } from './price-lookup-key.ts';
import { readTokenCounts, type TokenCounts } from './read-token-counts.ts';
import { recordUnpricedCall } from './unpriced-calls.ts';

/** What one call used, and on which deployment. */
export interface ComputeCostOptions {
  /** The deployment that answered (its provider, model, custom prices, base_model). */
  deployment: Pick<Deployment, 'provider' | 'providerModel' | 'params' | 'info'>;
  call: CallType;
  /** Canonical usage of the answer (chat, completion, embedding; token-priced images). */
  usage?: Usage | undefined;
  /** Images generated (image_generation), with the requested size and quality. */
  images?: { count: number; size?: string | undefined; quality?: string | undefined } | undefined;
  /** Images in the prompt, for `input_cost_per_image`. */
  inputImages?: number | undefined;
  /** Call duration, for `input_cost_per_second` / `output_cost_per_second`. */
  durationMs?: number | undefined;
  /** Prices in force at this time (some change by date or time of day); now by default. */
  at?: Date | undefined;
  /** Where the once-per-model warning about an unpriced model goes. */
  log?: ProviderLogger | undefined;
}

const NO_TOKENS: TokenCounts = { prompt: 0, cacheRead: 0, cacheWrite: 0, audioIn: 0, completion: 0, reasoning: 0, audioOut: 0 };

/**
 * The cost of one call in USD, unrounded. Custom prices on the deployment win; otherwise the
 * bundled @pydantic/genai-prices row of the (base) model; per-image tables for DALL·E and
 * Imagen. Prompt tokens include cached and cache-written ones, which are priced at their own
 * rates; reasoning tokens are part of the completion. A model with no known price (or an
 * answer without usage) is `priced: false`, counted and logged once per model — never $0.
 */
export function computeCost(options: ComputeCostOptions): CallCost {
  const key = priceLookupKey(options.deployment);
  const custom = readCustomPricing(options.deployment);
  const row = key.priceProvider === undefined ? undefined : findGenaiPriceRow(key.priceProvider, key.model);
  const tokens = options.usage === undefined ? undefined : readTokenCounts(options.usage);
  const images = options.call === 'image_generation' ? options.images?.count ?? 0 : 0;
  const at = options.at;
  if (custom !== undefined) {
    const timed = custom.input_cost_per_second !== undefined || custom.output_cost_per_second !== undefined;
    const imaged = images > 0 && custom.output_cost_per_image !== undefined;
    if (tokens !== undefined || timed || imaged) {
      const rowPrice = row === undefined ? undefined : genaiModelPrice({ row, model: key.model, ...(at ? { at } : {}) });
      const cost = customCost(custom, { tokens: tokens ?? NO_TOKENS, inputImages: options.inputImages ?? 0, outputImages: images, durationMs: options.durationMs ?? 0 }, rowPrice);
      return { cost, priced: true, source: 'custom', pricedModel: key.label };
    }
  }
  if (options.call === 'image_generation' && tokens === undefined) {
    const perImage = pricePerImage({ model: key.model, size: options.images?.size, quality: options.images?.quality });
    if (perImage !== undefined) return { cost: images * perImage, priced: true, source: 'image-prices', pricedModel: key.label };
    return unpriced(key.label, row === undefined ? 'unpriced' : 'no-usage', options.log);
  }
  if (row === undefined) return unpriced(key.label, 'unpriced', options.log);
  if (tokens === undefined) return unpriced(key.label, 'no-usage', options.log);
  const cost = genaiPrice({ row, model: key.model, usage: toPriceUsage(tokens, true), ...(at ? { at } : {}) })
    ?? genaiPrice({ row, model: key.model, usage: toPriceUsage(tokens, false), ...(at ? { at } : {}) });
  if (cost === undefined) return unpriced(key.label, 'unpriced', options.log);
  return { cost, priced: true, source: 'genai-prices', pricedModel: key.label };
}

function unpriced(label: string, reason: 'unpriced' | 'no-usage', log: ProviderLogger | undefined): CallCost {
  recordUnpricedCall({ model: label, reason, log });
  return { cost: 0, priced: false, source: reason, pricedModel: label };
}

/**
 * Token counts → genai-prices usage keys. The audio split is left out on the second try:
 * the library refuses overlapping parts (cached audio) a model has no joint price for.
 */
function toPriceUsage(tokens: TokenCounts, withAudio: boolean): PriceUsage {
  const usage: PriceUsage = { input_tokens: tokens.prompt, output_tokens: tokens.completion };
  if (tokens.cacheRead > 0) usage['cache_read_tokens'] = tokens.cacheRead;
  if (tokens.cacheWrite > 0) usage['cache_write_tokens'] = tokens.cacheWrite;
  if (tokens.reasoning > 0) usage['output_reasoning_tokens'] = tokens.reasoning;
  if (withAudio && tokens.audioIn > 0) usage['input_audio_tokens'] = tokens.audioIn;
  if (withAudio && tokens.audioOut > 0) usage['output_audio_tokens'] = tokens.audioOut;
  return usage;
}
