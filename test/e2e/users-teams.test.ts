/** LiteLLM's /user/* and /team/* routes end to end on both stores, with keys that belong to them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage } from '../../src/storage/storage.ts';
import { errorOf, startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, TEST_DIALECTS, type TestDatabaseHandle } from '../support/test-database.ts';

for (const dialect of TEST_DIALECTS) {
  describe(`users and teams (${dialect})`, () => {
    let handle: TestDatabaseHandle;
    let database: StorageDatabase;
    let gateway: TestGateway;

    before(async () => {
      handle = await createTestDatabase(dialect);
      database = openDatabase(handle.options);
      await migrate(database);
      const s = createStorage(database);
      gateway = await startGateway({ models: [{ model_name: 'm', litellm_params: { model: 'mock/m', mock_response: 'hi there' } }], stores: { keys: s.keys, users: s.users, teams: s.teams, endUsers: s.endUsers, budgets: s.budgets } });
    });
    after(async () => {
      await gateway.close();
      await database.close();
      await handle.dispose();
    });

    const get = async (path: string) => {
      const r = await fetch(gateway.url + path, { headers: { authorization: 'Bearer sk-test-master-1234' } });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };

    it('/user/new makes a user and a key for it; /user/info lists the key; update and list', async () => {
      const created = await gateway.post('/user/new', { user_id: 'ana', user_email: 'ana@example.com', user_role: 'internal_user', max_budget: 10 });
      assert.equal(created.status, 200, created.text);
      const body = created.body as { user_id: string; key: string; max_budget: number };
      assert.equal(body.user_id, 'ana');
      assert.match(body.key, /^sk-/);
      const used = await gateway.post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { authorization: `Bearer ${body.key}` });
      assert.equal(used.status, 200);
      const info = await get('/user/info?user_id=ana');
      assert.equal(info.status, 200);
      assert.equal((info.body['keys'] as unknown[]).length, 1);
      assert.equal((info.body['user_info'] as { user_email: string }).user_email, 'ana@example.com');
      const updated = await gateway.post('/user/update', { user_id: 'ana', max_budget: 20 });
      assert.equal((updated.body as { max_budget: number }).max_budget, 20);
      const list = await get('/user/list');
      assert.ok((list.body['users'] as { user_id: string }[]).some((u) => u.user_id === 'ana'));
      assert.equal((await gateway.post('/user/new', { user_id: 'ana' })).status, 400, 'no duplicate users');
      assert.equal(errorOf((await gateway.post('/user/new', { user_role: 'emperor' })).body).param, 'user_role');
    });

    it('/team/new with members, member_add, member_delete, info, list, delete', async () => {
      await gateway.post('/user/new', { user_id: 'bo', auto_create_key: false });
      const team = await gateway.post('/team/new', { team_id: 'risk-team', team_alias: 'Risk', members_with_roles: [{ user_id: 'bo', role: 'admin' }], max_budget: 100 });
      assert.equal(team.status, 200, team.text);
      assert.deepEqual((team.body as { members_with_roles: unknown[] }).members_with_roles, [{ user_id: 'bo', role: 'admin' }]);
      const added = await gateway.post('/team/member_add', { team_id: 'risk-team', member: { user_id: 'ana', role: 'user' } });
      assert.equal(added.status, 200, added.text);
      const info = await get('/team/info?team_id=risk-team');
      const roster = (info.body['team_info'] as { members_with_roles: { user_id: string }[] }).members_with_roles.map((m) => m.user_id).sort();
      assert.deepEqual(roster, ['ana', 'bo']);
      assert.equal((await gateway.post('/team/member_delete', { team_id: 'risk-team', user_id: 'ana' })).status, 200);
      assert.equal((await gateway.post('/team/member_delete', { team_id: 'risk-team', user_id: 'ana' })).status, 404);
      const list = (await get('/team/list')).body as unknown as { team_id: string }[];
      assert.ok(list.some((t) => t.team_id === 'risk-team'));
      const deleted = await gateway.post('/team/delete', { team_ids: ['risk-team'] });
      assert.deepEqual((deleted.body as { deleted_teams: string[] }).deleted_teams, ['risk-team']);
      assert.equal((await get('/team/info?team_id=risk-team')).status, 404);
    });

    it('virtual keys may not manage users or teams', async () => {
      const key = String(((await gateway.post('/key/generate', {})).body as { key: string }).key);
      const denied = await gateway.post('/team/new', {}, { authorization: `Bearer ${key}` });
      assert.equal(denied.status, 403);
    });

    it('/customer (and /end_user) with a budget; /budget/new, info, update, delete', async () => {
      const created = await gateway.post('/customer/new', { user_id: 'acme', alias: 'Acme Inc', max_budget: 5 });
      assert.equal(created.status, 200, created.text);
      const info = await get('/customer/info?end_user_id=acme');
      assert.equal(info.status, 200);
      assert.equal((info.body['litellm_budget_table'] as { max_budget: number }).max_budget, 5);
      assert.equal((await get('/end_user/info?end_user_id=acme')).status, 200);
      assert.equal((await gateway.post('/customer/update', { user_id: 'acme', blocked: true })).status, 200);
      assert.deepEqual(((await gateway.post('/customer/delete', { user_ids: ['acme'] })).body as { deleted_customers: string[] }).deleted_customers, ['acme']);

      const budget = await gateway.post('/budget/new', { budget_id: 'gold', max_budget: 100, budget_duration: '30d', rpm_limit: 60 });
      assert.equal(budget.status, 200, budget.text);
      assert.equal(new Date(String((budget.body as { budget_reset_at: string }).budget_reset_at)).getUTCDate(), 1);
      const fetched = await gateway.post('/budget/info', { budgets: ['gold'] });
      assert.equal((fetched.body as { max_budget: number }[])[0]?.max_budget, 100);
      assert.equal(((await gateway.post('/budget/update', { budget_id: 'gold', max_budget: 200 })).body as { max_budget: number }).max_budget, 200);
      assert.equal((await gateway.post('/budget/delete', { id: 'gold' })).status, 200);
      assert.equal((await gateway.post('/budget/delete', { id: 'gold' })).status, 404);
    });

    it("a key's team limits and blocking apply to the key (the strictest of key, user and team wins)", async () => {
      await gateway.post('/team/new', { team_id: `slow-${dialect}`, rpm_limit: 2 });
      const key = String(((await gateway.post('/key/generate', { team_id: `slow-${dialect}`, rpm_limit: 100 })).body as { key: string }).key);
      const call = () => gateway.post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { authorization: `Bearer ${key}` });
      assert.equal((await call()).status, 200);
      assert.equal((await call()).status, 200);
      const third = await call();
      assert.equal(third.status, 429);
      assert.match(errorOf(third.body).message, /key's team: requests per minute limit 2/);

      await gateway.post('/team/new', { team_id: `closed-${dialect}`, blocked: true });
      const blockedKey = String(((await gateway.post('/key/generate', { team_id: `closed-${dialect}` })).body as { key: string }).key);
      const blocked = await gateway.post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { authorization: `Bearer ${blockedKey}` });
      assert.equal(blocked.status, 401);
      assert.match(errorOf(blocked.body).message, /is blocked/);

      await gateway.post('/team/new', { team_id: `narrow-${dialect}`, models: ['other-model'] });
      const narrowKey = String(((await gateway.post('/key/generate', { team_id: `narrow-${dialect}` })).body as { key: string }).key);
      const denied = await gateway.post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { authorization: `Bearer ${narrowKey}` });
      assert.equal(denied.status, 401);
      assert.equal(errorOf(denied.body).type, 'key_model_access_denied');
    });
  });
}
