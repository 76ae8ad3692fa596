import type { Kysely } from 'kysely';
import type { StorageDialect } from '../open-database.ts';
import { columnTypes } from './column-types.ts';
import type { Migration } from './migration.ts';

/**
 * The admin dashboard's log view: LiteLLM's `messages` and `response` columns on spend logs
 * (filled only with `store_prompts_in_spend_logs`), and indexes for its filters (model group,
 * status) so the paginated log list and the activity series never scan the table.
 */
export const migration0004: Migration = {
  id: '0004-spend-log-messages',
  async up(db: Kysely<unknown>, dialect: StorageDialect): Promise<void> {
    const t = columnTypes(dialect);
    await db.schema.alterTable('LiteLLM_SpendLogs').addColumn('messages', t.json).execute();
    await db.schema.alterTable('LiteLLM_SpendLogs').addColumn('response', t.json).execute();
    await db.schema.createIndex('LiteLLM_SpendLogs_model_group_start_time_idx').on('LiteLLM_SpendLogs').columns(['model_group', 'start_time']).execute();
    await db.schema.createIndex('LiteLLM_SpendLogs_status_start_time_idx').on('LiteLLM_SpendLogs').columns(['status', 'start_time']).execute();
  },
};
