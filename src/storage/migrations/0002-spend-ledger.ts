import type { CreateTableBuilder, Kysely } from 'kysely';
import type { StorageDialect } from '../open-database.ts';
import { columnTypes, type ColumnTypes } from './column-types.ts';
import type { Migration } from './migration.ts';

/** The daily aggregate tables and the column naming their entity. */
const DAILY_TABLES = [
  ['LiteLLM_DailyUserSpend', 'user_id'],
  ['LiteLLM_DailyTeamSpend', 'team_id'],
  ['LiteLLM_DailyTagSpend', 'tag'],
  ['LiteLLM_DailyEndUserSpend', 'end_user_id'],
] as const;

/** Spend logs (one small row per request) and the daily aggregates activity queries read. */
export const migration0002: Migration = {
  id: '0002-spend-ledger',
  async up(db: Kysely<unknown>, dialect: StorageDialect): Promise<void> {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('LiteLLM_SpendLogs')
      .addColumn('request_id', 'text', (c) => c.primaryKey())
      .addColumn('call_type', 'text', (c) => c.notNull())
      .addColumn('api_key', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('spend_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('total_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('prompt_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('completion_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('start_time', t.time, (c) => c.notNull())
      .addColumn('end_time', t.time, (c) => c.notNull())
      .addColumn('completion_start_time', t.time)
      .addColumn('model', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('model_id', 'text')
      .addColumn('model_group', 'text')
      .addColumn('custom_llm_provider', 'text')
      .addColumn('api_base', 'text')
      .addColumn('user_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('end_user', 'text')
      .addColumn('metadata', t.json)
      .addColumn('cache_hit', t.bool, (c) => c.notNull().defaultTo(t.falseDefault))
      .addColumn('cache_key', 'text')
      .addColumn('request_tags', t.json, (c) => c.notNull().defaultTo(t.emptyList))
      .addColumn('requester_ip_address', 'text')
      .addColumn('session_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('success'))
      .execute();
    for (const column of ['start_time', 'api_key', 'user_id', 'team_id', 'end_user'] as const) {
      await db.schema.createIndex(`LiteLLM_SpendLogs_${column}_idx`).on('LiteLLM_SpendLogs').column(column).execute();
    }
    for (const [table, entity] of DAILY_TABLES) await createDailyTable(db, { table, entity, t });
  },
};

async function createDailyTable(db: Kysely<unknown>, options: { table: string; entity: string; t: ColumnTypes }): Promise<void> {
  const { table, entity, t } = options;
  const dimensions = [entity, 'date', 'api_key', 'model', 'model_group', 'custom_llm_provider'];
  let builder: CreateTableBuilder<string, string> = db.schema.createTable(table);
  for (const dimension of dimensions) builder = builder.addColumn(dimension, 'text', (c) => c.notNull().defaultTo(''));
  for (const counter of ['prompt_tokens', 'completion_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'spend_nanos', 'api_requests', 'successful_requests', 'failed_requests']) {
    builder = builder.addColumn(counter, 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await builder
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pkey`, dimensions)
    .execute();
  await db.schema.createIndex(`${table}_date_idx`).on(table).column('date').execute();
}
