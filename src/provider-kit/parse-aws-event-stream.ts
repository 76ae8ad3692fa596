import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GatewayError } from '../spec/gateway-error.ts';
import { invalidResponse } from './post-to-api.ts';

/** A header value of an event-stream message, reduced to a plain value. */
export type AwsEventHeaderValue = string | number | boolean;

/**
 * One decoded `application/vnd.amazon.eventstream` message: its headers and its JSON body.
 * `messageType` is `event`, `exception` or `error`; `eventType` names an event
 * (`contentBlockDelta`, `chunk`, …) and `exceptionType` an exception (`throttlingException`, …).
 */
export interface AwsEventStreamMessage {
  readonly messageType: string;
  readonly eventType: string | undefined;
  readonly exceptionType: string | undefined;
  readonly headers: Readonly<Record<string, AwsEventHeaderValue>>;
  /** The parsed JSON payload; undefined for an empty payload. */
  readonly body: unknown;
}

export interface ParseAwsEventStreamOptions {
  /** For error messages: "Bedrock" → "BedrockException - …". */
  providerName: string;
  /** Largest frame accepted (bytes); AWS frames are at most 16 MiB (default). */
  maxFrameBytes?: number;
}

const PRELUDE_BYTES = 12;
const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Turns the bytes of an AWS event stream (binary frames: total length, headers length,
 * prelude CRC, headers, payload, message CRC) into decoded messages. Frames may be split
 * across chunks or packed several to a chunk. A frame with a bad CRC or a payload that is
 * not JSON is a 502 (the upstream did not speak the protocol); bytes left over when the
 * stream ends mean it was cut off mid-frame, an APIConnectionError.
 */
export async function* parseAwsEventStream(
  body: AsyncIterable<Uint8Array>,
  options: ParseAwsEventStreamOptions,
): AsyncGenerator<AwsEventStreamMessage> {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of body) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    let offset = 0;
    for (;;) {
      if (pending.length - offset < PRELUDE_BYTES) break;
      const frameBytes = pending.readUInt32BE(offset);
      if (frameBytes < PRELUDE_BYTES + 4 || frameBytes > maxFrameBytes) {
        throw invalidResponse(options.providerName, `an event-stream frame declares ${frameBytes} bytes`);
      }
      if (pending.length - offset < frameBytes) break;
      yield decodeFrame(pending.subarray(offset, offset + frameBytes), options.providerName);
      offset += frameBytes;
    }
    pending = offset === pending.length ? Buffer.alloc(0) : pending.subarray(offset);
  }
  if (pending.length > 0) {
    throw new GatewayError(
      'api_connection',
      `litellm.APIConnectionError: ${options.providerName}Exception - the event stream ended in the middle of a message.`,
    );
  }
}

function decodeFrame(frame: Uint8Array, providerName: string): AwsEventStreamMessage {
  let decoded: ReturnType<EventStreamCodec['decode']>;
  try {
    decoded = codec.decode(frame);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw invalidResponse(providerName, `an event-stream frame is corrupt (${why})`);
  }
  const headers: Record<string, AwsEventHeaderValue> = {};
  for (const [name, header] of Object.entries(decoded.headers)) headers[name] = plainHeaderValue(header);
  const text = toUtf8(decoded.body);
  let parsed: unknown;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidResponse(providerName, 'an event-stream payload is not JSON');
    }
  }
  return {
    messageType: stringHeader(headers[':message-type']) ?? 'event',
    eventType: stringHeader(headers[':event-type']),
    exceptionType: stringHeader(headers[':exception-type']),
    headers,
    body: parsed,
  };
}

type DecodedHeader = ReturnType<EventStreamCodec['decode']>['headers'][string];

function plainHeaderValue(header: DecodedHeader): AwsEventHeaderValue {
  switch (header.type) {
    case 'string':
    case 'uuid':
      return header.value;
    case 'boolean':
      return header.value;
    case 'byte':
    case 'short':
    case 'integer':
      return header.value;
    case 'long':
      return header.value.valueOf();
    case 'timestamp':
      return header.value.toISOString();
    case 'binary':
      return Buffer.from(header.value).toString('base64');
    default:
      return assertNever(header);
  }
}

function stringHeader(value: AwsEventHeaderValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function assertNever(value: never): never {
  throw new Error(`unexpected event-stream header ${JSON.stringify(value)}`);
}
