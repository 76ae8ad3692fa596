import { GatewayError } from '../../spec/gateway-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';

type Schema = Record<string, unknown>;

/**
 * The fields of Gemini's Schema (an OpenAPI 3.0 subset) kept by {@link cleanGeminiSchema}.
 * Everything else — `additionalProperties`, `$schema`, `$id`, `strict`, `examples`,
 * `patternProperties`, … — is rejected by Gemini with a 400, so it is removed. `title` is
 * removed as LiteLLM does (Pydantic adds one to every field).
 */
const KEPT_FIELDS = new Set([
  'type', 'format', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required',
  'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering',
  'default', 'items', 'minimum', 'maximum',
]);

/** `format` values Gemini accepts, per type; others are removed. */
const FORMATS: Readonly<Record<string, readonly string[]>> = {
  string: ['enum', 'date-time'],
  integer: ['int32', 'int64'],
  number: ['float', 'double'],
};

/** Options of {@link cleanGeminiSchema}. */
export interface CleanGeminiSchemaOptions {
  /** Request field named in the 400 when the schema cannot be converted. */
  param: string;
  /** Add `propertyOrdering` (the order of `properties`) to objects, as LiteLLM does for response schemas. */
  propertyOrdering?: boolean;
}

/**
 * Turns a JSON Schema (OpenAI tool parameters, `response_format.json_schema.schema`) into the
 * schema Gemini accepts, recursively: `$ref`s are inlined from `$defs` / `definitions`,
 * `type: [T, "null"]` and `anyOf: [T, {type: null}]` become `nullable`, `oneOf` becomes
 * `anyOf`, `allOf` is merged, `const` becomes a one-value `enum`, unsupported keywords and
 * formats are removed, empty `properties` are dropped and `required` keeps only declared
 * properties. The input is not modified.
 */
export function cleanGeminiSchema(schema: Schema, options: CleanGeminiSchemaOptions): Schema {
  const defs = { ...recordOf(schema['definitions']), ...recordOf(schema['$defs']) };
  return clean(schema, { defs, options, expanding: new Set() });
}

interface CleanContext {
  defs: Record<string, unknown>;
  options: CleanGeminiSchemaOptions;
  /** `$ref`s being expanded on the current path: a repeat is a cycle. */
  expanding: ReadonlySet<string>;
}

function clean(input: Schema, ctx: CleanContext): Schema {
  const resolved = resolveRef(input, ctx);
  if (resolved !== undefined) return resolved;
  const schema = mergeAllOf(normaliseAlternatives(normaliseType(input)));
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEPT_FIELDS.has(key)) continue;
    const cleaned = cleanField(key, value, ctx);
    if (cleaned !== undefined) out[key] = cleaned;
  }
  if (schema['const'] !== undefined && out['enum'] === undefined && typeof schema['const'] === 'string') out['enum'] = [schema['const']];
  finishObject(out, ctx.options);
  dropUnsupportedFormat(out);
  return out;
}

function cleanField(key: string, value: unknown, ctx: CleanContext): unknown {
  switch (key) {
    case 'properties': {
      if (!isRecord(value)) return undefined;
      const props: Schema = {};
      for (const [name, prop] of Object.entries(value)) if (isRecord(prop)) props[name] = clean(prop, ctx);
      return Object.keys(props).length > 0 ? props : undefined;
    }
    case 'items':
      if (Array.isArray(value)) return isRecord(value[0]) ? clean(value[0], ctx) : undefined;
      return isRecord(value) ? clean(value, ctx) : undefined;
    case 'anyOf':
      return Array.isArray(value) ? value.filter(isRecord).map((item) => clean(item, ctx)) : undefined;
    default:
      return value;
  }
}

/** `{$ref: "#/$defs/X"}` → the cleaned definition (siblings such as `description` win). */
function resolveRef(input: Schema, ctx: CleanContext): Schema | undefined {
  const ref = input['$ref'];
  if (typeof ref !== 'string') return undefined;
  const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref)?.[1];
  const target = name === undefined ? undefined : ctx.defs[decodeURIComponent(name)];
  if (!isRecord(target)) {
    throw new GatewayError('bad_request', `${ctx.options.param}: cannot resolve schema reference "${ref}" for Gemini`, { param: ctx.options.param });
  }
  const { $ref: _ref, ...siblings } = input;
  // A recursive schema cannot be inlined: its inner repeat becomes a plain object.
  if (ctx.expanding.has(ref)) return clean({ type: 'object', ...siblings }, ctx);
  const expanded = clean({ ...target, ...siblings }, { ...ctx, expanding: new Set([...ctx.expanding, ref]) });
  return expanded;
}

/** `type: ["string", "null"]` → `type: "string", nullable: true`; several types → `anyOf`. */
function normaliseType(schema: Schema): Schema {
  const type = schema['type'];
  if (!Array.isArray(type)) return schema;
  const types = type.filter((t): t is string => typeof t === 'string' && t !== 'null');
  const nullable = types.length < type.length ? { nullable: true } : {};
  const { type: _type, ...rest } = schema;
  if (types.length === 1) return { ...rest, type: types[0], ...nullable };
  if (types.length === 0) return { ...rest, ...nullable };
  return { ...rest, anyOf: types.map((t) => ({ type: t })), ...nullable };
}

/** `oneOf` → `anyOf`; a `{type: "null"}` alternative → `nullable`; a single alternative is inlined. */
function normaliseAlternatives(schema: Schema): Schema {
  const alternatives = schema['anyOf'] ?? schema['oneOf'];
  if (!Array.isArray(alternatives)) return schema;
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
  const kept = alternatives.filter((alt) => !(isRecord(alt) && alt['type'] === 'null'));
  const nullable = kept.length < alternatives.length;
  if (kept.length === 1 && isRecord(kept[0])) return { ...kept[0], ...rest, ...(nullable ? { nullable: true } : {}) };
  const anyOf = nullable ? kept.map((alt) => (isRecord(alt) ? { ...alt, nullable: true } : alt)) : kept;
  return { ...rest, anyOf };
}

/** `allOf: [A, B]` → one schema with A's and B's fields, properties and required merged. */
function mergeAllOf(schema: Schema): Schema {
  const parts = schema['allOf'];
  if (!Array.isArray(parts)) return schema;
  const { allOf: _allOf, ...merged } = schema;
  for (const part of parts.filter(isRecord)) {
    const properties = { ...recordOf(merged['properties']), ...recordOf(part['properties']) };
    const required = [...stringsOf(merged['required']), ...stringsOf(part['required'])];
    Object.assign(merged, part);
    if (Object.keys(properties).length > 0) merged['properties'] = properties;
    if (required.length > 0) merged['required'] = [...new Set(required)];
  }
  return merged;
}

function finishObject(out: Schema, options: CleanGeminiSchemaOptions): void {
  const properties = recordOf(out['properties']);
  const names = Object.keys(properties);
  if (out['required'] !== undefined) {
    const required = stringsOf(out['required']).filter((name) => names.includes(name));
    if (required.length > 0) out['required'] = required;
    else delete out['required'];
  }
  if (names.length > 0 && out['type'] === undefined) out['type'] = 'object';
  if (options.propertyOrdering === true && names.length > 0 && out['propertyOrdering'] === undefined) out['propertyOrdering'] = names;
}

function dropUnsupportedFormat(out: Schema): void {
  const format = out['format'];
  if (format === undefined) return;
  const type = typeof out['type'] === 'string' ? out['type'].toLowerCase() : '';
  if (!(FORMATS[type] ?? []).includes(String(format))) delete out['format'];
}

function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
