import type { FastifyRequest } from 'fastify';
import { authenticateCaller } from '../access/authenticate-caller.ts';
import type { Caller } from '../access/caller.ts';
import type { KeyCache } from '../access/key-cache.ts';
import type { MasterKey } from '../access/master-key.ts';
import { extractApiKey } from '../access/extract-api-key.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { UiSessions } from '../access/ui-session.ts';

/** Routes anyone may call, as in LiteLLM. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['/', '/routes', '/health/liveliness', '/health/liveness', '/health/readiness']);

export interface AuthOptions {
  /** Without a master key every caller is let in, as LiteLLM does. */
  masterKey: MasterKey | undefined;
  customHeader?: string | undefined;
  /** More routes anyone may call (e.g. `/metrics` unless `require_auth_for_metrics_endpoint`). */
  publicRoutes?: readonly string[] | undefined;
  /** Virtual keys (when a database is configured); without it only the master key is accepted. */
  keys?: KeyCache | undefined;
  /** Dashboard sessions (`POST /ui/login`), accepted as the master key. */
  sessions?: UiSessions | undefined;
}

const OPEN: Caller = { kind: 'open' };
const MASTER: Caller = { kind: 'master' };

/**
 * For an onRequest hook (runs before the body is read, so an unauthenticated caller cannot make
 * the gateway parse a large body): decides `request.caller` — the master key (constant-time
 * compare) or a virtual key (hashed, through the key cache). Missing or wrong key → 401; the
 * key itself never appears in the answer. Returns a promise only when a key must be looked up.
 */
export function createAuthHook(options: AuthOptions) {
  const extraPublic: ReadonlySet<string> = new Set(options.publicRoutes ?? []);
  return function authenticate(request: FastifyRequest): void | Promise<void> {
    request.caller = OPEN;
    const { masterKey } = options;
    if (masterKey === undefined) return;
    const route = request.routeOptions.url;
    if (route !== undefined && (PUBLIC_ROUTES.has(route) || extraPublic.has(route))) return;
    const key = extractApiKey(request.headers, options.customHeader);
    if (key === undefined) throw new GatewayError('authentication', 'Authentication Error, No api key passed in.');
    if (options.sessions !== undefined && UiSessions.isSessionToken(key)) {
      if (!options.sessions.verify(key)) throw new GatewayError('authentication', 'Authentication Error, the dashboard session expired or is invalid: log in again.');
      request.caller = MASTER;
      return;
    }
    const caller = authenticateCaller({ presented: key, masterKey, keys: options.keys, now: new Date() });
    if (!(caller instanceof Promise)) {
      request.caller = caller;
      checkAllowedRoutes(request);
      return;
    }
    return caller.then((found) => {
      request.caller = found;
      checkAllowedRoutes(request);
    });
  };
}

/** LiteLLM's route groups a key's `allowed_routes` may name. */
const ROUTE_GROUPS: Readonly<Record<string, (path: string) => boolean>> = {
  llm_api_routes: (path) => /^(\/v1)?\/(chat\/completions|completions|embeddings|images\/generations|models)/.test(path) || path.startsWith('/openai/') || path.startsWith('/engines/'),
  info_routes: (path) => path.startsWith('/key/info') || path.startsWith('/user/info') || path.startsWith('/team/info') || path.startsWith('/model/info'),
};

/** A virtual key with `allowed_routes` may call only those routes (exact paths, with or without /v1, or route groups): 403 otherwise. */
function checkAllowedRoutes(request: FastifyRequest): void {
  const caller = request.caller;
  if (caller.kind !== 'virtual' || caller.key.allowed_routes.length === 0) return;
  const path = request.url.split('?')[0] ?? '';
  const bare = path.replace(/^\/v1(?=\/)/, '');
  const allowed = caller.key.allowed_routes.some((route) => route === path || route === bare || route.replace(/^\/v1(?=\/)/, '') === bare || ROUTE_GROUPS[route]?.(path) === true);
  if (!allowed) throw new GatewayError('forbidden', `This key may not call ${path}. Its allowed_routes are ${JSON.stringify(caller.key.allowed_routes)}.`);
}
