import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DatabaseOptions } from '../../src/storage/database-options.ts';
import { migrate, type MigrateResult } from '../../src/storage/migrate.ts';
import { MIGRATIONS } from '../../src/storage/migrations/migration-list.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../support/test-database.ts';

const execFileAsync = promisify(execFile);
const ALL_IDS = MIGRATIONS.map((migration) => migration.id);
const EXPECTED_TABLES = [
  'LiteLLM_BudgetTable',
  'LiteLLM_DailyEndUserSpend',
  'LiteLLM_DailyTagSpend',
  'LiteLLM_DailyTeamSpend',
  'LiteLLM_DailyUserSpend',
  'LiteLLM_EndUserTable',
  'LiteLLM_ProxyModelTable',
  'LiteLLM_SpendLogs',
  'LiteLLM_TeamMembership',
  'LiteLLM_TeamTable',
  'LiteLLM_UserTable',
  'LiteLLM_VerificationToken',
  'switchyard_migrations',
];

async function tableNames(database: StorageDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables.map((table) => table.name).sort();
}

const REPLICA_SCRIPT = fileURLToPath(new URL('./fixtures/migrate-replica.ts', import.meta.url));

/** Runs migrate() in a separate Node process, as a second replica would. */
async function runReplica(options: DatabaseOptions): Promise<MigrateResult> {
  const { stdout } = await execFileAsync(process.execPath, [REPLICA_SCRIPT, JSON.stringify(options)]);
  return JSON.parse(stdout) as MigrateResult;
}

async function withFreshDatabase(dialect: 'sqlite' | 'postgres', body: (open: () => StorageDatabase) => Promise<void>): Promise<void> {
  const handle = await createTestDatabase(dialect);
  const opened: StorageDatabase[] = [];
  try {
    await body(() => {
      const database = openDatabase(handle.options);
      opened.push(database);
      return database;
    });
  } finally {
    for (const database of opened) await database.close();
    await handle.dispose();
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`migrate (${dialect})`, () => {
    test('an empty database gets every table, and a second run is a no-op', async () => {
      await withFreshDatabase(dialect, async (open) => {
        const database = open();
        assert.deepEqual(await migrate(database), { applied: ALL_IDS, alreadyApplied: [] });
        assert.deepEqual(await tableNames(database), EXPECTED_TABLES);
        assert.deepEqual(await migrate(database), { applied: [], alreadyApplied: ALL_IDS });
        assert.deepEqual(await tableNames(database), EXPECTED_TABLES);
      });
    });

    test('a database at migration 1 upgrades and keeps its rows', async () => {
      await withFreshDatabase(dialect, async (open) => {
        const database = open();
        const first = MIGRATIONS.slice(0, 1);
        assert.deepEqual((await migrate(database, first)).applied, [ALL_IDS[0]]);
        const now = new Date();
        await database.db
          .insertInto('LiteLLM_UserTable')
          .values({ user_id: 'kept', created_at: now, updated_at: now, spend_nanos: 5 })
          .execute();
        assert.ok(!(await tableNames(database)).includes('LiteLLM_SpendLogs'));
        const upgrade = await migrate(database);
        assert.deepEqual(upgrade, { applied: ALL_IDS.slice(1), alreadyApplied: [ALL_IDS[0]] });
        assert.deepEqual(await tableNames(database), EXPECTED_TABLES);
        const kept = await database.db.selectFrom('LiteLLM_UserTable').select(['user_id', 'spend_nanos']).execute();
        assert.deepEqual(kept.map((row) => [row.user_id, Number(row.spend_nanos)]), [['kept', 5]]);
      });
    });

    test('two replica processes migrating at once both succeed and the schema is applied once', async () => {
      const handle = await createTestDatabase(dialect);
      try {
        const results = await Promise.all([runReplica(handle.options), runReplica(handle.options)]);
        const appliedIds = results.flatMap((result) => result.applied).sort();
        assert.deepEqual(appliedIds, ALL_IDS, 'each migration ran exactly once across both replicas');
        const database = openDatabase(handle.options);
        try {
          assert.deepEqual(await tableNames(database), EXPECTED_TABLES);
          const ledger = await database.db.selectFrom('switchyard_migrations').select('id').orderBy('id').execute();
          assert.deepEqual(ledger.map((row) => row.id), ALL_IDS);
        } finally {
          await database.close();
        }
      } finally {
        await handle.dispose();
      }
    });

    if (dialect === 'postgres') {
      test('two pools in one process migrating at once both succeed', async () => {
        await withFreshDatabase(dialect, async (open) => {
          const replicas = [open(), open()];
          const results = await Promise.all(replicas.map((replica) => migrate(replica)));
          assert.deepEqual(results.flatMap((result) => result.applied).sort(), ALL_IDS);
          for (const replica of replicas) assert.deepEqual(await tableNames(replica), EXPECTED_TABLES);
        });
      });
    }

    test('a failing migration leaves the earlier schema and no ledger entry', async () => {
      await withFreshDatabase(dialect, async (open) => {
        const database = open();
        await migrate(database, MIGRATIONS.slice(0, 1));
        const broken = { id: '0002-broken', up: async (db: Parameters<(typeof MIGRATIONS)[number]['up']>[0]) => {
          await db.schema.createTable('half_done').addColumn('id', 'text').execute();
          await sql`select * from no_such_table`.execute(db);
        } };
        await assert.rejects(migrate(database, [MIGRATIONS[0]!, broken]));
        const tables = await tableNames(database);
        assert.ok(!tables.includes('half_done'), 'the half-done table was rolled back');
        const ledger = await database.db.selectFrom('switchyard_migrations').select('id').execute();
        assert.deepEqual(ledger.map((row) => row.id), [ALL_IDS[0]]);
      });
    });

    test('a database migrated by a newer version is refused', async () => {
      await withFreshDatabase(dialect, async (open) => {
        const database = open();
        await migrate(database);
        await assert.rejects(migrate(database, MIGRATIONS.slice(0, 1)), /newer version/);
      });
    });
  });
}
