import type { IncomingHttpHeaders } from 'node:http';
import type { SwitchyardConfig } from '../config/config-types.ts';
import type { Deployment } from '../spec/deployment.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { CallType, Provider, ProviderLogger } from '../spec/provider.ts';
import { createMockProvider } from '../providers/mock/mock-provider.ts';
import { PROVIDERS } from '../providers/provider-registry.ts';
import type { ModelGroups, ResolvedGroup } from '../router/model-groups.ts';
import { simpleShuffle } from '../router/simple-shuffle.ts';
import { CLIENT_CREDENTIAL_FIELDS, GATEWAY_FIELDS } from './gateway-fields.ts';
import { resolveTimeoutMs } from './resolve-timeout.ts';

/** Everything decided before the upstream is called. */
export interface CallPlan {
  readonly call: CallType;
  /** The model name the caller sent (alias, group or wildcard match). */
  readonly requestedModel: string;
  readonly group: ResolvedGroup;
  readonly deployment: Deployment;
  readonly provider: Provider;
  /** The body to send: gateway fields removed, dropped params removed, model set. */
  readonly body: Record<string, unknown>;
  readonly stream: boolean;
  /** The caller asked for the usage chunk (`stream_options.include_usage`). */
  readonly wantsUsage: boolean;
  readonly timeoutMs: number;
}

export interface PlanCallOptions {
  call: CallType;
  body: Record<string, unknown>;
  /** The `{model}` of `/openai/deployments/{model}/…` and `/engines/{model}/…`; wins over the body. */
  pathModel?: string | undefined;
  headers: IncomingHttpHeaders;
}

export interface PlannerDeps {
  config: SwitchyardConfig;
  groups: ModelGroups;
  log: ProviderLogger;
  random?: () => number;
}

const CALL_METHOD = { chat: 'chat', completion: 'completion', embedding: 'embedding', image_generation: 'imageGeneration' } as const;

/**
 * Resolves the model, picks a deployment, checks the parameters against the provider and
 * works out the timeout. Throws catalogue errors for anything the caller got wrong.
 */
export function planCall(deps: PlannerDeps, options: PlanCallOptions): CallPlan {
  const { body } = options;
  const model = options.pathModel ?? body['model'];
  if (typeof model !== 'string' || model === '') throw new GatewayError('bad_request', 'model is required', { param: 'model' });
  for (const field of CLIENT_CREDENTIAL_FIELDS) {
    if (body[field] !== undefined) {
      throw new GatewayError('bad_request', `Rejected Request: ${field} is not allowed in the request body; the gateway's configured credentials are used.`, { param: field });
    }
  }
  const group = deps.groups.resolve(model);
  if (group === undefined) throw unknownModel(model, deps.groups);
  const deployment = simpleShuffle(group.deployments, deps.random);
  if (deployment === undefined) throw unknownModel(model, deps.groups);
  const provider = chooseProvider(deployment, body['mock_response']);
  if (provider[CALL_METHOD[options.call]] === undefined) {
    throw new GatewayError('bad_request', `model "${model}" (${provider.id}) does not support ${options.call.replace('_', ' ')} requests`, { param: 'model' });
  }
  const stream = body['stream'] === true;
  const timeoutMs = resolveTimeoutMs({ config: deps.config, deployment, body, headers: options.headers, stream });
  const drop = dropSettings(deps.config, deployment, body);
  stripGatewayFields(body);
  body['model'] = model;
  applyParamRules({ body, provider, deployment, call: options.call, drop, log: deps.log });
  const streamOptions = body['stream_options'];
  const wantsUsage = typeof streamOptions === 'object' && streamOptions !== null && (streamOptions as { include_usage?: unknown }).include_usage === true;
  return { call: options.call, requestedModel: model, group, deployment, provider, body, stream, wantsUsage, timeoutMs };
}

function chooseProvider(deployment: Deployment, requestMock: unknown): Provider {
  const mock = requestMock ?? deployment.params.mock_response;
  if (mock !== undefined) return createMockProvider({ response: mock });
  const provider = PROVIDERS.get(deployment.provider);
  if (provider === undefined) {
    throw new GatewayError('not_implemented', `provider "${deployment.provider}" is not supported by Switchyard yet (model group "${deployment.modelName}")`);
  }
  return provider;
}

function unknownModel(model: string, groups: ModelGroups): GatewayError {
  const names = groups.publicNames({ includeWildcards: true });
  return new GatewayError(
    'unknown_model',
    `Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key. Available models: ${names.length > 0 ? names.join(', ') : '(none configured)'}`,
    { param: 'model' },
  );
}

interface DropSettings {
  dropUnsupported: boolean;
  alwaysDrop: readonly string[];
  allowed: ReadonlySet<string>;
}

/** drop_params: per request, else per deployment, else litellm_settings, else LITELLM_DROP_PARAMS. */
function dropSettings(config: SwitchyardConfig, deployment: Deployment, body: Record<string, unknown>): DropSettings {
  const requestDrop = body['drop_params'];
  const dropUnsupported =
    typeof requestDrop === 'boolean' ? requestDrop
    : typeof deployment.params.drop_params === 'boolean' ? deployment.params.drop_params
    : typeof config.litellm_settings.drop_params === 'boolean' ? config.litellm_settings.drop_params
    : /^true$/i.test(process.env['LITELLM_DROP_PARAMS'] ?? '');
  const alwaysDrop = [...(deployment.params.additional_drop_params ?? []), ...stringList(body['additional_drop_params'])];
  return { dropUnsupported, alwaysDrop, allowed: new Set(stringList(body['allowed_openai_params'])) };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stripGatewayFields(body: Record<string, unknown>): void {
  for (const field of GATEWAY_FIELDS) if (field in body) delete body[field];
}

function applyParamRules(args: { body: Record<string, unknown>; provider: Provider; deployment: Deployment; call: CallType; drop: DropSettings; log: ProviderLogger }): void {
  const { body, drop } = args;
  for (const name of drop.alwaysDrop) delete body[name];
  const unsupported = args.provider.unsupportedParams(args.call, body, args.deployment).filter((name) => !drop.allowed.has(name));
  if (unsupported.length === 0) return;
  if (!drop.dropUnsupported) {
    throw new GatewayError(
      'unsupported_params',
      `litellm.UnsupportedParamsError: ${args.provider.id} does not support parameters: [${unsupported.map((p) => `'${p}'`).join(', ')}], for model=${args.deployment.providerModel}. To drop these, set \`litellm.drop_params=True\` or for proxy:\n\n\`litellm_settings:\n drop_params: true\`\n. \n If you want to use these params dynamically send allowed_openai_params=[${unsupported.map((p) => `'${p}'`).join(', ')}] in your request.`,
      { param: unsupported[0] ?? null },
    );
  }
  for (const name of unsupported) delete body[name];
  args.log.info({ dropped_params: unsupported, provider: args.provider.id, model: args.deployment.providerModel }, 'dropped unsupported params (drop_params)');
}
