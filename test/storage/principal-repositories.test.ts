import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { TEST_DIALECTS, useTestStorage } from '../support/test-database.ts';

const newKey = () => `sk-${randomBytes(16).toString('base64url').slice(0, 22)}`;
const newId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

for (const dialect of TEST_DIALECTS) {
  describe(`user, team, end-user and budget repositories (${dialect})`, () => {
    const storage = useTestStorage(dialect);

    test('users: create, get, update, list with filters and pages', async () => {
      const role = newId('role');
      const created = await storage().users.create({ user_id: newId('u'), user_email: 'a@example.com', user_role: role, max_budget: 10, models: ['gpt-4o'], metadata: { dept: 'risk' }, budget_duration: '30d' });
      assert.equal(created.spend, 0);
      assert.deepEqual(created.models, ['gpt-4o']);
      assert.deepEqual(await storage().users.get(created.user_id), created);
      const updated = await storage().users.update(created.user_id, { max_budget: 20, user_alias: 'Ann' });
      assert.equal(updated?.max_budget, 20);
      assert.equal(updated?.user_alias, 'Ann');
      assert.equal(updated?.user_email, 'a@example.com');
      assert.equal(await storage().users.update(newId('missing'), { max_budget: 1 }), undefined);
      for (let index = 0; index < 3; index += 1) await storage().users.create({ user_id: newId('u'), user_role: role });
      const page = await storage().users.list({ user_role: role, size: 3 });
      assert.equal(page.total_count, 4);
      assert.equal(page.items.length, 3);
      assert.equal(page.total_pages, 2);
      assert.equal((await storage().users.list({ user_ids: [created.user_id] })).total_count, 1);
      assert.equal((await storage().users.list({ user_ids: [] })).total_count, 0);
      assert.equal((await storage().users.getMany([created.user_id, newId('missing')])).length, 1);
    });

    test('deleting a user deletes its keys and memberships', async () => {
      const userId = newId('u');
      const teamId = newId('t');
      await storage().users.create({ user_id: userId });
      await storage().teams.create({ team_id: teamId });
      await storage().teams.addMembers(teamId, [{ user_id: userId }]);
      const key = await storage().keys.create({ key: newKey(), user_id: userId });
      assert.deepEqual(await storage().users.deleteMany([userId, newId('missing')]), [userId]);
      assert.equal(await storage().users.get(userId), undefined);
      assert.equal(await storage().keys.getByHash(key.token), undefined);
      assert.deepEqual(await storage().teams.listMembers(teamId), []);
    });

    test('teams: create, update, block, members with roles, list by member', async () => {
      const teamId = newId('t');
      const team = await storage().teams.create({ team_id: teamId, team_alias: 'Risk', models: ['gpt-4o'], max_budget: 50, tpm_limit: 1000, model_max_budget: { 'gpt-4o': { budget_limit: 5 } } });
      assert.deepEqual(team.model_max_budget, { 'gpt-4o': { budget_limit: 5 } });
      assert.equal(team.tpm_limit, 1000);
      assert.equal((await storage().teams.update(teamId, { blocked: true }))?.blocked, true);
      assert.equal((await storage().teams.update(teamId, { blocked: false, max_budget: 60 }))?.max_budget, 60);

      const [alice, bob] = [newId('alice'), newId('bob')];
      let members = await storage().teams.addMembers(teamId, [{ user_id: alice, role: 'admin' }, { user_id: bob }]);
      assert.deepEqual(members.map((member) => [member.user_id, member.role]).sort(), [[alice, 'admin'], [bob, 'user']].sort());
      members = await storage().teams.addMembers(teamId, [{ user_id: bob, role: 'admin' }]);
      assert.equal(members.find((member) => member.user_id === bob)?.role, 'admin', 'adding again changes the role');
      assert.equal(members.length, 2);
      assert.deepEqual(await storage().teams.removeMembers(teamId, [bob, newId('nobody')]), [bob]);
      assert.deepEqual((await storage().teams.listMembers(teamId)).map((member) => member.user_id), [alice]);
      assert.deepEqual((await storage().teams.membershipsOf(alice)).map((member) => member.team_id), [teamId]);

      const listed = await storage().teams.list({ user_id: alice });
      assert.deepEqual(listed.items.map((item) => item.team_id), [teamId]);
      assert.equal((await storage().teams.list({ team_alias: 'Risk' })).total_count >= 1, true);
    });

    test('adding a member to a missing team fails', async () => {
      await assert.rejects(storage().teams.addMembers(newId('missing-team'), [{ user_id: 'x' }]));
    });

    test('deleting a team deletes its keys and memberships', async () => {
      const teamId = newId('t');
      await storage().teams.create({ team_id: teamId });
      await storage().teams.addMembers(teamId, [{ user_id: 'someone' }]);
      const key = await storage().keys.create({ key: newKey(), team_id: teamId });
      assert.deepEqual(await storage().teams.deleteMany([teamId]), [teamId]);
      assert.equal(await storage().teams.get(teamId), undefined);
      assert.equal(await storage().keys.getByHash(key.token), undefined);
      assert.deepEqual(await storage().teams.listMembers(teamId), []);
    });

    test('end users: create, get, update, block, delete, list', async () => {
      const userId = newId('customer');
      const created = await storage().endUsers.create({ user_id: userId, alias: 'Acme', allowed_model_region: 'eu', default_model: 'gpt-4o', budget_id: 'b-1' });
      assert.equal(created.blocked, false);
      assert.equal(created.allowed_model_region, 'eu');
      assert.deepEqual(await storage().endUsers.get(userId), created);
      assert.equal((await storage().endUsers.update(userId, { blocked: true }))?.blocked, true);
      const page = await storage().endUsers.list({ size: 100 });
      assert.ok(page.items.some((item) => item.user_id === userId));
      assert.deepEqual(await storage().endUsers.deleteMany([userId]), [userId]);
      assert.equal(await storage().endUsers.get(userId), undefined);
    });

    test('budgets: create, get, update, delete, list', async () => {
      const budgetId = newId('budget');
      const created = await storage().budgets.create({ budget_id: budgetId, max_budget: 5, soft_budget: 4, rpm_limit: 10, budget_duration: '1mo', model_max_budget: { m: { budget_limit: 1, time_period: '1d' } } });
      assert.equal(created.rpm_limit, 10);
      assert.deepEqual(await storage().budgets.get(budgetId), created);
      assert.equal((await storage().budgets.update(budgetId, { max_budget: 6, budget_reset_at: new Date('2030-01-01T00:00:00Z') }))?.max_budget, 6);
      assert.ok((await storage().budgets.list({ size: 100 })).items.some((item) => item.budget_id === budgetId));
      assert.deepEqual(await storage().budgets.deleteMany([budgetId]), [budgetId]);
      assert.equal(await storage().budgets.get(budgetId), undefined);
    });
  });
}
