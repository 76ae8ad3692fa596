import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { hashApiKey, keyDisplayName } from './api-key-hash.ts';
import { decodeBool, decodeInteger, decodeNullableTime, decodeRecord, decodeStringList, nanosToUsd } from './column-codec.ts';
import type { SwitchyardDatabase, VerificationTokenTable } from './database-schema.ts';
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

/** A virtual key as stored (LiteLLM's `LiteLLM_VerificationToken` fields; `spend` in USD). */
export interface KeyRecord extends LimitFields, AuditFields {
  /** SHA-256 hex of the key. */
  token: string;
  /** `sk-...abcd`. */
  key_name: string;
  key_alias: string | null;
  spend: number;
  expires: Date | null;
  models: string[];
  aliases: Record<string, string>;
  config: Record<string, unknown>;
  permissions: Record<string, unknown>;
  metadata: Record<string, unknown>;
  model_rpm_limit: Record<string, number>;
  model_tpm_limit: Record<string, number>;
  allowed_cache_controls: string[];
  allowed_routes: string[];
  blocked: boolean;
  user_id: string | null;
  team_id: string | null;
  organization_id: string | null;
  budget_id: string | null;
  rotation_count: number;
  last_rotation_at: Date | null;
}

/** The fields a caller may set on create or update. */
export type KeyFields = Omit<KeyRecord, 'token' | 'key_name' | 'created_at' | 'updated_at' | 'created_by' | 'rotation_count' | 'last_rotation_at'>;

/** Changes to a key: only the fields present are written. */
export type KeyPatch = Partial<KeyFields>;

/** A new key: the plaintext key (hashed here, never stored) and any fields. */
export interface NewKey extends KeyPatch {
  key: string;
  created_by?: string | null;
}

/** Filters and ordering for `list`. */
export interface KeyListQuery extends PageRequest {
  user_id?: string;
  team_id?: string;
  organization_id?: string;
  key_alias?: string;
  key_hash?: string;
  sort_by?: 'created_at' | 'updated_at' | 'spend' | 'key_alias' | 'expires';
  sort_order?: 'asc' | 'desc';
}

const KEY_JSON_FIELDS = new Set<string>([
  ...LIMIT_JSON_FIELDS,
  'models',
  'aliases',
  'config',
  'permissions',
  'metadata',
  'model_rpm_limit',
  'model_tpm_limit',
  'allowed_cache_controls',
  'allowed_routes',
]);

const TABLE = 'LiteLLM_VerificationToken';

/** Virtual keys: create, look up by hash or alias, update, block, regenerate, delete, list. */
export class KeyRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  /** Stores a new key as its hash; fails if the same key (hash) exists. */
  async create(input: NewKey): Promise<KeyRecord> {
    const { key, ...fields } = input;
    const now = new Date();
    const row = {
      ...encodePatch(fields, { json: KEY_JSON_FIELDS }),
      token: hashApiKey(key),
      key_name: keyDisplayName(key),
      created_at: now,
      updated_at: now,
    } as Insertable<VerificationTokenTable>;
    return decodeKey(await this.#db.insertInto(TABLE).values(row).returningAll().executeTakeFirstOrThrow());
  }

  /** The key with this SHA-256 hash, if any. */
  async getByHash(token: string): Promise<KeyRecord | undefined> {
    const row = await this.#db.selectFrom(TABLE).selectAll().where('token', '=', token).executeTakeFirst();
    return row === undefined ? undefined : decodeKey(row);
  }

  /** Keys with this alias (LiteLLM allows updating by an alias that matches exactly one). */
  async getByAlias(alias: string): Promise<KeyRecord[]> {
    const rows = await this.#db.selectFrom(TABLE).selectAll().where('key_alias', '=', alias).execute();
    return rows.map(decodeKey);
  }

  /** Writes the given fields; undefined when no such key. */
  async update(token: string, patch: KeyPatch): Promise<KeyRecord | undefined> {
    const set = { ...encodePatch(patch, { json: KEY_JSON_FIELDS }), updated_at: new Date() } as Updateable<VerificationTokenTable>;
    const row = await this.#db.updateTable(TABLE).set(set).where('token', '=', token).returningAll().executeTakeFirst();
    return row === undefined ? undefined : decodeKey(row);
  }

  /** Blocks or unblocks a key. */
  async setBlocked(token: string, blocked: boolean): Promise<KeyRecord | undefined> {
    return this.update(token, { blocked });
  }

  /**
   * Replaces the key: the row keeps its spend, limits and history, its hash and `key_name`
   * become the new key's, `rotation_count` goes up by one. The old key stops working at once.
   */
  async regenerate(token: string, options: { newKey: string; patch?: KeyPatch }): Promise<KeyRecord | undefined> {
    const now = new Date();
    const set = {
      ...encodePatch(options.patch ?? {}, { json: KEY_JSON_FIELDS }),
      token: hashApiKey(options.newKey),
      key_name: keyDisplayName(options.newKey),
      last_rotation_at: now,
      updated_at: now,
    } as Updateable<VerificationTokenTable>;
    const row = await this.#db
      .updateTable(TABLE)
      .set(set)
      .set({ rotation_count: sql<number>`rotation_count + 1` })
      .where('token', '=', token)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : decodeKey(row);
  }

  /** Deletes the keys with these hashes; returns the hashes that existed. */
  async deleteMany(tokens: readonly string[]): Promise<string[]> {
    if (tokens.length === 0) return [];
    const rows = await this.#db.deleteFrom(TABLE).where('token', 'in', [...tokens]).returning('token').execute();
    return rows.map((row) => row.token);
  }

  /** Sets a key's spend back to zero and its next reset time (budget_duration resets). */
  async resetSpend(token: string, nextResetAt: Date | null): Promise<KeyRecord | undefined> {
    return this.update(token, { spend: 0, budget_reset_at: nextResetAt });
  }

  /** Keys whose budget_reset_at has passed (for the budget reset job). */
  async listDueForBudgetReset(now: Date): Promise<KeyRecord[]> {
    const rows = await this.#db.selectFrom(TABLE).selectAll().where('budget_reset_at', '<=', now).execute();
    return rows.map(decodeKey);
  }

  /** One page of keys matching the filters, newest first unless told otherwise. */
  async list(query: KeyListQuery = {}): Promise<Page<KeyRecord>> {
    const { page, size, offset } = pageBounds(query);
    let filtered = this.#db.selectFrom(TABLE);
    if (query.user_id !== undefined) filtered = filtered.where('user_id', '=', query.user_id);
    if (query.team_id !== undefined) filtered = filtered.where('team_id', '=', query.team_id);
    if (query.organization_id !== undefined) filtered = filtered.where('organization_id', '=', query.organization_id);
    if (query.key_alias !== undefined) filtered = filtered.where('key_alias', '=', query.key_alias);
    if (query.key_hash !== undefined) filtered = filtered.where('token', '=', query.key_hash);
    const counted = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const column = query.sort_by === 'spend' ? 'spend_nanos' : (query.sort_by ?? 'created_at');
    const rows = await filtered
      .selectAll()
      .orderBy(column, query.sort_order ?? 'desc')
      .orderBy('token')
      .limit(size)
      .offset(offset)
      .execute();
    return toPage(rows.map(decodeKey), { total: decodeInteger(counted.count), page, size });
  }
}

/** A stored row → KeyRecord. */
export function decodeKey(row: Selectable<VerificationTokenTable>): KeyRecord {
  return {
    token: row.token,
    key_name: row.key_name,
    key_alias: row.key_alias,
    spend: nanosToUsd(row.spend_nanos),
    expires: decodeNullableTime(row.expires),
    models: decodeStringList(row.models),
    aliases: decodeRecord<string>(row.aliases),
    config: decodeRecord(row.config),
    permissions: decodeRecord(row.permissions),
    metadata: decodeRecord(row.metadata),
    model_rpm_limit: decodeRecord<number>(row.model_rpm_limit),
    model_tpm_limit: decodeRecord<number>(row.model_tpm_limit),
    allowed_cache_controls: decodeStringList(row.allowed_cache_controls),
    allowed_routes: decodeStringList(row.allowed_routes),
    blocked: decodeBool(row.blocked),
    user_id: row.user_id,
    team_id: row.team_id,
    organization_id: row.organization_id,
    budget_id: row.budget_id,
    rotation_count: decodeInteger(row.rotation_count),
    last_rotation_at: decodeNullableTime(row.last_rotation_at),
    ...decodeLimits(row),
    ...decodeAudit(row),
  };
}
