/**
 * A virtual key's rpm, parallel and per-model limits through the gateway: 429 with
 * retry-after and x-ratelimit-* headers, exact under concurrency, and slots freed as answers end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { errorOf, startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../support/test-database.ts';

const hi = [{ role: 'user', content: 'hi' }];

describe('virtual key rate limits', () => {
  let fake: FakeOpenAI;
  let handle: TestDatabaseHandle;
  let database: StorageDatabase;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI();
    handle = await createTestDatabase('sqlite');
    database = openDatabase(handle.options);
    await migrate(database);
    const storage = createStorage(database);
    gateway = await startGateway({
      models: [
        { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up' } },
        { model_name: 'mini', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${fake.url}/v1`, api_key: 'sk-up' } },
        { model_name: 'mystery', litellm_params: { model: 'openai/some-model-no-one-prices', api_base: `${fake.url}/v1`, api_key: 'sk-up' } },
      ],
      stores: { keys: storage.keys },
    });
  });
  after(async () => {
    await gateway.close();
    await database.close();
    await handle.dispose();
    await fake.close();
  });

  const generate = async (body: Record<string, unknown>) => String(((await gateway.post('/key/generate', body)).body as { key: string }).key);
  const call = (key: string, model = 'gpt') => gateway.post('/v1/chat/completions', { model, messages: hi }, { authorization: `Bearer ${key}` });

  it('rpm_limit: exactly that many of 20 concurrent requests get in; the rest are 429 with retry-after', async () => {
    const key = await generate({ rpm_limit: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => call(key)));
    assert.equal(results.filter((r) => r.status === 200).length, 5);
    const refused = results.filter((r) => r.status === 429);
    assert.equal(refused.length, 15);
    const first = refused[0]!;
    assert.equal(errorOf(first.body).type, 'throttling_error');
    assert.match(errorOf(first.body).message, /requests per minute limit 5/);
    assert.ok(Number(first.headers.get('retry-after')) >= 1);
    assert.equal(first.headers.get('x-ratelimit-limit-requests'), '5');
    assert.equal(first.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.ok(!first.text.includes(key));
  });

  it('an admitted request carries x-ratelimit-* headers', async () => {
    const key = await generate({ rpm_limit: 10, tpm_limit: 100000 });
    const ok = await call(key);
    assert.equal(ok.headers.get('x-ratelimit-limit-requests'), '10');
    assert.equal(ok.headers.get('x-ratelimit-remaining-requests'), '9');
    assert.equal(ok.headers.get('x-ratelimit-limit-tokens'), '100000');
  });

  it('max_parallel_requests: a held request takes the slot; it is free again when the answer ends', async () => {
    const key = await generate({ max_parallel_requests: 1 });
    fake.failNext({ kind: 'stall' });
    const arrived = fake.nextRequest();
    const controller = new AbortController();
    const held = fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', signal: controller.signal, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt', messages: hi }) }).catch(() => undefined);
    await arrived;
    const second = await call(key);
    assert.equal(second.status, 429);
    assert.match(errorOf(second.body).message, /parallel requests limit 1/);
    const aborted = fake.nextClientAbort();
    controller.abort();
    await held;
    await aborted;
    // The slot is released when the gateway sees the client go; retry until it has (no sleeps: each try is a real request).
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) status = (await call(key)).status;
    assert.equal(status, 200);
  });

  it('model_rpm_limit applies to that model only', async () => {
    const key = await generate({ model_rpm_limit: { mini: 1 } });
    assert.equal((await call(key, 'mini')).status, 200);
    assert.equal((await call(key, 'mini')).status, 429);
    assert.equal((await call(key, 'gpt')).status, 200);
    assert.equal((await call(key, 'gpt')).status, 200);
  });

  it('a key with a budget may not use a model with no known price; a key without one may', async () => {
    const budgeted = await generate({ max_budget: 10 });
    const refused = await call(budgeted, 'mystery');
    assert.equal(refused.status, 400);
    assert.match(errorOf(refused.body).message, /No price is known for model "mystery"/);
    assert.equal((await call(budgeted, 'gpt')).status, 200, 'a priced model is fine');
    assert.equal((await call(await generate({}), 'mystery')).status, 200);
  });
});
