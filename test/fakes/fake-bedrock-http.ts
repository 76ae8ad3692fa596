/**
 * The transport of the fake AWS services: one loopback port that speaks HTTP/1.1 (undici,
 * the gateway, the STS client) and cleartext HTTP/2 (the AWS SDK's default NodeHttp2Handler
 * even for `http://`), told apart by the HTTP/2 connection preface. Plus the AWS JSON error
 * answer (`x-amzn-errortype` header and `{"message"}` body).
 */
import { createServer as createHttp1Server, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

/** What the fake handlers read from a request (HTTP/1.1 or HTTP/2 compatibility API). */
export interface FakeRequest extends AsyncIterable<unknown> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly httpVersion: string;
}

/** What the fake handlers write to (HTTP/1.1 or HTTP/2 compatibility API). */
export interface FakeResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array | string): boolean;
  end(chunk?: Uint8Array | string): unknown;
  destroy(): unknown;
  once(event: 'close', listener: () => void): unknown;
  readonly writableEnded: boolean;
  readonly headersSent: boolean;
}

export type FakeHandler = (req: FakeRequest, res: FakeResponse) => void;

/** A running dual-protocol loopback server. */
export interface FakeHttpServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n');

/** Listens on 127.0.0.1 (random port) and hands each connection to the HTTP/1.1 or HTTP/2 server. */
export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  const http1 = createHttp1Server((req, res) => handler(req, res));
  const http2 = createHttp2Server((req, res) => handler(req, res));
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('readable', () => {
      const head: Buffer | null = socket.read(PREFACE.length) ?? socket.read();
      if (head === null) return;
      socket.unshift(head);
      (head.subarray(0, PREFACE.length).equals(PREFACE) ? http2 : http1).emit('connection', socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      http1.closeAllConnections();
      await closed;
    },
  };
}

/** Reads a whole request body. */
export async function readRequestBody(req: FakeRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** Answers JSON with the given status and headers. */
export function writeJson(res: FakeResponse, answer: { status: number; body: unknown; headers?: Record<string, string> }): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...answer.headers });
  res.end(text);
}

/** Answers an AWS restJson1 error: `x-amzn-errortype` names the exception, the body carries the message. */
export function writeAwsError(res: FakeResponse, error: { status: number; errorType: string; message: string; headers?: Record<string, string> }): void {
  writeJson(res, {
    status: error.status,
    body: { message: error.message },
    headers: { 'x-amzn-errortype': `${error.errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`, ...error.headers },
  });
}
