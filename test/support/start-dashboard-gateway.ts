import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelEntry, SwitchyardConfig } from '../../src/config/config-types.ts';
import { createApp } from '../../src/server/create-app.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase } from '../../src/storage/open-database.ts';
import type { StorageDialect } from '../../src/storage/open-database.ts';
import { createStorage, type Storage } from '../../src/storage/storage.ts';
import { MASTER_KEY } from './start-gateway.ts';
import { createTestDatabase } from './test-database.ts';

export const UI_USERNAME = 'ops';
export const UI_PASSWORD = 'correct horse battery staple';

/** A gateway with every store (keys, users, teams, spend) and the dashboard's login, for dashboard tests. */
export interface DashboardGateway {
  readonly url: string;
  readonly storage: Storage;
  /** Calls the gateway with the master key (or `key`) and parses the JSON answer. */
  call(path: string, options?: { method?: string; body?: unknown; key?: string }): Promise<{ status: number; headers: Headers; body: any }>;
  /** Polls `/spend/logs/ui` until `count` logs match `query` (the spend writer flushes every 500 ms). */
  waitForLogs(query: Record<string, string>, count: number): Promise<any[]>;
  close(): Promise<void>;
}

export async function startDashboardGateway(options: { models: ModelEntry[]; dialect?: StorageDialect; general_settings?: SwitchyardConfig['general_settings']; env?: NodeJS.ProcessEnv }): Promise<DashboardGateway> {
  const handle = await createTestDatabase(options.dialect ?? 'sqlite');
  const database = openDatabase(handle.options);
  await migrate(database);
  const storage = createStorage(database);
  const { app } = createApp({
    config: {
      model_list: options.models,
      litellm_settings: {},
      router_settings: {},
      general_settings: { master_key: MASTER_KEY, ...options.general_settings },
      environment_variables: {},
    },
    stores: {
      keys: storage.keys,
      models: storage.models,
      users: storage.users,
      teams: storage.teams,
      endUsers: storage.endUsers,
      budgets: storage.budgets,
      spend: storage.spend,
      spendLedger: storage.spendLedger,
      spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl'),
    },
    env: { UI_USERNAME, UI_PASSWORD, ...options.env },
  });
  const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  const call: DashboardGateway['call'] = async (path, { method, body, key = MASTER_KEY } = {}) => {
    const response = await fetch(url + path, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    url,
    storage,
    call,
    async waitForLogs(query, count) {
      for (;;) {
        const answer = await call(`/spend/logs/ui?${new URLSearchParams(query)}`);
        if (answer.status !== 200) throw new Error(`/spend/logs/ui answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        if (answer.body.data.length >= count) return answer.body.data;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await app.close();
      await database.close();
      await handle.dispose();
    },
  };
}
