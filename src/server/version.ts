import { readFileSync } from 'node:fs';

/** The package version, sent as `x-litellm-version` and reported by /health/readiness. */
export const SWITCHYARD_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
