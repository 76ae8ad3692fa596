/**
 * Virtual keys end to end, on both stores: the seed runbook's own curl commands, keys used
 * with the openai SDK, model access, block/unblock, regenerate, delete, and who may read what.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { KeyRepository } from '../../src/storage/key-repository.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { MASTER_KEY, errorOf, startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, TEST_DIALECTS, type TestDatabaseHandle } from '../support/test-database.ts';

const hi = [{ role: 'user' as const, content: 'hi' }];
const models = [
  { model_name: 'gpt-4o', litellm_params: { model: 'mock/gpt-4o', mock_response: 'hello from gpt-4o' } },
  { model_name: 'gemini-flash', litellm_params: { model: 'mock/gemini', mock_response: 'hello from gemini' } },
  { model_name: 'claude', litellm_params: { model: 'mock/claude', mock_response: 'hello from claude' } },
];

/** curl's way: -d sends a form content type carrying JSON. */
async function curl(gateway: TestGateway, method: string, path: string, options: { key?: string; body?: unknown } = {}) {
  const response = await fetch(gateway.url + path, {
    method,
    headers: { authorization: `Bearer ${options.key ?? MASTER_KEY}`, ...(options.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sdk = (gateway: TestGateway, key: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });

for (const dialect of TEST_DIALECTS) {
  describe(`virtual keys (${dialect})`, () => {
    let handle: TestDatabaseHandle;
    let database: StorageDatabase;
    let gateway: TestGateway;

    before(async () => {
      handle = await createTestDatabase(dialect);
      database = openDatabase(handle.options);
      await migrate(database);
      gateway = await startGateway({ models, stores: { keys: new KeyRepository(database.db) } });
    });
    after(async () => {
      await gateway.close();
      await database.close();
      await handle.dispose();
    });

    it("the runbook's /key/generate: a key for two models with a monthly budget and metadata", async () => {
      const r = await curl(gateway, 'POST', '/key/generate', { body: { models: ['gpt-4o', 'gemini-flash'], max_budget: 100, budget_duration: 'monthly', metadata: { team: 'risk-team', environment: 'prod' } } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const key = String(r.body['key']);
      assert.match(key, /^sk-[A-Za-z0-9_-]{22}$/);
      assert.equal(r.body['key_name'], `sk-...${key.slice(-4)}`);
      assert.deepEqual(r.body['models'], ['gpt-4o', 'gemini-flash']);
      assert.equal(r.body['max_budget'], 100);
      assert.equal(r.body['budget_duration'], 'monthly');
      const reset = new Date(String(r.body['budget_reset_at']));
      assert.equal(reset.getUTCDate(), 1, 'monthly budgets reset on the 1st');
      assert.deepEqual(r.body['metadata'], { team: 'risk-team', environment: 'prod' });
      assert.notEqual(r.body['token'], key, 'only the hash is stored');

      const answer = await sdk(gateway, key).chat.completions.create({ model: 'gemini-flash', messages: hi });
      assert.equal(answer.choices[0]?.message.content, 'hello from gemini');
      await assert.rejects(sdk(gateway, key).chat.completions.create({ model: 'claude', messages: hi }), (e: unknown) => e instanceof OpenAI.AuthenticationError && /key not allowed to access model/.test(e.message));

      const info = await curl(gateway, 'POST', '/key/info', { body: { key } });
      assert.equal(info.status, 200);
      assert.equal((info.body['info'] as Record<string, unknown>)['key_name'], `sk-...${key.slice(-4)}`);
      const byQuery = await curl(gateway, 'GET', `/key/info?key=${key}`);
      assert.equal(byQuery.status, 200);

      const list = await curl(gateway, 'GET', '/key/list');
      assert.ok((list.body['keys'] as string[]).includes(String(r.body['token'])));
      assert.equal(typeof list.body['total_count'], 'number');
    });

    it('a virtual key reads its own info, not another key’s, and cannot manage keys', async () => {
      const mine = String((await curl(gateway, 'POST', '/key/generate', { body: {} })).body['key']);
      const other = String((await curl(gateway, 'POST', '/key/generate', { body: {} })).body['key']);
      assert.equal((await curl(gateway, 'GET', '/key/info', { key: mine })).status, 200);
      assert.equal((await curl(gateway, 'GET', `/key/info?key=${mine}`, { key: mine })).status, 200);
      const denied = await curl(gateway, 'GET', `/key/info?key=${other}`, { key: mine });
      assert.equal(denied.status, 403);
      assert.ok(!JSON.stringify(denied.body).includes(other));
      assert.equal((await curl(gateway, 'POST', '/key/generate', { key: mine, body: {} })).status, 403);
      assert.equal((await curl(gateway, 'GET', '/key/list', { key: mine })).status, 403);
    });

    it('block, unblock, regenerate and delete take effect at once', async () => {
      const key = String((await curl(gateway, 'POST', '/key/generate', { body: { key_alias: `alias-${dialect}` } })).body['key']);
      const call = (k: string) => gateway.post('/v1/chat/completions', { model: 'claude', messages: hi }, { authorization: `Bearer ${k}` });
      assert.equal((await call(key)).status, 200);
      assert.equal((await curl(gateway, 'POST', '/key/block', { body: { key } })).status, 200);
      const blocked = await call(key);
      assert.equal(blocked.status, 401);
      assert.match(errorOf(blocked.body).message, /blocked/);
      await curl(gateway, 'POST', '/key/unblock', { body: { key } });
      assert.equal((await call(key)).status, 200);

      const regenerated = await curl(gateway, 'POST', `/key/${key}/regenerate`, { body: {} });
      const fresh = String(regenerated.body['key']);
      assert.notEqual(fresh, key);
      assert.equal((await call(key)).status, 401, 'the old key stops working');
      assert.equal((await call(fresh)).status, 200);

      const deleted = await fetch(`${gateway.url}/key/delete`, { method: 'DELETE', headers: { authorization: `Bearer ${MASTER_KEY}` }, body: JSON.stringify({ keys: [fresh] }) });
      assert.equal(deleted.status, 200);
      assert.deepEqual(((await deleted.json()) as { deleted_keys: string[] }).deleted_keys, [fresh]);
      assert.equal((await call(fresh)).status, 401);
    });

    it("a key's aliases map a name to one of its models; allowed_routes limit what it may call", async () => {
      const aliased = String((await curl(gateway, 'POST', '/key/generate', { body: { models: ['claude'], aliases: { 'my-model': 'claude' } } })).body['key']);
      const viaAlias = await sdk(gateway, aliased).chat.completions.create({ model: 'my-model', messages: hi });
      assert.equal(viaAlias.choices[0]?.message.content, 'hello from claude');

      const narrow = String((await curl(gateway, 'POST', '/key/generate', { body: { allowed_routes: ['/chat/completions'] } })).body['key']);
      assert.equal((await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi }, { authorization: `Bearer ${narrow}` })).status, 200, '/v1 form of an allowed route');
      const denied = await gateway.post('/v1/embeddings', { model: 'claude', input: 'x' }, { authorization: `Bearer ${narrow}` });
      assert.equal(denied.status, 403);
      assert.match(errorOf(denied.body).message, /allowed_routes/);
      const group = String((await curl(gateway, 'POST', '/key/generate', { body: { allowed_routes: ['llm_api_routes'] } })).body['key']);
      assert.equal((await gateway.post('/chat/completions', { model: 'claude', messages: hi }, { authorization: `Bearer ${group}` })).status, 200);
      assert.equal((await curl(gateway, 'GET', '/key/info', { key: group })).status, 403, 'info routes are not llm_api_routes');
    });

    it('/health/readiness reports the database as connected', async () => {
      const ready = (await (await fetch(`${gateway.url}/health/readiness`)).json()) as { db: string };
      assert.equal(ready.db, 'connected');
    });

    it('bad input: wrong types and unknown durations are 400s naming the field', async () => {
      const wrong = await curl(gateway, 'POST', '/key/generate', { body: { max_budget: 'lots' } });
      assert.equal(wrong.status, 400);
      assert.equal(errorOf(wrong.body).param, 'max_budget');
      const duration = await curl(gateway, 'POST', '/key/generate', { body: { budget_duration: 'fortnightly' } });
      assert.equal(duration.status, 400);
      assert.equal(errorOf(duration.body).param, 'budget_duration');
      assert.equal((await curl(gateway, 'POST', '/key/info', { body: { key: 'sk-does-not-exist-1234' } })).status, 404);
    });
  });
}

describe('litellm_settings.timezone', () => {
  it('budgets reset at midnight in that zone', async () => {
    const handle = await createTestDatabase('sqlite');
    const database = openDatabase(handle.options);
    await migrate(database);
    const gateway = await startGateway({ models, litellm_settings: { timezone: 'Asia/Tokyo' }, stores: { keys: new KeyRepository(database.db) } });
    try {
      const r = await curl(gateway, 'POST', '/key/generate', { body: { budget_duration: 'daily' } });
      const reset = new Date(String(r.body['budget_reset_at']));
      assert.equal(reset.getUTCHours(), 15, 'midnight in Tokyo is 15:00 UTC');
      assert.equal(reset.getUTCMinutes(), 0);
    } finally {
      await gateway.close();
      await database.close();
      await handle.dispose();
    }
  });
});

describe('without a database', () => {
  it('management routes answer "no DB connected"', async () => {
    const gateway = await startGateway({ models });
    try {
      const r = await curl(gateway, 'POST', '/key/generate', { body: {} });
      assert.equal(r.status, 500);
      assert.equal(errorOf(r.body).type, 'no_db_connection');
      const ready = (await (await fetch(`${gateway.url}/health/readiness`)).json()) as { db: string };
      assert.equal(ready.db, 'Not connected');
    } finally {
      await gateway.close();
    }
  });
});
