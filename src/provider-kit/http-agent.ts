import { Agent } from 'undici';

/**
 * The one upstream dispatcher. undici's Agent keeps a keep-alive Pool per origin, so every
 * provider base URL gets its own pool without any bookkeeping here.
 */
export const upstreamAgent = new Agent({
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
  connections: 256,
  pipelining: 1,
  // Per-request timeouts are set by postToApi; these are only the outer bounds.
  headersTimeout: 0,
  bodyTimeout: 0,
});
