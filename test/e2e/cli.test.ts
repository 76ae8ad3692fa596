import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startHoldingUpstream } from '../support/loopback-server.ts';
import { runCli, startCli } from '../support/start-cli.ts';

const EXAMPLE = new URL('../../examples/config.yaml', import.meta.url).pathname;
const run = runCli;

async function collect(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('the switchyard command', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('check-config passes the example config', async () => {
    const result = await collect(run(['check-config', EXAMPLE]));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /config OK/);
  });

  it('check-config lists every problem with path and line, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, ['model_list:', '  - model_name: a', '    litellm_params:', '      rpm: fast', '  - litellm_params:', '      model: openai/x', ''].join('\n'));
    const result = await collect(run(['check-config', file]));
    assert.equal(result.code, 1);
    assert.match(result.stdout, /bad\.yaml:4\s+model_list\[0\]\.litellm_params\.rpm/);
    assert.match(result.stdout, /model_list\[0\]\.litellm_params\.model/);
    assert.match(result.stdout, /model_list\[1\]\.model_name/);
  });

  it('refuses to start on a missing environment variable, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-'));
    const file = join(dir, 'env.yaml');
    await writeFile(file, 'model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n      api_key: os.environ/SWITCHYARD_TEST_UNSET_KEY\n');
    const result = await collect(run(['--config', file, '--port', '0']));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /SWITCHYARD_TEST_UNSET_KEY/);
  });

  it('serves the example config offline: curl-style request and the openai SDK', async () => {
    const { child, url } = await startCli(EXAMPLE);
    children.push(child);
    const raw = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-1234' },
      body: JSON.stringify({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    assert.equal(raw.status, 200);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-1234', maxRetries: 0 });
    const data = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello' }] });
    assert.ok((data.choices[0]?.message.content ?? '').length > 0);
    child.kill('SIGTERM');
    assert.equal((await once(child, 'exit'))[0], 0);
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const upstream = await startHoldingUpstream();
    const { port } = upstream;
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-'));
    const file = join(dir, 'slow.yaml');
    await writeFile(file, `model_list:\n  - model_name: slow\n    litellm_params:\n      model: openai/gpt-4o\n      api_base: http://127.0.0.1:${port}/v1\n      api_key: sk-x\n`);
    const { child, url } = await startCli(file);
    children.push(child);
    const exited = once(child, 'exit');
    const inFlight = fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'hi' }] }) });
    await upstream.arrived;
    child.kill('SIGTERM');
    // The gateway stops accepting: the listening socket is closed while the request is held.
    await assert.rejects(async () => {
      for (;;) await fetch(`${url}/health/liveness`, { headers: { connection: 'close' } });
    });
    upstream.answer('late');
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content, 'late');
    assert.equal((await exited)[0], 0);
    await upstream.close();
  });

  it('--num_workers 2: two worker processes answer on one port, and SIGTERM stops them all', async () => {
    const child = run(['--config', EXAMPLE, '--port', '0', '--host', '127.0.0.1', '--num_workers', '2']);
    children.push(child);
    const exited = once(child, 'exit');
    const workers = new Map<number, string>();
    for await (const line of createInterface({ input: child.stdout })) {
      const match = /"pid":(\d+).*"worker":\d+.*listening on (http:\/\/[^"\s]+)/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) workers.set(Number(match[1]), match[2]);
      if (workers.size === 2) break;
    }
    const [first, second] = [...workers.values()];
    assert.equal(first, second, 'both workers share the port');
    assert.ok(!workers.has(child.pid ?? -1), 'the workers are not the primary');
    const client = new OpenAI({ baseURL: `${first}/v1`, apiKey: 'sk-1234', maxRetries: 0 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello' }] })));
    assert.equal(answers.length, 8);
    child.kill('SIGTERM');
    assert.equal((await exited)[0], 0);
    for (const pid of workers.keys()) assert.throws(() => process.kill(pid, 0), 'worker exited with the primary');
  });
});
