import { request } from 'node:http';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One JSON request on its own connection (no keep-alive), so `--num_workers` workers take
 * turns answering (the primary deals connections round-robin).
 */
export function sendOnNewConnection(url: string, args: { path: string; key: string; body?: unknown; method?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${args.key}`, 'content-type': 'application/json' };
    const req = request(`${url}${args.path}`, { method: args.method ?? 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(args.body === undefined ? undefined : JSON.stringify(args.body));
  });
}
