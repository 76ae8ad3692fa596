import type { GeneralSettings } from '../config/config-types.ts';

/** LiteLLM's `health_check_interval` default: 300 seconds. */
export const DEFAULT_HEALTH_CHECK_INTERVAL_S = 300;

/** LiteLLM's `HEALTH_CHECK_TIMEOUT_SECONDS` default: 60 seconds per deployment. */
export const DEFAULT_HEALTH_CHECK_TIMEOUT_S = 60;

/** LiteLLM's `DEFAULT_HEALTH_CHECK_PROMPT` default, sent as the completion prompt and embedding input. */
export const DEFAULT_HEALTH_CHECK_PROMPT = 'test from litellm';

/** LiteLLM's default `max_tokens` for a chat or completion probe. */
export const DEFAULT_HEALTH_CHECK_MAX_TOKENS = 16;

/** How `/health` runs, from `general_settings` and LiteLLM's environment variables. */
export interface HealthSettings {
  /** `general_settings.background_health_checks`: check on a timer and serve the latest results. */
  readonly background: boolean;
  /** `general_settings.health_check_interval`, in ms. */
  readonly intervalMs: number;
  /** `general_settings.health_check_details` (default true); false shows only `model` and `model_id`. */
  readonly details: boolean;
  /** `HEALTH_CHECK_TIMEOUT_SECONDS`, in ms; `model_info.health_check_timeout` wins per deployment. */
  readonly defaultTimeoutMs: number;
  /** `DEFAULT_HEALTH_CHECK_PROMPT`. */
  readonly prompt: string;
  /** `BACKGROUND_HEALTH_CHECK_MAX_TOKENS`; `model_info.health_check_max_tokens` wins per deployment. */
  readonly maxTokens: number;
}

/** Reads the health-check settings; bad or missing values fall back to LiteLLM's defaults. */
export function resolveHealthSettings(general: GeneralSettings, env: NodeJS.ProcessEnv = process.env): HealthSettings {
  return {
    background: flag(general['background_health_checks']) === true,
    intervalMs: positiveNumber(general['health_check_interval'], DEFAULT_HEALTH_CHECK_INTERVAL_S) * 1000,
    details: flag(general['health_check_details']) !== false,
    defaultTimeoutMs: positiveNumber(env['HEALTH_CHECK_TIMEOUT_SECONDS'], DEFAULT_HEALTH_CHECK_TIMEOUT_S) * 1000,
    prompt: env['DEFAULT_HEALTH_CHECK_PROMPT'] || DEFAULT_HEALTH_CHECK_PROMPT,
    maxTokens: Math.floor(positiveNumber(env['BACKGROUND_HEALTH_CHECK_MAX_TOKENS'], DEFAULT_HEALTH_CHECK_MAX_TOKENS)),
  };
}

/** A positive finite number from a number or numeric string, else `fallback`. */
export function positiveNumber(value: unknown, fallback: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** A boolean written as a boolean or as "true"/"false" in any case; undefined otherwise. */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}
