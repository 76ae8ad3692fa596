import { createClient } from 'redis';

/**
 * A node-redis client for Switchyard's shared state: commands fail at once while Redis is down
 * (no offline queue, so a request never waits on Redis), and it reconnects in the background
 * with backoff up to 5 s.
 */
export function createRedisClient(url: string) {
  return createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) } });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/**
 * Waits for `connected` (the client's connect, plus any set-up after it) or the client's first
 * error, whichever comes first: start-up never hangs on a Redis that is down, and the client
 * keeps reconnecting afterwards.
 */
export async function firstConnectAttempt(client: RedisClient, connected: Promise<unknown>): Promise<void> {
  await Promise.race([connected.catch(() => undefined), new Promise((resolve) => client.once('error', resolve))]);
}

/** Closes gracefully when connected, else drops the reconnecting client at once. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  await (client.isReady ? client.close() : client.destroy());
}
