/**
 * /metrics with `--num_workers 2`: every worker answers with the whole cluster's metrics
 * (aggregated by the primary over IPC), whichever worker takes the scrape.
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { parsePrometheusText, sumOf } from '../support/parse-prometheus-text.ts';
import { runCli } from '../support/start-cli.ts';

const CONFIG = `
model_list:
  - model_name: mock-gpt
    litellm_params:
      model: mock/gpt-4o-mini
    model_info:
      id: mock-1
litellm_settings:
  callbacks: ["prometheus"]
general_settings:
  master_key: sk-cluster-1234
`;

/** One request on its own connection (no keep-alive), so the kernel spreads them over the workers. */
function send(url: string, args: { method: string; path: string; body?: unknown }): Promise<{ status: number; text: string; pid: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${args.path}`, { method: args.method, agent: false, headers: { authorization: 'Bearer sk-cluster-1234', 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, pid: undefined }));
    });
    req.on('error', reject);
    req.end(args.body === undefined ? undefined : JSON.stringify(args.body));
  });
}

describe('/metrics across workers', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  after(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('every scrape shows the traffic of all workers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-metrics-'));
    const config = join(dir, 'config.yaml');
    await writeFile(config, CONFIG);
    const child = runCli(['--config', config, '--port', '0', '--host', '127.0.0.1', '--num_workers', '2']);
    children.push(child);
    const exited = once(child, 'exit');
    const workers = new Map<number, string>();
    for await (const line of createInterface({ input: child.stdout })) {
      const match = /"pid":(\d+).*"worker":\d+.*listening on (http:\/\/[^"\s]+)/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) workers.set(Number(match[1]), match[2]);
      if (workers.size === 2) break;
    }
    const url = [...workers.values()][0] ?? '';
    const calls = 12;
    for (let i = 0; i < calls; i++) {
      const answer = await send(url, { method: 'POST', path: '/v1/chat/completions', body: { model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello' }] } });
      assert.equal(answer.status, 200);
    }
    // Each scrape is a new connection, so the scrapes land on both workers; each must see all calls.
    for (let i = 0; i < 4; i++) {
      const scraped = await send(url, { method: 'GET', path: '/metrics' });
      assert.equal(scraped.status, 200);
      const metrics = parsePrometheusText(scraped.text);
      assert.equal(sumOf(metrics, 'litellm_proxy_total_requests_metric_total', { status_code: '200', model_id: 'mock-1' }), calls, `scrape ${i}`);
      assert.equal(sumOf(metrics, 'litellm_request_total_latency_metric_count'), calls);
      assert.equal(sumOf(metrics, 'litellm_deployment_state', { model_id: 'mock-1' }), 0, 'a gauge is not summed over workers');
    }
    child.kill('SIGTERM');
    assert.equal((await exited)[0], 0);
  });
});
