import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ERROR_CATALOGUE, type ErrorKind } from './error-catalogue.ts';
import { GatewayError } from './gateway-error.ts';

const DOC_PATH = join(import.meta.dirname, '..', '..', 'docs', 'errors.md');
const DOC = readFileSync(DOC_PATH, 'utf8');

const HEADER = ['Kind', 'HTTP status', 'error.type', 'LiteLLM class', 'Retryable', 'Counts toward cooldown', 'When it happens'];

interface DocRow {
  kind: string;
  status: number;
  type: string;
  litellmClass: string;
  retryable: boolean;
  cooldown: boolean;
  when: string;
}

/** The cells of a Markdown table row, backticks removed. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim().replaceAll('`', ''));
}

function yesNo(value: string, where: string): boolean {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  assert.fail(`${where}: expected "yes" or "no", got "${value}"`);
}

/** The rows of the table whose header is HEADER, in document order. */
function parseKindTable(markdown: string): DocRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim().startsWith('|') && cells(line).join('|') === HEADER.join('|'));
  assert.ok(start !== -1, `docs/errors.md has no table with the header | ${HEADER.join(' | ')} |`);
  assert.match(lines[start + 1] ?? '', /^\|(\s*:?-+:?\s*\|)+\s*$/, 'the header is followed by a separator row');
  const rows: DocRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) break;
    const row = cells(line);
    assert.equal(row.length, HEADER.length, `row has ${row.length} cells, not ${HEADER.length}: ${line}`);
    const [kind = '', status = '', type = '', litellmClass = '', retryable = '', cooldown = '', when = ''] = row;
    assert.match(status, /^\d{3}$/, `${kind}: the status "${status}" is not a 3-digit number`);
    rows.push({ kind, status: Number(status), type, litellmClass, retryable: yesNo(retryable, `${kind} retryable`), cooldown: yesNo(cooldown, `${kind} cooldown`), when });
  }
  return rows;
}

const KINDS = Object.keys(ERROR_CATALOGUE) as ErrorKind[];

describe('docs/errors.md and the error catalogue', () => {
  const rows = parseKindTable(DOC);

  test('the table lists every kind in the catalogue, and only those, once each', () => {
    const listed = rows.map((row) => row.kind);
    assert.deepEqual(listed.filter((kind, i) => listed.indexOf(kind) !== i), [], 'kinds listed twice');
    assert.deepEqual([...listed].sort(), [...KINDS].sort());
  });

  test('the table lists the kinds in catalogue order', () => {
    assert.deepEqual(rows.map((row) => row.kind), KINDS);
  });

  for (const kind of KINDS) {
    test(`${kind}: status, error.type, LiteLLM class, retryable and cooldown match`, () => {
      const row = rows.find((r) => r.kind === kind);
      assert.ok(row !== undefined, `${kind} is not in docs/errors.md`);
      const spec = ERROR_CATALOGUE[kind];
      assert.deepEqual(
        { status: row.status, type: row.type, litellmClass: row.litellmClass, retryable: row.retryable, cooldown: row.cooldown },
        { status: spec.status, type: spec.type, litellmClass: spec.litellmClass, retryable: spec.retryable, cooldown: spec.cooldown },
      );
      assert.ok(row.when.length >= 20, `${kind}: "When it happens" is missing or too short`);
    });
  }

  test('what a GatewayError answers agrees with the documented row', () => {
    for (const row of rows) {
      const error = new GatewayError(row.kind as ErrorKind, 'm');
      assert.equal(error.status, row.status, row.kind);
      assert.equal(error.retryable, row.retryable, row.kind);
      assert.deepEqual(error.toBody(), { error: { message: 'm', type: row.type, param: null, code: String(row.status) } }, row.kind);
    }
  });

  test('the documented example body has the answer shape, with a matching type and code', () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(DOC);
    assert.ok(block?.[1] !== undefined, 'docs/errors.md has a ```json example body');
    const body = JSON.parse(block[1]) as { error?: Record<string, unknown> };
    assert.deepEqual(Object.keys(body), ['error']);
    const error = body.error ?? {};
    assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'param', 'type']);
    const documented = rows.find((row) => row.type === error['type'] && String(row.status) === error['code']);
    assert.ok(documented !== undefined, `no kind has type ${String(error['type'])} and code ${String(error['code'])}`);
    const message = String(error['message']);
    const prefix = /^litellm\.(\w+): \w+Exception - /.exec(message);
    assert.ok(prefix !== null, 'the example message has the litellm.<Class>: <Provider>Exception - prefix');
    assert.equal(prefix[1], documented.litellmClass);
  });

  test('the streaming rule and the compatibility notes are documented', () => {
    assert.match(DOC, /## Errors in a stream/);
    assert.match(DOC, /data: \{"error":/);
    assert.match(DOC, /\*\*without\*\* `data: \[DONE\]`/);
    assert.match(DOC, /`litellm\.<Class>: <Provider>Exception - `/);
    assert.match(DOC, /status as a string/);
    assert.match(DOC, /\*\*422\*\*/);
  });
});
