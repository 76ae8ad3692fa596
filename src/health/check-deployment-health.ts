import type { ChatCompletionRequest } from '../spec/chat.ts';
import type { CompletionRequest } from '../spec/completion.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { EmbeddingRequest } from '../spec/embedding.ts';
import type { ImageGenerationRequest } from '../spec/image.ts';
import type { CallContext, Provider, ProviderLogger, ProviderResult } from '../spec/provider.ts';
import { redactSecrets } from '../provider-kit/redact-secrets.ts';
import { chooseProvider } from '../server/plan-attempt.ts';
import { buildHealthProbe, type HealthProbe } from './build-health-probe.ts';
import { collectSecretValues, healthEndpointView } from './health-endpoint-view.ts';
import type { HealthSettings } from './health-settings.ts';

/** LiteLLM's error text for a deployment that did not answer within its health-check timeout. */
export const HEALTH_CHECK_TIMEOUT_ERROR = 'Timeout exceeded';

/** Rate-limit headers LiteLLM copies from a healthy answer into its health entry. */
const RATE_LIMIT_HEADERS = ['x-ratelimit-remaining-requests', 'x-ratelimit-remaining-tokens'] as const;

/** The outcome of checking one deployment. */
export interface DeploymentHealth {
  /** The deployment as configured (the one filters and metrics refer to). */
  readonly deployment: Deployment;
  readonly healthy: boolean;
  /** The entry for `healthy_endpoints` / `unhealthy_endpoints`: params without secrets, `model_id`, and `error` when unhealthy. */
  readonly endpoint: Record<string, unknown>;
  /** When the check finished (epoch ms). */
  readonly checkedAt: number;
}

/** What {@link checkDeploymentHealth} needs. */
export interface CheckDeploymentHealthOptions {
  deployment: Deployment;
  settings: HealthSettings;
  log: ProviderLogger;
  /** Aborts the probe (the app is closing). */
  signal?: AbortSignal;
  /** Clock for `checkedAt` (tests). */
  now?: () => number;
}

/**
 * Sends one small real call to a deployment through its provider (no router: no retries, no
 * cooldowns) and reports it healthy or unhealthy with the error. Never throws: every failure,
 * including a timeout, becomes an unhealthy entry whose text has the deployment's secrets redacted.
 */
export async function checkDeploymentHealth(options: CheckDeploymentHealthOptions): Promise<DeploymentHealth> {
  const { deployment, settings } = options;
  const now = options.now ?? Date.now;
  const secrets = collectSecretValues(deployment.params);
  const probe = buildHealthProbe(deployment, settings);
  const view = healthEndpointView({ deployment: probe.deployment, details: settings.details, secrets });
  const unhealthy = (error: string): DeploymentHealth => ({
    deployment, healthy: false, endpoint: { ...view, error: redactSecrets(error, secrets) }, checkedAt: now(),
  });
  if ('error' in probe) return unhealthy(probe.error);
  try {
    const headers = await runProbe(probe, options);
    const extra: Record<string, string> = {};
    for (const name of RATE_LIMIT_HEADERS) {
      const value = headers[name];
      if (value !== undefined) extra[name] = value;
    }
    return { deployment, healthy: true, endpoint: { ...view, ...extra }, checkedAt: now() };
  } catch (error) {
    return unhealthy(error instanceof Error ? error.message : String(error));
  }
}

/** Calls the provider, racing it against the probe's timeout; resolves with the answer's headers. */
async function runProbe(probe: HealthProbe, options: CheckDeploymentHealthOptions): Promise<Readonly<Record<string, string>>> {
  const provider = chooseProvider(probe.deployment, undefined);
  const body = { ...probe.body };
  for (const name of provider.unsupportedParams(probe.call, body, probe.deployment)) if (name !== 'model') delete body[name];
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(HEALTH_CHECK_TIMEOUT_ERROR));
      controller.abort(new Error(HEALTH_CHECK_TIMEOUT_ERROR));
    }, probe.timeoutMs);
  });
  const ctx: CallContext = { deployment: probe.deployment, signal: controller.signal, timeoutMs: probe.timeoutMs, log: options.log };
  try {
    const result = await Promise.race([callProvider({ provider, probe, body, ctx }), timedOut]);
    return result.headers;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function callProvider(args: { provider: Provider; probe: HealthProbe; body: Record<string, unknown>; ctx: CallContext }): Promise<ProviderResult<unknown>> {
  const { provider, probe, body, ctx } = args;
  const model = `${probe.deployment.params.model} (${provider.id})`;
  const missing = (): Promise<never> => Promise.reject(new Error(`${model} does not support ${probe.call.replace('_', ' ')} requests`));
  switch (probe.call) {
    case 'chat':
      return provider.chat ? provider.chat(body as unknown as ChatCompletionRequest, ctx) : missing();
    case 'completion':
      return provider.completion ? provider.completion(body as unknown as CompletionRequest, ctx) : missing();
    case 'embedding':
      return provider.embedding ? provider.embedding(body as unknown as EmbeddingRequest, ctx) : missing();
    case 'image_generation':
      return provider.imageGeneration ? provider.imageGeneration(body as unknown as ImageGenerationRequest, ctx) : missing();
  }
}
