import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { resolveDatabaseOptions } from '../../src/storage/database-options.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { createTestDatabase } from '../support/test-database.ts';

test('no database settings → embedded SQLite in ./.switchyard, or SWITCHYARD_DATA_DIR', () => {
  assert.deepEqual(resolveDatabaseOptions({}), { kind: 'sqlite', path: resolve('.switchyard', 'switchyard.db') });
  assert.deepEqual(resolveDatabaseOptions({ SWITCHYARD_DATA_DIR: '/var/lib/sy' }), { kind: 'sqlite', path: '/var/lib/sy/switchyard.db' });
});

test('DATABASE_URL → PostgreSQL with a pool of 10 and a 60 s connection timeout by default', () => {
  assert.deepEqual(resolveDatabaseOptions({ DATABASE_URL: 'postgres://u:p@db:5432/x' }), { kind: 'postgres', connectionString: 'postgres://u:p@db:5432/x', poolMax: 10, connectionTimeoutMs: 60_000 });
});

test('general_settings win over the environment; pool limit from either', () => {
  const options = resolveDatabaseOptions(
    { DATABASE_URL: 'postgres://env/x', DATABASE_CONNECTION_POOL_LIMIT: '25' },
    { database_url: 'postgres://config/y', database_connection_timeout: 5 },
  );
  assert.deepEqual(options, { kind: 'postgres', connectionString: 'postgres://config/y', poolMax: 25, connectionTimeoutMs: 5000 });
  const fromConfig = resolveDatabaseOptions({ DATABASE_URL: 'postgres://env/x', DATABASE_CONNECTION_POOL_LIMIT: '25' }, { database_connection_pool_limit: 3 });
  assert.equal(fromConfig.kind === 'postgres' && fromConfig.poolMax, 3);
});

test('DATABASE_HOST/_PORT/_USER/_PASSWORD/_NAME build the URL, escaping the password', () => {
  const options = resolveDatabaseOptions({ DATABASE_HOST: 'db.internal', DATABASE_PORT: '6543', DATABASE_USER: 'sy', DATABASE_PASSWORD: 'p@ss/word', DATABASE_NAME: 'gateway' });
  assert.equal(options.kind === 'postgres' && options.connectionString, 'postgresql://sy:p%40ss%2Fword@db.internal:6543/gateway');
  const defaults = resolveDatabaseOptions({ DATABASE_HOST: 'h', DATABASE_USER: 'u' });
  assert.equal(defaults.kind === 'postgres' && defaults.connectionString, 'postgresql://u@h:5432/litellm');
});

test('an invalid pool limit falls back to the default', () => {
  const options = resolveDatabaseOptions({ DATABASE_URL: 'postgres://x/y', DATABASE_CONNECTION_POOL_LIMIT: 'lots' });
  assert.equal(options.kind === 'postgres' && options.poolMax, 10);
});

test('openStorage creates the data directory, migrates, and the data survives a restart (SQLite)', async () => {
  const handle = await createTestDatabase('sqlite');
  try {
    const nested = { kind: 'sqlite' as const, path: resolve(handle.options.kind === 'sqlite' ? handle.options.path : '', '..', 'deeper', 'switchyard.db') };
    const first = await openStorage(nested);
    await first.users.create({ user_id: 'persisted' });
    await first.close();
    const second = await openStorage(nested);
    assert.equal((await second.users.get('persisted'))?.user_id, 'persisted');
    await second.close();
  } finally {
    await handle.dispose();
  }
});

test('openStorage on PostgreSQL with a pool of 2 still serves 50 concurrent queries (callers queue for a connection)', async () => {
  const handle = await createTestDatabase('postgres');
  try {
    const options = handle.options.kind === 'postgres' ? { ...handle.options, poolMax: 2 } : handle.options;
    const storage = await openStorage(options);
    try {
      await storage.users.create({ user_id: 'pool' });
      const results = await Promise.all(Array.from({ length: 50 }, () => storage.users.get('pool')));
      assert.equal(results.filter((user) => user?.user_id === 'pool').length, 50);
    } finally {
      await storage.close();
    }
  } finally {
    await handle.dispose();
  }
});

test('an unreachable PostgreSQL fails openStorage with a connection error', async () => {
  await assert.rejects(openStorage({ kind: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/none', poolMax: 1, connectionTimeoutMs: 2000 }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'ECONNREFUSED');
    return true;
  });
});
