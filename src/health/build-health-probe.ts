import type { Deployment } from '../spec/deployment.ts';
import type { CallType } from '../spec/provider.ts';
import { splitProviderModel } from '../providers/provider-registry.ts';
import { positiveNumber, type HealthSettings } from './health-settings.ts';

/** LiteLLM's chat health-check message (it picks one of two at random; Switchyard always sends this one). */
export const HEALTH_CHECK_CHAT_MESSAGE = "Hey how's it going?";

/** One small real call that proves a deployment answers. */
export interface HealthProbe {
  readonly call: CallType;
  /** The deployment as probed: `health_check_model` applied to `litellm_params.model`. */
  readonly deployment: Deployment;
  /** The canonical (OpenAI-shaped) request body. */
  readonly body: Record<string, unknown>;
  /** `model_info.health_check_timeout` or the default, in ms. */
  readonly timeoutMs: number;
}

/** Why a deployment cannot be probed (reported as unhealthy with this error). */
export interface UnprobeableDeployment {
  readonly deployment: Deployment;
  readonly error: string;
}

const MODE_CALLS: Readonly<Record<string, CallType>> = {
  chat: 'chat',
  responses: 'chat',
  completion: 'completion',
  embedding: 'embedding',
  image_generation: 'image_generation',
};

/**
 * The probe LiteLLM's `/health` would send to this deployment: the mode from
 * `model_info.mode` (else chat), `model_info.health_check_model` in place of the model (how
 * wildcard routes are checked), a short chat message or "test from litellm" prompt/input, and
 * a small `max_tokens` (`model_info.health_check_max_tokens`) for chat and completion only.
 */
export function buildHealthProbe(deployment: Deployment, settings: HealthSettings): HealthProbe | UnprobeableDeployment {
  const info = deployment.info;
  const mode = typeof info.mode === 'string' ? info.mode : 'chat';
  const call = MODE_CALLS[mode];
  if (call === undefined) return { deployment, error: `health checks for model_info.mode "${mode}" are not supported by Switchyard` };
  const probed = withHealthCheckModel(deployment);
  if (probed.params.model.includes('*')) {
    return { deployment, error: `wildcard deployment "${probed.params.model}": set model_info.health_check_model to the model to check` };
  }
  const timeoutMs = positiveNumber(info['health_check_timeout'], settings.defaultTimeoutMs / 1000) * 1000;
  return { call, deployment: probed, body: probeBody({ call, model: probed.params.model, deployment, settings }), timeoutMs };
}

function withHealthCheckModel(deployment: Deployment): Deployment {
  const model = deployment.info['health_check_model'];
  if (typeof model !== 'string' || model === '') return deployment;
  const { provider, providerModel } = splitProviderModel(model);
  return { ...deployment, provider, providerModel, params: { ...deployment.params, model } };
}

function probeBody(args: { call: CallType; model: string; deployment: Deployment; settings: HealthSettings }): Record<string, unknown> {
  const { call, model, settings } = args;
  const maxTokens = Math.floor(positiveNumber(args.deployment.info['health_check_max_tokens'], settings.maxTokens));
  switch (call) {
    case 'chat':
      return { model, messages: [{ role: 'user', content: HEALTH_CHECK_CHAT_MESSAGE }], max_tokens: maxTokens };
    case 'completion':
      return { model, prompt: settings.prompt, max_tokens: maxTokens };
    case 'embedding':
      return { model, input: [settings.prompt] };
    case 'image_generation':
      return { model, prompt: settings.prompt };
  }
}
