/**
 * Two gateway processes sharing one real Redis: a cooldown started by one is honoured by the
 * other without any request of its own failing. A third process without Redis is the
 * control: it does not know, and tries the cooling deployment.
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startCli } from '../support/start-cli.ts';
import { TEST_REDIS_URL, testNamespace } from '../support/redis-url.ts';

const MASTER = 'sk-replicas-master';
const hi = [{ role: 'user', content: 'hi' }];

async function chat(url: string): Promise<{ status: number; modelId: string | null }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'g', messages: hi }),
  });
  await response.text();
  return { status: response.status, modelId: response.headers.get('x-litellm-model-id') };
}

async function cooling(url: string): Promise<string[]> {
  const response = await fetch(`${url}/router/cooldowns`, { headers: { authorization: `Bearer ${MASTER}` } });
  const body = (await response.json()) as { cooldowns: { model_id: string }[] };
  return body.cooldowns.map((c) => c.model_id);
}

/** Polls a replica (another process: nothing to await in-process) until it lists `id` as cooling. */
async function untilCooling(url: string, id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await cooling(url)).includes(id)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} never saw ${id} cooling`);
}

describe('two gateway processes share cooldowns through Redis', { timeout: 180_000 }, () => {
  let primary: FakeOpenAI;
  let secondary: FakeOpenAI;
  const children: ChildProcessWithoutNullStreams[] = [];
  let config = '';

  before(async () => {
    // Fail (not skip) when Redis is missing: CI must have it.
    const probe = createClient({ url: TEST_REDIS_URL });
    await probe.connect();
    await probe.close();
    primary = await startFakeOpenAI();
    secondary = await startFakeOpenAI();
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-replicas-'));
    config = join(dir, 'config.yaml');
    // `order`: every replica tries the primary first unless it is cooling down.
    await writeFile(
      config,
      [
        'model_list:',
        '  - model_name: g',
        `    litellm_params: { model: openai/gpt-4o, api_base: "${primary.url}/v1", api_key: sk-up, order: 1 }`,
        '    model_info: { id: primary }',
        '  - model_name: g',
        `    litellm_params: { model: openai/gpt-4o, api_base: "${secondary.url}/v1", api_key: sk-up, order: 2 }`,
        '    model_info: { id: secondary }',
        'router_settings: { num_retries: 0, allowed_fails: 0, cooldown_time: 120 }',
        `general_settings: { master_key: ${MASTER} }`,
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await primary.close();
    await secondary.close();
  });

  it('a cooldown started on replica 1 keeps replica 2 off that deployment', async () => {
    const shared = { REDIS_URL: TEST_REDIS_URL, SWITCHYARD_REDIS_NAMESPACE: testNamespace() };
    const one = await startCli(config, shared);
    const two = await startCli(config, shared);
    const alone = await startCli(config, { REDIS_URL: '', REDIS_HOST: '' });
    children.push(one.child, two.child, alone.child);

    primary.failNext({ kind: 'status', status: 500 });
    const failed = await chat(one.url);
    assert.equal(failed.status, 200, 'the next order tier answered');
    assert.equal(failed.modelId, 'secondary');
    assert.equal(primary.requests.length, 1);

    await untilCooling(two.url, 'primary');
    for (let i = 0; i < 5; i++) assert.equal((await chat(two.url)).modelId, 'secondary');
    assert.equal(primary.requests.length, 1, 'replica 2 never sent the cooling deployment a request');

    assert.deepEqual(await cooling(alone.url), [], 'without Redis, replica 3 does not know');
    assert.equal((await chat(alone.url)).modelId, 'primary');
    assert.equal(primary.requests.length, 2);
  });
});
