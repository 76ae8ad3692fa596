import type { IncomingHttpHeaders } from 'node:http';

/** Headers LiteLLM accepts a key from, besides `Authorization: Bearer`. */
const KEY_HEADERS = ['x-litellm-api-key', 'x-api-key', 'api-key', 'x-goog-api-key', 'ocp-apim-subscription-key'] as const;

/**
 * The caller's key from `Authorization: Bearer`, `x-litellm-api-key`, `x-api-key`
 * (Anthropic style), `api-key` (Azure style), `x-goog-api-key`, `Ocp-Apim-Subscription-Key`,
 * or the header named by `general_settings.litellm_key_header_name`.
 */
export function extractApiKey(headers: IncomingHttpHeaders, customHeader?: string): string | undefined {
  if (customHeader !== undefined) {
    const value = headers[customHeader.toLowerCase()];
    if (typeof value === 'string' && value !== '') return stripBearer(value);
  }
  const authorization = headers.authorization;
  if (authorization !== undefined && authorization !== '') return stripBearer(authorization);
  for (const name of KEY_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') return stripBearer(value);
  }
  return undefined;
}

function stripBearer(value: string): string {
  const trimmed = value.trim();
  return /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, '').trim() : trimmed;
}
