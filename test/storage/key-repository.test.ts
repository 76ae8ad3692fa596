import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { TEST_DIALECTS, useTestStorage } from '../support/test-database.ts';

const newKey = () => `sk-${randomBytes(16).toString('base64url').slice(0, 22)}`;
const newId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

for (const dialect of TEST_DIALECTS) {
  describe(`key repository (${dialect})`, () => {
    const storage = useTestStorage(dialect);

    test('create stores only the hash and the sk-...last4 name, and round-trips every field', async () => {
      const key = newKey();
      const expires = new Date('2031-05-06T07:08:09.123Z');
      const created = await storage().keys.create({
        key,
        key_alias: 'risk-prod',
        models: ['gpt-4o', 'gemini-flash'],
        aliases: { fast: 'gpt-4o-mini' },
        metadata: { team: 'risk-team', environment: 'prod', nested: { n: 1 } },
        max_budget: 100,
        soft_budget: 80,
        budget_duration: 'monthly',
        budget_reset_at: new Date('2031-06-01T00:00:00.000Z'),
        tpm_limit: 100_000,
        rpm_limit: 60,
        max_parallel_requests: 4,
        model_max_budget: { 'gpt-4o': { budget_limit: 10, time_period: '1d' } },
        model_rpm_limit: { 'gpt-4o': 10 },
        model_tpm_limit: { 'gpt-4o': 1000 },
        allowed_cache_controls: ['no-cache'],
        allowed_routes: ['/chat/completions'],
        expires,
        user_id: 'u-1',
        team_id: 't-1',
        created_by: 'admin',
      });
      assert.equal(created.token, hashApiKey(key));
      assert.match(created.token, /^[0-9a-f]{64}$/);
      assert.equal(created.key_name, `sk-...${key.slice(-4)}`);
      assert.deepEqual(created.models, ['gpt-4o', 'gemini-flash']);
      assert.deepEqual(created.metadata, { team: 'risk-team', environment: 'prod', nested: { n: 1 } });
      assert.deepEqual(created.model_max_budget, { 'gpt-4o': { budget_limit: 10, time_period: '1d' } });
      assert.equal(created.expires?.toISOString(), expires.toISOString());
      assert.equal(created.blocked, false);
      assert.equal(created.spend, 0);
      assert.equal(created.rpm_limit, 60);
      assert.equal(created.created_by, 'admin');
      assert.ok(created.created_at instanceof Date);

      const read = await storage().keys.getByHash(hashApiKey(key));
      assert.deepEqual(read, created);
      const rows = await storage().keys.list({ key_hash: created.token });
      assert.equal(JSON.stringify(rows).includes(key), false, 'the plaintext key is stored nowhere');
    });

    test('a missing key is undefined; creating the same key twice fails', async () => {
      assert.equal(await storage().keys.getByHash(hashApiKey(newKey())), undefined);
      const key = newKey();
      await storage().keys.create({ key });
      await assert.rejects(storage().keys.create({ key }));
    });

    test('update writes only the given fields; block and unblock', async () => {
      const key = newKey();
      const { token } = await storage().keys.create({ key, models: ['a'], max_budget: 5, metadata: { x: 1 } });
      const updated = await storage().keys.update(token, { max_budget: 7, metadata: { y: 2 }, expires: null, updated_by: 'ops' });
      assert.equal(updated?.max_budget, 7);
      assert.deepEqual(updated?.metadata, { y: 2 });
      assert.deepEqual(updated?.models, ['a']);
      assert.equal(updated?.updated_by, 'ops');
      assert.equal((await storage().keys.setBlocked(token, true))?.blocked, true);
      assert.equal((await storage().keys.getByHash(token))?.blocked, true);
      assert.equal((await storage().keys.setBlocked(token, false))?.blocked, false);
      assert.equal(await storage().keys.update(hashApiKey(newKey()), { max_budget: 1 }), undefined);
    });

    test('regenerate replaces the hash and keeps spend and limits', async () => {
      const oldKey = newKey();
      const { token } = await storage().keys.create({ key: oldKey, max_budget: 3 });
      await storage().spendLedger.incrementSpend({ keyHash: token, amount: 0.25 });
      const replacement = newKey();
      const regenerated = await storage().keys.regenerate(token, { newKey: replacement, patch: { rpm_limit: 9 } });
      assert.equal(regenerated?.token, hashApiKey(replacement));
      assert.equal(regenerated?.key_name, `sk-...${replacement.slice(-4)}`);
      assert.equal(regenerated?.spend, 0.25);
      assert.equal(regenerated?.max_budget, 3);
      assert.equal(regenerated?.rpm_limit, 9);
      assert.equal(regenerated?.rotation_count, 1);
      assert.ok(regenerated?.last_rotation_at instanceof Date);
      assert.equal(await storage().keys.getByHash(token), undefined, 'the old key no longer resolves');
    });

    test('deleteMany returns the hashes that existed', async () => {
      const a = await storage().keys.create({ key: newKey() });
      const b = await storage().keys.create({ key: newKey() });
      const missing = hashApiKey(newKey());
      assert.deepEqual((await storage().keys.deleteMany([a.token, b.token, missing])).sort(), [a.token, b.token].sort());
      assert.equal(await storage().keys.getByHash(a.token), undefined);
      assert.deepEqual(await storage().keys.deleteMany([]), []);
    });

    test('list filters by user, team and alias, and pages', async () => {
      const userId = newId('user');
      const teamId = newId('team');
      for (let index = 0; index < 5; index += 1) await storage().keys.create({ key: newKey(), user_id: userId, team_id: index < 3 ? teamId : null, key_alias: `alias-${userId}-${index}` });
      const page1 = await storage().keys.list({ user_id: userId, size: 2, page: 1, sort_by: 'key_alias', sort_order: 'asc' });
      assert.equal(page1.total_count, 5);
      assert.equal(page1.total_pages, 3);
      assert.equal(page1.current_page, 1);
      assert.deepEqual(page1.items.map((item) => item.key_alias), [`alias-${userId}-0`, `alias-${userId}-1`]);
      const page3 = await storage().keys.list({ user_id: userId, size: 2, page: 3, sort_by: 'key_alias', sort_order: 'asc' });
      assert.deepEqual(page3.items.map((item) => item.key_alias), [`alias-${userId}-4`]);
      assert.equal((await storage().keys.list({ team_id: teamId })).total_count, 3);
      const byAlias = await storage().keys.list({ key_alias: `alias-${userId}-2` });
      assert.equal(byAlias.total_count, 1);
      assert.equal((await storage().keys.getByAlias(`alias-${userId}-2`)).length, 1);
    });

    test('keys due for a budget reset, and resetSpend', async () => {
      const due = await storage().keys.create({ key: newKey(), budget_duration: '1d', budget_reset_at: new Date('2000-01-01T00:00:00Z') });
      const later = await storage().keys.create({ key: newKey(), budget_duration: '1d', budget_reset_at: new Date('2999-01-01T00:00:00Z') });
      await storage().spendLedger.incrementSpend({ keyHash: due.token, amount: 1.5 });
      const tokens = (await storage().keys.listDueForBudgetReset(new Date())).map((key) => key.token);
      assert.ok(tokens.includes(due.token));
      assert.ok(!tokens.includes(later.token));
      const next = new Date('2000-01-02T00:00:00.000Z');
      const reset = await storage().keys.resetSpend(due.token, next);
      assert.equal(reset?.spend, 0);
      assert.equal(reset?.budget_reset_at?.toISOString(), next.toISOString());
    });
  });
}
