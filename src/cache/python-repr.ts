import { formatResponseCost } from '../accounting/format-response-cost.ts';

/**
 * Python's `str()` and `repr()` of JSON values, as CPython 3 prints the objects `json.loads`
 * makes (dict, list, str, int, float, bool, None). LiteLLM builds its cache key from
 * `f"{name}: {value}"`, so matching its keys means printing values exactly as Python does.
 *
 * Known gaps (JSON.parse loses the difference): `1.0` is read as 1 and printed `1` where
 * Python prints `1.0`; objects with integer-like keys iterate those keys first in JS.
 */

/** Python's `str(value)`: a top-level string is printed as is, everything else as `repr`. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** Python's `repr(value)` for a JSON value. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'string':
      return reprString(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return reprNumber(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
      return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${reprString(k)}: ${pythonRepr(v)}`).join(', ')}}`;
    default:
      return String(value);
  }
}

/** Characters `str.isprintable()` rejects (besides the ASCII space, which is printable). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** CPython's unicode_repr: single quotes unless the text has ' and no ". */
function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += char;
    else if (char !== ' ' && NON_PRINTABLE.test(char)) out += code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    else out += char;
  }
  return out + quote;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/**
 * A JSON integer is a Python int (all its digits); any other number a float, printed as Python
 * does. Whole numbers past 2^53 are taken for floats (`1e+300`): JS kept no exact digits anyway.
 */
function reprNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  return formatResponseCost(value);
}
