import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLog } from '../../test/support/redis-url.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../../test/support/test-database.ts';
import { KeyCache } from '../access/key-cache.ts';
import { hashApiKey } from '../storage/api-key-hash.ts';
import { KeyRepository } from '../storage/key-repository.ts';
import { TeamRepository } from '../storage/team-repository.ts';
import { UserRepository } from '../storage/user-repository.ts';
import { migrate } from '../storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../storage/open-database.ts';
import { BudgetResetJob } from './budget-reset-job.ts';

describe('BudgetResetJob', () => {
  let handle: TestDatabaseHandle;
  let database: StorageDatabase;
  let keys: KeyRepository;
  before(async () => {
    handle = await createTestDatabase('sqlite');
    database = openDatabase(handle.options);
    await migrate(database);
    keys = new KeyRepository(database.db);
  });
  after(async () => {
    await database.close();
    await handle.dispose();
  });

  test('a due key gets spend 0 and its next reset; a key not due is left alone; the cache follows', async () => {
    await keys.create({ key: 'sk-due-000000000000000000', spend: 42, max_budget: 50, budget_duration: 'monthly', budget_reset_at: new Date('2026-11-01T00:00:00Z') });
    await keys.create({ key: 'sk-later-0000000000000000', spend: 7, max_budget: 50, budget_duration: 'daily', budget_reset_at: new Date('2026-11-25T00:00:00Z') });
    const cache = new KeyCache({ lookup: keys });
    const job = new BudgetResetJob({ keys, cache, log: silentLog });
    assert.equal(await job.runOnce(new Date('2026-11-24T12:00:00Z')), 1);
    const due = await keys.getByHash(hashApiKey('sk-due-000000000000000000'));
    assert.equal(due?.spend, 0);
    assert.equal(due?.budget_reset_at?.toISOString(), '2026-12-01T00:00:00.000Z');
    assert.equal(cache.peek(hashApiKey('sk-due-000000000000000000'))?.spend, 0);
    assert.equal((await keys.getByHash(hashApiKey('sk-later-0000000000000000')))?.spend, 7);
    assert.equal(await job.runOnce(new Date('2026-11-24T12:00:01Z')), 0, 'nothing due twice');
  });

  test('users and teams with a due budget are reset too', async () => {
    const users = new UserRepository(database.db);
    const teams = new TeamRepository(database.db);
    await users.create({ user_id: 'u-due', spend: 3, max_budget: 10, budget_duration: '7d', budget_reset_at: new Date('2026-11-20T00:00:00Z') });
    await teams.create({ team_id: 't-due', spend: 4, max_budget: 10, budget_duration: '1mo', budget_reset_at: new Date('2026-11-01T00:00:00Z') });
    const job = new BudgetResetJob({ keys, users, teams, log: silentLog });
    assert.equal(await job.runOnce(new Date('2026-11-24T13:00:00Z')), 2);
    const user = await users.get('u-due');
    assert.deepEqual([user?.spend, user?.budget_reset_at?.toISOString()], [0, '2026-11-30T00:00:00.000Z']);
    const team = await teams.get('t-due');
    assert.deepEqual([team?.spend, team?.budget_reset_at?.toISOString()], [0, '2026-12-01T00:00:00.000Z']);
  });
});
