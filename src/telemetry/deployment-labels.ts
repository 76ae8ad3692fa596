import type { Deployment } from '../spec/deployment.ts';
import { PROVIDERS } from '../providers/provider-registry.ts';

/** LiteLLM's per-deployment labels: `litellm_model_name`, `model_id`, `api_base`, `api_provider`. */
export interface DeploymentLabels {
  readonly litellm_model_name: string;
  readonly model_id: string;
  readonly api_base: string;
  readonly api_provider: string;
}

const cache = new WeakMap<Deployment, DeploymentLabels>();

/**
 * A deployment's labels, computed once per deployment object. `api_base` is the provider's
 * base URL for it (as in `x-litellm-model-api-base`); it never carries a key.
 */
export function deploymentLabels(deployment: Deployment): DeploymentLabels {
  let labels = cache.get(deployment);
  if (labels === undefined) {
    labels = { litellm_model_name: deployment.providerModel, model_id: deployment.id, api_base: apiBaseOf(deployment), api_provider: deployment.provider };
    cache.set(deployment, labels);
  }
  return labels;
}

function apiBaseOf(deployment: Deployment): string {
  try {
    return PROVIDERS.get(deployment.provider)?.apiBase(deployment) ?? deployment.params.api_base ?? '';
  } catch {
    return deployment.params.api_base ?? '';
  }
}
