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
    const key = typeof value === 'string' ? stripBearer(value) : undefined;
    if (key !== undefined) return key;
  }
  for (const name of ['authorization', ...KEY_HEADERS]) {
    const value = headers[name];
    const key = typeof value === 'string' ? stripBearer(value) : undefined;
    if (key !== undefined) return key;
  }
  return undefined;
}

/** The token without its `Bearer` scheme; undefined when nothing is left (`Bearer $UNSET`). */
function stripBearer(value: string): string | undefined {
  const token = value.trim().replace(/^bearer(\s+|$)/i, '').trim();
  return token === '' ? undefined : token;
}
