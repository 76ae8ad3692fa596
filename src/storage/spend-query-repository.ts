import type { Kysely, Selectable } from 'kysely';
import { decodeBool, decodeInteger, decodeJson, decodeNullableTime, decodeStringList, decodeTime, nanosToUsd } from './column-codec.ts';
import { DAILY_COUNTERS, DAILY_SPEND_TABLES, type DailySpendEntity } from './daily-spend-tables.ts';
import type { SpendLogsTable, SwitchyardDatabase } from './database-schema.ts';
import { decodeKey, type KeyRecord } from './key-repository.ts';
import { type Page, pageBounds, toPage } from './record-fields.ts';
import type { SpendLogRecord } from './spend-log-record.ts';

/** Filters for the spend-log list (`/spend/logs`, `/spend/logs/v2`). */
export interface SpendLogQuery {
  api_key?: string;
  user_id?: string;
  team_id?: string;
  end_user?: string;
  request_id?: string;
  model?: string;
  /** Matches the model group (the alias the caller asked for) or the provider model. */
  model_or_group?: string;
  /** Any of these key hashes (e.g. the keys with one alias); an empty list matches nothing. */
  api_keys?: readonly string[];
  status?: 'success' | 'failure';
  /** Leave out the stored request and answer (list views). */
  without_bodies?: boolean;
  /** Inclusive. */
  start_time?: Date;
  /** Exclusive. */
  end_time?: Date;
  page?: number;
  page_size?: number;
}

/** One spend log as the activity series reads it. */
export interface ActivityRow {
  start_time: Date;
  latency_ms: number;
  spend: number;
  total_tokens: number;
  failed: boolean;
  /** The model group, else the provider model. */
  model: string;
  api_key: string;
  team_id: string | null;
}

/** Spend-log columns for list views (all but the stored request and answer). */
const LIST_COLUMNS = [
  'request_id', 'call_type', 'api_key', 'spend_nanos', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'start_time', 'end_time', 'completion_start_time',
  'model', 'model_id', 'model_group', 'custom_llm_provider', 'api_base', 'user_id', 'team_id', 'end_user', 'metadata', 'cache_hit', 'cache_key', 'request_tags',
  'requester_ip_address', 'session_id', 'status',
] as const;

/** A date range over the daily tables, `YYYY-MM-DD`, both ends inclusive. */
export interface DateRange {
  start_date?: string;
  end_date?: string;
}

/** Spend summed by one dimension. */
export interface SpendTotal {
  /** The model, tag, … */
  name: string;
  spend: number;
  api_requests: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** One daily aggregate row (`/user/daily/activity`, `/team/daily/activity`). */
export interface DailySpendRecord {
  entity_id: string;
  date: string;
  api_key: string;
  model: string;
  model_group: string;
  custom_llm_provider: string;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  spend: number;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
}

/** Read side of spend: keys by spend, spend logs, global totals, by model and tag, daily activity, retention. */
export class SpendQueryRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  /** Keys with the highest spend first (`/spend/keys`, `/global/spend/keys`). */
  async topKeysBySpend(limit = 100): Promise<KeyRecord[]> {
    const rows = await this.#db.selectFrom('LiteLLM_VerificationToken').selectAll().orderBy('spend_nanos', 'desc').orderBy('token').limit(Math.max(1, limit)).execute();
    return rows.map(decodeKey);
  }

  /** One page of spend logs, newest first. Page size defaults to 50, at most 100. */
  async listSpendLogs(query: SpendLogQuery = {}): Promise<Page<SpendLogRecord>> {
    const { page, size, offset } = pageBounds({ page: query.page, size: query.page_size ?? 50 });
    let filtered = this.#db.selectFrom('LiteLLM_SpendLogs');
    if (query.api_key !== undefined) filtered = filtered.where('api_key', '=', query.api_key);
    if (query.user_id !== undefined) filtered = filtered.where('user_id', '=', query.user_id);
    if (query.team_id !== undefined) filtered = filtered.where('team_id', '=', query.team_id);
    if (query.end_user !== undefined) filtered = filtered.where('end_user', '=', query.end_user);
    if (query.request_id !== undefined) filtered = filtered.where('request_id', '=', query.request_id);
    if (query.model !== undefined) filtered = filtered.where('model', '=', query.model);
    if (query.model_or_group !== undefined) {
      const name = query.model_or_group;
      filtered = filtered.where((eb) => eb.or([eb('model_group', '=', name), eb('model', '=', name)]));
    }
    if (query.api_keys !== undefined) filtered = query.api_keys.length === 0 ? filtered.where((eb) => eb.lit(false)) : filtered.where('api_key', 'in', [...query.api_keys]);
    if (query.status !== undefined) filtered = filtered.where('status', '=', query.status);
    if (query.start_time !== undefined) filtered = filtered.where('start_time', '>=', query.start_time);
    if (query.end_time !== undefined) filtered = filtered.where('start_time', '<', query.end_time);
    const counted = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const selected = query.without_bodies === true ? filtered.select(LIST_COLUMNS).select((eb) => [eb.val(null).as('messages'), eb.val(null).as('response')]) : filtered.selectAll();
    const rows = await selected.orderBy('start_time', 'desc').orderBy('request_id').limit(size).offset(offset).execute();
    return toPage(rows.map((row) => decodeSpendLog(row as Selectable<SpendLogsTable>)), { total: decodeInteger(counted.count), page, size });
  }

  /**
   * The few columns of every log in `[start, end)` the dashboard's activity series needs,
   * oldest first, at most `limit` rows (by the start_time index); `api_key` narrows to one key.
   */
  async activityRows(options: { start: Date; end: Date; api_key?: string; limit: number }): Promise<ActivityRow[]> {
    let query = this.#db
      .selectFrom('LiteLLM_SpendLogs')
      .select(['start_time', 'end_time', 'spend_nanos', 'total_tokens', 'status', 'model_group', 'model', 'api_key', 'team_id'])
      .where('start_time', '>=', options.start)
      .where('start_time', '<', options.end);
    if (options.api_key !== undefined) query = query.where('api_key', '=', options.api_key);
    const rows = await query.orderBy('start_time').limit(options.limit).execute();
    return rows.map((row) => ({
      start_time: decodeTime(row.start_time),
      latency_ms: decodeTime(row.end_time).getTime() - decodeTime(row.start_time).getTime(),
      spend: nanosToUsd(row.spend_nanos),
      total_tokens: decodeInteger(row.total_tokens),
      failed: row.status === 'failure',
      model: row.model_group ?? row.model,
      api_key: row.api_key,
      team_id: row.team_id,
    }));
  }

  /** What one key spent on one model group since `since` (for per-model key budgets), from the spend logs. */
  async keyModelSpend(args: { apiKey: string; modelGroup: string; since: Date }): Promise<number> {
    const row = await this.#db
      .selectFrom('LiteLLM_SpendLogs')
      .select((eb) => eb.fn.sum<number | string | null>('spend_nanos').as('total'))
      .where('api_key', '=', args.apiKey)
      .where('model_group', '=', args.modelGroup)
      .where('start_time', '>=', args.since)
      .executeTakeFirst();
    const total = row?.total;
    return total === null || total === undefined ? 0 : nanosToUsd(Number(total));
  }

  /** Total spend over a date range (`/global/spend`), from the daily user table (kept whatever the log retention). */
  async totalSpend(range: DateRange = {}): Promise<number> {
    const [total] = await this.#spendBy({ entity: 'user', dimension: null, range });
    return total?.spend ?? 0;
  }

  /** Spend per model, highest first (`/global/spend/models`). */
  async spendByModel(range: DateRange = {}): Promise<SpendTotal[]> {
    return this.#spendBy({ entity: 'user', dimension: 'model', range });
  }

  /** Spend per request tag, highest first (`/spend/tags`, `/global/spend/tags`). */
  async spendByTag(range: DateRange = {}): Promise<SpendTotal[]> {
    return this.#spendBy({ entity: 'tag', dimension: 'tag', range });
  }

  /** Daily rows for some users/teams/tags/end users over a range, by date (`/user/daily/activity`, `/team/daily/activity`). */
  async dailyActivity(options: { entity: DailySpendEntity; ids?: readonly string[]; range?: DateRange }): Promise<DailySpendRecord[]> {
    const { table, entity: entityColumn } = DAILY_SPEND_TABLES[options.entity];
    let query = this.#untyped().selectFrom(table).selectAll();
    if (options.ids !== undefined) query = options.ids.length === 0 ? query.where((eb) => eb.lit(false)) : query.where(entityColumn, 'in', [...options.ids]);
    query = withRange(query, options.range ?? {});
    const rows = await query.orderBy('date').orderBy(entityColumn).orderBy('api_key').orderBy('model').execute();
    return rows.map((row) => decodeDaily(row, entityColumn));
  }

  /** Deletes spend logs that started before `cutoff` (the retention setting); returns how many. */
  async deleteSpendLogsBefore(cutoff: Date): Promise<number> {
    const result = await this.#db.deleteFrom('LiteLLM_SpendLogs').where('start_time', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async #spendBy(options: { entity: DailySpendEntity; dimension: string | null; range: DateRange }): Promise<SpendTotal[]> {
    const { table } = DAILY_SPEND_TABLES[options.entity];
    const sums = (['spend_nanos', 'api_requests', 'prompt_tokens', 'completion_tokens'] as const).map((counter) => this.#untyped().fn.sum(counter).as(counter));
    const base = withRange(this.#untyped().selectFrom(table), options.range);
    const dimension = options.dimension;
    const rows: Array<Record<string, unknown>> = dimension === null ? await base.select(sums).execute() : await base.select([...sums, `${dimension} as name`]).groupBy(dimension).orderBy('spend_nanos', 'desc').orderBy(dimension).execute();
    return rows.map((row) => ({
      name: typeof row['name'] === 'string' ? row['name'] : '',
      spend: nanosToUsd(row['spend_nanos']),
      api_requests: decodeInteger(row['api_requests']),
      prompt_tokens: decodeInteger(row['prompt_tokens']),
      completion_tokens: decodeInteger(row['completion_tokens']),
    }));
  }

  /** The daily tables share a shape but not an entity column name: query them untyped, decode by hand. */
  #untyped(): Kysely<Record<string, Record<string, unknown>>> {
    return this.#db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  }
}

function withRange<Q extends { where: (column: string, op: '>=' | '<=', value: string) => Q }>(query: Q, range: DateRange): Q {
  let ranged = query;
  if (range.start_date !== undefined) ranged = ranged.where('date', '>=', range.start_date);
  if (range.end_date !== undefined) ranged = ranged.where('date', '<=', range.end_date);
  return ranged;
}

function decodeDaily(row: Record<string, unknown>, entityColumn: string): DailySpendRecord {
  const text = (column: string) => String(row[column] ?? '');
  const counters = Object.fromEntries(DAILY_COUNTERS.map((counter) => [counter, decodeInteger(row[counter])])) as Record<(typeof DAILY_COUNTERS)[number], number>;
  const { spend_nanos: spendNanos, ...rest } = counters;
  return {
    entity_id: text(entityColumn),
    date: text('date'),
    api_key: text('api_key'),
    model: text('model'),
    model_group: text('model_group'),
    custom_llm_provider: text('custom_llm_provider'),
    ...rest,
    spend: nanosToUsd(spendNanos),
  };
}

/** A stored spend-log row → SpendLogRecord. */
export function decodeSpendLog(row: Selectable<SpendLogsTable>): SpendLogRecord {
  return {
    request_id: row.request_id,
    call_type: row.call_type,
    api_key: row.api_key,
    spend: nanosToUsd(row.spend_nanos),
    prompt_tokens: decodeInteger(row.prompt_tokens),
    completion_tokens: decodeInteger(row.completion_tokens),
    total_tokens: decodeInteger(row.total_tokens),
    start_time: decodeTime(row.start_time),
    end_time: decodeTime(row.end_time),
    completion_start_time: decodeNullableTime(row.completion_start_time),
    model: row.model,
    model_id: row.model_id,
    model_group: row.model_group,
    custom_llm_provider: row.custom_llm_provider,
    api_base: row.api_base,
    user_id: row.user_id,
    team_id: row.team_id,
    end_user: row.end_user,
    metadata: decodeJson<Record<string, unknown> | null>(row.metadata, null),
    cache_hit: decodeBool(row.cache_hit),
    cache_key: row.cache_key,
    request_tags: decodeStringList(row.request_tags),
    requester_ip_address: row.requester_ip_address,
    session_id: row.session_id,
    status: row.status === 'failure' ? 'failure' : 'success',
    messages: decodeJson<unknown>(row.messages, null),
    response: decodeJson<unknown>(row.response, null),
  };
}
