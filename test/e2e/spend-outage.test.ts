/**
 * PostgreSQL goes away mid-run: calls keep being answered, their spend is kept (spilled to the
 * journal when the gateway stops), and once the database is back the next start replays it —
 * the key's spend reconciles to the cent, each call counted once.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../support/test-database.ts';

const INPUT = 0.0001;
const OUTPUT = 0.0001;

/** A TCP proxy in front of PostgreSQL that can be taken down (every connection cut) and brought back on the same port. */
class SwitchablePostgres {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  port = 0;

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: 5432 });
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('spend survives a PostgreSQL outage', () => {
  let fake: FakeOpenAI;
  let handle: TestDatabaseHandle;
  let direct: StorageDatabase;
  const proxy = new SwitchablePostgres();

  before(async () => {
    fake = await startFakeOpenAI();
    handle = await createTestDatabase('postgres');
    direct = openDatabase(handle.options);
    await migrate(direct);
    await proxy.up();
  });
  after(async () => {
    await proxy.down();
    await direct.close();
    await handle.dispose();
    await fake.close();
  });

  it('calls during the outage are answered, kept, and counted once after the database returns', async () => {
    if (handle.options.kind !== 'postgres') throw new Error('needs PostgreSQL');
    const url = new URL(handle.options.connectionString);
    url.port = String(proxy.port);
    const proxied = openDatabase({ ...handle.options, connectionString: url.toString(), connectionTimeoutMs: 2_000 });
    const storage = createStorage(proxied);
    const journal = join(await mkdtemp(join(tmpdir(), 'switchyard-outage-')), 'spend.jsonl');
    const models = [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } }];
    let gateway: TestGateway = await startGateway({ models, stores: { keys: storage.keys, spendLedger: storage.spendLedger, spendJournalPath: journal } });

    const key = String(((await gateway.post('/key/generate', {})).body as { key: string }).key);
    let expected = 0;
    const call = async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${key}` });
      assert.equal(r.status, 200, r.text);
      const usage = (r.body as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
      expected += usage.prompt_tokens * INPUT + usage.completion_tokens * OUTPUT;
    };
    for (let i = 0; i < 3; i++) await call();

    await proxy.down();
    for (let i = 0; i < 5; i++) await call(); // the key is cached: answered although the database is gone
    await gateway.close(); // the flush fails: what is left goes to the journal
    assert.ok(existsSync(journal), 'unwritten spend was spilled to the journal');

    await proxy.up();
    gateway = await startGateway({ models, stores: { keys: storage.keys, spendLedger: storage.spendLedger, spendJournalPath: journal } });
    await gateway.close(); // start replays the journal; close flushes
    const spend = (await createStorage(direct).keys.getByHash(hashApiKey(key)))?.spend ?? 0;
    assert.equal(Math.round(spend * 1e9), Math.round(expected * 1e9), `spend ${spend}, expected ${expected}`);
    const logs = await createStorage(direct).spend.listSpendLogs({ api_key: hashApiKey(key), page_size: 100 });
    assert.equal(logs.total_count, 8, 'one spend log per call, none twice');
    assert.equal(existsSync(journal), false, 'the journal is cleared once written');
    await proxied.close();
  });
});
