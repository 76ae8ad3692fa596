import type { ServerResponse } from 'node:http';

/**
 * Writes one SSE event, waiting for `drain` when the socket's buffer is full (backpressure:
 * the upstream is read no faster than the client takes it). Resolves false when the client
 * has gone away.
 */
export async function writeSse(res: ServerResponse, data: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(`data: ${data}\n\n`)) return true;
  return new Promise<boolean>((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;
