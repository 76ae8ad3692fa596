import type { Deployment } from '../../spec/deployment.ts';

/** Which Bedrock Runtime API a chat call uses. */
export type BedrockApi = 'converse' | 'invoke';

/** A deployment's model, resolved the way LiteLLM routes `bedrock/…` models. */
export interface BedrockModel {
  /** `converse/` or `invoke/` in the model name, else chosen by family. */
  api: BedrockApi;
  /** The id sent in the URL path (before encoding): model id, inference profile id or ARN. */
  modelId: string;
  /** The id without a cross-region prefix or ARN path: `anthropic.claude-3-5-sonnet-…`. */
  baseModel: string;
  /** The vendor part of the base model: `anthropic`, `meta`, `amazon`, `cohere`, … */
  family: string;
}

/** Cross-region inference profile prefixes (`us.anthropic.claude-…`). */
const REGION_PREFIXES: readonly string[] = ['us.', 'eu.', 'apac.', 'global.', 'us-gov.', 'jp.', 'au.', 'ca.', 'ap.'];

/** Chat models Converse serves; everything else goes to Invoke (LiteLLM's `bedrock_converse_models`, widened). */
const CONVERSE_PREFIXES: readonly string[] = [
  'anthropic.claude', 'meta.llama3', 'meta.llama4', 'mistral.', 'amazon.nova', 'cohere.command-r', 'ai21.jamba',
  'deepseek.', 'openai.', 'qwen.', 'writer.', 'moonshot.', 'minimax.', 'google.gemma', 'nvidia.',
];

/** The id without a cross-region prefix, and for an ARN its last path segment. */
export function bedrockBaseModel(modelId: string): string {
  let id = modelId.startsWith('arn:') ? (modelId.split('/').at(-1) ?? modelId) : modelId;
  for (const prefix of REGION_PREFIXES) {
    if (id.startsWith(prefix)) {
      id = id.slice(prefix.length);
      break;
    }
  }
  return id;
}

/**
 * `bedrock/converse/<id>` → Converse, `bedrock/invoke/<id>` → Invoke, plain `bedrock/<id>` →
 * Converse for chat families that support it, else Invoke. `litellm_params.model_id` (a
 * provisioned-throughput or inference-profile ARN) replaces the id in the URL, as in LiteLLM.
 */
export function resolveBedrockModel(deployment: Deployment): BedrockModel {
  let name = deployment.providerModel;
  let explicit: BedrockApi | undefined;
  for (const api of ['converse', 'invoke'] as const) {
    if (name.startsWith(`${api}/`)) {
      explicit = api;
      name = name.slice(api.length + 1);
    }
  }
  const baseModel = bedrockBaseModel(name);
  const override = deployment.params['model_id'];
  return {
    api: explicit ?? (CONVERSE_PREFIXES.some((prefix) => baseModel.startsWith(prefix)) ? 'converse' : 'invoke'),
    modelId: typeof override === 'string' && override !== '' ? override : name,
    baseModel,
    family: baseModel.split('.')[0] ?? baseModel,
  };
}
