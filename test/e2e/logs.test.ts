/**
 * What the gateway writes to its log: JSON lines, the call id on every request's lines, and
 * never a key — not the master key, not a caller's wrong key, not an upstream key even when
 * the upstream echoes it back in an error.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startCli } from '../support/start-cli.ts';

const MASTER = 'sk-logs-master-5b1f0c9e';
const UPSTREAM_KEY = 'sk-upstream-secret-7d3a9b21';
const WRONG_KEY = 'sk-caller-wrong-4c8e2f10';

describe('logs', { timeout: 60_000 }, () => {
  let fake: FakeOpenAI;
  let output = '';
  let url = '';
  let stop: () => Promise<void>;

  before(async () => {
    fake = await startFakeOpenAI();
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-logs-'));
    const config = join(dir, 'config.yaml');
    await writeFile(config, [
      'model_list:',
      '  - model_name: gpt',
      `    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: ${UPSTREAM_KEY} }`,
      'router_settings: { num_retries: 0 }',
      `general_settings: { master_key: ${MASTER} }`,
      '',
    ].join('\n'));
    const started = await startCli(config, { LITELLM_LOG: 'DEBUG' });
    url = started.url;
    started.child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    started.child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    stop = async () => {
      const exited = once(started.child, 'exit');
      started.child.kill('SIGTERM');
      await exited;
    };
  });
  after(async () => {
    await fake.close();
  });

  it('has no key in any line, and every line of a request carries its call id', async () => {
    const post = (key: string, body: unknown) =>
      fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post(MASTER, { model: 'gpt', messages: [{ role: 'user', content: 'hi' }] });
    const callId = ok.headers.get('x-litellm-call-id');
    await ok.text();
    assert.ok(callId);
    assert.equal((await post(WRONG_KEY, { model: 'gpt', messages: [] })).status, 401);
    fake.failNext({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${UPSTREAM_KEY}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } });
    const failed = await post(MASTER, { model: 'gpt', messages: [{ role: 'user', content: 'hi' }] });
    const failedId = failed.headers.get('x-litellm-call-id');
    assert.equal(failed.status, 401);
    assert.ok(!(await failed.text()).includes(UPSTREAM_KEY), 'the answer hides the upstream key');
    fake.failNext({ kind: 'stream-error-after', chunks: 1 });
    await (await post(MASTER, { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true })).text();
    await stop();

    const lines = output.split('\n').filter((l) => l.trim() !== '');
    assert.ok(lines.length > 3);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(output.includes('Incorrect API key provided'), 'the upstream error was logged (so its redaction was tested)');
    for (const secret of [MASTER, UPSTREAM_KEY, WRONG_KEY]) assert.ok(!output.includes(secret), `${secret.slice(0, 12)}… must not be logged`);
    const failureLines = records.filter((r) => r['reqId'] === failedId);
    assert.ok(failureLines.length > 0, 'the failed call was logged under its call id');
    // Every line about a request names it: lines from the request logger all carry reqId.
    for (const r of records.filter((r) => 'req' in r || 'res' in r || 'err' in r)) assert.ok(typeof r['reqId'] === 'string', JSON.stringify(r).slice(0, 200));
  });
});
