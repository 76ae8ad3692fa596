import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { SpendLogInput } from '../../src/storage/spend-log-record.ts';
import { TEST_DIALECTS, useTestStorage } from '../support/test-database.ts';

const newKey = () => `sk-${randomBytes(16).toString('base64url').slice(0, 22)}`;
const newId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

function logRow(overrides: Partial<SpendLogInput> & Pick<SpendLogInput, 'request_id'>): SpendLogInput {
  return {
    call_type: 'acompletion',
    api_key: '',
    spend: 0.001,
    prompt_tokens: 10,
    completion_tokens: 5,
    start_time: new Date('2030-03-04T10:00:00.000Z'),
    end_time: new Date('2030-03-04T10:00:01.000Z'),
    model: 'gpt-4o',
    model_group: 'gpt-4o',
    custom_llm_provider: 'openai',
    status: 'success',
    ...overrides,
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`spend repositories (${dialect})`, () => {
    const storage = useTestStorage(dialect);

    async function owners() {
      const userId = newId('user');
      const teamId = newId('team');
      await storage().users.create({ user_id: userId });
      await storage().teams.create({ team_id: teamId });
      await storage().teams.addMembers(teamId, [{ user_id: userId }]);
      const key = await storage().keys.create({ key: newKey(), user_id: userId, team_id: teamId });
      return { userId, teamId, keyHash: key.token, endUserId: newId('customer') };
    }

    test('100 concurrent incrementSpend(0.01) add up to exactly 1.00 on key, user, team, member and end user', async () => {
      const ids = await owners();
      await Promise.all(Array.from({ length: 100 }, () => storage().spendLedger.incrementSpend({ ...ids, amount: 0.01 })));
      assert.equal((await storage().keys.getByHash(ids.keyHash))?.spend, 1);
      assert.equal((await storage().users.get(ids.userId))?.spend, 1);
      assert.equal((await storage().teams.get(ids.teamId))?.spend, 1);
      assert.equal((await storage().endUsers.get(ids.endUserId))?.spend, 1, 'the end user was created by the first increment');
      const [member] = await storage().teams.listMembers(ids.teamId);
      assert.equal(member?.spend, 1);
    });

    test('incrementSpend skips absent owners and touches no other row', async () => {
      const ids = await owners();
      const other = await owners();
      await storage().spendLedger.incrementSpend({ keyHash: ids.keyHash, amount: 0.5 });
      assert.equal((await storage().keys.getByHash(ids.keyHash))?.spend, 0.5);
      assert.equal((await storage().users.get(ids.userId))?.spend, 0);
      assert.equal((await storage().keys.getByHash(other.keyHash))?.spend, 0);
    });

    test('insertSpendLogs writes in batches, skips ids already written, and reads back every field', async () => {
      const prefix = newId('req');
      const rows = Array.from({ length: 1203 }, (_, index) => logRow({ request_id: `${prefix}-${index}`, api_key: 'hash-a' }));
      const inserted = await storage().spendLedger.insertSpendLogs(rows);
      assert.equal(inserted.length, 1203);
      const again = await storage().spendLedger.insertSpendLogs([rows[0]!, logRow({ request_id: `${prefix}-new` })]);
      assert.deepEqual(again, [`${prefix}-new`]);
      const full = logRow({
        request_id: `${prefix}-full`,
        api_key: 'hash-full',
        spend: 0.000123456,
        total_tokens: 99,
        completion_start_time: new Date('2030-03-04T10:00:00.500Z'),
        model_id: 'dep-1',
        api_base: 'https://api.example',
        user_id: 'u',
        team_id: 't',
        end_user: 'c',
        metadata: { user_api_key_alias: 'a' },
        cache_hit: true,
        cache_key: 'ck',
        request_tags: ['prod', 'risk'],
        requester_ip_address: '10.0.0.1',
        session_id: 's',
        status: 'failure',
        messages: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
        response: { id: 'chatcmpl-1', choices: [] },
      });
      await storage().spendLedger.insertSpendLogs([full]);
      const page = await storage().spend.listSpendLogs({ request_id: full.request_id });
      const { cache_read_input_tokens: _r, cache_creation_input_tokens: _c, ...expected } = full;
      assert.deepEqual(page.items, [expected]);
    });

    test('listSpendLogs filters and pages, newest first', async () => {
      const apiKey = newId('hash');
      const rows = [0, 1, 2, 3].map((minute) => logRow({ request_id: `${apiKey}-${minute}`, api_key: apiKey, start_time: new Date(Date.UTC(2030, 0, 1, 0, minute)) }));
      await storage().spendLedger.insertSpendLogs(rows);
      const first = await storage().spend.listSpendLogs({ api_key: apiKey, page_size: 3 });
      assert.equal(first.total_count, 4);
      assert.equal(first.total_pages, 2);
      assert.deepEqual(first.items.map((row) => row.request_id), [`${apiKey}-3`, `${apiKey}-2`, `${apiKey}-1`]);
      const ranged = await storage().spend.listSpendLogs({ api_key: apiKey, start_time: new Date(Date.UTC(2030, 0, 1, 0, 1)), end_time: new Date(Date.UTC(2030, 0, 1, 0, 3)) });
      assert.deepEqual(ranged.items.map((row) => row.request_id), [`${apiKey}-2`, `${apiKey}-1`]);
    });

    test('recordSpend is exactly once: a replayed batch changes nothing', async () => {
      const ids = await owners();
      const prefix = newId('call');
      const rows = [1, 2, 3].map((index) =>
        logRow({ request_id: `${prefix}-${index}`, api_key: ids.keyHash, user_id: ids.userId, team_id: ids.teamId, end_user: ids.endUserId, spend: 0.1, request_tags: ['replay'] }),
      );
      assert.equal((await storage().spendLedger.recordSpend(rows)).inserted.length, 3);
      assert.deepEqual((await storage().spendLedger.recordSpend(rows)).inserted, []);
      assert.equal((await storage().keys.getByHash(ids.keyHash))?.spend, 0.3);
      assert.equal((await storage().users.get(ids.userId))?.spend, 0.3);
      assert.equal((await storage().teams.get(ids.teamId))?.spend, 0.3);
      assert.equal((await storage().endUsers.get(ids.endUserId))?.spend, 0.3);
      const daily = await storage().spend.dailyActivity({ entity: 'team', ids: [ids.teamId] });
      assert.equal(daily.length, 1);
      assert.equal(daily[0]?.spend, 0.3);
      assert.equal(daily[0]?.api_requests, 3);
    });

    test('daily aggregates add up per user, team, tag and end user, including successes and failures', async () => {
      const userId = newId('user');
      const teamId = newId('team');
      const tag = newId('tag');
      const rows = [
        logRow({ request_id: newId('r'), user_id: userId, team_id: teamId, request_tags: [tag], spend: 0.25, prompt_tokens: 100, completion_tokens: 10, cache_read_input_tokens: 40 }),
        logRow({ request_id: newId('r'), user_id: userId, team_id: teamId, request_tags: [tag], spend: 0.5, prompt_tokens: 200, completion_tokens: 20, status: 'failure' }),
        logRow({ request_id: newId('r'), user_id: userId, model: 'claude', model_group: 'claude', spend: 1, start_time: new Date('2030-03-05T01:00:00Z') }),
      ];
      await storage().spendLedger.upsertDailySpend(rows.slice(0, 1));
      await storage().spendLedger.upsertDailySpend(rows.slice(1));
      const userDays = await storage().spend.dailyActivity({ entity: 'user', ids: [userId] });
      assert.deepEqual(
        userDays.map((row) => [row.date, row.model, row.spend, row.api_requests, row.successful_requests, row.failed_requests, row.prompt_tokens, row.cache_read_input_tokens]),
        [
          ['2030-03-04', 'gpt-4o', 0.75, 2, 1, 1, 300, 40],
          ['2030-03-05', 'claude', 1, 1, 1, 0, 10, 0],
        ],
      );
      const ranged = await storage().spend.dailyActivity({ entity: 'user', ids: [userId], range: { start_date: '2030-03-05', end_date: '2030-03-05' } });
      assert.deepEqual(ranged.map((row) => row.date), ['2030-03-05']);
      const teamDays = await storage().spend.dailyActivity({ entity: 'team', ids: [teamId] });
      assert.deepEqual(teamDays.map((row) => [row.entity_id, row.spend]), [[teamId, 0.75]]);
      const tags = await storage().spend.spendByTag({ start_date: '2030-03-04', end_date: '2030-03-04' });
      assert.deepEqual(tags.find((row) => row.name === tag), { name: tag, spend: 0.75, api_requests: 2, prompt_tokens: 300, completion_tokens: 30 });
    });

    test('concurrent daily upserts of the same row add up exactly', async () => {
      const userId = newId('user');
      await Promise.all(Array.from({ length: 50 }, () => storage().spendLedger.upsertDailySpend([logRow({ request_id: newId('r'), user_id: userId, spend: 0.02 })])));
      const [day] = await storage().spend.dailyActivity({ entity: 'user', ids: [userId] });
      assert.equal(day?.spend, 1);
      assert.equal(day?.api_requests, 50);
    });

    test('global totals, by model, and top keys by spend', async () => {
      const date = '2041-07-01';
      const start = new Date(`${date}T12:00:00Z`);
      await storage().spendLedger.upsertDailySpend([
        logRow({ request_id: newId('r'), start_time: start, model: 'm-a', spend: 2 }),
        logRow({ request_id: newId('r'), start_time: start, model: 'm-b', spend: 3 }),
        logRow({ request_id: newId('r'), start_time: start, model: 'm-b', spend: 0.5, user_id: 'someone' }),
      ]);
      assert.equal(await storage().spend.totalSpend({ start_date: date, end_date: date }), 5.5);
      assert.deepEqual(
        (await storage().spend.spendByModel({ start_date: date, end_date: date })).map((row) => [row.name, row.spend, row.api_requests]),
        [['m-b', 3.5, 2], ['m-a', 2, 1]],
      );
      const big = await storage().keys.create({ key: newKey() });
      await storage().spendLedger.incrementSpend({ keyHash: big.token, amount: 1000 });
      const [top] = await storage().spend.topKeysBySpend(1);
      assert.equal(top?.token, big.token);
      assert.equal(top?.spend, 1000);
    });

    test('deleteSpendLogsBefore removes only older rows', async () => {
      const apiKey = newId('retention');
      await storage().spendLedger.insertSpendLogs([
        logRow({ request_id: `${apiKey}-old`, api_key: apiKey, start_time: new Date('1999-01-01T00:00:00Z') }),
        logRow({ request_id: `${apiKey}-new`, api_key: apiKey, start_time: new Date('2035-01-01T00:00:00Z') }),
      ]);
      assert.ok((await storage().spend.deleteSpendLogsBefore(new Date('2000-01-01T00:00:00Z'))) >= 1);
      const left = await storage().spend.listSpendLogs({ api_key: apiKey });
      assert.deepEqual(left.items.map((row) => row.request_id), [`${apiKey}-new`]);
    });
  });
}
