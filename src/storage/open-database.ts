import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseOptions } from './database-options.ts';
import type { SwitchyardDatabase } from './database-schema.ts';
import { createNodeSqliteDialect } from './node-sqlite-dialect.ts';

/** Which SQL engine is behind the query layer (a few statements differ). */
export type StorageDialect = 'sqlite' | 'postgres';

/** An open database: the typed query layer, which engine it is, and how to close it. */
export interface StorageDatabase {
  db: Kysely<SwitchyardDatabase>;
  dialect: StorageDialect;
  /** Closes the pool or the file. */
  close(): Promise<void>;
}

/** Hooks for problems that happen outside any query (an idle pooled connection dropped by the server). */
export interface OpenDatabaseHooks {
  onBackgroundError?: (error: Error) => void;
}

/**
 * Opens the store the options name. SQLite: creates the data directory and opens the file
 * through node:sqlite. PostgreSQL: a pg pool bounded at `poolMax` connections; a connection
 * that dies while idle is reported, not thrown (pg would otherwise crash the process).
 */
export function openDatabase(options: DatabaseOptions, hooks: OpenDatabaseHooks = {}): StorageDatabase {
  if (options.kind === 'sqlite') {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Kysely<SwitchyardDatabase>({ dialect: createNodeSqliteDialect({ path: options.path }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectionTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => hooks.onBackgroundError?.(error));
  const db = new Kysely<SwitchyardDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
