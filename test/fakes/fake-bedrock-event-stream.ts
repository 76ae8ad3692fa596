/**
 * Encodes `application/vnd.amazon.eventstream` frames the way Bedrock Runtime sends them:
 * `:message-type` event (with `:event-type` and `:content-type`) or exception (with
 * `:exception-type`), a JSON payload, prelude and message CRCs (by @smithy/eventstream-codec).
 */
import { randomBytes } from 'node:crypto';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const text = (value: string) => ({ type: 'string' as const, value });

/** Bedrock pads every event with a random `p` field so sizes leak nothing; clients ignore it. */
function padding(): string {
  return randomBytes(1 + Math.floor(Math.random() * 12)).toString('base64url');
}

/** One event frame: `{...payload, p}` as JSON under `:event-type`. */
export function encodeEvent(eventType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: { ':event-type': text(eventType), ':content-type': text('application/json'), ':message-type': text('event') },
    body: fromUtf8(JSON.stringify({ ...payload, p: padding() })),
  });
}

/** One exception frame (`throttlingException`, `modelStreamErrorException`, …) with `{"message"}`. */
export function encodeException(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: { ':exception-type': text(exceptionType), ':content-type': text('application/json'), ':message-type': text('exception') },
    body: fromUtf8(JSON.stringify({ message })),
  });
}
