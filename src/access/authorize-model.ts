import { GatewayError } from '../spec/gateway-error.ts';
import type { Caller } from './caller.ts';

/** LiteLLM's special entries in a key's `models`. */
const EVERY_MODEL = new Set(['all-proxy-models', '*']);

/**
 * Whether the caller may use `model` (the name it asked for). Master and open callers may use
 * any; a virtual key with no `models` may use any (LiteLLM); otherwise the name must be in its
 * list, match one of its wildcard entries (`openai/*`), or be reached through one of its
 * `aliases`. Throws `key_model_access_denied` (401) naming what it may use.
 */
export function authorizeModel(caller: Caller, model: string): void {
  if (caller.kind !== 'virtual') return;
  const { models, aliases } = caller.key;
  if (models.length === 0 || models.some((m) => EVERY_MODEL.has(m))) return;
  if (models.includes(model) || aliases[model] !== undefined) return;
  if (models.some((m) => m.endsWith('/*') && model.startsWith(m.slice(0, -1)))) return;
  throw new GatewayError(
    'key_model_access_denied',
    `key not allowed to access model. This key can only access models=${JSON.stringify(models)}. Tried to access ${model}`,
    { param: 'model' },
  );
}
