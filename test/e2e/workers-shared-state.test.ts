/**
 * `switchyard --num_workers 2` without Redis behaves as one gateway: the primary process holds
 * the rate-limit counters, budget reservations, cooldowns and key changes for both workers.
 * Every request goes on its own connection, so the workers take turns (round-robin).
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { sendOnNewConnection } from '../support/send-on-new-connection.ts';
import { startCliWorkers } from '../support/start-cli.ts';

const MASTER = 'sk-workers-master';
const INPUT = 0.0001;
const OUTPUT = 0.0001;
// Each request asks for at most 20 output tokens; the prompt counts 7 tokens.
const WORST = 7 * INPUT + 20 * OUTPUT;
const hi = [{ role: 'user', content: 'hi' }];

/** One request on its own connection, with the master key unless another is given. */
const send = (url: string, args: { path: string; body?: unknown; key?: string | undefined; method?: string }) => sendOnNewConnection(url, { ...args, key: args.key ?? MASTER });

describe('--num_workers 2 without Redis acts as one gateway', { timeout: 120_000 }, () => {
  let primary: FakeOpenAI;
  let secondary: FakeOpenAI;
  let gateway: { child: ChildProcessWithoutNullStreams; url: string; pids: number[] };

  const chat = (args: { key?: string; model?: string }) => send(gateway.url, { path: '/v1/chat/completions', key: args.key, body: { model: args.model ?? 'priced', messages: hi, max_tokens: 20 } });
  const newKey = async (fields: Record<string, unknown>): Promise<string> => String((await send(gateway.url, { path: '/key/generate', body: fields })).body['key']);

  before(async () => {
    primary = await startFakeOpenAI();
    secondary = await startFakeOpenAI();
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-workers-'));
    const config = join(dir, 'config.yaml');
    const upstream = (fake: FakeOpenAI) => `{ model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-up, input_cost_per_token: ${INPUT}, output_cost_per_token: ${OUTPUT}`;
    await writeFile(config, [
      'model_list:',
      '  - model_name: priced',
      `    litellm_params: ${upstream(secondary)} }`,
      '  - model_name: g',
      `    litellm_params: ${upstream(primary)}, order: 1 }`,
      '    model_info: { id: primary }',
      '  - model_name: g',
      `    litellm_params: ${upstream(secondary)}, order: 2 }`,
      '    model_info: { id: secondary }',
      'router_settings: { num_retries: 0, allowed_fails: 0, cooldown_time: 120 }',
      `general_settings: { master_key: ${MASTER} }`,
      '',
    ].join('\n'));
    gateway = await startCliWorkers(config, 2, { REDIS_URL: '', REDIS_HOST: '' });
  });
  after(async () => {
    gateway.child.kill('SIGKILL');
    await primary.close();
    await secondary.close();
  });

  it('an rpm limit of 5 lets exactly 5 of 30 concurrent requests through, over both workers', async () => {
    const key = await newKey({ rpm_limit: 5 });
    const answers = await Promise.all(Array.from({ length: 30 }, () => chat({ key })));
    assert.equal(answers.filter((a) => a.status === 200).length, 5);
    assert.equal(answers.filter((a) => a.status === 429).length, 25);
  });

  it('a budget holds across both workers under concurrent load', async () => {
    const budget = 5 * WORST + 1e-9;
    const key = await newKey({ max_budget: budget });
    const answers = await Promise.all(Array.from({ length: 30 }, () => chat({ key })));
    const admitted = answers.filter((a) => a.status === 200);
    const spent = admitted.reduce((sum, a) => sum + Number(a.headers['x-litellm-response-cost']), 0);
    assert.ok(admitted.length >= 5, `${admitted.length} admitted: at least the budget's worth of worst cases`);
    assert.ok(spent <= budget, `spent ${spent} of ${budget}`);
    assert.ok(answers.every((a) => a.status === 200 || a.status === 429));
  });

  it('a cooldown caused through one worker is honoured by the other', async () => {
    primary.failNext({ kind: 'status', status: 500 });
    const failed = await chat({ model: 'g' });
    assert.equal(failed.status, 200, 'the next order tier answered');
    assert.equal(failed.headers['x-litellm-model-id'], 'secondary');
    assert.equal(primary.requests.length, 1);
    for (let i = 0; i < 6; i++) assert.equal((await chat({ model: 'g' })).headers['x-litellm-model-id'], 'secondary');
    assert.equal(primary.requests.length, 1, 'neither worker sent the cooling deployment another request');
    for (let i = 0; i < 2; i++) {
      const listed = await send(gateway.url, { method: 'GET', path: '/router/cooldowns' });
      assert.deepEqual((listed.body['cooldowns'] as { model_id: string }[]).map((c) => c.model_id), ['primary']);
    }
  });

  it('a key blocked through one worker is refused by the other at once', async () => {
    const key = await newKey({});
    for (let i = 0; i < 2; i++) assert.equal((await chat({ key })).status, 200, 'both workers have the key cached');
    assert.equal((await send(gateway.url, { path: '/key/block', body: { key } })).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await chat({ key })).status, 401);
  });

  it('a worker that loses the primary exits', async () => {
    const exited = once(gateway.child, 'exit');
    gateway.child.kill('SIGKILL');
    await exited;
    for (const pid of gateway.pids) await untilGone(pid);
  });
});

/** Waits for another process to end (nothing to await across processes: poll its pid). */
async function untilGone(pid: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`worker ${pid} still runs without its primary`);
}
