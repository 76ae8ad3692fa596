/**
 * The cost of one call, as computed by `computeCost` (src/accounting/compute-cost.ts).
 * A type-only module so that server events and metrics can name it without loading prices.
 */

/** Where a call's price came from. */
export type CostSource =
  /** `input_cost_per_token` & co. in the deployment's `litellm_params` / `model_info`. */
  | 'custom'
  /** The bundled @pydantic/genai-prices dataset. */
  | 'genai-prices'
  /** Switchyard's per-image table (DALL·E, Imagen), src/accounting/image-prices.ts. */
  | 'image-prices'
  /** No price known for the model: the cost is 0 but `priced` is false. */
  | 'unpriced'
  /** The answer reported no usage to price: the cost is 0 but `priced` is false. */
  | 'no-usage'
  /** Answered from the response cache: free (`priced`, cost 0). */
  | 'cache-hit';

/** The cost of one call in USD, unrounded. */
export interface CallCost {
  /** USD, full precision. 0 when `priced` is false — never read it without `priced`. */
  readonly cost: number;
  /** False when no price is known for the model (the call is not free, it is unknown). */
  readonly priced: boolean;
  readonly source: CostSource;
  /** The model id the price row was looked up under (after `base_model` and prefix mapping). */
  readonly pricedModel: string;
}
