import type { ModelPrice } from '@pydantic/genai-prices';

/**
 * A dataset price (per million tokens, maybe tiered by prompt size) as USD per token for a
 * prompt of `promptTokens`: the highest tier whose start the prompt exceeds, else the base.
 */
export function perTokenRate(row: ModelPrice | undefined, key: string, promptTokens: number): number | undefined {
  const value = row?.[key];
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value / 1e6;
  let price = value.base;
  for (const tier of value.tiers) if (promptTokens > tier.start) price = tier.price;
  return price / 1e6;
}
