import type { CallType } from '../../spec/provider.ts';
import type { Deployment } from '../../spec/deployment.ts';

/** The paths of the OpenAI API, relative to a base URL ending in `/v1` (or the equivalent). */
export const OPENAI_PATHS: Readonly<Record<CallType, string>> = {
  chat: '/chat/completions',
  completion: '/completions',
  embedding: '/embeddings',
  image_generation: '/images/generations',
};

/** Where and how to call an OpenAI-shaped upstream: the parts that differ between presets. */
export interface OpenAICompatibleEndpoint {
  /** Full URL for a call, e.g. `${api_base}/chat/completions`. */
  url(deployment: Deployment, call: CallType): string;
  /** The base URL reported in `x-litellm-model-api-base`. */
  apiBase(deployment: Deployment): string;
  /** Auth and other headers for the upstream request (async when a token must be fetched, e.g. Entra ID). */
  headers(deployment: Deployment): Record<string, string> | Promise<Record<string, string>>;
  /** The `model` field of the upstream body. */
  bodyModel(deployment: Deployment): string;
  /** Secret values to keep out of error messages. */
  secrets(deployment: Deployment): (string | undefined)[];
}

/** Reads the first set environment variable of `names`. */
export function firstEnv(names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** `extra_headers` from litellm_params, as LiteLLM forwards them. */
export function extraHeaders(deployment: Deployment): Record<string, string> {
  const extra = deployment.params['extra_headers'];
  if (typeof extra !== 'object' || extra === null) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) if (typeof value === 'string') out[name] = value;
  return out;
}
