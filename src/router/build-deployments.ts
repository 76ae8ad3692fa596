import { createHash } from 'node:crypto';
import type { ModelEntry } from '../config/config-types.ts';
import type { Deployment } from '../spec/deployment.ts';
import { PLANNED_PROVIDERS, PROVIDERS, splitProviderModel } from '../providers/provider-registry.ts';

export interface BuiltDeployments {
  deployments: Deployment[];
  /** Start-up warnings: providers not served yet, models with no provider prefix. */
  warnings: string[];
}

/** Turns `model_list` entries into deployments with stable ids. */
export function buildDeployments(entries: readonly ModelEntry[]): BuiltDeployments {
  const warnings: string[] = [];
  const deployments = entries.map((entry, index) => {
    const { provider, providerModel } = splitProviderModel(entry.litellm_params.model);
    if (PLANNED_PROVIDERS.has(provider) && !PROVIDERS.has(provider)) {
      warnings.push(`model_list[${index}] (${entry.model_name}): provider "${provider}" is not served yet; calls to it answer 501`);
    } else if (provider === 'openai' && !entry.litellm_params.model.startsWith('openai/')) {
      const prefix = entry.litellm_params.model.split('/')[0] ?? '';
      warnings.push(
        entry.litellm_params.model.includes('/')
          ? `model_list[${index}] (${entry.model_name}): unknown provider "${prefix}" in "${entry.litellm_params.model}"; treated as openai/${providerModel} (for an OpenAI-compatible server write openai/<model>)`
          : `model_list[${index}] (${entry.model_name}): "${entry.litellm_params.model}" has no provider prefix; treated as openai/${providerModel}`,
      );
    }
    const info = entry.model_info ?? {};
    const id = typeof info.id === 'string' && info.id !== '' ? info.id : deploymentHash(entry);
    return Object.freeze({ id, modelName: entry.model_name, provider, providerModel, params: entry.litellm_params, info });
  });
  return { deployments, warnings };
}

/** Like LiteLLM: a hash of the alias and the params, stable across restarts and replicas. */
function deploymentHash(entry: ModelEntry): string {
  return createHash('sha256').update(entry.model_name).update(stableJson(entry.litellm_params)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
