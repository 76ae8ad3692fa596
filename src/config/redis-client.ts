import { readFileSync } from 'node:fs';
import { createClient, createCluster, createSentinel } from 'redis';
import type { RedisAuth, RedisOptions, RedisTlsOptions } from './redis-options.ts';

/**
 * The commands Switchyard's shared state uses, the same for one server, Sentinel and Cluster.
 * In Cluster mode every key of one script must share a hash slot (see `hashTagged`).
 */
export interface SharedRedisClient {
  connect(): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  hGetAll(key: string): Promise<Record<string, string>>;
  del(key: string): Promise<unknown>;
  readonly isReady: boolean;
  close(): Promise<unknown>;
  destroy(): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
}

/** Back off up to 5 s between reconnect attempts. */
const reconnectStrategy = (retries: number): number => Math.min(100 * 2 ** retries, 5000);

/**
 * A command Redis has not answered in this long fails (and the caller falls back to safe mode),
 * so a Redis that hangs without closing the connection never holds a request for longer.
 * (node-redis's own command timeout stops only at the write, not the answer; a late answer is
 * still read and dropped, so later answers stay matched.)
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** `command`, or a rejection once it has not answered within `REDIS_COMMAND_TIMEOUT_MS`. */
export function withTimeout<T>(command: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${REDIS_COMMAND_TIMEOUT_MS} ms`)), REDIS_COMMAND_TIMEOUT_MS);
  });
  return Promise.race([command, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A node-redis client for one server: commands fail at once while Redis is down (no offline
 * queue, so a request never waits on Redis), and it reconnects in the background with backoff
 * up to 5 s.
 */
export function createRedisClient(url: string, tls: ReturnType<typeof tlsSocket> = { tls: false }) {
  return createClient({ url, disableOfflineQueue: true, socket: tls.tls ? { ...tls, reconnectStrategy } : { reconnectStrategy } });
}

/** The full node-redis client of one server. */
export type RedisClient = ReturnType<typeof createRedisClient>;

/**
 * A client for Switchyard's shared state with the same settings as `createRedisClient`, for one
 * server (`url`, `rediss://` for TLS), Sentinel or Cluster.
 */
export function createSharedRedisClient(options: RedisOptions | string): SharedRedisClient {
  const target: RedisOptions = typeof options === 'string' ? { namespace: '', url: options } : options;
  if (target.cluster !== undefined) {
    const { nodes, ...auth } = target.cluster;
    return createCluster({
      rootNodes: nodes.map((n) => ({ socket: { host: n.host, port: n.port } })),
      defaults: { ...credentials(auth), disableOfflineQueue: true, socket: { ...tlsSocket(auth.tls, target.tlsOptions), reconnectStrategy } },
    }) as unknown as SharedRedisClient;
  }
  if (target.sentinel !== undefined) {
    const { sentinels, serviceName, sentinelPassword, db, ...auth } = target.sentinel;
    const socket = { ...tlsSocket(auth.tls, target.tlsOptions), reconnectStrategy };
    return createSentinel({
      name: serviceName,
      sentinelRootNodes: sentinels,
      nodeClientOptions: { ...credentials(auth), ...(db === undefined ? {} : { database: db }), disableOfflineQueue: true, socket },
      sentinelClientOptions: { ...(sentinelPassword === undefined ? {} : { password: sentinelPassword }), socket },
      passthroughClientErrorEvents: true,
    }) as unknown as SharedRedisClient;
  }
  const url = target.url ?? '';
  return createRedisClient(url, tlsSocket(url.startsWith('rediss://'), target.tlsOptions)) as unknown as SharedRedisClient;
}

/** TLS socket options: on or off, with the CA file and whether to check the certificate. */
function tlsSocket(on: boolean, options: RedisTlsOptions | undefined): { tls: true; ca?: Buffer; rejectUnauthorized: boolean } | { tls: false } {
  if (!on) return { tls: false };
  return { tls: true, ...(options?.caFile === undefined ? {} : { ca: readFileSync(options.caFile) }), rejectUnauthorized: options?.verify ?? true };
}

function credentials(auth: RedisAuth): { username?: string; password?: string } {
  return { ...(auth.username === undefined ? {} : { username: auth.username }), ...(auth.password === undefined ? {} : { password: auth.password }) };
}

/**
 * A key prefix whose `{…}` hash tag puts every key of one component in one Cluster slot, so
 * the component's multi-key scripts run in Cluster mode (e.g. `{switchyard:limit}:`).
 */
export function hashTagged(namespace: string, component: string): string {
  return `{${namespace}:${component}}:`;
}

/** What the connection helpers need of a client (a `RedisClient` or a `SharedRedisClient`). */
interface ClientEvents {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** Calls `listener` on every event meaning the connection is up (one server, Sentinel or Cluster). */
export function onRedisReady(client: ClientEvents, listener: () => void): void {
  for (const event of ['ready', 'node-ready']) client.on(event, listener);
}

/** Calls `listener` on every connection error (one server, Sentinel or Cluster). */
export function onRedisError(client: ClientEvents, listener: (error: unknown) => void): void {
  for (const event of ['error', 'node-error']) client.on(event, listener as (...args: never[]) => void);
}

/**
 * Waits for `connected` (the client's connect, plus any set-up after it) or the client's first
 * error, whichever comes first: start-up never hangs on a Redis that is down, and the client
 * keeps reconnecting afterwards.
 */
export async function firstConnectAttempt(client: ClientEvents, connected: Promise<unknown>): Promise<void> {
  await Promise.race([connected.catch(() => undefined), new Promise<void>((resolve) => onRedisError(client, () => resolve()))]);
}

/** Closes gracefully when connected, else drops the reconnecting client at once. */
export async function closeRedisClient(client: { readonly isReady: boolean; close(): Promise<unknown>; destroy(): unknown }): Promise<void> {
  await (client.isReady ? client.close() : client.destroy());
}

/** Who hears whether the connection is up (a SharedStateHealth). */
export interface ConnectionWatcher {
  reachable(): void;
  unreachable(error: unknown): void;
}

/**
 * Creates and connects a client whose connection state `watcher` follows, then runs `setUp`
 * (e.g. a SUBSCRIBE). Never waits on a Redis that is down: the client reconnects on its own.
 */
export async function connectRedisClient(options: RedisOptions | string, watcher: ConnectionWatcher, setUp?: (client: SharedRedisClient) => Promise<unknown>): Promise<SharedRedisClient> {
  const client = createSharedRedisClient(options);
  onRedisError(client, (error) => watcher.unreachable(error));
  onRedisReady(client, () => watcher.reachable());
  await firstConnectAttempt(client, client.connect().then(() => setUp?.(client)));
  return client;
}
