/**
 * Live config reload of the real `switchyard` process: a changed file (written in place, or
 * swapped the way a Kubernetes ConfigMap update swaps it) is validated and swapped in without a
 * restart or a dropped request; an invalid one is rejected with a log line while the old config
 * keeps serving; SIGHUP reloads too.
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogLines } from '../support/log-lines.ts';
import { startHoldingUpstream } from '../support/loopback-server.ts';
import { startCli } from '../support/start-cli.ts';

const KEY = 'sk-reload-master';

function config(models: Record<string, string>, extra = ''): string {
  const list = Object.entries(models).map(([name, answer]) => `  - model_name: ${name}\n    litellm_params:\n      model: mock/${name}\n      mock_response: "${answer}"\n`).join('');
  return `model_list:\n${list}general_settings:\n  master_key: ${KEY}\n${extra}`;
}

const byMessage = (text: string) => (line: Record<string, unknown>) => line['msg'] === text;

async function ask(url: string, model: string): Promise<{ status: number; content?: string }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const body = (await response.json()) as { choices?: { message: { content: string } }[] };
  return { status: response.status, ...(body.choices ? { content: body.choices[0]!.message.content } : {}) };
}

describe('config reload', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('a changed file is swapped in; an invalid one is rejected and the old config keeps serving', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-reload-'));
    const file = join(dir, 'config.yaml');
    await writeFile(file, config({ alpha: 'from alpha' }));
    const { child, url } = await startCli(file);
    children.push(child);
    const logs = new LogLines(child);

    assert.deepEqual(await ask(url, 'alpha'), { status: 200, content: 'from alpha' });
    await writeFile(file, config({ alpha: 'alpha v2', beta: 'from beta' }, 'router_settings:\n  num_retries: 1\nlitellm_settings:\n  request_timeout: 30\n'));
    const reloaded = await logs.next(byMessage('config reloaded'));
    assert.deepEqual(reloaded['applied'], ['model_list', 'router_settings.num_retries']);
    assert.equal(reloaded['models'], 2);
    const restart = await logs.next(byMessage('config reload: these settings take effect only after a restart'));
    assert.deepEqual(restart['settings'], ['litellm_settings.request_timeout']);
    assert.deepEqual(await ask(url, 'beta'), { status: 200, content: 'from beta' });
    assert.deepEqual(await ask(url, 'alpha'), { status: 200, content: 'alpha v2' });

    await writeFile(file, 'model_list:\n  - model_name: broken\n    litellm_params:\n      rpm: lots\n');
    const rejected = await logs.next(byMessage('config reload rejected; still serving the previous config'));
    assert.match(String(rejected['reason']), /litellm_params/);
    assert.equal(rejected['level'], 50, 'logged as an error');
    assert.deepEqual(await ask(url, 'beta'), { status: 200, content: 'from beta' });
    assert.equal((await ask(url, 'broken')).status, 400);

    child.kill('SIGTERM');
    assert.equal((await once(child, 'exit'))[0], 0);
  });

  it('a Kubernetes ConfigMap update (the ..data symlink swapped) is picked up', async () => {
    // The layout kubelet writes: config.yaml -> ..data/config.yaml, ..data -> ..2026_v1 (a folder).
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-configmap-'));
    await mkdir(join(dir, '..v1'));
    await writeFile(join(dir, '..v1', 'config.yaml'), config({ alpha: 'v1' }));
    await symlink('..v1', join(dir, '..data'));
    await symlink(join('..data', 'config.yaml'), join(dir, 'config.yaml'));
    const { child, url } = await startCli(join(dir, 'config.yaml'));
    children.push(child);
    const logs = new LogLines(child);
    assert.deepEqual(await ask(url, 'alpha'), { status: 200, content: 'v1' });

    await mkdir(join(dir, '..v2'));
    await writeFile(join(dir, '..v2', 'config.yaml'), config({ alpha: 'v2' }));
    await symlink('..v2', join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    await logs.next(byMessage('config reloaded'));
    assert.deepEqual(await ask(url, 'alpha'), { status: 200, content: 'v2' });
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it('SIGHUP reloads (file watching off); a request in flight finishes on the deployment it started with', async () => {
    const upstream = await startHoldingUpstream();
    const { port } = upstream;
    const slow = `  - model_name: slow\n    litellm_params:\n      model: openai/gpt-4o\n      api_base: http://127.0.0.1:${port}/v1\n      api_key: sk-x\n`;
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-sighup-'));
    const file = join(dir, 'config.yaml');
    await writeFile(file, `model_list:\n${slow}general_settings:\n  master_key: ${KEY}\n`);
    const { child, url } = await startCli(file, { SWITCHYARD_WATCH_CONFIG: 'false' });
    children.push(child);
    const logs = new LogLines(child);

    const inFlight = ask(url, 'slow');
    await upstream.arrived;
    // The new config drops `slow` altogether.
    await writeFile(file, config({ gamma: 'from gamma' }));
    child.kill('SIGHUP');
    await logs.next(byMessage('config reloaded'));
    assert.deepEqual(await ask(url, 'gamma'), { status: 200, content: 'from gamma' });
    assert.equal((await ask(url, 'slow')).status, 400, 'new requests no longer see the removed model');
    upstream.answer('late but whole');
    assert.deepEqual(await inFlight, { status: 200, content: 'late but whole' });
    child.kill('SIGTERM');
    await once(child, 'exit');
    await upstream.close();
  });
});
