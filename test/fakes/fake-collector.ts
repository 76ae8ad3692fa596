/**
 * A fake telemetry collector: a `node:http` server on 127.0.0.1 (random port) that takes JSON
 * POSTs (gzip or plain), records them, and can answer 500 or hang (hold the answer until
 * `release()` or `close()`), for tests that prove a slow or dead collector never slows a call.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A POST as the collector received it. */
export interface CollectedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body (the raw text when not JSON). */
  readonly body: unknown;
}

/** How the collector answers the next requests. */
export type CollectorMode = 'ok' | 'fail' | 'hang';

/** A running fake collector. */
export interface FakeCollector {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: CollectedRequest[];
  /** How requests are answered from now on (default `ok`: 200 `{}`). */
  setMode(mode: CollectorMode): void;
  /** Resolves when `count` requests in total have arrived. */
  waitForRequests(count: number): Promise<void>;
  /** Answers every hanging request (200). */
  release(): void;
  close(): Promise<void>;
}

/** Options of `startFakeCollector`. */
export interface FakeCollectorOptions {
  /** Answers 401 when it returns false. */
  authorize?: (headers: IncomingHttpHeaders, path: string) => boolean;
  /** Answers 404 for other paths. */
  paths?: readonly string[];
}

/** Starts a fake collector. */
export async function startFakeCollector(options: FakeCollectorOptions = {}): Promise<FakeCollector> {
  const requests: CollectedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const waiters: { count: number; resolve: () => void }[] = [];
  let mode: CollectorMode = 'ok';
  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (options.paths !== undefined && !options.paths.includes(path)) return answer(res, 404, { message: 'not found' });
      if (options.authorize !== undefined && !options.authorize(req.headers, path)) return answer(res, 401, { message: 'unauthorized' });
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const text = raw.toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      requests.push({ path, headers: req.headers, body });
      for (const waiter of [...waiters]) {
        if (requests.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      if (mode === 'fail') return answer(res, 500, { message: 'collector broken' });
      if (mode === 'hang') {
        hanging.add(res);
        return;
      }
      answer(res, 200, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const release = (): void => {
    for (const res of hanging) answer(res, 200, {});
    hanging.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode: (next) => {
      mode = next;
    },
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    release,
    close: async () => {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
