import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/** Where the embedded database lives and how long a writer waits for another process's lock. */
export interface NodeSqliteOptions {
  /** File path, or `:memory:`. */
  path: string;
  /** Milliseconds a statement waits on a lock held by another connection before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * Kysely's SqliteDialect over the built-in `node:sqlite` DatabaseSync. Kysely's dialect is written
 * for better-sqlite3; this adapts DatabaseSync to the small subset it calls (`prepare`, `close`,
 * statements with `reader`, `all`, `run`, `iterate` taking a parameter array). Kysely serialises
 * every query and transaction on its single connection (the adapter says it has one connection).
 * The file runs in WAL mode with a busy timeout, so several processes can share it.
 */
export function createNodeSqliteDialect(options: NodeSqliteOptions): SqliteDialect {
  return new SqliteDialect({ database: async () => openNodeSqlite(options) });
}

/** Opens the file with the pragmas Switchyard relies on, wrapped for Kysely. */
export function openNodeSqlite(options: NodeSqliteOptions): SqliteDatabase {
  const database = new DatabaseSync(options.path);
  database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
  if (options.path !== ':memory:') execWhenUnlocked(database, 'PRAGMA journal_mode = WAL');
  database.exec('PRAGMA synchronous = NORMAL');
  database.exec('PRAGMA foreign_keys = ON');
  return adaptDatabaseSync(database);
}

/**
 * Runs a statement that needs the file's exclusive lock (switching to WAL), retrying while
 * another process holds it: SQLite does not call the busy handler for this lock upgrade, so two
 * replicas opening a new file at once would otherwise fail with "database is locked".
 * Start-up only: waits synchronously, up to ~5 s.
 */
function execWhenUnlocked(database: DatabaseSync, statement: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      database.exec(statement);
      return;
    } catch (error) {
      if (attempt >= 250 || !/database is locked|SQLITE_BUSY/i.test((error as Error).message)) throw error;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

/** Wraps a DatabaseSync so it satisfies Kysely's better-sqlite3-shaped SqliteDatabase. */
export function adaptDatabaseSync(database: DatabaseSync): SqliteDatabase {
  // Prepared statements by SQL text: the hot statements (spend logs, increments, key lookups)
  // repeat, and preparing costs more than running them. Bounded; the oldest goes first.
  const prepared = new Map<string, SqliteStatement>();
  return {
    close: () => {
      prepared.clear();
      if (database.isOpen) database.close();
    },
    prepare: (text: string) => {
      let statement = prepared.get(text);
      if (statement === undefined) {
        statement = adaptStatement(database.prepare(text));
        prepared.set(text, statement);
        if (prepared.size > 500) {
          const oldest = prepared.keys().next().value;
          if (oldest !== undefined) prepared.delete(oldest);
        }
      }
      return statement;
    },
  };
}

function adaptStatement(statement: StatementSync): SqliteStatement {
  return {
    // A statement that yields columns (SELECT, or anything with RETURNING) is read with all().
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...toSqliteValues(parameters)),
    run: (parameters) => statement.run(...toSqliteValues(parameters)),
    iterate: (parameters) => statement.iterate(...toSqliteValues(parameters)),
  };
}

/** node:sqlite binds null, numbers, bigints, strings and bytes: map booleans, Dates and undefined onto those. */
function toSqliteValues(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map(toSqliteValue);
}

function toSqliteValue(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (ArrayBuffer.isView(value)) return value as SQLInputValue;
  if (typeof value === 'object') return JSON.stringify(value);
  throw new TypeError(`cannot bind a ${typeof value} parameter to SQLite`);
}
