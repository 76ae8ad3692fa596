import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NdjsonLineError, parseNdjson } from './parse-ndjson.ts';

const encoder = new TextEncoder();

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? encoder.encode(part) : part;
}

async function collect(body: AsyncIterable<Uint8Array>, maxLineLength?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of parseNdjson(body, maxLineLength === undefined ? {} : { maxLineLength })) out.push(value);
  return out;
}

describe('parseNdjson', () => {
  const euro = encoder.encode('{"t":"€"}\n');
  const cases: { name: string; parts: (string | Uint8Array)[]; expected: unknown[] }[] = [
    { name: 'one object per line', parts: ['{"a":1}\n{"a":2}\n'], expected: [{ a: 1 }, { a: 2 }] },
    { name: 'a line split across chunks', parts: ['{"a":', '1}\n{"b"', ':2}\n'], expected: [{ a: 1 }, { b: 2 }] },
    { name: 'one byte per chunk', parts: [...'{"x":[1,2]}\n{"y":true}\n'], expected: [{ x: [1, 2] }, { y: true }] },
    { name: 'a multi-byte character split between chunks', parts: [euro.slice(0, 8), euro.slice(8)], expected: [{ t: '€' }] },
    { name: 'a last line without a newline', parts: ['{"a":1}\n{"done":true}'], expected: [{ a: 1 }, { done: true }] },
    { name: 'blank and whitespace-only lines are skipped', parts: ['\n{"a":1}\n\n   \n{"a":2}\n\n'], expected: [{ a: 1 }, { a: 2 }] },
    { name: 'CRLF line ends', parts: ['{"a":1}\r\n{"a":2}\r', '\n'], expected: [{ a: 1 }, { a: 2 }] },
    { name: 'scalars and arrays are values too', parts: ['1\n"s"\n[1]\nnull\n'], expected: [1, 's', [1], null] },
    { name: 'an empty body', parts: [], expected: [] },
    { name: 'a newline inside a JSON string is escaped, so it never splits a line', parts: ['{"t":"a\\nb"}\n'], expected: [{ t: 'a\nb' }] },
  ];

  for (const { name, parts, expected } of cases) {
    test(name, async () => {
      assert.deepEqual(await collect(chunksOf(...parts)), expected);
    });
  }

  test('a line that is not JSON throws a typed error naming the line', async () => {
    const seen: unknown[] = [];
    await assert.rejects(
      async () => {
        for await (const value of parseNdjson(chunksOf('{"a":1}\n\n<html>oops</html>\n{"a":2}\n'))) seen.push(value);
      },
      (error: unknown) => {
        assert.ok(error instanceof NdjsonLineError);
        assert.equal(error.lineNumber, 3);
        assert.equal(error.excerpt, '<html>oops</html>');
        assert.match(error.message, /line 3 is not JSON/);
        return true;
      },
    );
    assert.deepEqual(seen, [{ a: 1 }], 'values before the bad line are delivered');
  });

  test('a truncated last line is an error, not a silent drop', async () => {
    await assert.rejects(collect(chunksOf('{"a":1}\n{"a":')), NdjsonLineError);
  });

  test('a line longer than the limit is an error before it is buffered further', async () => {
    await assert.rejects(collect(chunksOf('{"a":"', 'x'.repeat(64), 'x'.repeat(64)), 100), /line 1 is longer than 100 characters/);
    await assert.rejects(collect(chunksOf(`{"a":1}\n{"a":"${'x'.repeat(120)}"}\n`), 100), /line 2 is longer than 100 characters/);
    assert.deepEqual(await collect(chunksOf(`{"a":"${'x'.repeat(80)}"}\n`), 100), [{ a: 'x'.repeat(80) }]);
  });
});
