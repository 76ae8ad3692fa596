/**
 * Money end to end: N calls with a virtual key through the openai SDK charge the key exactly
 * N × the call's cost, spend logs hold one row per call, and a key over its budget is refused.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage, type Storage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { MASTER_KEY, errorOf, startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, TEST_DIALECTS, type TestDatabaseHandle } from '../support/test-database.ts';

// Custom prices; a non-stream answer of the fake (8 prompt + 9 completion tokens) costs $0.0017.
const INPUT = 0.0001;
const OUTPUT = 0.0001;
const CALL_COST = 8 * INPUT + 9 * OUTPUT;

for (const dialect of TEST_DIALECTS) {
  describe(`spend (${dialect})`, () => {
    let fake: FakeOpenAI;
    let handle: TestDatabaseHandle;
    let database: StorageDatabase;
    let storage: Storage;
    let gateway: TestGateway;

    before(async () => {
      fake = await startFakeOpenAI();
      handle = await createTestDatabase(dialect);
      database = openDatabase(handle.options);
      await migrate(database);
      storage = createStorage(database);
      gateway = await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }],
        stores: { keys: storage.keys, spendLedger: storage.spendLedger, spend: storage.spend, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      });
    });
    after(async () => {
      await gateway.close();
      await database.close();
      await handle.dispose();
      await fake.close();
    });

    const generate = async (body: Record<string, unknown>): Promise<string> => {
      const r = await gateway.post('/key/generate', body);
      assert.equal(r.status, 200, r.text);
      return String((r.body as { key: string }).key);
    };

    it('N calls (stream and not) charge the key exactly N × cost, with one spend log each', async () => {
      const key = await generate({});
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
      const n = 12;
      // Expected spend from the usage each answer reports (streams: the include_usage chunk).
      let expected = 0;
      const price = (u: { prompt_tokens: number; completion_tokens: number } | null | undefined) => {
        assert.ok(u, 'every answer reports usage');
        expected += u.prompt_tokens * INPUT + u.completion_tokens * OUTPUT;
      };
      const answers = await Promise.all(Array.from({ length: n / 2 }, () => client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] })));
      for (const a of answers) price(a.usage);
      for (let i = 0; i < n / 2; i++) {
        const stream = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
        for await (const chunk of stream) if (chunk.usage) price(chunk.usage);
      }
      await gateway.close(); // flushes the spend writer
      const record = await storage.keys.getByHash(hashApiKey(key));
      assert.ok(expected > 0);
      assert.equal(Math.round((record?.spend ?? 0) * 1e9), Math.round(expected * 1e9), `spend ${record?.spend}, expected ${expected}`);
      const logs = await storage.spend.listSpendLogs({ api_key: hashApiKey(key), page_size: 100 });
      assert.equal(logs.total_count, n, 'one spend-log row per call');
      assert.equal(new Set(logs.items.map((l) => l.request_id)).size, n);
      // A fresh gateway on the same store sees the spend and enforces the budget.
      gateway = await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }],
        stores: { keys: storage.keys, spendLedger: storage.spendLedger, spend: storage.spend, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      });
    });

    it('a key over its max_budget is refused with 429 budget_exceeded naming spend and budget', async () => {
      // Each call asks for at most 9 output tokens (what the fake answers), so its worst case is about its real cost.
      const key = await generate({ max_budget: CALL_COST * 3.5 });
      const call = () => gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 9 }, { authorization: `Bearer ${key}` });
      assert.equal((await call()).status, 200);
      assert.equal((await call()).status, 200);
      assert.equal((await call()).status, 200, 'spend 2 × cost plus one more worst case is still within 3.5 × cost');
      const refused = await call();
      assert.equal(refused.status, 429);
      assert.equal(errorOf(refused.body).type, 'budget_exceeded');
      assert.match(errorOf(refused.body).message, /Budget has been exceeded! Current cost: .*, Max budget: /);
      const master = await gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${MASTER_KEY}` });
      assert.equal(master.status, 200, 'the master key has no budget');
    });

    it('spend reports: /spend/keys, /spend/logs, /global/spend, /global/spend/models, daily activity', async () => {
      const key = await generate({ user_id: `dana-${dialect}`, team_id: `ops-${dialect}` });
      const ok = await gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${key}` });
      assert.equal(ok.status, 200);
      await gateway.close();
      gateway = await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }],
        stores: { keys: storage.keys, spendLedger: storage.spendLedger, spend: storage.spend, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      });
      const get = async (path: string) => {
        const r = await fetch(gateway.url + path, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
        assert.equal(r.status, 200, path);
        return (await r.json()) as unknown;
      };
      const keys = (await get('/spend/keys')) as { token: string; spend: number }[];
      assert.ok(keys.some((k) => k.token === hashApiKey(key) && k.spend > 0));
      const logs = (await get(`/spend/logs?api_key=${key}`)) as { api_key: string; spend: number; model_group: string }[];
      assert.equal(logs.length, 1);
      assert.equal(logs[0]?.model_group, 'gpt');
      assert.ok(!JSON.stringify(logs).includes(key), 'logs hold the hash, never the key');
      const total = (await get('/global/spend')) as { spend: number };
      assert.ok(total.spend > 0);
      const models = (await get('/global/spend/models')) as { model: string; spend: number }[];
      assert.ok(models.length > 0);
      const daily = (await get(`/user/daily/activity?user_id=dana-${dialect}`)) as { results: { date: string; metrics: { spend: number; api_requests: number }; breakdown: { models: Record<string, unknown> } }[]; metadata: { total_api_requests: number; total_spend: number } };
      assert.equal(daily.metadata.total_api_requests, 1);
      assert.ok(daily.metadata.total_spend > 0);
      assert.deepEqual(Object.keys(daily.results[0]?.breakdown.models ?? {}), ['gpt']);
      const team = (await get(`/team/daily/activity?team_ids=ops-${dialect}`)) as { metadata: { total_api_requests: number } };
      assert.equal(team.metadata.total_api_requests, 1);
      const v2 = (await get(`/spend/logs/v2?api_key=${key}&page=1&page_size=10`)) as { data: unknown[]; total: number; page: number; total_pages: number };
      assert.deepEqual([v2.data.length, v2.total, v2.page, v2.total_pages], [1, 1, 1, 1]);
      const denied = await fetch(`${gateway.url}/spend/keys`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(denied.status, 403);
    });

    it('100 concurrent requests never take a key past its budget', async () => {
      // Budget for 10 calls; each asks for at most 20 output tokens, so the worst case is known.
      const key = await generate({ max_budget: 10 * (8 * INPUT + 20 * OUTPUT) });
      const results = await Promise.all(Array.from({ length: 100 }, () =>
        gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 }, { authorization: `Bearer ${key}` })));
      const ok = results.filter((r) => r.status === 200).length;
      assert.ok(ok >= 10, `${ok} admitted: at least the budget's worth`);
      assert.equal(results.filter((r) => r.status !== 200).every((r) => r.status === 429), true);
      await gateway.close();
      const spent = (await storage.keys.getByHash(hashApiKey(key)))?.spend ?? 0;
      assert.ok(spent <= 10 * (8 * INPUT + 20 * OUTPUT) + 1e-12, `spent ${spent}`);
      assert.ok(spent > 0);
      gateway = await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }],
        stores: { keys: storage.keys, spendLedger: storage.spendLedger, spend: storage.spend, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      });
    });

    it('maximum_spend_logs_retention_period deletes older spend logs at start, keeping spend totals', async () => {
      const old = new Date(Date.now() - 40 * 86_400_000);
      await storage.spendLedger.insertSpendLogs([{ request_id: `ancient-${dialect}`, call_type: 'acompletion', api_key: '', spend: 0.5, prompt_tokens: 1, completion_tokens: 1, start_time: old, end_time: old, model: 'gpt-4o' }]);
      assert.equal((await storage.spend.listSpendLogs({ request_id: `ancient-${dialect}` })).total_count, 1);
      const retained = await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up' } }],
        general_settings: { maximum_spend_logs_retention_period: '30d' },
        stores: { keys: storage.keys, spend: storage.spend },
      });
      await retained.close();
      assert.equal((await storage.spend.listSpendLogs({ request_id: `ancient-${dialect}` })).total_count, 0);
    });

    it("an end user's budget (the body's user, via /customer/new) holds for the master key too; a blocked end user is refused", async () => {
      const full = await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }],
        stores: { keys: storage.keys, users: storage.users, teams: storage.teams, endUsers: storage.endUsers, budgets: storage.budgets, spendLedger: storage.spendLedger, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      });
      try {
        const customer = `acme-${dialect}`;
        assert.equal((await full.post('/customer/new', { user_id: customer, max_budget: CALL_COST * 2.5 })).status, 200);
        const call = () => full.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 9, user: customer });
        assert.equal((await call()).status, 200);
        assert.equal((await call()).status, 200);
        const refused = await call();
        assert.equal(refused.status, 429);
        assert.match(errorOf(refused.body).message, new RegExp(`Budget has been exceeded for end user ${customer}`));
        const other = await full.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 9, user: 'someone-else' });
        assert.equal(other.status, 200, 'other end users are not affected');

        const blocked = `blocked-${dialect}`;
        await full.post('/customer/new', { user_id: blocked, blocked: true });
        const refusedBlocked = await full.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], user: blocked });
        assert.equal(refusedBlocked.status, 400);
        assert.match(errorOf(refusedBlocked.body).message, /Blocked end user/);
      } finally {
        await full.close();
      }
    });

    it("model_max_budget: a key's budget for one model holds in its window", async () => {
      const key = await generate({ model_max_budget: { gpt: { budget_limit: CALL_COST * 2.5, time_period: '1d' } } });
      const call = () => gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 9 }, { authorization: `Bearer ${key}` });
      assert.equal((await call()).status, 200);
      assert.equal((await call()).status, 200);
      const refused = await call();
      assert.equal(refused.status, 429);
      assert.match(errorOf(refused.body).message, /Budget has been exceeded for model gpt on this key/);
    });

    it("N calls with a key of a user in a team: key, user and team spend each exactly N × cost", async () => {
      const full = await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }],
        stores: { keys: storage.keys, users: storage.users, teams: storage.teams, spendLedger: storage.spendLedger, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      });
      const user = `uma-${dialect}`;
      const team = `crew-${dialect}`;
      let key = '';
      let expected = 0;
      try {
        assert.equal((await full.post('/user/new', { user_id: user, auto_create_key: false })).status, 200);
        assert.equal((await full.post('/team/new', { team_id: team, members_with_roles: [{ user_id: user, role: 'user' }] })).status, 200);
        key = String(((await full.post('/key/generate', { user_id: user, team_id: team })).body as { key: string }).key);
        const answers = await Promise.all(Array.from({ length: 10 }, () => full.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${key}` })));
        for (const a of answers) {
          assert.equal(a.status, 200);
          const u = (a.body as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
          expected += u.prompt_tokens * INPUT + u.completion_tokens * OUTPUT;
        }
      } finally {
        await full.close();
      }
      const nanos = (usd: number | undefined) => Math.round((usd ?? 0) * 1e9);
      assert.equal(nanos((await storage.keys.getByHash(hashApiKey(key)))?.spend), nanos(expected));
      assert.equal(nanos((await storage.users.get(user))?.spend), nanos(expected));
      assert.equal(nanos((await storage.teams.get(team))?.spend), nanos(expected));
    });
  });
}
