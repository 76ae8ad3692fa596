import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSse, type SseEvent } from './parse-sse.ts';

const encoder = new TextEncoder();

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function parse(chunks: readonly Uint8Array[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(fromChunks(chunks))) events.push(event);
  return events;
}

const parseText = (text: string): Promise<SseEvent[]> => parse([encoder.encode(text)]);
const data = (text: string, event?: string): SseEvent => ({ event, data: text });

/** Splits `bytes` at the given offsets (ascending, each strictly inside the array). */
function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    out.push(bytes.subarray(start, offset));
    start = offset;
  }
  return out;
}

describe('parseSse', () => {
  const cases: { name: string; input: string; expected: SseEvent[] }[] = [
    { name: 'one event, \\n endings', input: 'data: {"a":1}\n\n', expected: [data('{"a":1}')] },
    { name: 'two events', input: 'data: one\n\ndata: two\n\n', expected: [data('one'), data('two')] },
    { name: 'multi-line data is joined with \\n', input: 'data: line 1\ndata: line 2\ndata: line 3\n\n', expected: [data('line 1\nline 2\nline 3')] },
    { name: '\\r\\n endings', input: 'data: one\r\ndata: more\r\n\r\ndata: two\r\n\r\n', expected: [data('one\nmore'), data('two')] },
    { name: '\\r endings', input: 'data: one\rdata: more\r\rdata: two\r\r', expected: [data('one\nmore'), data('two')] },
    { name: 'mixed endings', input: 'data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r', expected: [data('a\nb\nc'), data('d')] },
    { name: 'comments are ignored', input: ': keep-alive\ndata: x\n: in the middle\ndata: y\n\n:\n\n', expected: [data('x\ny')] },
    { name: 'a comment-only block is not an event', input: ': OPENROUTER PROCESSING\n\n: again\n\ndata: z\n\n', expected: [data('z')] },
    { name: 'event: names the event', input: 'event: error\ndata: {"error":{}}\n\n', expected: [data('{"error":{}}', 'error')] },
    { name: 'the event name resets after each event', input: 'event: delta\ndata: 1\n\ndata: 2\n\n', expected: [data('1', 'delta'), data('2')] },
    { name: 'event: without data is not dispatched, and does not leak into the next event', input: 'event: ping\n\ndata: 3\n\n', expected: [data('3')] },
    { name: 'event: after data still names the event', input: 'data: 4\nevent: late\n\n', expected: [data('4', 'late')] },
    { name: 'data: without a space', input: 'data:{"a":1}\n\n', expected: [data('{"a":1}')] },
    { name: 'only one leading space is removed', input: 'data:  two spaces\n\n', expected: [data(' two spaces')] },
    { name: 'event:without a space', input: 'event:error\ndata:x\n\n', expected: [data('x', 'error')] },
    { name: 'a colon in the value is kept', input: 'data: a:b: c\n\n', expected: [data('a:b: c')] },
    { name: 'an empty data: line is an event with empty data', input: 'data:\n\n', expected: [data('')] },
    { name: 'a bare "data" field (no colon) is an empty data line', input: 'data\ndata: x\n\n', expected: [data('\nx')] },
    { name: 'id:, retry: and unknown fields are ignored', input: 'id: 7\nretry: 100\nfoo: bar\ndata: x\n\n', expected: [data('x')] },
    { name: 'several blank lines between events', input: '\n\n\ndata: a\n\n\n\ndata: b\n\n', expected: [data('a'), data('b')] },
    { name: 'a leading byte-order mark is skipped', input: '\uFEFFdata: x\n\n', expected: [data('x')] },
    { name: 'the last event without a blank line still counts', input: 'data: one\n\ndata: last', expected: [data('one'), data('last')] },
    { name: 'the last event ending in one \\n', input: 'data: one\n\ndata: a\ndata: b\n', expected: [data('one'), data('a\nb')] },
    { name: 'the last event ending in one \\r', input: 'event: e\rdata: last\r', expected: [data('last', 'e')] },
    { name: 'the last event ending in one \\r\\n', input: 'data: last\r\n', expected: [data('last')] },
    { name: 'the stream ends in a comment', input: 'data: a\n\n: bye', expected: [data('a')] },
    { name: 'empty stream', input: '', expected: [] },
    { name: 'multi-byte UTF-8', input: 'data: héllo, 世界 😀\r\n\r\n', expected: [data('héllo, 世界 😀')] },
    { name: '[DONE] is just data to this parser', input: 'data: {"x":1}\n\ndata: [DONE]\n\n', expected: [data('{"x":1}'), data('[DONE]')] },
  ];

  for (const { name, input, expected } of cases) {
    test(name, async () => {
      assert.deepEqual(await parseText(input), expected);
    });
  }

  describe('an event split across byte chunks', () => {
    const inputs: { name: string; input: string; expected: SseEvent[] }[] = [
      {
        name: '\\r\\n endings with multi-byte characters',
        input: 'event: delta\r\ndata: {"c":"é世😀"}\r\ndata: more\r\n\r\n: c\r\ndata: [DONE]\r\n\r\n',
        expected: [data('{"c":"é世😀"}\nmore', 'delta'), data('[DONE]')],
      },
      { name: '\\r endings', input: 'data: a\rdata: b\r\rdata: c\r\r', expected: [data('a\nb'), data('c')] },
      { name: '\\n endings, no final blank line', input: 'data:x\n\nevent:e\ndata:😀y', expected: [data('x'), data('😀y', 'e')] },
      { name: '\\r\\n\\r\\n right at the end', input: 'data: a\r\n\r\n', expected: [data('a')] },
    ];

    for (const { name, input, expected } of inputs) {
      const bytes = encoder.encode(input);

      test(`${name}: at every single byte boundary`, async () => {
        assert.deepEqual(await parse([bytes]), expected);
        for (let i = 1; i < bytes.length; i++) {
          assert.deepEqual(await parse(splitAt(bytes, [i])), expected, `split at byte ${i}`);
        }
      });

      test(`${name}: at every pair of byte boundaries`, async () => {
        for (let i = 1; i < bytes.length; i++) {
          for (let j = i + 1; j < bytes.length; j++) {
            assert.deepEqual(await parse(splitAt(bytes, [i, j])), expected, `split at bytes ${i} and ${j}`);
          }
        }
      });

      test(`${name}: one byte per chunk, and with empty chunks between`, async () => {
        const single = Array.from(bytes, (b) => Uint8Array.of(b));
        assert.deepEqual(await parse(single), expected);
        assert.deepEqual(await parse(single.flatMap((b) => [b, new Uint8Array(0)])), expected);
      });
    }

    test('the split cases really split a multi-byte character and a \\r\\n', () => {
      const bytes = encoder.encode(inputs[0]?.input ?? '');
      const emoji = encoder.encode('😀');
      const at = bytes.findIndex((_, i) => emoji.every((b, k) => bytes[i + k] === b));
      assert.ok(at > 0 && emoji.length === 4, 'the input holds a 4-byte character');
      const crlf = bytes.findIndex((b, i) => b === 13 && bytes[i + 1] === 10);
      assert.ok(crlf > 0, 'the input holds a \\r\\n');
    });

    test('a \\r at the end of a chunk followed by \\n is one line end, not two', async () => {
      const events = await parse([encoder.encode('data: a\r'), encoder.encode('\ndata: b\r'), encoder.encode('\n\r'), encoder.encode('\n')]);
      assert.deepEqual(events, [data('a\nb')]);
    });

    test('a \\r at the end of a chunk followed by another \\r is two line ends', async () => {
      const events = await parse([encoder.encode('data: a\r'), encoder.encode('\rdata: b\r'), encoder.encode('\r')]);
      assert.deepEqual(events, [data('a'), data('b')]);
    });
  });

  test('events are yielded as they complete, before the stream ends', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* body(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: first\n\n');
      await gate;
      yield encoder.encode('data: second\n\n');
    }
    const iterator = parseSse(body());
    assert.deepEqual((await iterator.next()).value, data('first'));
    release();
    assert.deepEqual((await iterator.next()).value, data('second'));
    assert.equal((await iterator.next()).done, true);
  });

  test('a stream cut inside a multi-byte character ends with U+FFFD, not an exception', async () => {
    const bytes = encoder.encode('data: 😀');
    assert.deepEqual(await parse([bytes.subarray(0, bytes.length - 1)]), [data('\uFFFD')]);
  });
});
