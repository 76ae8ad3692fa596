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
  // Longest first, so a secret that contains another is replaced whole.
  const exact = secrets.filter((s): s is string => s !== undefined && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of exact) out = out.split(secret).join('[REDACTED]');
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix: unknown) =>
      typeof prefix === 'string' ? `${prefix}[REDACTED]` : match.startsWith('sk-') ? 'sk-[REDACTED]' : '[REDACTED]',
    );
  }
  return out;
}
