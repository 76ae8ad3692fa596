import { nextBudgetReset, parseBudgetDuration } from '../accounting/budget-duration.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { KeyPatch, KeyRecord } from '../storage/key-repository.ts';

/** The type a management field must have. */
export type Check = 'string' | 'number' | 'boolean' | 'strings' | 'object' | 'date';

/** Budget and limit fields, the same on keys, users, teams and budgets (LiteLLM's names). */
export const BUDGET_FIELDS: Readonly<Record<string, Check>> = {
  max_budget: 'number',
  soft_budget: 'number',
  budget_duration: 'string',
  tpm_limit: 'number',
  rpm_limit: 'number',
  max_parallel_requests: 'number',
  model_max_budget: 'object',
};

/** What keys, users and teams share beyond the budget fields. */
export const OWNER_FIELDS: Readonly<Record<string, Check>> = {
  ...BUDGET_FIELDS,
  models: 'strings',
  metadata: 'object',
  organization_id: 'string',
  budget_id: 'string',
};

/** The `/key/generate` and `/key/update` fields (LiteLLM's names) and their types. */
const KEY_FIELDS: Readonly<Record<string, Check>> = {
  ...OWNER_FIELDS,
  key_alias: 'string',
  aliases: 'object',
  config: 'object',
  permissions: 'object',
  spend: 'number',
  model_rpm_limit: 'object',
  model_tpm_limit: 'object',
  allowed_cache_controls: 'strings',
  allowed_routes: 'strings',
  blocked: 'boolean',
  user_id: 'string',
  team_id: 'string',
};

function typeOk(value: unknown, check: Check): boolean {
  switch (check) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  }
}

/**
 * The key fields of a management request body, checked (a wrong type is a 400 naming the
 * field; `null` clears a field), with `duration` → `expires` and `budget_duration` →
 * `budget_reset_at`. Unknown fields are ignored, as LiteLLM ignores them.
 */
export function readKeyPatch(body: Record<string, unknown>, now: Date, timeZone?: string): KeyPatch {
  const patch = readFields(body, KEY_FIELDS, now, timeZone);
  if ('duration' in body && body['duration'] !== null) patch['expires'] = expiryOf(body['duration'], now);
  else if (body['duration'] === null) patch['expires'] = null;
  return patch as KeyPatch;
}

/**
 * The fields of `spec` present in `body`, type-checked, with `budget_duration` →
 * `budget_reset_at` (calendar boundaries in `timeZone`, LiteLLM's `litellm_settings.timezone`).
 */
export function readFields(body: Record<string, unknown>, spec: Readonly<Record<string, Check>>, now: Date, timeZone?: string): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [field, check] of Object.entries(spec)) {
    if (!(field in body)) continue;
    const value = body[field];
    if (value === null) {
      patch[field] = null;
      continue;
    }
    if (!typeOk(value, check)) throw new GatewayError('bad_request', `${field} must be ${describe(check)}`, { param: field });
    patch[field] = value;
  }
  if (typeof body['budget_duration'] === 'string') {
    const duration = parseBudgetDuration(body['budget_duration']);
    if (duration === undefined) {
      throw new GatewayError('bad_request', `budget_duration "${body['budget_duration']}" is not a duration: use e.g. 30s, 30m, 1h, 1d, 7d, 30d, 1mo, daily, weekly or monthly`, { param: 'budget_duration' });
    }
    patch['budget_reset_at'] = nextBudgetReset({ duration, now, timeZone });
  }
  return patch;
}

/** `duration` ("30d", "1h", "1mo") → the expiry instant. */
function expiryOf(value: unknown, now: Date): Date {
  const duration = typeof value === 'string' ? parseBudgetDuration(value) : undefined;
  if (duration === undefined) throw new GatewayError('bad_request', 'duration must be a duration such as 30s, 30m, 1h, 7d, 30d or 1mo', { param: 'duration' });
  const at = new Date(now);
  switch (duration.unit) {
    case 'seconds':
      return new Date(now.getTime() + duration.count * 1000);
    case 'days':
      return new Date(now.getTime() + duration.count * 86_400_000);
    case 'weeks':
      return new Date(now.getTime() + duration.count * 7 * 86_400_000);
    case 'months':
      at.setUTCMonth(at.getUTCMonth() + duration.count);
      return at;
  }
}

function describe(check: Check): string {
  return { string: 'a string', number: 'a number ≥ 0', boolean: 'true or false', strings: 'a list of strings', object: 'an object', date: 'a date' }[check];
}

/** A stored record as LiteLLM's management API shows it (dates as ISO strings; a key's hash as `token`). */
export function keyView(record: object): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) view[field] = value instanceof Date ? value.toISOString() : value;
  return view;
}
