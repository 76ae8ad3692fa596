import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import type { DatabaseOptions } from '../../src/storage/database-options.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDialect } from '../../src/storage/open-database.ts';
import { createStorage, type Storage } from '../../src/storage/storage.ts';

/** The PostgreSQL server the storage tests use (SWITCHYARD_TEST_DATABASE_URL, else this machine's). Tests fail, never skip, when it is down. */
export const TEST_POSTGRES_ADMIN_URL = process.env['SWITCHYARD_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Both drivers: every storage test runs against each. */
export const TEST_DIALECTS: readonly StorageDialect[] = ['sqlite', 'postgres'];

/** A fresh, empty database and how to remove it. */
export interface TestDatabaseHandle {
  options: DatabaseOptions;
  dispose(): Promise<void>;
}

/** Creates an empty database: a SQLite file in a new temp dir, or `switchyard_test_<random>` on the test PostgreSQL server. */
export async function createTestDatabase(dialect: StorageDialect): Promise<TestDatabaseHandle> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-storage-'));
    return { options: { kind: 'sqlite', path: join(dir, 'switchyard.db') }, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `switchyard_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    options: { kind: 'postgres', connectionString: url.toString(), poolMax: 10, connectionTimeoutMs: 10_000 },
    dispose: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Registers before/after hooks in the current suite: a fresh migrated database of this kind
 * for the suite, closed and removed afterwards. Call the returned function inside tests.
 */
export function useTestStorage(dialect: StorageDialect): () => Storage {
  let handle: TestDatabaseHandle | undefined;
  let storage: Storage | undefined;
  before(async () => {
    handle = await createTestDatabase(dialect);
    const database = openDatabase(handle.options);
    await migrate(database);
    storage = createStorage(database);
  });
  after(async () => {
    await storage?.close();
    await handle?.dispose();
  });
  return () => {
    if (storage === undefined) throw new Error('the test database is not open yet');
    return storage;
  };
}
