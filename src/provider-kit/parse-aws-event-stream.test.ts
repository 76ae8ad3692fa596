import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GatewayError } from '../spec/gateway-error.ts';
import { parseAwsEventStream, type AwsEventStreamMessage } from './parse-aws-event-stream.ts';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function frame(eventType: string, body: unknown, messageType = 'event'): Buffer {
  const typeHeader = messageType === 'exception' ? ':exception-type' : ':event-type';
  return Buffer.from(
    codec.encode({
      headers: {
        ':message-type': { type: 'string', value: messageType },
        [typeHeader]: { type: 'string', value: eventType },
        ':content-type': { type: 'string', value: 'application/json' },
      },
      body: fromUtf8(JSON.stringify(body)),
    }),
  );
}

async function* chunksOf(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function parseAll(...chunks: Uint8Array[]): Promise<AwsEventStreamMessage[]> {
  const out: AwsEventStreamMessage[] = [];
  for await (const message of parseAwsEventStream(chunksOf(...chunks), { providerName: 'Bedrock' })) out.push(message);
  return out;
}

async function parseError(...chunks: Uint8Array[]): Promise<GatewayError> {
  try {
    await parseAll(...chunks);
  } catch (error) {
    assert.ok(error instanceof GatewayError, `not a GatewayError: ${String(error)}`);
    return error;
  }
  assert.fail('expected the stream to fail');
}

const start = frame('messageStart', { role: 'assistant', p: 'abcdef' });
const delta = frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' }, p: 'xy' });

describe('parseAwsEventStream', () => {
  const layouts: { name: string; chunks: Uint8Array[] }[] = [
    { name: 'one frame per chunk', chunks: [start, delta] },
    { name: 'two frames in one chunk', chunks: [Buffer.concat([start, delta])] },
    { name: 'a frame split inside its prelude', chunks: [start.subarray(0, 5), start.subarray(5), delta] },
    { name: 'byte by byte', chunks: [...Buffer.concat([start, delta])].map((byte) => Uint8Array.of(byte)) },
    { name: 'split across a frame boundary', chunks: [Buffer.concat([start, delta.subarray(0, 20)]), delta.subarray(20)] },
  ];
  for (const layout of layouts) {
    it(`decodes frames: ${layout.name}`, async () => {
      const messages = await parseAll(...layout.chunks);
      assert.deepEqual(
        messages.map((m) => [m.messageType, m.eventType, m.body]),
        [
          ['event', 'messageStart', { role: 'assistant', p: 'abcdef' }],
          ['event', 'contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' }, p: 'xy' }],
        ],
      );
      assert.equal(messages[0]?.headers[':content-type'], 'application/json');
    });
  }

  it('reports exception frames with their exception type', async () => {
    const [message] = await parseAll(frame('throttlingException', { message: 'Too many requests' }, 'exception'));
    assert.equal(message?.messageType, 'exception');
    assert.equal(message?.exceptionType, 'throttlingException');
    assert.equal(message?.eventType, undefined);
    assert.deepEqual(message?.body, { message: 'Too many requests' });
  });

  it('turns non-string headers into plain values and an empty payload into undefined', async () => {
    const bytes = codec.encode({
      headers: {
        ':message-type': { type: 'string', value: 'event' },
        count: { type: 'integer', value: 7 },
        flag: { type: 'boolean', value: true },
        raw: { type: 'binary', value: Uint8Array.of(1, 2, 3) },
      },
      body: new Uint8Array(0),
    });
    const [message] = await parseAll(bytes);
    assert.deepEqual(message?.headers, { ':message-type': 'event', count: 7, flag: true, raw: 'AQID' });
    assert.equal(message?.body, undefined);
  });

  it('answers 502 for a frame whose CRC does not match', async () => {
    const corrupt = Buffer.from(delta);
    corrupt[corrupt.length - 6] = (corrupt[corrupt.length - 6] ?? 0) ^ 0xff;
    const error = await parseError(start, corrupt);
    assert.equal(error.kind, 'bad_gateway');
    assert.match(error.message, /BedrockException - invalid response from the provider: an event-stream frame is corrupt/);
  });

  it('answers 502 for a payload that is not JSON', async () => {
    const bytes = codec.encode({ headers: { ':message-type': { type: 'string', value: 'event' } }, body: fromUtf8('not json') });
    const error = await parseError(bytes);
    assert.equal(error.kind, 'bad_gateway');
  });

  it('answers 502 for an impossible frame length', async () => {
    const error = await parseError(Buffer.from([0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]));
    assert.equal(error.kind, 'bad_gateway');
    assert.match(error.message, /declares 3 bytes/);
  });

  it('throws an APIConnectionError when the stream stops mid-frame', async () => {
    const error = await parseError(start, delta.subarray(0, delta.length - 3));
    assert.equal(error.kind, 'api_connection');
    assert.match(error.message, /ended in the middle of a message/);
  });
});
