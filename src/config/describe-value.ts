/**
 * How a wrong value is shown in a problem message. Values from `os.environ/` references and
 * values of secret-looking settings (`api_key`, `master_key`, `client_secret`, …) are never
 * shown, so a check-config report is safe to paste into a CI log or an issue.
 */
import type { ConfigPath } from './config-path.ts';
import type { EnvRef } from './resolve-env-refs.ts';

const SECRET_NAME = /key|secret|token|password|credential/i;
const MAX_SHOWN_LENGTH = 60;

/** `"abc"`, `12`, `a list`, …; or a placeholder that does not reveal the value. */
export function describeValue(options: { value: unknown; path: ConfigPath; envRef?: EnvRef | undefined }): string {
  const { value, path, envRef } = options;
  if (envRef?.resolved === true) {
    return `the value of os.environ/${envRef.name} (not shown)`;
  }
  const last = path.at(-1);
  const secret = typeof last === 'string' && SECRET_NAME.test(last);
  if (value === null || value === undefined) {
    return 'an empty value';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a mapping';
  }
  if (secret) {
    return `a ${typeof value} (not shown)`;
  }
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_LENGTH ? `${value.slice(0, MAX_SHOWN_LENGTH)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}
