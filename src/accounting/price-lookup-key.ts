import type { Deployment } from '../spec/deployment.ts';

/**
 * Switchyard provider ids (the `litellm_params.model` prefix) → the provider ids of the
 * @pydantic/genai-prices dataset. Providers not listed (self-hosted ones such as ollama,
 * hosted_vllm, lm_studio; hubs whose price depends on the backend, such as huggingface) have
 * no price: their calls are unpriced unless the deployment sets custom pricing.
 */
const PRICE_PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  'text-completion-openai': 'openai',
  azure: 'azure',
  anthropic: 'anthropic',
  gemini: 'google',
  vertex_ai: 'google',
  bedrock: 'aws',
  groq: 'groq',
  mistral: 'mistral',
  deepseek: 'deepseek',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  openrouter: 'openrouter',
  xai: 'x-ai',
  perplexity: 'perplexity',
  cerebras: 'cerebras',
  cohere: 'cohere',
  cohere_chat: 'cohere',
  novita: 'novita',
  moonshot: 'moonshotai',
  voyage: 'voyageai',
};

/** Where to look a deployment's price up: a dataset provider id and the model name. */
export interface PriceLookupKey {
  /** The dataset provider id; undefined when the provider has no dataset prices. */
  readonly priceProvider: string | undefined;
  /** The model name as priced, e.g. `gpt-4o`, `anthropic.claude-3-5-sonnet-20240620-v1:0`. */
  readonly model: string;
  /** `<provider>/<model>` for logs and the `pricedModel` of a cost. */
  readonly label: string;
}

/**
 * The price row to use for a deployment. `model_info.base_model` (or
 * `litellm_params.base_model`) wins over the deployment's model — Azure deployment names are
 * arbitrary, so Azure needs it. A base model may name its provider (`azure/gpt-4o`); Bedrock
 * ids lose their route (`converse/`), ARN, region and cross-region (`us.`) prefixes.
 */
export function priceLookupKey(deployment: Pick<Deployment, 'provider' | 'providerModel' | 'params' | 'info'>): PriceLookupKey {
  const base = baseModel(deployment);
  let provider = deployment.provider;
  let model = deployment.providerModel;
  if (base !== undefined) {
    const slash = base.indexOf('/');
    const prefix = slash > 0 ? base.slice(0, slash) : undefined;
    if (prefix !== undefined && (prefix in PRICE_PROVIDERS || prefix === deployment.provider)) {
      provider = prefix;
      model = base.slice(slash + 1);
    } else {
      model = base;
    }
  }
  if (provider === 'bedrock') model = bedrockModelId(model);
  return { priceProvider: PRICE_PROVIDERS[provider], model, label: `${provider}/${model}` };
}

function baseModel(deployment: Pick<Deployment, 'params' | 'info'>): string | undefined {
  const fromInfo = deployment.info.base_model;
  if (typeof fromInfo === 'string' && fromInfo !== '') return fromInfo;
  const fromParams = deployment.params['base_model'];
  return typeof fromParams === 'string' && fromParams !== '' ? fromParams : undefined;
}

/** Bedrock API routes LiteLLM model names may start with. */
const BEDROCK_ROUTE = /^(?:converse|invoke|converse_like|llama|deepseek_r1|nova|openai|qwen3|twelvelabs)\//;
/** A region written into the model path (`bedrock/us-east-1/anthropic.claude-…`). */
const BEDROCK_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d\//;
/** Cross-region inference profile prefixes (`us.anthropic.claude-…`). */
const BEDROCK_GEO = /^(?:us-gov|us|eu|apac|ap|global|jp|au|ca)\./;

/**
 * The foundation-model id inside a Bedrock model name:
 * `converse/arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0`
 * → `anthropic.claude-3-5-sonnet-20240620-v1:0`.
 */
export function bedrockModelId(model: string): string {
  let id = model.replace(BEDROCK_ROUTE, '').replace(BEDROCK_REGION, '');
  if (id.startsWith('arn:')) id = id.slice(id.lastIndexOf('/') + 1);
  return id.replace(BEDROCK_GEO, '');
}
