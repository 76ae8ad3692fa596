/**
 * A deployment: one `model_list` entry, resolved. Entries sharing a `model_name` form a model
 * group; the router picks one deployment per attempt.
 */

/** `litellm_params` after `os.environ/` references are resolved. */
export interface LitellmParams {
  /** `<provider>/<model>`, e.g. `openai/gpt-4o`, `azure/my-deployment`. */
  model: string;
  api_key?: string;
  api_base?: string;
  api_version?: string;
  organization?: string;
  /** Seconds for a whole non-streamed call. */
  timeout?: number;
  /** Seconds to the first byte of a stream, and between its chunks. */
  stream_timeout?: number;
  max_retries?: number;
  rpm?: number;
  tpm?: number;
  weight?: number;
  order?: number;
  /** Drop parameters the provider cannot take instead of answering 400. */
  drop_params?: boolean;
  /** Parameters always removed before the call. */
  additional_drop_params?: string[];
  /** Answer with this instead of calling the provider (LiteLLM's mock). */
  mock_response?: unknown;
  [extra: string]: unknown;
}

export interface ModelInfo {
  /** Deployment id; a stable hash of the params when absent. */
  id?: string;
  mode?: string;
  base_model?: string;
  max_tokens?: number;
  max_input_tokens?: number;
  max_output_tokens?: number;
  [extra: string]: unknown;
}

export interface Deployment {
  /** `model_info.id`, or a stable hash of model_name + litellm_params. */
  readonly id: string;
  /** The public alias (`model_name`); for wildcard entries the pattern, e.g. `openai/*`. */
  readonly modelName: string;
  /** Provider id: the `litellm_params.model` prefix (`openai`, `azure`, `groq`, …). */
  readonly provider: string;
  /** The model as the provider knows it: `litellm_params.model` without the prefix. */
  readonly providerModel: string;
  readonly params: LitellmParams;
  readonly info: ModelInfo;
}
