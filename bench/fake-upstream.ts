/**
 * Fake OpenAI upstream for the bench: a minimal node:http server that answers
 * POST /v1/chat/completions from precomputed buffers (JSON, or SSE when the body asks for
 * `"stream": true`). GET /stats reports how many answers it gave, so the bench can check
 * that a proxy really forwarded every request.
 *
 * Usage: node bench/fake-upstream.ts [--port 0] [--stream-gap-ms 5]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { announceListening, exitWithParent } from './child-protocol.ts';
import {
  completionBody,
  completionHeaders,
  streamFirstEvent,
  streamHeaders,
  streamRestEvents,
} from './fake-upstream-payloads.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'stream-gap-ms': { type: 'string', default: '5' },
  },
});
const streamGapMs = Number(values['stream-gap-ms']);
const counts = { completions: 0, streams: 0 };

function wantsStream(body: Buffer): boolean {
  if (body.indexOf('"stream"') === -1) return false;
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  return typeof parsed === 'object' && parsed !== null && 'stream' in parsed && parsed.stream === true;
}

function answerStream(res: ServerResponse): void {
  counts.streams++;
  res.writeHead(200, streamHeaders);
  if (streamGapMs <= 0) {
    res.write(streamFirstEvent);
    res.end(streamRestEvents);
    return;
  }
  res.write(streamFirstEvent);
  setTimeout(() => res.end(streamRestEvents), streamGapMs);
}

function answerCompletion(res: ServerResponse, body: Buffer): void {
  if (wantsStream(body)) {
    answerStream(res);
    return;
  }
  counts.completions++;
  res.writeHead(200, completionHeaders);
  res.end(completionBody);
}

function readBody(req: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => done(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'POST' && req.url === '/v1/chat/completions') {
    readBody(req, (body) => answerCompletion(res, body));
    return;
  }
  req.resume();
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, ['content-type', 'application/json']);
    res.end(JSON.stringify(counts));
    return;
  }
  res.writeHead(404, ['content-type', 'application/json']);
  res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
}

const server = createServer({ keepAliveTimeout: 60_000 }, handle);
server.listen(Number(values.port), '127.0.0.1', () => {
  announceListening((server.address() as AddressInfo).port);
});
exitWithParent(() => server.close());
