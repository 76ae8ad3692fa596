/**
 * One codec for values whose stored form differs between PostgreSQL and SQLite. Repositories
 * write through `encode*` and read through `decode*`, so callers see the same types on both.
 */

const NANOS_PER_USD = 1_000_000_000;

/** Dollars → integer nano-USD, the stored unit of every spend column (exact sums on both drivers). */
export function usdToNanos(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError(`spend must be a finite number, got ${usd}`);
  return Math.round(usd * NANOS_PER_USD);
}

/** Stored nano-USD (number, bigint, or PostgreSQL's int8 string) → dollars. */
export function nanosToUsd(nanos: unknown): number {
  return decodeInteger(nanos) / NANOS_PER_USD;
}

/** An integer column (int8 arrives from pg as a string) → number. */
export function decodeInteger(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  return 0;
}

/** A nullable integer column → number or null. */
export function decodeNullableInteger(value: unknown): number | null {
  return value === null || value === undefined ? null : decodeInteger(value);
}

/** A JSON value → text for a JSON column (jsonb accepts the text; SQLite stores it as is). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** A JSON column → value. SQLite returns text; pg has already parsed jsonb. Only objects/arrays are stored, so text is always encoded JSON. */
export function decodeJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

/** A JSON object column → a plain record (an empty one when absent). */
export function decodeRecord<T = unknown>(value: unknown): Record<string, T> {
  const decoded = decodeJson<unknown>(value, {});
  return decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as Record<string, T>) : {};
}

/** A JSON array-of-strings column → string[]. */
export function decodeStringList(value: unknown): string[] {
  const decoded = decodeJson<unknown>(value, []);
  return Array.isArray(decoded) ? decoded.filter((item): item is string => typeof item === 'string') : [];
}

/** A timestamp column (Date from pg, ISO text from SQLite) → Date. */
export function decodeTime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  throw new TypeError('timestamp column is empty');
}

/** A nullable timestamp column → Date or null. */
export function decodeNullableTime(value: unknown): Date | null {
  return value === null || value === undefined ? null : decodeTime(value);
}

/** A boolean column (boolean from pg, 0/1 from SQLite) → boolean. */
export function decodeBool(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't';
}
