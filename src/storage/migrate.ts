import { sql, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrations/migration-list.ts';
import type { Migration } from './migrations/migration.ts';
import type { SwitchyardDatabase } from './database-schema.ts';
import type { StorageDatabase } from './open-database.ts';

/** What a migrate() call did. */
export interface MigrateResult {
  /** Ids applied by this call, in order (empty when the schema was current). */
  applied: string[];
  /** Ids applied before this call. */
  alreadyApplied: string[];
}

/** Advisory-lock key pair every Switchyard replica takes around migrating ("swyd", "mig1" as ASCII). */
const POSTGRES_MIGRATION_LOCK = 'select pg_advisory_xact_lock(1937209700, 1835624241)';

/**
 * Brings the schema up to date. Runs in one transaction: PostgreSQL takes a transaction-scoped
 * advisory lock first, so replicas starting together migrate one after another (the later ones
 * find nothing to do); SQLite uses BEGIN IMMEDIATE, which takes the file's write lock (other
 * processes wait on busy_timeout). DDL is transactional on both, so a failure leaves the
 * previous schema intact. Migrations only ever add; nothing is dropped.
 */
export async function migrate(database: StorageDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  return database.db.connection().execute(async (connection) => {
    const db = connection as Kysely<unknown>;
    await sql.raw(database.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(db);
    try {
      if (database.dialect === 'postgres') await sql.raw(POSTGRES_MIGRATION_LOCK).execute(db);
      const result = await applyPending(database, { db, ledger: connection, migrations });
      await sql.raw('commit').execute(db);
      return result;
    } catch (error) {
      await sql.raw('rollback').execute(db).catch(() => undefined);
      throw error;
    }
  });
}

interface ApplyOptions {
  /** The migration transaction's connection, untyped for schema changes. */
  db: Kysely<unknown>;
  /** The same connection, typed for the migration ledger. */
  ledger: Kysely<SwitchyardDatabase>;
  migrations: readonly Migration[];
}

async function applyPending(database: StorageDatabase, options: ApplyOptions): Promise<MigrateResult> {
  const { db, ledger, migrations } = options;
  await db.schema
    .createTable('switchyard_migrations')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', database.dialect === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
    .execute();
  const rows = await ledger.selectFrom('switchyard_migrations').select('id').orderBy('id').execute();
  const alreadyApplied = rows.map((row) => row.id);
  const known = new Set(migrations.map((migration) => migration.id));
  const unknown = alreadyApplied.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`the database has migrations this Switchyard does not know (${unknown.join(', ')}): it was migrated by a newer version`);
  }
  const done = new Set(alreadyApplied);
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (done.has(migration.id)) continue;
    await migration.up(db, database.dialect);
    await ledger.insertInto('switchyard_migrations').values({ id: migration.id, applied_at: new Date() }).execute();
    applied.push(migration.id);
  }
  return { applied, alreadyApplied };
}
