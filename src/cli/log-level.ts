/** LITELLM_LOG values → pino levels. */
const LEVELS: Readonly<Record<string, string>> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
};

/** `--detailed_debug` wins; else LITELLM_LOG; else info. */
export function logLevel(options: { detailedDebug: boolean; env: NodeJS.ProcessEnv }): string {
  if (options.detailedDebug) return 'debug';
  return LEVELS[(options.env['LITELLM_LOG'] ?? '').toUpperCase()] ?? 'info';
}

/** Paths pino must never print: keys and credentials wherever they appear in a log object. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["api-key"]',
  'req.headers["x-litellm-api-key"]',
  'headers.authorization',
  'headers["api-key"]',
  'api_key',
  '*.api_key',
  'master_key',
  '*.master_key',
];
