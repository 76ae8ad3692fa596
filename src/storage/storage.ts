import { BudgetRepository } from './budget-repository.ts';
import { EndUserRepository } from './end-user-repository.ts';
import { KeyRepository } from './key-repository.ts';
import { ModelRepository } from './model-repository.ts';
import type { StorageDatabase, StorageDialect } from './open-database.ts';
import { SpendLedgerRepository } from './spend-ledger-repository.ts';
import { SpendQueryRepository } from './spend-query-repository.ts';
import { TeamRepository } from './team-repository.ts';
import { UserRepository } from './user-repository.ts';

/** Every repository over one open database: what the management API, auth, budgets and the spend ledger use. */
export interface Storage {
  dialect: StorageDialect;
  keys: KeyRepository;
  users: UserRepository;
  teams: TeamRepository;
  endUsers: EndUserRepository;
  budgets: BudgetRepository;
  spendLedger: SpendLedgerRepository;
  spend: SpendQueryRepository;
  /** Models added through the API (`STORE_MODEL_IN_DB`). */
  models: ModelRepository;
  /** Closes the database. */
  close(): Promise<void>;
}

/** The repositories over an open (and migrated) database. */
export function createStorage(database: StorageDatabase): Storage {
  const { db } = database;
  return {
    dialect: database.dialect,
    keys: new KeyRepository(db),
    users: new UserRepository(db),
    teams: new TeamRepository(db),
    endUsers: new EndUserRepository(db),
    budgets: new BudgetRepository(db),
    spendLedger: new SpendLedgerRepository(db),
    spend: new SpendQueryRepository(db),
    models: new ModelRepository(db),
    close: () => database.close(),
  };
}
