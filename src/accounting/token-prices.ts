import type { Deployment } from '../spec/deployment.ts';
import { readCustomPricing } from './custom-pricing.ts';
import { findGenaiPriceRow, genaiModelPrice } from './genai-price.ts';
import { perTokenRate } from './per-token-rate.ts';
import { priceLookupKey } from './price-lookup-key.ts';

/** USD per uncached input token and per output token. */
export interface TokenPrices {
  readonly input: number;
  readonly output: number;
  readonly source: 'custom' | 'genai-prices';
}

/**
 * A deployment's plain per-token prices for a prompt of `promptTokens` (tiers applied),
 * for decisions made before a call — a budget's worst case (prompt + max_tokens), cost-based
 * routing. Custom prices win, with the dataset's rates filling the gaps; undefined when
 * neither knows the model (an unpriced model: a budget must not treat it as free).
 */
export function tokenPrices(deployment: Pick<Deployment, 'provider' | 'providerModel' | 'params' | 'info'>, promptTokens = 0): TokenPrices | undefined {
  const key = priceLookupKey(deployment);
  const row = key.priceProvider === undefined ? undefined : findGenaiPriceRow(key.priceProvider, key.model);
  const prices = row === undefined ? undefined : genaiModelPrice({ row, model: key.model });
  const custom = readCustomPricing(deployment);
  const input = custom?.input_cost_per_token ?? perTokenRate(prices, 'input_mtok', promptTokens);
  const output = custom?.output_cost_per_token ?? perTokenRate(prices, 'output_mtok', promptTokens);
  const hasCustom = custom?.input_cost_per_token !== undefined || custom?.output_cost_per_token !== undefined;
  if (!hasCustom && (row === undefined || input === undefined)) return undefined;
  return { input: input ?? 0, output: output ?? 0, source: hasCustom ? 'custom' : 'genai-prices' };
}
