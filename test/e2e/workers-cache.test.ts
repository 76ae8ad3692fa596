/**
 * `switchyard --num_workers 2` without Redis keeps one local response cache, in the primary:
 * an answer cached through one worker is a hit on the other (one upstream call, not one per
 * worker), and /cache/delete through either worker removes it for both.
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { sendOnNewConnection } from '../support/send-on-new-connection.ts';
import { startCliWorkers } from '../support/start-cli.ts';

const MASTER = 'sk-workers-cache-master';

describe('--num_workers 2 without Redis share one response cache', { timeout: 120_000 }, () => {
  let upstream: FakeOpenAI;
  let gateway: { child: ChildProcessWithoutNullStreams; url: string; pids: number[] };
  const ask = (content: string) => sendOnNewConnection(gateway.url, { path: '/v1/chat/completions', key: MASTER, body: { model: 'gpt', messages: [{ role: 'user', content }] } });

  before(async () => {
    upstream = await startFakeOpenAI();
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-workers-cache-'));
    const config = join(dir, 'config.yaml');
    await writeFile(config, [
      'model_list:',
      '  - model_name: gpt',
      `    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: sk-up }`,
      'litellm_settings: { cache: true, cache_params: { type: local } }',
      `general_settings: { master_key: ${MASTER} }`,
      '',
    ].join('\n'));
    gateway = await startCliWorkers(config, 2, { REDIS_URL: '', REDIS_HOST: '' });
  });
  after(async () => {
    gateway.child.kill('SIGKILL');
    await upstream.close();
  });

  it('an answer cached through one worker is a hit on the other', async () => {
    const first = await ask('shared question');
    assert.equal(first.status, 200);
    // Each request on a new connection: the workers take turns, so both answer from the one cache.
    const later = [];
    for (let i = 0; i < 6; i++) later.push(await ask('shared question'));
    assert.ok(later.every((a) => a.status === 200 && typeof a.headers['x-litellm-cache-key'] === 'string'), 'every later request is a hit');
    assert.equal(upstream.requests.length, 1, 'one upstream call for both workers');
  });

  it('/cache/delete through either worker removes the entry for both', async () => {
    const hit = await ask('shared question');
    const key = String(hit.headers['x-litellm-cache-key']);
    const deleted = await sendOnNewConnection(gateway.url, { path: '/cache/delete', key: MASTER, body: { keys: [key] } });
    assert.equal(deleted.status, 200);
    const before = upstream.requests.length;
    const again = await ask('shared question');
    assert.equal(again.headers['x-litellm-cache-key'], undefined, 'a miss after the delete');
    assert.equal(upstream.requests.length, before + 1);
  });
});
