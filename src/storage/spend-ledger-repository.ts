import { sql, type Insertable, type Kysely } from 'kysely';
import { encodeJson, usdToNanos } from './column-codec.ts';
import { DAILY_COUNTERS, DAILY_SPEND_TABLES, type DailySpendDelta, toDailySpendDeltas } from './daily-spend-tables.ts';
import type { SpendLogsTable, SwitchyardDatabase } from './database-schema.ts';
import type { SpendIncrement, SpendLogInput } from './spend-log-record.ts';

/** Rows per INSERT statement (26 columns each: far below PostgreSQL's and SQLite's parameter limits). */
const INSERT_CHUNK = 500;

/** What recordSpend wrote. */
export interface RecordSpendResult {
  /** Request ids written now; a replayed id already present is not counted again. */
  inserted: string[];
}

/**
 * Writes money: atomic spend increments, batched spend logs and the daily aggregates. Every
 * increment is a single `UPDATE … SET spend_nanos = spend_nanos + ?`, so concurrent writers
 * (threads, replicas) never lose an update.
 */
export class SpendLedgerRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  /** Adds `amount` to the key, user, team, the user's team membership and the end user (created if new), in one transaction. */
  async incrementSpend(increment: SpendIncrement): Promise<void> {
    await this.incrementSpendMany([increment]);
  }

  /** Adds many increments in one transaction, summed per owner first (one UPDATE per owner). */
  async incrementSpendMany(increments: readonly SpendIncrement[]): Promise<void> {
    await this.#db.transaction().execute((trx) => applyIncrements(trx, increments));
  }

  /** Inserts spend-log rows in batches; a row whose request_id exists is skipped. Returns the ids inserted. */
  async insertSpendLogs(rows: readonly SpendLogInput[]): Promise<string[]> {
    return insertLogs(this.#db, rows);
  }

  /** Adds the rows' tokens, requests and spend to the daily user/team/tag/end-user tables. */
  async upsertDailySpend(rows: readonly SpendLogInput[]): Promise<void> {
    await this.#db.transaction().execute((trx) => upsertDaily(trx, toDailySpendDeltas(rows, (row) => usdToNanos(row.spend))));
  }

  /**
   * The exactly-once write for a batch of finished calls, in one transaction: insert the spend
   * logs, then for the rows that were new (not already written by an earlier attempt) add their
   * spend to every owner and to the daily aggregates. Replaying a batch after a crash or a lost
   * commit acknowledgement therefore never counts a call twice.
   */
  async recordSpend(rows: readonly SpendLogInput[]): Promise<RecordSpendResult> {
    return this.#db.transaction().execute(async (trx) => {
      const inserted = await insertLogs(trx, rows);
      const fresh = new Set(inserted);
      const written = rows.filter((row) => fresh.has(row.request_id));
      await applyIncrements(
        trx,
        written.map((row) => ({ keyHash: row.api_key || null, userId: row.user_id, teamId: row.team_id, endUserId: row.end_user, amount: row.spend })),
      );
      await upsertDaily(trx, toDailySpendDeltas(written, (row) => usdToNanos(row.spend)));
      return { inserted };
    });
  }
}

async function applyIncrements(db: Kysely<SwitchyardDatabase>, increments: readonly SpendIncrement[]): Promise<void> {
  const sums = sumByOwner(increments);
  const add = (nanos: number) => sql<number>`spend_nanos + ${nanos}`;
  for (const [token, nanos] of sums.keys) await db.updateTable('LiteLLM_VerificationToken').set({ spend_nanos: add(nanos) }).where('token', '=', token).execute();
  for (const [userId, nanos] of sums.users) await db.updateTable('LiteLLM_UserTable').set({ spend_nanos: add(nanos) }).where('user_id', '=', userId).execute();
  for (const [teamId, nanos] of sums.teams) await db.updateTable('LiteLLM_TeamTable').set({ spend_nanos: add(nanos) }).where('team_id', '=', teamId).execute();
  for (const [pair, nanos] of sums.members) {
    const [teamId, userId] = JSON.parse(pair) as [string, string];
    await db.updateTable('LiteLLM_TeamMembership').set({ spend_nanos: add(nanos) }).where('team_id', '=', teamId).where('user_id', '=', userId).execute();
  }
  const now = new Date();
  for (const [endUserId, nanos] of sums.endUsers) {
    await db
      .insertInto('LiteLLM_EndUserTable')
      .values({ user_id: endUserId, spend_nanos: nanos, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ spend_nanos: sql<number>`${sql.ref('LiteLLM_EndUserTable.spend_nanos')} + excluded.spend_nanos` }))
      .execute();
  }
}

interface OwnerSums {
  keys: Map<string, number>;
  users: Map<string, number>;
  teams: Map<string, number>;
  members: Map<string, number>;
  endUsers: Map<string, number>;
}

function sumByOwner(increments: readonly SpendIncrement[]): OwnerSums {
  const sums: OwnerSums = { keys: new Map(), users: new Map(), teams: new Map(), members: new Map(), endUsers: new Map() };
  const add = (map: Map<string, number>, id: string | null | undefined, nanos: number) => {
    if (id) map.set(id, (map.get(id) ?? 0) + nanos);
  };
  for (const increment of increments) {
    const nanos = usdToNanos(increment.amount);
    if (nanos === 0) continue;
    add(sums.keys, increment.keyHash, nanos);
    add(sums.users, increment.userId, nanos);
    add(sums.teams, increment.teamId, nanos);
    add(sums.endUsers, increment.endUserId, nanos);
    if (increment.teamId && increment.userId) add(sums.members, JSON.stringify([increment.teamId, increment.userId]), nanos);
  }
  return sums;
}

async function insertLogs(db: Kysely<SwitchyardDatabase>, rows: readonly SpendLogInput[]): Promise<string[]> {
  const inserted: string[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = dedupeById(rows.slice(start, start + INSERT_CHUNK)).map(toLogRow);
    const written = await db.insertInto('LiteLLM_SpendLogs').values(chunk).onConflict((conflict) => conflict.column('request_id').doNothing()).returning('request_id').execute();
    for (const row of written) inserted.push(row.request_id);
  }
  return inserted;
}

/** Within one statement a repeated request_id would be an error on PostgreSQL: keep the first. */
function dedupeById(rows: readonly SpendLogInput[]): SpendLogInput[] {
  const byId = new Map<string, SpendLogInput>();
  for (const row of rows) if (!byId.has(row.request_id)) byId.set(row.request_id, row);
  return [...byId.values()];
}

function toLogRow(row: SpendLogInput): Insertable<SpendLogsTable> {
  return {
    request_id: row.request_id,
    call_type: row.call_type,
    api_key: row.api_key,
    spend_nanos: usdToNanos(row.spend),
    prompt_tokens: row.prompt_tokens,
    completion_tokens: row.completion_tokens,
    total_tokens: row.total_tokens ?? row.prompt_tokens + row.completion_tokens,
    start_time: row.start_time,
    end_time: row.end_time,
    completion_start_time: row.completion_start_time ?? null,
    model: row.model,
    model_id: row.model_id ?? null,
    model_group: row.model_group ?? null,
    custom_llm_provider: row.custom_llm_provider ?? null,
    api_base: row.api_base ?? null,
    user_id: row.user_id ?? null,
    team_id: row.team_id ?? null,
    end_user: row.end_user ?? null,
    metadata: row.metadata === undefined || row.metadata === null ? null : encodeJson(row.metadata),
    cache_hit: row.cache_hit ?? false,
    cache_key: row.cache_key ?? null,
    request_tags: encodeJson(row.request_tags ?? []),
    requester_ip_address: row.requester_ip_address ?? null,
    session_id: row.session_id ?? null,
    status: row.status ?? 'success',
    messages: row.messages === undefined || row.messages === null ? null : encodeJson(row.messages),
    response: row.response === undefined || row.response === null ? null : encodeJson(row.response),
  };
}

/** Upserts daily deltas: new rows are inserted, existing rows get the counters added (in SQL, so concurrent writers add up). */
async function upsertDaily(db: Kysely<SwitchyardDatabase>, deltas: readonly DailySpendDelta[]): Promise<void> {
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const now = new Date();
  for (const [entity, { table, entity: entityColumn }] of Object.entries(DAILY_SPEND_TABLES)) {
    const rows = deltas
      .filter((delta) => delta.entity === entity)
      .map(({ key, counters }) => {
        const { entity_id: entityId, ...dimensions } = key;
        return { [entityColumn]: entityId, ...dimensions, ...counters, updated_at: now };
      });
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const set: Record<string, unknown> = { updated_at: now };
      for (const counter of DAILY_COUNTERS) set[counter] = sql`${sql.ref(`${table}.${counter}`)} + ${sql.ref(`excluded.${counter}`)}`;
      await untyped
        .insertInto(table)
        .values(rows.slice(start, start + INSERT_CHUNK))
        .onConflict((conflict) => conflict.columns([entityColumn, 'date', 'api_key', 'model', 'model_group', 'custom_llm_provider']).doUpdateSet(set))
        .execute();
    }
  }
}
