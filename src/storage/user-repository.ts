import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { decodeInteger, decodeRecord, decodeStringList, nanosToUsd } from './column-codec.ts';
import type { SwitchyardDatabase, UserTable } from './database-schema.ts';
import {
  type AuditFields,
  decodeAudit,
  decodeLimits,
  encodePatch,
  LIMIT_JSON_FIELDS,
  type LimitFields,
  type Page,
  type PageRequest,
  pageBounds,
  toPage,
} from './record-fields.ts';

/** An internal user (LiteLLM's `LiteLLM_UserTable`; `spend` in USD). Teams come from memberships. */
export interface UserRecord extends LimitFields, AuditFields {
  user_id: string;
  user_alias: string | null;
  user_email: string | null;
  /** `proxy_admin`, `proxy_admin_viewer`, `internal_user`, `internal_user_viewer`, … */
  user_role: string | null;
  organization_id: string | null;
  budget_id: string | null;
  spend: number;
  models: string[];
  metadata: Record<string, unknown>;
  allowed_cache_controls: string[];
}

/** The fields a caller may set. */
export type UserPatch = Partial<Omit<UserRecord, 'user_id' | 'created_at' | 'updated_at' | 'created_by'>>;

/** A new user. */
export interface NewUser extends UserPatch {
  user_id: string;
  created_by?: string | null;
}

/** Filters for `list`. */
export interface UserListQuery extends PageRequest {
  user_role?: string;
  user_ids?: readonly string[];
  organization_id?: string;
}

const USER_JSON_FIELDS = new Set<string>([...LIMIT_JSON_FIELDS, 'models', 'metadata', 'allowed_cache_controls']);
const TABLE = 'LiteLLM_UserTable';

/** Internal users: create, get, update, delete (with their keys and memberships), list. */
export class UserRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  /** Stores a new user; fails if the id exists. */
  async create(input: NewUser): Promise<UserRecord> {
    const now = new Date();
    const row = { ...encodePatch(input, { json: USER_JSON_FIELDS }), created_at: now, updated_at: now } as Insertable<UserTable>;
    return decodeUser(await this.#db.insertInto(TABLE).values(row).returningAll().executeTakeFirstOrThrow());
  }

  /** The user with this id, if any. */
  async get(userId: string): Promise<UserRecord | undefined> {
    const row = await this.#db.selectFrom(TABLE).selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row === undefined ? undefined : decodeUser(row);
  }

  /** The users with these ids (any order). */
  async getMany(userIds: readonly string[]): Promise<UserRecord[]> {
    if (userIds.length === 0) return [];
    const rows = await this.#db.selectFrom(TABLE).selectAll().where('user_id', 'in', [...userIds]).execute();
    return rows.map(decodeUser);
  }

  /** Rows whose budget_reset_at has passed (for the budget reset job). */
  async listDueForBudgetReset(now: Date): Promise<UserRecord[]> {
    const rows = await this.#db.selectFrom(TABLE).selectAll().where('budget_reset_at', '<=', now).execute();
    return rows.map(decodeUser);
  }

  /** Writes the given fields; undefined when no such user. */
  async update(userId: string, patch: UserPatch): Promise<UserRecord | undefined> {
    const set = { ...encodePatch(patch, { json: USER_JSON_FIELDS }), updated_at: new Date() } as Updateable<UserTable>;
    const row = await this.#db.updateTable(TABLE).set(set).where('user_id', '=', userId).returningAll().executeTakeFirst();
    return row === undefined ? undefined : decodeUser(row);
  }

  /** Deletes users, their keys and their team memberships in one transaction; returns the ids that existed. */
  async deleteMany(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const ids = [...userIds];
    return this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('LiteLLM_VerificationToken').where('user_id', 'in', ids).execute();
      await trx.deleteFrom('LiteLLM_TeamMembership').where('user_id', 'in', ids).execute();
      const rows = await trx.deleteFrom(TABLE).where('user_id', 'in', ids).returning('user_id').execute();
      return rows.map((row) => row.user_id);
    });
  }

  /** One page of users, oldest first. */
  async list(query: UserListQuery = {}): Promise<Page<UserRecord>> {
    const { page, size, offset } = pageBounds(query);
    let filtered = this.#db.selectFrom(TABLE);
    if (query.user_role !== undefined) filtered = filtered.where('user_role', '=', query.user_role);
    if (query.organization_id !== undefined) filtered = filtered.where('organization_id', '=', query.organization_id);
    if (query.user_ids !== undefined) filtered = query.user_ids.length === 0 ? filtered.where((eb) => eb.lit(false)) : filtered.where('user_id', 'in', [...query.user_ids]);
    const counted = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const rows = await filtered.selectAll().orderBy('created_at').orderBy('user_id').limit(size).offset(offset).execute();
    return toPage(rows.map(decodeUser), { total: decodeInteger(counted.count), page, size });
  }
}

/** A stored row → UserRecord. */
export function decodeUser(row: Selectable<UserTable>): UserRecord {
  return {
    user_id: row.user_id,
    user_alias: row.user_alias,
    user_email: row.user_email,
    user_role: row.user_role,
    organization_id: row.organization_id,
    budget_id: row.budget_id,
    spend: nanosToUsd(row.spend_nanos),
    models: decodeStringList(row.models),
    metadata: decodeRecord(row.metadata),
    allowed_cache_controls: decodeStringList(row.allowed_cache_controls),
    ...decodeLimits(row),
    ...decodeAudit(row),
  };
}
