import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { ModelGroups } from '../router/model-groups.ts';

/** The `/health` query: which deployments to report. */
export interface HealthFilter {
  /** `?model=`: a model group, alias, wildcard match, or a `litellm_params.model`. */
  readonly model?: string | undefined;
  /** `?model_id=`: one deployment id (wins over `model`). */
  readonly modelId?: string | undefined;
}

/** What a filter picked: the deployments to check, each as it should be probed. */
export interface SelectHealthDeploymentsOptions {
  deployments: readonly Deployment[];
  groups: ModelGroups;
  filter: HealthFilter;
}

/**
 * The deployments `/health` reports for a filter, as LiteLLM picks them: all of them; the one
 * with `model_id` (404 when none has it); or those whose `model_name` or `litellm_params.model`
 * is `model`, else those a request for `model` would route to (aliases, wildcards). A wildcard
 * deployment reached that way is probed with the concrete model asked for, not its
 * `health_check_model`.
 */
export function selectHealthDeployments(options: SelectHealthDeploymentsOptions): Deployment[] {
  const { deployments, groups, filter } = options;
  if (filter.modelId !== undefined) {
    const found = deployments.filter((d) => d.id === filter.modelId);
    if (found.length === 0) throw new GatewayError('not_found', `Model with ID ${filter.modelId} not found`, { param: 'model_id' });
    return found;
  }
  const model = filter.model;
  if (model === undefined) return [...deployments];
  const direct = deployments.filter((d) => d.modelName === model || d.params.model === model);
  if (direct.length > 0) return direct;
  const group = groups.resolve(model);
  if (group === undefined) return [];
  const byId = new Map(deployments.map((d) => [d.id, d]));
  return group.deployments.map((d) => (byId.get(d.id)?.params.model.includes('*') === true ? withoutHealthCheckModel(d) : d));
}

function withoutHealthCheckModel(d: Deployment): Deployment {
  const { health_check_model: _ignored, ...info } = d.info;
  return { ...d, info };
}
