/**
 * Two gateways on one database and one Redis: a key blocked through one is refused by the
 * other at once, although the other had it cached (no waiting for the cache TTL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RedisKeyInvalidation } from '../../src/access/redis-key-invalidation.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage } from '../../src/storage/storage.ts';
import { TEST_REDIS_URL, silentLog, testNamespace } from '../support/redis-url.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../support/test-database.ts';

describe('key changes reach every replica through Redis', () => {
  let handle: TestDatabaseHandle;
  let database: StorageDatabase;
  const buses: RedisKeyInvalidation[] = [];
  const gateways: TestGateway[] = [];

  before(async () => {
    handle = await createTestDatabase('postgres');
    database = openDatabase(handle.options);
    await migrate(database);
    const namespace = testNamespace();
    for (let i = 0; i < 2; i++) {
      const bus = await RedisKeyInvalidation.connect({ url: TEST_REDIS_URL, namespace, log: silentLog });
      buses.push(bus);
      const s = createStorage(database);
      gateways.push(await startGateway({ models: [{ model_name: 'm', litellm_params: { model: 'mock/m', mock_response: 'ok' } }], stores: { keys: s.keys, keyChanges: bus } }));
    }
  });
  after(async () => {
    for (const g of gateways) await g.close();
    for (const b of buses) await b.close();
    await database.close();
    await handle.dispose();
  });

  it('a key blocked on replica 1 is refused by replica 2, which had it cached', async () => {
    const [one, two] = gateways as [TestGateway, TestGateway];
    const key = String(((await one.post('/key/generate', {})).body as { key: string }).key);
    const call = (g: TestGateway) => g.post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { authorization: `Bearer ${key}` });
    assert.equal((await call(two)).status, 200, 'replica 2 now has the key cached');
    const delivered = new Promise<string>((resolve) => buses[1]!.subscribe(resolve));
    assert.equal((await one.post('/key/block', { key })).status, 200);
    await delivered;
    assert.equal((await call(two)).status, 401, 'replica 2 dropped its cached copy');
  });
});
