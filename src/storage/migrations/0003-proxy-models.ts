import type { Kysely } from 'kysely';
import type { StorageDialect } from '../open-database.ts';
import { columnTypes } from './column-types.ts';
import type { Migration } from './migration.ts';

/** Models added through the API (`STORE_MODEL_IN_DB`): LiteLLM's `LiteLLM_ProxyModelTable`. */
export const migration0003: Migration = {
  id: '0003-proxy-models',
  async up(db: Kysely<unknown>, dialect: StorageDialect): Promise<void> {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('LiteLLM_ProxyModelTable')
      .addColumn('model_id', 'text', (c) => c.primaryKey())
      .addColumn('model_name', 'text', (c) => c.notNull())
      .addColumn('litellm_params', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('model_info', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
  },
};
