import type { Deployment } from '../../spec/deployment.ts';
import { extraHeaders, firstEnv, trimSlash } from '../openai-compatible/openai-compatible-endpoint.ts';
import { missingAnthropicCredentials } from './anthropic-error.ts';

/** The API version every request names (LiteLLM sends the same). */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Where the Messages API lives when neither `api_base` nor an environment variable says otherwise. */
export const DEFAULT_ANTHROPIC_API_BASE = 'https://api.anthropic.com';

const MESSAGES_PATH = '/v1/messages';

/** Headers a caller's `extra_headers` may not set: the gateway's credentials and framing are its own. */
const PROTECTED_HEADERS: ReadonlySet<string> = new Set(['x-api-key', 'authorization', 'host', 'content-length', 'content-type']);

/** How the deployment authenticates: `x-api-key` (API key) or `Authorization: Bearer` (auth token). */
export type AnthropicCredentials = { kind: 'api-key'; value: string } | { kind: 'auth-token'; value: string };

/** `api_base`, else `ANTHROPIC_API_BASE` / `ANTHROPIC_BASE_URL`, else https://api.anthropic.com (no trailing slash). */
export function anthropicApiBase(deployment: Deployment): string {
  return trimSlash(deployment.params.api_base ?? firstEnv(['ANTHROPIC_API_BASE', 'ANTHROPIC_BASE_URL']) ?? DEFAULT_ANTHROPIC_API_BASE);
}

/** `{api_base}/v1/messages`, unless the base already ends with it (as LiteLLM builds the URL). */
export function anthropicMessagesUrl(deployment: Deployment): string {
  const base = anthropicApiBase(deployment);
  return base.endsWith(MESSAGES_PATH) ? base : base + MESSAGES_PATH;
}

/**
 * The deployment's credentials: `api_key`, else `ANTHROPIC_API_KEY` (both sent as
 * `x-api-key`), else `ANTHROPIC_AUTH_TOKEN` (sent as a bearer token); undefined when none is set.
 */
export function anthropicCredentials(deployment: Deployment): AnthropicCredentials | undefined {
  const key = deployment.params.api_key ?? firstEnv(['ANTHROPIC_API_KEY']);
  if (key !== undefined && key !== '') return { kind: 'api-key', value: key };
  const token = firstEnv(['ANTHROPIC_AUTH_TOKEN']);
  return token === undefined ? undefined : { kind: 'auth-token', value: token };
}

/** Secret values to keep out of error messages and logs. */
export function anthropicSecrets(deployment: Deployment): (string | undefined)[] {
  return [anthropicCredentials(deployment)?.value];
}

export interface AnthropicHeadersOptions {
  deployment: Deployment;
  /** The request's own `extra_headers` (LiteLLM forwards them); auth headers in it are ignored. */
  requestHeaders?: unknown;
  /** Beta features the request body needs (see `anthropicBetasFor`). */
  betas?: readonly string[];
}

/**
 * The headers of a Messages API call: the deployment's `extra_headers`, then the request's,
 * then `anthropic-version` (unless one of those set it), the credentials, and one
 * `anthropic-beta` that joins every beta named anywhere (deduplicated, in order). A
 * deployment without credentials fails here, before any call, as in LiteLLM.
 */
export function anthropicHeaders(options: AnthropicHeadersOptions): Record<string, string> {
  const { deployment } = options;
  const credentials = anthropicCredentials(deployment);
  if (credentials === undefined) throw missingAnthropicCredentials(deployment.modelName);
  const headers: Record<string, string> = {};
  const betas: string[] = [];
  const add = (source: Record<string, string>): void => {
    for (const [rawName, value] of Object.entries(source)) {
      const name = rawName.toLowerCase();
      if (PROTECTED_HEADERS.has(name)) continue;
      if (name === 'anthropic-beta') betas.push(...splitBetas(value));
      else headers[name] = value;
    }
  };
  add(extraHeaders(deployment));
  add(stringHeaders(options.requestHeaders));
  headers['anthropic-version'] ??= ANTHROPIC_VERSION;
  if (credentials.kind === 'api-key') headers['x-api-key'] = credentials.value;
  else headers['authorization'] = `Bearer ${credentials.value}`;
  const allBetas = [...new Set([...betas, ...(options.betas ?? [])])];
  if (allBetas.length > 0) headers['anthropic-beta'] = allBetas.join(',');
  return headers;
}

function splitBetas(value: string): string[] {
  return value.split(',').map((beta) => beta.trim()).filter((beta) => beta !== '');
}

function stringHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) if (typeof header === 'string') out[name] = header;
  return out;
}
