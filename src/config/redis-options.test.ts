import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SwitchyardConfig } from './config-types.ts';
import { resolveRedisOptions } from './redis-options.ts';

const config = (parts: { router?: Record<string, unknown>; cacheParams?: Record<string, unknown> } = {}): SwitchyardConfig => ({
  model_list: [],
  litellm_settings: parts.cacheParams === undefined ? {} : { cache: true, cache_params: parts.cacheParams },
  router_settings: parts.router ?? {},
  general_settings: {},
  environment_variables: {},
});

describe('resolveRedisOptions', () => {
  it('is undefined when nothing names a server', () => {
    assert.equal(resolveRedisOptions(config({ cacheParams: { type: 'local' } }), {}), undefined);
  });

  it('router_settings.redis_* win over cache_params and the environment', () => {
    const options = resolveRedisOptions(config({ router: { redis_host: 'r', redis_port: 6380, redis_password: 'p@ss' }, cacheParams: { host: 'c' } }), { REDIS_HOST: 'e' });
    assert.deepEqual(options, { namespace: 'switchyard', url: 'redis://:p%40ss@r:6380' });
  });

  it('falls back to cache_params (host, port, username, password, db, ssl)', () => {
    const options = resolveRedisOptions(config({ cacheParams: { type: 'redis', host: 'c', port: '7000', username: 'u', password: 'pw', db: 2, ssl: true } }), { SWITCHYARD_REDIS_NAMESPACE: 'ns' });
    assert.deepEqual(options, { namespace: 'ns', url: 'rediss://u:pw@c:7000/2' });
  });

  it('reads REDIS_URL, or REDIS_HOST/PORT/PASSWORD/USERNAME/SSL like LiteLLM', () => {
    assert.equal(resolveRedisOptions(config(), { REDIS_URL: 'rediss://x:1' })?.url, 'rediss://x:1');
    assert.equal(resolveRedisOptions(config(), { REDIS_HOST: 'h', REDIS_PORT: '1', REDIS_PASSWORD: 'p', REDIS_USERNAME: 'u', REDIS_SSL: 'True' })?.url, 'rediss://u:p@h:1');
  });

  it('a password from the environment completes a host from the config', () => {
    assert.equal(resolveRedisOptions(config({ router: { redis_host: 'r' } }), { REDIS_PASSWORD: 'pw' })?.url, 'redis://:pw@r:6379');
  });

  it('Cluster from cache_params.redis_startup_nodes or REDIS_CLUSTER_NODES', () => {
    assert.deepEqual(resolveRedisOptions(config({ cacheParams: { redis_startup_nodes: [{ host: 'a', port: '7001' }], password: 'pw' } }), {})?.cluster, { nodes: [{ host: 'a', port: 7001 }], username: undefined, password: 'pw', tls: false });
    assert.deepEqual(resolveRedisOptions(config(), { REDIS_CLUSTER_NODES: '[{"host": "b", "port": 7002}]', REDIS_SSL: 'true' })?.cluster?.nodes, [{ host: 'b', port: 7002 }]);
  });

  it('Sentinel from service_name + sentinel_nodes (LiteLLM’s [host, port] pairs) or the environment', () => {
    const fromParams = resolveRedisOptions(config({ cacheParams: { service_name: 'mymaster', sentinel_nodes: [['s1', 26379]], sentinel_password: 'sp', password: 'mp' } }), {});
    assert.deepEqual(fromParams?.sentinel, { serviceName: 'mymaster', sentinels: [{ host: 's1', port: 26379 }], sentinelPassword: 'sp', password: 'mp', username: undefined, tls: false, db: undefined });
    const fromEnv = resolveRedisOptions(config(), { REDIS_SENTINEL_NODES: '[["s2", "26380"]]', REDIS_SERVICE_NAME: 'm2' });
    assert.deepEqual(fromEnv?.sentinel?.sentinels, [{ host: 's2', port: 26380 }]);
    assert.equal(fromEnv?.sentinel?.serviceName, 'm2');
  });

  it('TLS checks from ssl_ca_certs / ssl_cert_reqs or REDIS_SSL_CA_CERTS / REDIS_SSL_CERT_REQS', () => {
    assert.deepEqual(resolveRedisOptions(config({ cacheParams: { url: 'rediss://c:1', ssl_ca_certs: '/etc/ca.pem' } }), {})?.tlsOptions, { caFile: '/etc/ca.pem', verify: true });
    assert.deepEqual(resolveRedisOptions(config(), { REDIS_URL: 'rediss://e:1', REDIS_SSL_CERT_REQS: 'none' })?.tlsOptions, { caFile: undefined, verify: false });
    assert.equal(resolveRedisOptions(config(), { REDIS_URL: 'rediss://e:1' })?.tlsOptions, undefined, 'the system CAs, checked');
  });

  it('explains a malformed node list or a Sentinel without a service name', () => {
    assert.throws(() => resolveRedisOptions(config(), { REDIS_CLUSTER_NODES: 'a:1' }), /REDIS_CLUSTER_NODES must be JSON/);
    assert.throws(() => resolveRedisOptions(config({ cacheParams: { redis_startup_nodes: [{ host: 'a' }] } }), {}), /each node needs a host and a port/);
    assert.throws(() => resolveRedisOptions(config({ cacheParams: { sentinel_nodes: [['s', 1]] } }), {}), /needs a service name/);
  });
});
