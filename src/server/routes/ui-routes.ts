import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateCaller } from '../../access/authenticate-caller.ts';
import { isAdmin } from '../../access/caller.ts';
import type { KeyCache } from '../../access/key-cache.ts';
import { MasterKey } from '../../access/master-key.ts';
import { UiSessions } from '../../access/ui-session.ts';
import { bodyOf } from '../../management/admin-request.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { SWITCHYARD_VERSION } from '../version.ts';
import { IMMUTABLE, loadUiAssets, type UiAsset } from './ui-assets.ts';

/** Dashboard routes anyone may call: the static shell, its settings and the login. */
export const UI_PUBLIC_ROUTES: readonly string[] = ['/ui', '/ui/', '/ui/*', '/ui/config', '/ui/login'];

export interface UiRouteDeps {
  /** The master key's value; without one the gateway is open and the dashboard needs no login. */
  masterKey: string | undefined;
  /** Sessions signed with the master key (undefined when there is none). */
  sessions: UiSessions | undefined;
  /** Where `UI_USERNAME` / `UI_PASSWORD` are read: a login that yields an admin session, as LiteLLM's. */
  env: NodeJS.ProcessEnv;
  keys: KeyCache | undefined;
}

/**
 * The admin dashboard: static files under /ui (ETag, gzip), `GET /ui/config` (how to log in)
 * and `POST /ui/login`. A login with the master key or `UI_USERNAME`/`UI_PASSWORD` yields a
 * short-lived signed session token (the master key never reaches the browser's storage); a
 * login with a virtual key checks it and says whether it is an admin key.
 */
export function registerUiRoutes(app: FastifyInstance, deps: UiRouteDeps): void {
  let loaded: { assets: Map<string, UiAsset>; csp: string } | undefined;
  const master = deps.masterKey === undefined || deps.masterKey === '' ? undefined : new MasterKey(deps.masterKey);
  const [username, password] = [deps.env['UI_USERNAME'], deps.env['UI_PASSWORD']];
  const user = username && password ? { name: new MasterKey(username), password: new MasterKey(password) } : undefined;

  const serve = (request: FastifyRequest, reply: FastifyReply, path: string) => {
    loaded ??= loadUiAssets();
    const found = loaded.assets.get(path);
    if (found === undefined) throw new GatewayError('route_not_found', `Not a dashboard file: /ui/${path}`);
    const versioned = (request.query as { v?: string }).v === found.version;
    reply.header('etag', found.etag).header('cache-control', versioned ? IMMUTABLE : found.cacheControl).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff');
    if (path === '') reply.header('content-security-policy', loaded.csp).header('referrer-policy', 'no-referrer');
    if (request.headers['if-none-match'] === found.etag) return reply.code(304).send();
    reply.type(found.type);
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(found.gzip);
    return reply.send(found.body);
  };
  app.get('/ui', async (_request, reply) => reply.redirect('/ui/', 302));
  app.get('/ui/', async (request, reply) => serve(request, reply, ''));
  app.get('/ui/*', async (request, reply) => serve(request, reply, (request.params as { '*': string })['*']));

  app.get('/ui/config', async () => ({ auth_required: master !== undefined, password_login: user !== undefined, version: SWITCHYARD_VERSION }));

  app.post('/ui/login', async (request) => {
    if (master === undefined || deps.sessions === undefined) return { role: 'admin', token: null, expires_at: null };
    const body = bodyOf(request);
    const text = (field: string) => (typeof body[field] === 'string' ? (body[field] as string) : '');
    const session = () => {
      const issued = deps.sessions!.issue();
      return { role: 'admin', token: issued.token, expires_at: issued.expiresAt.toISOString() };
    };
    if ('username' in body || 'password' in body) {
      const password = text('password');
      // As LiteLLM: UI_USERNAME/UI_PASSWORD, or user "admin" with the master key as password.
      const byCredentials = user !== undefined && user.name.matches(text('username')) && user.password.matches(password);
      const byMaster = text('username') === 'admin' && master.matches(password);
      if (byCredentials || byMaster) return session();
      throw new GatewayError('authentication', 'Wrong username or password.');
    }
    const key = text('api_key');
    if (key === '') throw new GatewayError('bad_request', 'Send username and password, or api_key.', { param: 'api_key' });
    if (master.matches(key)) return session();
    const caller = await authenticateCaller({ presented: key, masterKey: master, keys: deps.keys, now: new Date() });
    if (caller.kind !== 'virtual') throw new GatewayError('authentication', 'Not a key of this gateway.');
    return { role: isAdmin(caller) ? 'admin' : 'key', token: null, expires_at: caller.key.expires?.toISOString() ?? null, key_alias: caller.key.key_alias, key_name: caller.key.key_name };
  });
}
