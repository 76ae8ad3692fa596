/**
 * The floor for any Node gateway: a bare pass-through proxy. A node:http server reads the
 * POST /v1/chat/completions body, forwards it through one keep-alive undici Pool to the
 * upstream, and streams the upstream answer back unchanged (hop-by-hop headers removed).
 * No parsing, routing, auth or logging.
 *
 * Usage: node bench/bare-proxy.ts --upstream http://127.0.0.1:PORT [--port 0]
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { announceListening, exitWithParent } from './child-protocol.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    upstream: { type: 'string' },
  },
});
if (!values.upstream) throw new Error('bare-proxy: --upstream http://127.0.0.1:PORT is required');

const pool = new Pool(values.upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
const upstreamHeaders = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function responseHeaders(headers: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) out[name] = value;
  }
  return out;
}

function fail(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type: 'bare_proxy_error' } }));
}

function forward(res: ServerResponse, body: Buffer): void {
  pool.stream(
    { path: '/v1/chat/completions', method: 'POST', headers: upstreamHeaders, body },
    ({ statusCode, headers }) => {
      res.writeHead(statusCode, responseHeaders(headers));
      return res;
    },
    (err) => {
      if (err) fail(res, 502, err.message);
    },
  );
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    req.resume();
    fail(res, 404, 'not found');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => forward(res, chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
}

const server = createServer({ keepAliveTimeout: 60_000 }, handle);
server.listen(Number(values.port), '127.0.0.1', () => {
  announceListening((server.address() as AddressInfo).port);
});
exitWithParent(() => {
  server.close();
  void pool.destroy();
});
