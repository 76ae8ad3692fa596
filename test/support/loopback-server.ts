/**
 * Lifecycle helpers for fake upstreams: listen on 127.0.0.1 with a random port, close
 * (ending keep-alive and stalled connections), and answer JSON.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Starts listening on 127.0.0.1 (random port) and returns the port. */
export async function listenOnLoopback(server: Server | HttpsServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Stops the server and ends every connection it still has. */
export async function closeServer(server: Server | HttpsServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/** Writes a whole JSON answer with its length. */
export function sendJson(res: ServerResponse, answer: { status: number; body: unknown; headers?: Record<string, string> }): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...answer.headers });
  res.end(text);
}

/** An OpenAI-style upstream that holds each request until the test answers it (for in-flight tests). */
export interface HoldingUpstream {
  readonly port: number;
  /** Resolves when the first request has arrived. */
  readonly arrived: Promise<void>;
  /** Answers the held request with a chat completion whose content is `content`. */
  answer(content: string): void;
  close(): Promise<void>;
}

export async function startHoldingUpstream(): Promise<HoldingUpstream> {
  let held: ServerResponse | undefined;
  const arrived = Promise.withResolvers<void>();
  const server = createServer((req, res) => {
    req.resume();
    held = res;
    arrived.resolve();
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    arrived: arrived.promise,
    answer: (content) => sendJson(held!, { status: 200, body: { id: 'x', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] } }),
    close: () => closeServer(server),
  };
}
