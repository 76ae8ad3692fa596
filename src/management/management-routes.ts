import type { ModelRepository } from '../storage/model-repository.ts';
import type { FastifyInstance } from 'fastify';
import type { KeyCache } from '../access/key-cache.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { KeyRepository } from '../storage/key-repository.ts';
import type { SpendLedgerRepository } from '../storage/spend-ledger-repository.ts';
import type { SpendQueryRepository } from '../storage/spend-query-repository.ts';
import { registerSpendRoutes } from './spend-routes.ts';
import { registerDailyActivityRoutes } from './daily-activity-routes.ts';
import type { TeamRepository } from '../storage/team-repository.ts';
import type { UserRepository } from '../storage/user-repository.ts';
import { registerUserTeamRoutes } from './user-team-routes.ts';
import type { BudgetRepository } from '../storage/budget-repository.ts';
import type { EndUserRepository } from '../storage/end-user-repository.ts';
import { registerCustomerBudgetRoutes } from './customer-budget-routes.ts';
import { registerKeyRoutes } from './key-routes.ts';
import { registerDashboardRoutes } from './dashboard-routes.ts';

/** The stores the management API works on (opened and migrated by the caller). */
export interface ManagementStores {
  keys: KeyRepository;
  /** Users and teams (/user/*, /team/*). */
  users?: UserRepository;
  teams?: TeamRepository;
  /** End users (/customer/*) and budgets (/budget/*). */
  endUsers?: EndUserRepository;
  budgets?: BudgetRepository;
  /** Spend reports (/spend/*, /global/spend*). */
  spend?: SpendQueryRepository;
  /** Where spend goes; without it calls are not charged to keys. */
  spendLedger?: SpendLedgerRepository;
  /** The spend writer's journal file (rows not yet in the database survive a stop here). */
  spendJournalPath?: string;
  /** Models added through the API (`STORE_MODEL_IN_DB`). */
  models?: ModelRepository;
  /** Key changes shared with other replicas (Redis); without it they see changes after the cache TTL. */
  keyChanges?: { publish(hash: string): Promise<void>; subscribe(listener: (hash: string) => void): () => void };
}

/** Management paths answered with "no DB connected" when the gateway runs without a database. */
const DB_ROUTES = [
  '/key/generate', '/key/info', '/key/list', '/key/update', '/key/delete', '/key/block', '/key/unblock', '/key/regenerate',
  '/user/new', '/user/info', '/user/update', '/user/delete', '/user/list',
  '/team/new', '/team/info', '/team/update', '/team/delete', '/team/list', '/team/member_add', '/team/member_delete',
  '/customer/new', '/customer/info', '/customer/update', '/customer/delete', '/end_user/new', '/end_user/info', '/end_user/update', '/end_user/delete',
  '/budget/new', '/budget/info', '/budget/update', '/budget/delete',
  '/spend/keys', '/spend/logs', '/spend/tags', '/global/spend', '/global/spend/keys', '/global/spend/models',
  '/spend/logs/ui', '/switchyard/activity',
];

/**
 * Registers the management API on its stores; `cache` is the key cache the auth hook looks
 * virtual keys up through (changes made here update it at once). Without stores, every
 * management route answers LiteLLM's "no DB connected" error.
 */
export function registerManagementRoutes(app: FastifyInstance, stores: ManagementStores | undefined, cache: KeyCache | undefined, options: { timeZone?: string | undefined } = {}): void {
  if (stores === undefined || cache === undefined) {
    const noDb = async (): Promise<never> => {
      throw new GatewayError('no_db_connection', 'No connected db. Keys, users, teams and spend need a database: set DATABASE_URL, or run with the embedded store (the default for `switchyard`).');
    };
    for (const path of DB_ROUTES) app.route({ method: ['GET', 'POST', 'DELETE'], url: path, handler: noDb });
    return;
  }
  const changes = stores.keyChanges;
  registerKeyRoutes(app, { keys: stores.keys, cache, timeZone: options.timeZone, announce: changes === undefined ? undefined : (hash) => changes.publish(hash) });
  if (changes !== undefined) {
    const stop = changes.subscribe((hash) => cache.invalidate(hash));
    app.addHook('onClose', async () => stop());
  }
  if (stores.spend !== undefined) {
    registerSpendRoutes(app, stores.spend);
    registerDailyActivityRoutes(app, stores.spend);
    registerDashboardRoutes(app, { spend: stores.spend, keys: stores.keys });
  }
  if (stores.endUsers !== undefined && stores.budgets !== undefined) registerCustomerBudgetRoutes(app, { endUsers: stores.endUsers, budgets: stores.budgets });
  if (stores.users !== undefined && stores.teams !== undefined) registerUserTeamRoutes(app, { users: stores.users, teams: stores.teams, keys: stores.keys, cache });
}
