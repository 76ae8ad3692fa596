import type { ColumnType } from 'kysely';

/**
 * The tables as Kysely sees them. Values differ by driver when read (PostgreSQL gives Dates,
 * booleans, parsed JSON and int8 as strings; SQLite gives ISO text, 0/1, JSON text and numbers),
 * so read types are wide and `column-codec.ts` narrows them. Writes are uniform: Dates, booleans,
 * JSON text, integer nano-USD.
 */

/** A timestamp: timestamptz on PostgreSQL, ISO-8601 text on SQLite. Written as a Date. */
export type TimeColumn = ColumnType<Date | string, Date, Date>;
/** A nullable timestamp. */
export type NullableTimeColumn = ColumnType<Date | string | null, Date | null | undefined, Date | null>;
/** JSON: jsonb on PostgreSQL, text on SQLite. Written as JSON text (see `encodeJson`). */
export type JsonColumn = ColumnType<unknown, string | undefined, string>;
/** A nullable JSON value. */
export type NullableJsonColumn = ColumnType<unknown, string | null | undefined, string | null>;
/** A boolean: boolean on PostgreSQL, 0/1 on SQLite. */
export type BoolColumn = ColumnType<boolean | number, boolean | undefined, boolean>;
/** Money as integer nano-USD (1e-9 dollars): bigint on PostgreSQL (read as a string), integer on SQLite. */
export type NanosColumn = ColumnType<string | number | bigint, number | undefined, number>;
/** A bigint count or limit, nullable. */
export type NullableBigIntColumn = ColumnType<string | number | bigint | null, number | null | undefined, number | null>;
/** A bigint counter that defaults to zero. */
export type CounterColumn = ColumnType<string | number | bigint, number | undefined, number>;
/** A nullable text column (optional on insert). */
export type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
/** A nullable double column (optional on insert). */
export type NullableDouble = ColumnType<number | null, number | null | undefined, number | null>;

/** Budget and limit columns shared by keys, users, teams and budgets. */
interface LimitColumns {
  max_budget: NullableDouble;
  soft_budget: NullableDouble;
  budget_duration: NullableText;
  budget_reset_at: NullableTimeColumn;
  tpm_limit: NullableBigIntColumn;
  rpm_limit: NullableBigIntColumn;
  max_parallel_requests: NullableBigIntColumn;
  model_max_budget: JsonColumn;
}

/** Audit columns on every managed row. */
interface AuditColumns {
  created_at: TimeColumn;
  updated_at: TimeColumn;
  created_by: NullableText;
  updated_by: NullableText;
}

/** `LiteLLM_VerificationToken`: one row per virtual key; the key itself is never stored. */
export interface VerificationTokenTable extends LimitColumns, AuditColumns {
  /** SHA-256 hex of the key. */
  token: string;
  /** `sk-...abcd`. */
  key_name: string;
  key_alias: NullableText;
  spend_nanos: NanosColumn;
  expires: NullableTimeColumn;
  models: JsonColumn;
  aliases: JsonColumn;
  config: JsonColumn;
  permissions: JsonColumn;
  metadata: JsonColumn;
  model_rpm_limit: JsonColumn;
  model_tpm_limit: JsonColumn;
  allowed_cache_controls: JsonColumn;
  allowed_routes: JsonColumn;
  blocked: BoolColumn;
  user_id: NullableText;
  team_id: NullableText;
  organization_id: NullableText;
  budget_id: NullableText;
  rotation_count: CounterColumn;
  last_rotation_at: NullableTimeColumn;
}

/** `LiteLLM_UserTable`: internal users (people or services that own keys). */
export interface UserTable extends LimitColumns, AuditColumns {
  user_id: string;
  user_alias: NullableText;
  user_email: NullableText;
  user_role: NullableText;
  organization_id: NullableText;
  budget_id: NullableText;
  spend_nanos: NanosColumn;
  models: JsonColumn;
  metadata: JsonColumn;
  allowed_cache_controls: JsonColumn;
}

/** `LiteLLM_TeamTable`. Members live in `LiteLLM_TeamMembership`. */
export interface TeamTable extends LimitColumns, AuditColumns {
  team_id: string;
  team_alias: NullableText;
  organization_id: NullableText;
  budget_id: NullableText;
  spend_nanos: NanosColumn;
  models: JsonColumn;
  metadata: JsonColumn;
  blocked: BoolColumn;
}

/** `LiteLLM_TeamMembership`: who is in which team, with a role, own spend and optional budget. */
export interface TeamMembershipTable {
  user_id: string;
  team_id: string;
  /** `admin` or `user`, as in LiteLLM's members_with_roles. */
  role: string;
  spend_nanos: NanosColumn;
  budget_id: NullableText;
  created_at: TimeColumn;
}

/** `LiteLLM_EndUserTable`: customers, identified by the request's `user` field. */
export interface EndUserTable {
  user_id: string;
  alias: NullableText;
  spend_nanos: NanosColumn;
  allowed_model_region: NullableText;
  default_model: NullableText;
  budget_id: NullableText;
  blocked: BoolColumn;
  created_at: TimeColumn;
  updated_at: TimeColumn;
}

/** `LiteLLM_BudgetTable`: reusable budgets (end users, team members, keys). */
export interface BudgetTable extends LimitColumns, AuditColumns {
  budget_id: string;
}

/** `LiteLLM_SpendLogs`: one small row per request (no prompts, responses or static JSON). */
export interface SpendLogsTable {
  request_id: string;
  call_type: string;
  /** SHA-256 hex of the key, or '' for the master key / no key. */
  api_key: string;
  spend_nanos: NanosColumn;
  total_tokens: CounterColumn;
  prompt_tokens: CounterColumn;
  completion_tokens: CounterColumn;
  start_time: TimeColumn;
  end_time: TimeColumn;
  completion_start_time: NullableTimeColumn;
  model: string;
  model_id: NullableText;
  model_group: NullableText;
  custom_llm_provider: NullableText;
  api_base: NullableText;
  /** LiteLLM's `user`: the internal user that owns the key. */
  user_id: NullableText;
  team_id: NullableText;
  end_user: NullableText;
  metadata: NullableJsonColumn;
  cache_hit: BoolColumn;
  cache_key: NullableText;
  request_tags: JsonColumn;
  requester_ip_address: NullableText;
  session_id: NullableText;
  /** `success` or `failure`. */
  status: string;
  /** The request's messages/input (JSON), only with `store_prompts_in_spend_logs`. */
  messages: NullableJsonColumn;
  /** The answer (JSON), only with `store_prompts_in_spend_logs`. */
  response: NullableJsonColumn;
}

/** Columns shared by the daily aggregate tables; dimensions are '' rather than NULL so the upsert key is total. */
export interface DailySpendColumns {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  api_key: string;
  model: string;
  model_group: string;
  custom_llm_provider: string;
  prompt_tokens: CounterColumn;
  completion_tokens: CounterColumn;
  cache_read_input_tokens: CounterColumn;
  cache_creation_input_tokens: CounterColumn;
  spend_nanos: NanosColumn;
  api_requests: CounterColumn;
  successful_requests: CounterColumn;
  failed_requests: CounterColumn;
  updated_at: TimeColumn;
}

/** `LiteLLM_DailyUserSpend`. */
export interface DailyUserSpendTable extends DailySpendColumns {
  user_id: string;
}

/** `LiteLLM_DailyTeamSpend`. */
export interface DailyTeamSpendTable extends DailySpendColumns {
  team_id: string;
}

/** `LiteLLM_DailyTagSpend`. */
export interface DailyTagSpendTable extends DailySpendColumns {
  tag: string;
}

/** `LiteLLM_DailyEndUserSpend`. */
export interface DailyEndUserSpendTable extends DailySpendColumns {
  end_user_id: string;
}

/** The migration ledger (`switchyard_migrations`). */
export interface MigrationsTable {
  id: string;
  applied_at: TimeColumn;
}

/** Every table Switchyard stores, by name. */
/** `LiteLLM_ProxyModelTable`: deployments added through `/model/new`; secret values encrypted. */
export interface ProxyModelTable {
  model_id: string;
  model_name: string;
  litellm_params: JsonColumn;
  model_info: JsonColumn;
  created_at: TimeColumn;
  created_by: NullableText;
  updated_at: TimeColumn;
  updated_by: NullableText;
}

export interface SwitchyardDatabase {
  LiteLLM_VerificationToken: VerificationTokenTable;
  LiteLLM_UserTable: UserTable;
  LiteLLM_TeamTable: TeamTable;
  LiteLLM_TeamMembership: TeamMembershipTable;
  LiteLLM_EndUserTable: EndUserTable;
  LiteLLM_BudgetTable: BudgetTable;
  LiteLLM_SpendLogs: SpendLogsTable;
  LiteLLM_DailyUserSpend: DailyUserSpendTable;
  LiteLLM_DailyTeamSpend: DailyTeamSpendTable;
  LiteLLM_DailyTagSpend: DailyTagSpendTable;
  LiteLLM_DailyEndUserSpend: DailyEndUserSpendTable;
  LiteLLM_ProxyModelTable: ProxyModelTable;
  switchyard_migrations: MigrationsTable;
}
