import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { decodeBool, decodeInteger, decodeTime, nanosToUsd } from './column-codec.ts';
import type { EndUserTable, SwitchyardDatabase } from './database-schema.ts';
import { encodePatch, type Page, type PageRequest, pageBounds, toPage } from './record-fields.ts';

/** An end user / customer (LiteLLM's `LiteLLM_EndUserTable`, the request's `user`); limits come from its budget. */
export interface EndUserRecord {
  user_id: string;
  alias: string | null;
  spend: number;
  allowed_model_region: string | null;
  default_model: string | null;
  budget_id: string | null;
  blocked: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The fields a caller may set. */
export type EndUserPatch = Partial<Omit<EndUserRecord, 'user_id' | 'created_at' | 'updated_at'>>;

/** A new end user. */
export interface NewEndUser extends EndUserPatch {
  user_id: string;
}

const NO_JSON = { json: new Set<string>() };
const TABLE = 'LiteLLM_EndUserTable';

/** End users (customers): create, get, update, block, delete, list. */
export class EndUserRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  /** Stores a new end user; fails if the id exists. */
  async create(input: NewEndUser): Promise<EndUserRecord> {
    const now = new Date();
    const row = { ...encodePatch(input, NO_JSON), created_at: now, updated_at: now } as Insertable<EndUserTable>;
    return decodeEndUser(await this.#db.insertInto(TABLE).values(row).returningAll().executeTakeFirstOrThrow());
  }

  /** The end user with this id, if any. */
  async get(userId: string): Promise<EndUserRecord | undefined> {
    const row = await this.#db.selectFrom(TABLE).selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row === undefined ? undefined : decodeEndUser(row);
  }

  /** Writes the given fields; undefined when no such end user. */
  async update(userId: string, patch: EndUserPatch): Promise<EndUserRecord | undefined> {
    const set = { ...encodePatch(patch, NO_JSON), updated_at: new Date() } as Updateable<EndUserTable>;
    const row = await this.#db.updateTable(TABLE).set(set).where('user_id', '=', userId).returningAll().executeTakeFirst();
    return row === undefined ? undefined : decodeEndUser(row);
  }

  /** Deletes end users; returns the ids that existed. */
  async deleteMany(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.#db.deleteFrom(TABLE).where('user_id', 'in', [...userIds]).returning('user_id').execute();
    return rows.map((row) => row.user_id);
  }

  /** One page of end users, oldest first. */
  async list(query: PageRequest = {}): Promise<Page<EndUserRecord>> {
    const { page, size, offset } = pageBounds(query);
    const counted = await this.#db.selectFrom(TABLE).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const rows = await this.#db.selectFrom(TABLE).selectAll().orderBy('created_at').orderBy('user_id').limit(size).offset(offset).execute();
    return toPage(rows.map(decodeEndUser), { total: decodeInteger(counted.count), page, size });
  }
}

/** A stored row → EndUserRecord. */
export function decodeEndUser(row: Selectable<EndUserTable>): EndUserRecord {
  return {
    user_id: row.user_id,
    alias: row.alias,
    spend: nanosToUsd(row.spend_nanos),
    allowed_model_region: row.allowed_model_region,
    default_model: row.default_model,
    budget_id: row.budget_id,
    blocked: decodeBool(row.blocked),
    created_at: decodeTime(row.created_at),
    updated_at: decodeTime(row.updated_at),
  };
}
