import type { Kysely } from 'kysely';
import type { StorageDialect } from '../open-database.ts';

/**
 * One versioned schema change. `id` is `NNNN-name` and orders the list. `up` runs inside the
 * migration transaction and only adds (tables, columns, indexes): migrations never drop data.
 */
export interface Migration {
  id: string;
  up(db: Kysely<unknown>, dialect: StorageDialect): Promise<void>;
}
