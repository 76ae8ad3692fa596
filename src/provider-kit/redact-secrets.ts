/** Anything shaped like an API key, bearer token or signed query parameter. */
const KEY_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_\-*]{6,}/g,
  /\b(Bearer\s+)[A-Za-z0-9._\-~+/]{8,}=*/gi,
  /([?&](?:key|api-key|api_key|sig|token)=)[^&\s"']+/gi,
];

/**
 * Removes secrets from text that may reach a client or a log: the exact secret values
 * given (a deployment's api_key, …) and anything shaped like a key.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix: unknown) =>
      typeof prefix === 'string' ? `${prefix}[REDACTED]` : match.startsWith('sk-') ? 'sk-[REDACTED]' : '[REDACTED]',
    );
  }
  return out;
}
