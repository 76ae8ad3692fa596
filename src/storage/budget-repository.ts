import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { decodeInteger } from './column-codec.ts';
import type { BudgetTable, SwitchyardDatabase } from './database-schema.ts';
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

/** A reusable budget (LiteLLM's `LiteLLM_BudgetTable`), referenced by end users, members and keys. */
export interface BudgetRecord extends LimitFields, AuditFields {
  budget_id: string;
}

/** The fields a caller may set. */
export type BudgetPatch = Partial<Omit<BudgetRecord, 'budget_id' | 'created_at' | 'updated_at' | 'created_by'>>;

/** A new budget. */
export interface NewBudget extends BudgetPatch {
  budget_id: string;
  created_by?: string | null;
}

const BUDGET_JSON = { json: new Set<string>(LIMIT_JSON_FIELDS) };
const TABLE = 'LiteLLM_BudgetTable';

/** Budgets: create, get, update, delete, list. */
export class BudgetRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  /** Stores a new budget; fails if the id exists. */
  async create(input: NewBudget): Promise<BudgetRecord> {
    const now = new Date();
    const row = { ...encodePatch(input, BUDGET_JSON), created_at: now, updated_at: now } as Insertable<BudgetTable>;
    return decodeBudget(await this.#db.insertInto(TABLE).values(row).returningAll().executeTakeFirstOrThrow());
  }

  /** The budget with this id, if any. */
  async get(budgetId: string): Promise<BudgetRecord | undefined> {
    const row = await this.#db.selectFrom(TABLE).selectAll().where('budget_id', '=', budgetId).executeTakeFirst();
    return row === undefined ? undefined : decodeBudget(row);
  }

  /** Writes the given fields; undefined when no such budget. */
  async update(budgetId: string, patch: BudgetPatch): Promise<BudgetRecord | undefined> {
    const set = { ...encodePatch(patch, BUDGET_JSON), updated_at: new Date() } as Updateable<BudgetTable>;
    const row = await this.#db.updateTable(TABLE).set(set).where('budget_id', '=', budgetId).returningAll().executeTakeFirst();
    return row === undefined ? undefined : decodeBudget(row);
  }

  /** Deletes budgets; returns the ids that existed. */
  async deleteMany(budgetIds: readonly string[]): Promise<string[]> {
    if (budgetIds.length === 0) return [];
    const rows = await this.#db.deleteFrom(TABLE).where('budget_id', 'in', [...budgetIds]).returning('budget_id').execute();
    return rows.map((row) => row.budget_id);
  }

  /** One page of budgets, oldest first. */
  async list(query: PageRequest = {}): Promise<Page<BudgetRecord>> {
    const { page, size, offset } = pageBounds(query);
    const counted = await this.#db.selectFrom(TABLE).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const rows = await this.#db.selectFrom(TABLE).selectAll().orderBy('created_at').orderBy('budget_id').limit(size).offset(offset).execute();
    return toPage(rows.map(decodeBudget), { total: decodeInteger(counted.count), page, size });
  }
}

/** A stored row → BudgetRecord. */
export function decodeBudget(row: Selectable<BudgetTable>): BudgetRecord {
  return { budget_id: row.budget_id, ...decodeLimits(row), ...decodeAudit(row) };
}
