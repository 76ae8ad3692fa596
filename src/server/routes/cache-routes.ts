import type { FastifyInstance } from 'fastify';
import type { ResponseCache } from '../../cache/response-cache.ts';
import { requireAdmin, requiredStrings } from '../../management/admin-request.ts';
import { GatewayError } from '../../spec/gateway-error.ts';

/** Key of the test entry GET /cache/ping writes (10 s). */
const PING_KEY = 'switchyard-cache-ping';

/**
 * LiteLLM's cache routes (master key or proxy_admin): GET /cache/ping, POST /cache/delete
 * `{"keys": [...]}`, POST /cache/flushall (only this gateway's namespace, never a whole shared
 * Redis) and GET /cache/redis/info. Without a cache: LiteLLM's "Cache not initialized".
 */
export function registerCacheRoutes(app: FastifyInstance, cache: ResponseCache | undefined): void {
  const need = (): ResponseCache => {
    if (cache === undefined) throw new GatewayError('cache_not_initialized', 'Cache not initialized. litellm.cache is None');
    return cache;
  };
  app.get('/cache/ping', async (request) => {
    requireAdmin(request);
    const current = need();
    const { store, settings } = current;
    const params = cacheParams(current);
    if (store.type !== 'redis') return { status: 'healthy', cache_type: store.type, litellm_cache_params: params };
    try {
      await store.ping();
    } catch (error) {
      throw new GatewayError('cache_ping_error', `Service Unhealthy (${(error as Error).message}).Cache parameters: ${JSON.stringify(params)}`, { param: 'cache_ping' });
    }
    const key = settings.namespace === undefined ? PING_KEY : `${settings.namespace}:${PING_KEY}`;
    await store.setMany([{ key, entry: { timestamp: Date.now() / 1000, response: 'test_key' } }], 10);
    return { status: 'healthy', cache_type: store.type, ping_response: true, set_cache_response: 'success', litellm_cache_params: params, redis_cache_params: { namespace: settings.namespace ?? null } };
  });
  app.post('/cache/delete', async (request) => {
    const body = requireAdmin(request);
    const { store } = need();
    const keys = requiredStrings(body, 'keys');
    await unavailableOnFailure('Cache Delete Failed', () => store.delete(keys));
    return { status: 'success' };
  });
  app.post('/cache/flushall', async (request) => {
    requireAdmin(request);
    const { store } = need();
    await unavailableOnFailure('Service Unhealthy', () => store.flush());
    return { status: 'success' };
  });
  app.get('/cache/redis/info', async (request) => {
    requireAdmin(request);
    const { store } = need();
    if (store.info === undefined) throw new GatewayError('bad_request', `Cache type ${store.type} has no Redis info`);
    const info = await unavailableOnFailure('Service Unhealthy', () => store.info!());
    return { num_clients: Number(info['connected_clients'] ?? 0), info };
  });
}

async function unavailableOnFailure<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new GatewayError('cache_unavailable', `${what} (${(error as Error).message})`);
  }
}

/** The cache's settings as LiteLLM's ping shows them (strings), without connection secrets. */
function cacheParams(cache: ResponseCache): Record<string, string> {
  const { settings } = cache;
  return {
    type: settings.type,
    namespace: String(settings.namespace ?? null),
    ttl: String(settings.ttlS ?? null),
    mode: settings.optIn ? 'default_off' : 'default_on',
    supported_call_types: JSON.stringify([...settings.calls]),
    max_in_memory_cache_size: String(settings.maxItems),
  };
}
