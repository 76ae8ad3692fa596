import type { SwitchyardConfig } from './config-types.ts';

/** Where Redis / Valkey is, if anywhere: a URL (credentials included) for node-redis. */
export interface RedisOptions {
  url: string;
  /** Key prefix, so several gateways (or test runs) can share one Redis. */
  namespace: string;
}

/**
 * LiteLLM's Redis settings, first set wins: router_settings.redis_url / redis_host +
 * redis_port + redis_password, then REDIS_URL / REDIS_HOST + REDIS_PORT + REDIS_PASSWORD.
 * Undefined when none is set (state stays in memory).
 */
export function resolveRedisOptions(config: SwitchyardConfig, env: NodeJS.ProcessEnv): RedisOptions | undefined {
  const router = config.router_settings;
  const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);
  const namespace = env['SWITCHYARD_REDIS_NAMESPACE'] ?? 'switchyard';
  const url = str(router['redis_url']) ?? (str(router['redis_host']) === undefined ? env['REDIS_URL'] : undefined);
  if (url !== undefined && url !== '') return { url, namespace };
  const host = str(router['redis_host']) ?? env['REDIS_HOST'];
  if (host === undefined || host === '') return undefined;
  const port = str(router['redis_port']) ?? env['REDIS_PORT'] ?? '6379';
  const password = str(router['redis_password']) ?? env['REDIS_PASSWORD'];
  const auth = password === undefined || password === '' ? '' : `:${encodeURIComponent(password)}@`;
  const db = str(router['redis_db']) ?? '';
  return { url: `redis://${auth}${host}:${port}${db === '' ? '' : `/${db}`}`, namespace };
}
