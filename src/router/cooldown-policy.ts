import { ERROR_CATALOGUE } from '../spec/error-catalogue.ts';
import type { GatewayError } from '../spec/gateway-error.ts';
import type { Deployment } from '../spec/deployment.ts';
import type { CooldownStore } from './cooldown-store.ts';
import type { MinuteOutcomes } from './minute-outcomes.ts';
import { policyValue } from './policy-class.ts';
import { ROUTER_DEFAULTS, type ResolvedRouterSettings } from './router-settings.ts';

export interface FailureContext {
  error: GatewayError;
  deployment: Deployment;
  /** Deployments in the deployment's group (single-deployment groups are spared some rules). */
  groupSize: number;
  settings: ResolvedRouterSettings;
  store: CooldownStore;
  outcomes: MinuteOutcomes;
}

/**
 * LiteLLM's cooldown rules (litellm-compat §3.3). Only errors that say the deployment is
 * unwell count (429, upstream 401, 404, 408, 5xx — the catalogue's `cooldown` flag; never
 * other 4xx or connection errors). Without allowed_fails settings the rate-based rule
 * applies; with them, failures are counted per cooldown window. Returns whether a cooldown
 * started.
 */
export async function recordFailure(ctx: FailureContext): Promise<boolean> {
  const { error, deployment, settings } = ctx;
  const outcome = ctx.outcomes.record(deployment.id, false);
  if (settings.disableCooldowns || deployment.modelName.includes('*') || !ERROR_CATALOGUE[error.kind].cooldown) return false;
  const seconds = typeof deployment.params['cooldown_time'] === 'number' ? deployment.params['cooldown_time'] : settings.cooldownTimeS;
  const cool = settings.rateBasedCooldowns
    ? rateRuleSaysCool({ ctx, ...outcome })
    : (await ctx.store.countFailure({ deploymentId: deployment.id, windowSeconds: seconds })) >
      (policyValue({ policy: settings.allowedFailsPolicy, kind: error.kind, suffix: 'AllowedFails' }) ?? settings.allowedFails);
  if (cool) await ctx.store.startCooldown({ deploymentId: deployment.id, seconds });
  return cool;
}

function rateRuleSaysCool(args: { ctx: FailureContext; successes: number; failures: number }): boolean {
  const { ctx, successes, failures } = args;
  const single = ctx.groupSize <= 1;
  const total = successes + failures;
  if (ctx.error.kind === 'rate_limit' && !single) return true;
  if (total >= ROUTER_DEFAULTS.singleDeploymentFailureThreshold && failures === total) return true;
  if (!single && failures / total > ROUTER_DEFAULTS.failureThresholdPercent) return true;
  // Errors retrying cannot fix (upstream 401, 404) cool the deployment at once.
  return ctx.error.kind === 'upstream_authentication' || ctx.error.kind === 'not_found';
}
