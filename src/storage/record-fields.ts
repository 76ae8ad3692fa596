import { decodeNullableInteger, decodeNullableTime, decodeRecord, decodeTime, encodeJson, usdToNanos } from './column-codec.ts';

/** A per-model budget as LiteLLM stores it in `model_max_budget`. */
export interface ModelBudget {
  budget_limit: number;
  time_period?: string;
}

/** Budget and limit fields shared by keys, users, teams and budgets (LiteLLM's names). */
export interface LimitFields {
  max_budget: number | null;
  soft_budget: number | null;
  /** `30s`, `1h`, `1d`, `7d`, `1mo`, `daily`, `monthly`, … as the caller gave it. */
  budget_duration: string | null;
  budget_reset_at: Date | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  max_parallel_requests: number | null;
  model_max_budget: Record<string, ModelBudget>;
}

/** Who created and last changed a row, and when. */
export interface AuditFields {
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
}

/** The stored columns behind LimitFields, as read. */
interface LimitRow {
  max_budget: number | null;
  soft_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: unknown;
  tpm_limit: unknown;
  rpm_limit: unknown;
  max_parallel_requests: unknown;
  model_max_budget: unknown;
}

/** The stored audit columns, as read. */
interface AuditRow {
  created_at: unknown;
  updated_at: unknown;
  created_by: string | null;
  updated_by: string | null;
}

/** Reads the limit columns of a row. */
export function decodeLimits(row: LimitRow): LimitFields {
  return {
    max_budget: row.max_budget,
    soft_budget: row.soft_budget,
    budget_duration: row.budget_duration,
    budget_reset_at: decodeNullableTime(row.budget_reset_at),
    tpm_limit: decodeNullableInteger(row.tpm_limit),
    rpm_limit: decodeNullableInteger(row.rpm_limit),
    max_parallel_requests: decodeNullableInteger(row.max_parallel_requests),
    model_max_budget: decodeRecord<ModelBudget>(row.model_max_budget),
  };
}

/** Reads the audit columns of a row. */
export function decodeAudit(row: AuditRow): AuditFields {
  return {
    created_at: decodeTime(row.created_at),
    updated_at: decodeTime(row.updated_at),
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}

/** How to store the fields of one kind of record: which are JSON, which name is money. */
export interface PatchEncoding {
  /** Fields stored as JSON text. */
  json: ReadonlySet<string>;
}

/**
 * A partial record (LiteLLM field names) → column values: `undefined` fields are left out (not
 * changed), JSON fields are encoded, `spend` (USD) becomes `spend_nanos`. Callers pass only the
 * writable fields of their record type, so every key is a column.
 */
export function encodePatch(patch: object, encoding: PatchEncoding): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === 'spend') columns['spend_nanos'] = usdToNanos(typeof value === 'number' ? value : 0);
    else if (encoding.json.has(field)) columns[field] = encodeJson(value);
    else columns[field] = value;
  }
  return columns;
}

/** JSON fields of the limit group. */
export const LIMIT_JSON_FIELDS = ['model_max_budget'] as const;

/** A page request: 1-based page number and page size (capped at 100 like LiteLLM's /key/list). */
export interface PageRequest {
  page?: number;
  size?: number;
}

/** One page of results with LiteLLM's paging fields. */
export interface Page<T> {
  items: T[];
  total_count: number;
  current_page: number;
  total_pages: number;
  page_size: number;
}

/** Normalises a page request: page ≥ 1, 1 ≤ size ≤ 100 (default 10). */
export function pageBounds(request: PageRequest): { page: number; size: number; offset: number } {
  const page = Math.max(1, Math.floor(request.page ?? 1));
  const size = Math.min(100, Math.max(1, Math.floor(request.size ?? 10)));
  return { page, size, offset: (page - 1) * size };
}

/** Builds a Page from the rows of one page and the total count. */
export function toPage<T>(items: T[], options: { total: number; page: number; size: number }): Page<T> {
  return { items, total_count: options.total, current_page: options.page, page_size: options.size, total_pages: Math.ceil(options.total / options.size) };
}
