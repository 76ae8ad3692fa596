import type { SwitchyardConfig } from '../config/config-types.ts';
import type { ManagementStores } from '../management/management-routes.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import { join, resolve } from 'node:path';
import { dataDirectoryOf, resolveDatabaseOptions } from '../storage/database-options.ts';
import { createStorage } from '../storage/storage.ts';
import { migrate } from '../storage/migrate.ts';
import { openDatabase } from '../storage/open-database.ts';

/**
 * Opens the database the config and environment choose (PostgreSQL via DATABASE_URL, else the
 * embedded SQLite store in the data directory), runs the migrations, and returns the stores
 * and a close function. A database that cannot be opened or migrated stops the start-up with
 * its reason (the URL, which holds the password, is never printed).
 */
export async function openStores(options: { config: SwitchyardConfig; env: NodeJS.ProcessEnv; log: ProviderLogger }): Promise<{ stores: ManagementStores; close: () => Promise<void> }> {
  const databaseOptions = resolveDatabaseOptions(options.env, options.config.general_settings);
  const database = openDatabase(databaseOptions, {
    onBackgroundError: (error) => options.log.warn({ err: error.message }, 'database connection dropped; it will be re-opened on the next query'),
  });
  try {
    await migrate(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new Error(`the ${databaseOptions.kind === 'sqlite' ? `embedded database at ${databaseOptions.path}` : 'PostgreSQL database'} could not be opened or migrated: ${(error as Error).message}`);
  }
  options.log.info({ database: databaseOptions.kind === 'sqlite' ? databaseOptions.path : 'postgres' }, 'database ready');
  const storage = createStorage(database);
  const dataDir = databaseOptions.kind === 'sqlite' ? dataDirectoryOf(databaseOptions) : resolve(options.env['SWITCHYARD_DATA_DIR'] ?? '.switchyard');
  return {
    stores: { keys: storage.keys, users: storage.users, teams: storage.teams, endUsers: storage.endUsers, budgets: storage.budgets, spendLedger: storage.spendLedger, spend: storage.spend, models: storage.models, spendJournalPath: join(dataDir, 'spend-journal.jsonl') },
    close: () => storage.close(),
  };
}
