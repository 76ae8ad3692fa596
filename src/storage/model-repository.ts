import type { Kysely, Selectable } from 'kysely';
import { decodeRecord, encodeJson } from './column-codec.ts';
import type { ProxyModelTable, SwitchyardDatabase } from './database-schema.ts';
import { decodeAudit, type AuditFields } from './record-fields.ts';

/**
 * A stored deployment (LiteLLM's `LiteLLM_ProxyModelTable` row). `litellm_params` holds its
 * string values encrypted (see `model-secrets.ts`); this repository stores what it is given.
 */
export interface StoredModelRecord extends AuditFields {
  model_id: string;
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}

export interface NewStoredModel {
  model_id: string;
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
  created_by: string | null;
}

export type StoredModelPatch = Partial<Pick<StoredModelRecord, 'model_name' | 'litellm_params' | 'model_info'>> & { updated_by: string | null };

const TABLE = 'LiteLLM_ProxyModelTable';

/** Models stored in the database: the model list every replica polls. */
export class ModelRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  async create(input: NewStoredModel): Promise<StoredModelRecord> {
    const now = new Date();
    const row = await this.#db
      .insertInto(TABLE)
      .values({ ...input, litellm_params: encodeJson(input.litellm_params), model_info: encodeJson(input.model_info), created_at: now, updated_at: now, updated_by: input.created_by })
      .returningAll()
      .executeTakeFirstOrThrow();
    return decodeModel(row);
  }

  async get(modelId: string): Promise<StoredModelRecord | undefined> {
    const row = await this.#db.selectFrom(TABLE).selectAll().where('model_id', '=', modelId).executeTakeFirst();
    return row === undefined ? undefined : decodeModel(row);
  }

  /** Writes the given fields; undefined when no such model. */
  async update(modelId: string, patch: StoredModelPatch): Promise<StoredModelRecord | undefined> {
    const set = {
      ...(patch.model_name === undefined ? {} : { model_name: patch.model_name }),
      ...(patch.litellm_params === undefined ? {} : { litellm_params: encodeJson(patch.litellm_params) }),
      ...(patch.model_info === undefined ? {} : { model_info: encodeJson(patch.model_info) }),
      updated_by: patch.updated_by,
      updated_at: new Date(),
    };
    const row = await this.#db.updateTable(TABLE).set(set).where('model_id', '=', modelId).returningAll().executeTakeFirst();
    return row === undefined ? undefined : decodeModel(row);
  }

  /** Deletes a model; false when there was none. */
  async delete(modelId: string): Promise<boolean> {
    const rows = await this.#db.deleteFrom(TABLE).where('model_id', '=', modelId).returning('model_id').execute();
    return rows.length > 0;
  }

  /** Every stored model, oldest first (the table is small: a gateway's model list). */
  async listAll(): Promise<StoredModelRecord[]> {
    const rows = await this.#db.selectFrom(TABLE).selectAll().orderBy('created_at').orderBy('model_id').execute();
    return rows.map(decodeModel);
  }
}

function decodeModel(row: Selectable<ProxyModelTable>): StoredModelRecord {
  return {
    model_id: row.model_id,
    model_name: row.model_name,
    litellm_params: decodeRecord(row.litellm_params),
    model_info: decodeRecord(row.model_info),
    ...decodeAudit(row),
  };
}
