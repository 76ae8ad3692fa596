import type { IncomingHttpHeaders } from 'node:http';
import type { SwitchyardConfig } from '../config/config-types.ts';
import type { Deployment } from '../spec/deployment.ts';

/** LiteLLM's default `request_timeout`: 6000 seconds. */
export const DEFAULT_REQUEST_TIMEOUT_S = 6000;

/**
 * The timeout for one call, in ms. First set wins: the `x-litellm-timeout` header (or
 * `x-litellm-stream-timeout` for streams), the body's `stream_timeout` (streams) or `timeout`, the deployment's
 * `stream_timeout` (streams) or `timeout`, router_settings' `stream_timeout` / `timeout`,
 * litellm_settings' `request_timeout`, then 6000 s.
 */
export function resolveTimeoutMs(args: {
  config: SwitchyardConfig;
  deployment: Deployment;
  /** The request body's `timeout` (seconds). */
  requestTimeout: unknown;
  /** The request body's `stream_timeout` (seconds). */
  requestStreamTimeout?: unknown;
  headers: IncomingHttpHeaders;
  stream: boolean;
}): number {
  const { config, deployment, headers, stream } = args;
  const candidates: unknown[] = [
    stream ? headers['x-litellm-stream-timeout'] : undefined,
    headers['x-litellm-timeout'],
    stream ? args.requestStreamTimeout : undefined,
    args.requestTimeout,
    stream ? deployment.params.stream_timeout : undefined,
    deployment.params.timeout,
    stream ? config.router_settings.stream_timeout : undefined,
    config.router_settings.timeout,
    config.litellm_settings.request_timeout,
  ];
  for (const candidate of candidates) {
    const seconds = typeof candidate === 'string' ? Number(candidate) : candidate;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  }
  return DEFAULT_REQUEST_TIMEOUT_S * 1000;
}
