import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KeyCache } from '../access/key-cache.ts';
import type { OwnerCaches } from '../access/owner-checks.ts';
import type { ModelBudgets } from './model-budgets.ts';
import type { ManagementStores } from '../management/management-routes.ts';
import { startSpendTracking } from './spend-tracking.ts';
import { SpendWriter } from './spend-writer.ts';

/**
 * Turns spend tracking on when the app has a spend ledger: replays the journal when the app
 * is ready, records every finished call, and flushes on close (SIGTERM) — what cannot be
 * written stays in the journal for the next start.
 */
export function trackSpend(options: { app: FastifyInstance; stores: ManagementStores | undefined; keyCache: KeyCache | undefined; owners?: OwnerCaches | undefined; modelBudgets?: ModelBudgets | undefined; ownsDeploymentId: (id: string) => boolean; storePrompts?: boolean }): void {
  const ledger = options.stores?.spendLedger;
  if (ledger === undefined) return;
  const { app } = options;
  const writer = new SpendWriter({ sink: ledger, journalPath: options.stores?.spendJournalPath ?? join('.switchyard', 'spend-journal.jsonl'), log: app.log });
  const stop = startSpendTracking({ writer, keys: options.keyCache, owners: options.owners, modelBudgets: options.modelBudgets, log: app.log, ownsDeployment: options.ownsDeploymentId, storePrompts: options.storePrompts === true });
  app.addHook('onReady', async () => {
    await writer.replay();
  });
  app.addHook('onClose', async () => {
    stop();
    await writer.close();
  });
}
