import type { Deployment } from '../spec/deployment.ts';
import { redactSecrets } from '../provider-kit/redact-secrets.ts';

/**
 * Names of `litellm_params` fields that hold credentials: api keys, tokens, passwords,
 * client secrets, cloud credentials, private keys, and headers (which may carry any of them).
 */
const SECRET_FIELD = /(^|_)(key|api_key|token|secret|password|credentials?|private_key|headers|authorization|cookie|access_key_id)$|secret|password|private_key/i;

/** Request fields LiteLLM never shows in health output (the probe's own messages and prompts). */
const PROBE_FIELDS: ReadonlySet<string> = new Set(['messages', 'prompt', 'input']);

/** Whether a `litellm_params` field (at any depth) holds a credential and is left out of health output. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name) && !/_per_token$/i.test(name);
}

/** Every string found under secret-named fields of `value`, at any depth (to redact them wherever they reappear). */
export function collectSecretValues(value: unknown, underSecret = false): string[] {
  if (typeof value === 'string') return underSecret ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => collectSecretValues(item, underSecret));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => collectSecretValues(v, underSecret || isSecretField(k)));
  }
  return [];
}

/** `value` with secret-named fields removed at every depth and every string redacted. */
export function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!isSecretField(k)) out[k] = scrub(v, secrets);
    return out;
  }
  return value;
}

/** What one health-check entry shows, before the outcome fields (`error`, rate-limit headers) are added. */
export interface HealthEndpointViewOptions {
  /** The deployment as probed (`health_check_model` applied). */
  deployment: Deployment;
  /** `general_settings.health_check_details`; false shows only `model` and `model_id`. */
  details: boolean;
  /** Secret values to redact (the deployment's own credentials). */
  secrets: readonly string[];
}

/**
 * One entry of `healthy_endpoints` / `unhealthy_endpoints`, as LiteLLM shows it: the
 * deployment's `litellm_params` without credentials or probe fields, plus `model_id`.
 */
export function healthEndpointView(options: HealthEndpointViewOptions): Record<string, unknown> {
  const { deployment, details, secrets } = options;
  if (!details) return { model: deployment.params.model, model_id: deployment.id };
  const shown: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(deployment.params)) if (!PROBE_FIELDS.has(k) && v !== undefined) shown[k] = v;
  return { ...(scrub(shown, secrets) as Record<string, unknown>), model_id: deployment.id };
}
