import { calcPrice, type ModelPrice, type Provider, type Usage as PriceUsage } from '@pydantic/genai-prices';

/** A model's row in the bundled @pydantic/genai-prices dataset. */
export interface GenaiPriceRow {
  /** A one-model provider: priced with it, `calcPrice` skips the dataset-wide search. */
  readonly provider: Provider;
  /** The dataset's id of the matched model, e.g. `claude-3-5-sonnet`. */
  readonly modelId: string;
}

/** Resolved rows by `provider\0model`; null remembers a miss. Bounded by distinct models in config. */
const rows = new Map<string, GenaiPriceRow | null>();

/**
 * The dataset row for a model of a dataset provider (falling back to the provider's
 * `fallback_model_providers`, e.g. Azure → OpenAI), or undefined when the dataset does not
 * know it. Uses only the data bundled with the package: nothing is fetched at run time.
 */
export function findGenaiPriceRow(priceProvider: string, model: string): GenaiPriceRow | undefined {
  const key = `${priceProvider}\u0000${model}`;
  let row = rows.get(key);
  if (row === undefined) {
    const found = calcPrice({ input_tokens: 0 }, model, { providerId: priceProvider });
    row = found === null ? null : {
      provider: { id: found.provider.id, name: found.provider.name, api_pattern: found.provider.api_pattern, models: [found.model] },
      modelId: found.model.id,
    };
    rows.set(key, row);
  }
  return row ?? undefined;
}

/**
 * USD for `usage` (genai-prices usage keys: input_tokens, cache_read_tokens, …) at the row's
 * prices as of `at` (rows may change price by date or time of day; tiers by prompt size are
 * applied). Undefined when the library rejects the usage (inconsistent parts).
 */
export function genaiPrice(args: { row: GenaiPriceRow; model: string; usage: PriceUsage; at?: Date }): number | undefined {
  // calcPrice is pure in (usage, model, row, time): remember results for the same usage in the
  // same minute (prices that change by date or time of day change on minute boundaries at most).
  const minute = Math.floor((args.at?.getTime() ?? Date.now()) / 60_000);
  const key = `${args.row.provider.id}\u0000${args.model}\u0000${minute}\u0000${JSON.stringify(args.usage)}`;
  if (prices.has(key)) return prices.get(key) ?? undefined;
  let price: number | undefined;
  try {
    price = calcPrice(args.usage, args.model, { provider: args.row.provider, ...(args.at === undefined ? {} : { timestamp: args.at }) })?.total_price;
  } catch {
    price = undefined;
  }
  if (prices.size >= 10_000) prices.clear();
  prices.set(key, price ?? null);
  return price;
}

/** Recent prices by row, model, minute and usage (see genaiPrice). */
const prices = new Map<string, number | null>();

/** The row's prices in force at `at` (per million tokens etc.; values may be tiered). */
export function genaiModelPrice(args: { row: GenaiPriceRow; model: string; at?: Date }): ModelPrice | undefined {
  try {
    return calcPrice({ input_tokens: 0 }, args.model, { provider: args.row.provider, ...(args.at === undefined ? {} : { timestamp: args.at }) })?.model_price;
  } catch {
    return undefined;
  }
}
