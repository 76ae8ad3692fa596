import type { SwitchyardConfig } from '../config/config-types.ts';
import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { CallType, Provider, ProviderLogger } from '../spec/provider.ts';
import { createMockProvider } from '../providers/mock/mock-provider.ts';
import { PROVIDERS } from '../providers/provider-registry.ts';
import type { Attempt } from '../router/router.ts';
import type { PreparedRequest } from './prepare-request.ts';
import { resolveTimeoutMs } from './resolve-timeout.ts';

/** Everything one attempt needs: the deployment the router picked, its provider and body. */
export interface CallPlan {
  readonly call: CallType;
  readonly requestedModel: string;
  readonly deployment: Deployment;
  readonly provider: Provider;
  /** A copy of the request body with the provider's parameter rules applied. */
  readonly body: Record<string, unknown>;
  readonly stream: boolean;
  readonly wantsUsage: boolean;
  readonly timeoutMs: number;
}

const CALL_METHOD = { chat: 'chat', completion: 'completion', embedding: 'embedding', image_generation: 'imageGeneration' } as const;

/**
 * Plans one attempt on the deployment the router picked: the provider (or the mock when
 * mock_response is set), its parameter rules on a copy of the body, and the timeout.
 */
export function planAttempt(deps: { config: SwitchyardConfig; log: ProviderLogger }, request: PreparedRequest, attempt: Attempt): CallPlan {
  const { deployment } = attempt;
  const provider = chooseProvider(deployment, request.controls.mockResponse);
  if (provider[CALL_METHOD[request.call]] === undefined) {
    throw new GatewayError('bad_request', `model "${request.model}" (${provider.id}) does not support ${request.call.replace('_', ' ')} requests`, { param: 'model' });
  }
  const body = { ...request.body };
  applyParamRules({ body, provider, deployment, request, config: deps.config, log: deps.log });
  const timeoutMs = resolveTimeoutMs({ config: deps.config, deployment, requestTimeout: request.controls.timeout, requestStreamTimeout: request.controls.streamTimeout, headers: request.headers, stream: request.stream });
  return { call: request.call, requestedModel: request.model, deployment, provider, body, stream: request.stream, wantsUsage: request.wantsUsage, timeoutMs };
}

/**
 * The provider that serves `deployment`: the mock when `mock_response` is set (per request or
 * in litellm_params), else the registered provider; an unserved provider is a 501.
 */
export function chooseProvider(deployment: Deployment, requestMock: unknown): Provider {
  const mock = requestMock ?? deployment.params.mock_response;
  if (mock !== undefined) return createMockProvider({ response: mock });
  const provider = PROVIDERS.get(deployment.provider);
  if (provider === undefined) {
    throw new GatewayError('not_implemented', `provider "${deployment.provider}" is not supported by Switchyard yet (model group "${deployment.modelName}")`);
  }
  return provider;
}

/** drop_params: per request, else per deployment, else litellm_settings, else LITELLM_DROP_PARAMS. */
function dropsUnsupported(args: { config: SwitchyardConfig; deployment: Deployment; request: PreparedRequest }): boolean {
  const { config, deployment, request } = args;
  if (request.controls.dropParams !== undefined) return request.controls.dropParams;
  if (typeof deployment.params.drop_params === 'boolean') return deployment.params.drop_params;
  if (typeof config.litellm_settings.drop_params === 'boolean') return config.litellm_settings.drop_params;
  return /^true$/i.test(process.env['LITELLM_DROP_PARAMS'] ?? '');
}

function applyParamRules(args: { body: Record<string, unknown>; provider: Provider; deployment: Deployment; request: PreparedRequest; config: SwitchyardConfig; log: ProviderLogger }): void {
  const { body, deployment, request, provider } = args;
  for (const name of deployment.params.additional_drop_params ?? []) delete body[name];
  for (const name of request.controls.additionalDropParams) delete body[name];
  const allowed = request.controls.allowedOpenAIParams;
  const unsupported = provider.unsupportedParams(request.call, body, deployment).filter((name) => !allowed.has(name));
  if (unsupported.length === 0) return;
  if (!dropsUnsupported(args)) {
    const list = unsupported.map((p) => `'${p}'`).join(', ');
    throw new GatewayError(
      'unsupported_params',
      `litellm.UnsupportedParamsError: ${provider.id} does not support parameters: [${list}], for model=${deployment.providerModel}. To drop these, set \`litellm.drop_params=True\` or for proxy:\n\n\`litellm_settings:\n drop_params: true\`\n. \n If you want to use these params dynamically send allowed_openai_params=[${list}] in your request.`,
      { param: unsupported[0] ?? null },
    );
  }
  for (const name of unsupported) delete body[name];
  args.log.info({ dropped_params: unsupported, provider: provider.id, model: deployment.providerModel }, 'dropped unsupported params (drop_params)');
}
