import type { DatabaseOptions } from './database-options.ts';
import { migrate } from './migrate.ts';
import { openDatabase, type OpenDatabaseHooks } from './open-database.ts';
import { createStorage, type Storage } from './storage.ts';

/** Opens the database, runs pending migrations (safe with several replicas), and returns the repositories. */
export async function openStorage(options: DatabaseOptions, hooks: OpenDatabaseHooks = {}): Promise<Storage> {
  const database = openDatabase(options, hooks);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return createStorage(database);
}
