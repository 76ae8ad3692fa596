import { sql, type RawBuilder } from 'kysely';
import type { StorageDialect } from '../open-database.ts';

/** Column types and defaults that differ between PostgreSQL and SQLite, for migrations. */
export interface ColumnTypes {
  json: 'jsonb' | 'text';
  time: 'timestamptz' | 'text';
  bool: 'boolean' | 'integer';
  /** Default for a boolean column that starts false. */
  falseDefault: RawBuilder<unknown>;
  /** Default for a JSON column that starts as `[]`. */
  emptyList: RawBuilder<unknown>;
  /** Default for a JSON column that starts as `{}`. */
  emptyObject: RawBuilder<unknown>;
}

/** The column types for one engine: jsonb/timestamptz/boolean on PostgreSQL, text/text/integer on SQLite. */
export function columnTypes(dialect: StorageDialect): ColumnTypes {
  const postgres = dialect === 'postgres';
  return {
    json: postgres ? 'jsonb' : 'text',
    time: postgres ? 'timestamptz' : 'text',
    bool: postgres ? 'boolean' : 'integer',
    falseDefault: postgres ? sql`false` : sql`0`,
    emptyList: postgres ? sql`'[]'::jsonb` : sql`'[]'`,
    emptyObject: postgres ? sql`'{}'::jsonb` : sql`'{}'`,
  };
}
