import type { FastifyRequest } from 'fastify';
import { abbreviateKey, type MasterKey } from '../access/master-key.ts';
import { extractApiKey } from '../access/extract-api-key.ts';
import { GatewayError } from '../spec/gateway-error.ts';

/** Routes anyone may call, as in LiteLLM. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['/', '/routes', '/health/liveliness', '/health/liveness', '/health/readiness']);

export interface AuthOptions {
  /** Without a master key every caller is let in, as LiteLLM does. */
  masterKey: MasterKey | undefined;
  customHeader?: string | undefined;
  /** More routes anyone may call (e.g. `/metrics` unless `require_auth_for_metrics_endpoint`). */
  publicRoutes?: readonly string[] | undefined;
}

/**
 * For an onRequest hook (runs before the body is read, so an unauthenticated caller cannot make
 * the gateway parse a large body): the master key from any accepted header, compared in
 * constant time. Missing or wrong key → 401; the key itself never appears in the answer.
 */
export function createAuthHook(options: AuthOptions) {
  const extraPublic: ReadonlySet<string> = new Set(options.publicRoutes ?? []);
  return function authenticate(request: FastifyRequest): void {
    if (options.masterKey === undefined) return;
    const route = request.routeOptions.url;
    if (route !== undefined && (PUBLIC_ROUTES.has(route) || extraPublic.has(route))) return;
    const key = extractApiKey(request.headers, options.customHeader);
    if (key === undefined) throw new GatewayError('authentication', 'Authentication Error, No api key passed in.');
    if (!options.masterKey.matches(key)) {
      throw new GatewayError(
        'authentication',
        `Authentication Error, Invalid proxy server token passed. Received API Key = ${abbreviateKey(key)}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
      );
    }
  };
}
