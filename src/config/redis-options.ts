import type { SwitchyardConfig } from './config-types.ts';

/** One Redis node: a Cluster startup node or a Sentinel. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS of the Redis servers (Sentinel or Cluster mode). */
export interface RedisAuth {
  username?: string | undefined;
  password?: string | undefined;
  tls: boolean;
}

/** How TLS connections check the server (LiteLLM's `ssl_ca_certs`, `ssl_cert_reqs`). */
export interface RedisTlsOptions {
  /** PEM file of the CA that signed the server's certificate (else the system CAs). */
  caFile?: string | undefined;
  /** `ssl_cert_reqs: none` turns certificate checks off. */
  verify: boolean;
}

/**
 * Where Redis / Valkey is, if anywhere. Exactly one of `url` (one server), `sentinel` or
 * `cluster` is set.
 */
export interface RedisOptions {
  /** Key prefix, so several gateways (or test runs) can share one Redis. */
  namespace: string;
  /** Certificate checks of TLS connections (`rediss://`, `ssl: true`). */
  tlsOptions?: RedisTlsOptions | undefined;
  /** One server: a `redis://` or `rediss://` URL, credentials and database included. */
  url?: string;
  /** Redis Sentinel: the master named `serviceName`, found through `sentinels`. */
  sentinel?: RedisAuth & { serviceName: string; sentinels: RedisNode[]; sentinelPassword?: string | undefined; db?: number | undefined };
  /** Redis Cluster, discovered from its startup nodes. */
  cluster?: RedisAuth & { nodes: RedisNode[] };
}

type Settings = Readonly<Record<string, unknown>>;

/**
 * LiteLLM's Redis settings for shared state (limits, budgets, cooldowns, key changes). The
 * first of these that names a server wins: `router_settings.redis_*`, then
 * `litellm_settings.cache_params` (host/port/url/…, `redis_startup_nodes`, `service_name` +
 * `sentinel_nodes`), then the environment (`REDIS_URL`, `REDIS_HOST`, `REDIS_CLUSTER_NODES`,
 * `REDIS_SENTINEL_NODES` + `REDIS_SERVICE_NAME`). Password, username, db and TLS not given by
 * that source come from `REDIS_PASSWORD`, `REDIS_USERNAME`, `REDIS_DB`, `REDIS_SSL`; TLS checks
 * from `ssl_ca_certs` / `ssl_cert_reqs` (`REDIS_SSL_CA_CERTS`, `REDIS_SSL_CERT_REQS`).
 * Undefined when none names a server (state stays in memory, or in the workers' primary).
 * Throws on a malformed node list.
 */
export function resolveRedisOptions(config: SwitchyardConfig, env: NodeJS.ProcessEnv): RedisOptions | undefined {
  const namespace = env['SWITCHYARD_REDIS_NAMESPACE'] ?? 'switchyard';
  const router = config.router_settings as Settings;
  const cacheParams = config.litellm_settings['cache_params'];
  const sources: Settings[] = [
    prefixed(router, 'redis_'),
    typeof cacheParams === 'object' && cacheParams !== null ? normaliseCacheParams(cacheParams as Settings) : {},
    fromEnvironment(env),
  ];
  const source = sources.find((s) => ['url', 'host', 'startup_nodes', 'sentinel_nodes'].some((key) => str(s[key]) !== undefined || Array.isArray(s[key])));
  if (source === undefined) return undefined;
  const defaults = fromEnvironment(env);
  const pick = (key: string): string | undefined => str(source[key]) ?? str(defaults[key]);
  const target = resolveTarget({ source, pick, namespace, tls: isTrue(source['ssl'] ?? defaults['ssl']) });
  const caFile = pick('ssl_ca_certs');
  const certReqs = pick('ssl_cert_reqs');
  return caFile === undefined && certReqs === undefined ? target : { ...target, tlsOptions: { caFile, verify: certReqs?.toLowerCase() !== 'none' } };
}

/** The server(s) `source` names: a Cluster, a Sentinel set-up or one server. */
function resolveTarget(args: { source: Settings; pick: (key: string) => string | undefined; namespace: string; tls: boolean }): RedisOptions {
  const { source, pick, namespace } = args;
  const auth: RedisAuth = { username: pick('username'), password: pick('password'), tls: args.tls };
  if (source['startup_nodes'] !== undefined) return { namespace, cluster: { ...auth, nodes: parseNodes(source['startup_nodes'], 'redis_startup_nodes / REDIS_CLUSTER_NODES') } };
  const db = pick('db');
  if (source['sentinel_nodes'] !== undefined) {
    const serviceName = pick('service_name');
    if (serviceName === undefined) throw new Error('Redis Sentinel needs a service name (cache_params.service_name or REDIS_SERVICE_NAME) besides the sentinel nodes');
    return { namespace, sentinel: { ...auth, serviceName, sentinels: parseNodes(source['sentinel_nodes'], 'sentinel_nodes / REDIS_SENTINEL_NODES'), sentinelPassword: pick('sentinel_password'), db: db === undefined ? undefined : Number(db) } };
  }
  const url = str(source['url']);
  if (url !== undefined) return { namespace, url };
  const credentials = auth.password === undefined ? '' : `${encodeURIComponent(auth.username ?? '')}:${encodeURIComponent(auth.password)}@`;
  return { namespace, url: `${auth.tls ? 'rediss' : 'redis'}://${credentials}${str(source['host'])}:${pick('port') ?? '6379'}${db === undefined ? '' : `/${db}`}` };
}

/** `router_settings.redis_host` → `host`, … (Sentinel keys keep their names). */
function prefixed(settings: Settings, prefix: string): Settings {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}

/** `cache_params` uses `redis_startup_nodes` for the Cluster's nodes and plain names otherwise. */
function normaliseCacheParams(params: Settings): Settings {
  const { redis_startup_nodes: startupNodes, ...rest } = params;
  return startupNodes === undefined ? rest : { ...rest, startup_nodes: startupNodes };
}

function fromEnvironment(env: NodeJS.ProcessEnv): Settings {
  const json = (name: string): unknown => (str(env[name]) === undefined ? undefined : parseJson(String(env[name]), name));
  return {
    url: env['REDIS_URL'], host: env['REDIS_HOST'], port: env['REDIS_PORT'], password: env['REDIS_PASSWORD'], username: env['REDIS_USERNAME'],
    db: env['REDIS_DB'], ssl: env['REDIS_SSL'], startup_nodes: json('REDIS_CLUSTER_NODES'), sentinel_nodes: json('REDIS_SENTINEL_NODES'),
    sentinel_password: env['REDIS_SENTINEL_PASSWORD'], service_name: env['REDIS_SERVICE_NAME'],
    ssl_ca_certs: env['REDIS_SSL_CA_CERTS'], ssl_cert_reqs: env['REDIS_SSL_CERT_REQS'],
  };
}

/** Nodes as LiteLLM writes them: `[{host, port}]` (Cluster), `[[host, port]]` (Sentinel), or `"host:port"`. */
function parseNodes(value: unknown, name: string): RedisNode[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${name} must be a non-empty list of nodes`);
  return value.map((node: unknown) => {
    const [host, port] =
      Array.isArray(node) ? [node[0], node[1]]
      : typeof node === 'string' ? [node.slice(0, node.lastIndexOf(':')), node.slice(node.lastIndexOf(':') + 1)]
      : typeof node === 'object' && node !== null ? [(node as Settings)['host'], (node as Settings)['port']]
      : [undefined, undefined];
    if (typeof host !== 'string' || host === '' || !Number.isInteger(Number(port))) throw new Error(`${name}: each node needs a host and a port, got ${JSON.stringify(node)}`);
    return { host, port: Number(port) };
  });
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${name} must be JSON, e.g. [{"host": "10.0.0.1", "port": 6379}]`);
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
