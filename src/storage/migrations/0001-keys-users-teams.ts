import type { CreateTableBuilder, Kysely } from 'kysely';
import type { StorageDialect } from '../open-database.ts';
import { columnTypes, type ColumnTypes } from './column-types.ts';
import type { Migration } from './migration.ts';

/** Keys, users, teams and their members, end users and budgets. */
export const migration0001: Migration = {
  id: '0001-keys-users-teams',
  async up(db: Kysely<unknown>, dialect: StorageDialect): Promise<void> {
    const t = columnTypes(dialect);
    await withAudit(withLimits(db.schema.createTable('LiteLLM_VerificationToken'), t), t)
      .addColumn('token', 'text', (c) => c.primaryKey())
      .addColumn('key_name', 'text', (c) => c.notNull())
      .addColumn('key_alias', 'text')
      .addColumn('spend_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('expires', t.time)
      .addColumn('models', t.json, (c) => c.notNull().defaultTo(t.emptyList))
      .addColumn('aliases', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('config', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('permissions', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('metadata', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('model_rpm_limit', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('model_tpm_limit', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('allowed_cache_controls', t.json, (c) => c.notNull().defaultTo(t.emptyList))
      .addColumn('allowed_routes', t.json, (c) => c.notNull().defaultTo(t.emptyList))
      .addColumn('blocked', t.bool, (c) => c.notNull().defaultTo(t.falseDefault))
      .addColumn('user_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('organization_id', 'text')
      .addColumn('budget_id', 'text')
      .addColumn('rotation_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_rotation_at', t.time)
      .execute();
    await db.schema.createIndex('LiteLLM_VerificationToken_user_id_idx').on('LiteLLM_VerificationToken').column('user_id').execute();
    await db.schema.createIndex('LiteLLM_VerificationToken_team_id_idx').on('LiteLLM_VerificationToken').column('team_id').execute();
    await db.schema.createIndex('LiteLLM_VerificationToken_key_alias_idx').on('LiteLLM_VerificationToken').column('key_alias').execute();

    await withAudit(withLimits(db.schema.createTable('LiteLLM_UserTable'), t), t)
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('user_alias', 'text')
      .addColumn('user_email', 'text')
      .addColumn('user_role', 'text')
      .addColumn('organization_id', 'text')
      .addColumn('budget_id', 'text')
      .addColumn('spend_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('models', t.json, (c) => c.notNull().defaultTo(t.emptyList))
      .addColumn('metadata', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('allowed_cache_controls', t.json, (c) => c.notNull().defaultTo(t.emptyList))
      .execute();
    await db.schema.createIndex('LiteLLM_UserTable_user_email_idx').on('LiteLLM_UserTable').column('user_email').execute();

    await withAudit(withLimits(db.schema.createTable('LiteLLM_TeamTable'), t), t)
      .addColumn('team_id', 'text', (c) => c.primaryKey())
      .addColumn('team_alias', 'text')
      .addColumn('organization_id', 'text')
      .addColumn('budget_id', 'text')
      .addColumn('spend_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('models', t.json, (c) => c.notNull().defaultTo(t.emptyList))
      .addColumn('metadata', t.json, (c) => c.notNull().defaultTo(t.emptyObject))
      .addColumn('blocked', t.bool, (c) => c.notNull().defaultTo(t.falseDefault))
      .execute();

    await db.schema
      .createTable('LiteLLM_TeamMembership')
      .addColumn('team_id', 'text', (c) => c.notNull().references('LiteLLM_TeamTable.team_id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
      .addColumn('spend_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('budget_id', 'text')
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addPrimaryKeyConstraint('LiteLLM_TeamMembership_pkey', ['team_id', 'user_id'])
      .execute();
    await db.schema.createIndex('LiteLLM_TeamMembership_user_id_idx').on('LiteLLM_TeamMembership').column('user_id').execute();

    await db.schema
      .createTable('LiteLLM_EndUserTable')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('alias', 'text')
      .addColumn('spend_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('allowed_model_region', 'text')
      .addColumn('default_model', 'text')
      .addColumn('budget_id', 'text')
      .addColumn('blocked', t.bool, (c) => c.notNull().defaultTo(t.falseDefault))
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .execute();

    await withAudit(withLimits(db.schema.createTable('LiteLLM_BudgetTable'), t), t)
      .addColumn('budget_id', 'text', (c) => c.primaryKey())
      .execute();
  },
};

/** Budget and limit columns shared by keys, users, teams and budgets. */
function withLimits<N extends string, C extends string>(table: CreateTableBuilder<N, C>, t: ColumnTypes): CreateTableBuilder<N, C> {
  return table
    .addColumn('max_budget', 'double precision')
    .addColumn('soft_budget', 'double precision')
    .addColumn('budget_duration', 'text')
    .addColumn('budget_reset_at', t.time)
    .addColumn('tpm_limit', 'bigint')
    .addColumn('rpm_limit', 'bigint')
    .addColumn('max_parallel_requests', 'bigint')
    .addColumn('model_max_budget', t.json, (c) => c.notNull().defaultTo(t.emptyObject)) as CreateTableBuilder<N, C>;
}

/** created_at/updated_at/created_by/updated_by. */
function withAudit<N extends string, C extends string>(table: CreateTableBuilder<N, C>, t: ColumnTypes): CreateTableBuilder<N, C> {
  return table
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text') as CreateTableBuilder<N, C>;
}
