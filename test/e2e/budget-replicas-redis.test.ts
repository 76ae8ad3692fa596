/**
 * Two gateways, one PostgreSQL, one Redis: concurrent requests on both replicas together
 * never take a key past its budget. The control — the same two replicas each with only their
 * own ledger — does pass it, so the test can tell the difference.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryReservationLedger, RedisReservationLedger, type ReservationLedger } from '../../src/accounting/reservation-ledger.ts';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage, type Storage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { TEST_REDIS_URL, silentLog, testNamespace } from '../support/redis-url.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../support/test-database.ts';

const INPUT = 0.0001;
const OUTPUT = 0.0001;
// Each request asks for at most 20 output tokens; the prompt counts 7 tokens.
const WORST = 7 * INPUT + 20 * OUTPUT;
const BUDGET = 5 * WORST + 1e-9;

describe('a budget shared by two replicas through Redis', () => {
  let fake: FakeOpenAI;
  let handle: TestDatabaseHandle;
  let database: StorageDatabase;
  let storage: Storage;

  before(async () => {
    fake = await startFakeOpenAI();
    handle = await createTestDatabase('postgres');
    database = openDatabase(handle.options);
    await migrate(database);
    storage = createStorage(database);
  });
  after(async () => {
    await database.close();
    await handle.dispose();
    await fake.close();
  });

  /** Runs 40 concurrent requests split over two replicas with the given ledgers; returns the key's spend. */
  async function run(ledgers: [ReservationLedger, ReservationLedger]): Promise<{ admitted: number; spend: number }> {
    const gateways: TestGateway[] = [];
    for (const ledger of ledgers) {
      gateways.push(await startGateway({
        models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }],
        stores: { keys: storage.keys, spendLedger: storage.spendLedger, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 's.jsonl') },
        budgetLedger: ledger,
      }));
    }
    const key = String(((await gateways[0]!.post('/key/generate', { max_budget: BUDGET })).body as { key: string }).key);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      gateways[i % 2]!.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 }, { authorization: `Bearer ${key}` })));
    for (const g of gateways) await g.close();
    const spend = (await storage.keys.getByHash(hashApiKey(key)))?.spend ?? 0;
    return { admitted: results.filter((r) => r.status === 200).length, spend };
  }

  it('with the Redis ledger the replicas together stay within the budget', async () => {
    const namespace = testNamespace();
    const shared: [ReservationLedger, ReservationLedger] = [
      await RedisReservationLedger.connect({ url: TEST_REDIS_URL, namespace, log: silentLog }),
      await RedisReservationLedger.connect({ url: TEST_REDIS_URL, namespace, log: silentLog }),
    ];
    const { admitted, spend } = await run(shared);
    assert.ok(admitted >= 5, `${admitted} admitted: at least the budget's worth of worst cases`);
    assert.ok(spend <= BUDGET, `spent ${spend} of ${BUDGET}`);
  });

  it('control: each replica on its own ledger admits up to a budget’s worth, and together they pass it', async () => {
    const { admitted, spend } = await run([new MemoryReservationLedger(), new MemoryReservationLedger()]);
    assert.ok(admitted > 5, `${admitted} admitted`);
    assert.ok(spend > BUDGET, `spent ${spend}`);
  });
});
