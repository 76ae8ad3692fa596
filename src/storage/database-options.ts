import { dirname, resolve } from 'node:path';

/** The embedded store: one SQLite file in a data directory. */
export interface SqliteDatabaseOptions {
  kind: 'sqlite';
  /** Absolute path of the database file (or `:memory:`). */
  path: string;
}

/** The shared store: PostgreSQL through a bounded pg pool. */
export interface PostgresDatabaseOptions {
  kind: 'postgres';
  /** A `postgres://` URL; secrets included, so never log it. */
  connectionString: string;
  /** Largest number of pooled connections (LiteLLM's `database_connection_pool_limit`, default 10). */
  poolMax: number;
  /** Milliseconds to wait for a free connection or a new one (`database_connection_timeout`, default 60 s). */
  connectionTimeoutMs: number;
}

/** Where Switchyard keeps keys, users, teams, budgets and spend. */
export type DatabaseOptions = SqliteDatabaseOptions | PostgresDatabaseOptions;

/** The `general_settings` keys that choose the database (LiteLLM's names). */
export interface DatabaseSettings {
  database_url?: unknown;
  database_connection_pool_limit?: unknown;
  database_connection_timeout?: unknown;
  [extra: string]: unknown;
}

const DEFAULT_POOL_MAX = 10;
const DEFAULT_CONNECTION_TIMEOUT_S = 60;

/**
 * Chooses the store as LiteLLM does: `general_settings.database_url`, else `DATABASE_URL`, else
 * `DATABASE_HOST` + `DATABASE_USER` (+ `_PASSWORD`, `_PORT`, `_NAME`) → PostgreSQL; otherwise the
 * embedded SQLite file `switchyard.db` in `SWITCHYARD_DATA_DIR` (default `./.switchyard`).
 * Pool size: `general_settings.database_connection_pool_limit`, else `DATABASE_CONNECTION_POOL_LIMIT`.
 */
export function resolveDatabaseOptions(env: NodeJS.ProcessEnv, settings: DatabaseSettings = {}): DatabaseOptions {
  const connectionString = text(settings.database_url) ?? text(env['DATABASE_URL']) ?? urlFromParts(env);
  if (connectionString === undefined) {
    const dataDir = text(env['SWITCHYARD_DATA_DIR']) ?? '.switchyard';
    return { kind: 'sqlite', path: resolve(dataDir, 'switchyard.db') };
  }
  const poolMax = positiveInteger(settings.database_connection_pool_limit) ?? positiveInteger(env['DATABASE_CONNECTION_POOL_LIMIT']) ?? DEFAULT_POOL_MAX;
  const timeoutS = positiveNumber(settings.database_connection_timeout) ?? positiveNumber(env['DATABASE_CONNECTION_TIMEOUT']) ?? DEFAULT_CONNECTION_TIMEOUT_S;
  return { kind: 'postgres', connectionString, poolMax, connectionTimeoutMs: Math.round(timeoutS * 1000) };
}

/** The data directory of an embedded store (for spill files and the like). */
export function dataDirectoryOf(options: SqliteDatabaseOptions): string {
  return options.path === ':memory:' ? resolve('.switchyard') : dirname(options.path);
}

/** LiteLLM's `postgresql://user:password@host:port/name` from the DATABASE_* parts. */
function urlFromParts(env: NodeJS.ProcessEnv): string | undefined {
  const host = text(env['DATABASE_HOST']);
  const user = text(env['DATABASE_USER']);
  if (host === undefined || user === undefined) return undefined;
  const password = text(env['DATABASE_PASSWORD']);
  const auth = password === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  const port = text(env['DATABASE_PORT']) ?? '5432';
  const name = text(env['DATABASE_NAME']) ?? 'litellm';
  return `postgresql://${auth}@${host}:${port}/${encodeURIComponent(name)}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  const parsed = positiveNumber(value);
  return parsed === undefined ? undefined : Math.max(1, Math.floor(parsed));
}
