import type { SwitchyardConfig } from '../config/config-types.ts';
import { resolveRedisOptions } from '../config/redis-options.ts';

/**
 * The Redis / Valkey URL of the response cache, as LiteLLM reads `cache_params`: `url`
 * (or `redis_url`), else `host` / `port` / `password` (or their `redis_*` spellings) plus
 * `db` / `username` / `ssl`; without any of them the gateway's Redis (`router_settings.redis_*`,
 * then `REDIS_URL` / `REDIS_HOST` …). Undefined when none is configured.
 */
export function resolveCacheRedisUrl(args: { params: Readonly<Record<string, unknown>>; config: SwitchyardConfig; env: NodeJS.ProcessEnv }): string | undefined {
  const { params } = args;
  const text = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = params[name];
      if (typeof value === 'string' && value !== '') return value;
      if (typeof value === 'number') return String(value);
    }
    return undefined;
  };
  const url = text('url', 'redis_url');
  if (url !== undefined) return url;
  const host = text('host', 'redis_host');
  if (host === undefined) return resolveRedisOptions(args.config, args.env)?.url;
  const port = text('port', 'redis_port') ?? args.env['REDIS_PORT'] ?? '6379';
  const username = text('username', 'redis_username');
  const password = text('password', 'redis_password');
  const auth = password === undefined ? '' : `${username === undefined ? '' : encodeURIComponent(username)}:${encodeURIComponent(password)}@`;
  const db = text('db', 'redis_db');
  const scheme = params['ssl'] === true || params['redis_ssl'] === true ? 'rediss' : 'redis';
  return `${scheme}://${auth}${host}:${port}${db === undefined ? '' : `/${db}`}`;
}
