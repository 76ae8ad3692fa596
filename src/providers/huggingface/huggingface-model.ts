import type { Deployment } from '../../spec/deployment.ts';
import { firstEnv, trimSlash } from '../openai-compatible/openai-compatible-endpoint.ts';

/** The Inference Providers router, OpenAI-compatible. */
export const HF_ROUTER_BASE = 'https://router.huggingface.co';

/**
 * Where a `huggingface/…` deployment is served, from LiteLLM's model-string rules:
 * - `api_base` (or `HF_API_BASE` / `HUGGINGFACE_API_BASE`): a dedicated Inference Endpoint or TGI;
 * - `huggingface/https://…`: the same, the URL given as the model;
 * - `huggingface/<provider>/<org>/<model>`: the router, that inference provider;
 * - `huggingface/<org>/<model>`: the router, provider chosen by Hugging Face.
 */
export type HuggingFaceTarget =
  | { kind: 'endpoint'; base: string; model: string }
  | { kind: 'router'; provider: string | undefined; modelId: string };

/** Resolves a deployment's target. */
export function huggingFaceTarget(deployment: Deployment): HuggingFaceTarget {
  const model = deployment.providerModel;
  const base = deployment.params.api_base ?? firstEnv(['HF_API_BASE', 'HUGGINGFACE_API_BASE']);
  if (base !== undefined) return { kind: 'endpoint', base: trimSlash(base), model };
  if (/^https?:\/\//i.test(model)) return { kind: 'endpoint', base: trimSlash(model), model };
  const parts = model.split('/');
  if (parts.length >= 3) return { kind: 'router', provider: parts[0], modelId: parts.slice(1).join('/') };
  return { kind: 'router', provider: undefined, modelId: model };
}

/**
 * The chat URL: for an endpoint, `{base}/v1/chat/completions` unless the base already ends
 * in `/v1` or `/chat/completions` (as LiteLLM and the HF SDK build it); for the router, its
 * OpenAI-compatible `/v1/chat/completions`.
 */
export function huggingFaceChatUrl(target: HuggingFaceTarget): string {
  if (target.kind === 'router') return `${HF_ROUTER_BASE}/v1/chat/completions`;
  if (target.base.endsWith('/chat/completions')) return target.base;
  if (target.base.endsWith('/v1')) return `${target.base}/chat/completions`;
  return `${target.base}/v1/chat/completions`;
}

/**
 * The `model` of the chat body: as configured for an endpoint (TGI ignores it); on the
 * router `<org>/<model>`, with the provider as the router's `:<provider>` suffix.
 */
export function huggingFaceBodyModel(target: HuggingFaceTarget): string {
  if (target.kind === 'endpoint') return target.model;
  return target.provider === undefined ? target.modelId : `${target.modelId}:${target.provider}`;
}

/**
 * The feature-extraction URL: an endpoint's URL as it is (LiteLLM posts embeddings to
 * `api_base` itself); on the router, hf-inference's
 * `/hf-inference/models/{org}/{model}/pipeline/feature-extraction`. Undefined when another
 * inference provider is named (the router serves feature extraction on hf-inference).
 */
export function huggingFaceEmbeddingUrl(target: HuggingFaceTarget): string | undefined {
  if (target.kind === 'endpoint') return target.base;
  if (target.provider !== undefined && target.provider !== 'hf-inference') return undefined;
  return `${HF_ROUTER_BASE}/hf-inference/models/${target.modelId}/pipeline/feature-extraction`;
}
