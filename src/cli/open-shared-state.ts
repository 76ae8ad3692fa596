import cluster from 'node:cluster';
import { RedisKeyInvalidation } from '../access/redis-key-invalidation.ts';
import { RedisReservationLedger, type ReservationLedger } from '../accounting/reservation-ledger.ts';
import { workerRpc } from '../cluster/cluster-rpc.ts';
import { IpcCooldownStore } from '../cluster/ipc-cooldown-store.ts';
import { IpcKeyChanges } from '../cluster/ipc-key-changes.ts';
import { IpcRateLimiter } from '../cluster/ipc-rate-limiter.ts';
import { IpcReservationLedger } from '../cluster/ipc-reservation-ledger.ts';
import type { RedisOptions } from '../config/redis-options.ts';
import { RedisRateLimiter } from '../limits/redis-rate-limiter.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import type { CooldownStore } from '../router/cooldown-store.ts';
import { RedisCooldownStore } from '../router/redis-cooldown-store.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import { SharedStateHealth } from '../telemetry/shared-state-health.ts';

/** Limits, budgets, cooldowns and key changes shared beyond this process (absent: this process only). */
export interface SharedState {
  rateLimiter?: RateLimiter;
  budgetLedger?: ReservationLedger;
  cooldowns?: CooldownStore;
  keyChanges?: { publish(hash: string): Promise<void>; subscribe(listener: (hash: string) => void): () => void; close(): Promise<void> };
}

/**
 * Where state shared by replicas and workers lives: Redis / Valkey when configured (every
 * replica and worker shares it); else, in a `--num_workers` worker, the primary over IPC (the
 * workers of one machine act as one gateway); else nowhere (one process, all in memory).
 */
export async function openSharedState(options: { redis: RedisOptions | undefined; log: ProviderLogger }): Promise<SharedState> {
  const { redis, log } = options;
  if (redis !== undefined) {
    const [cooldowns, rateLimiter, keyChanges, budgetLedger] = await Promise.all([
      RedisCooldownStore.connect({ ...redis, log }),
      RedisRateLimiter.connect({ ...redis, log }),
      RedisKeyInvalidation.connect({ ...redis, log }),
      RedisReservationLedger.connect({ ...redis, log }),
    ]);
    return { cooldowns, rateLimiter, keyChanges, budgetLedger };
  }
  if (!cluster.isWorker) return {};
  const rpc = workerRpc();
  const health = (component: 'rate_limits' | 'budgets' | 'cooldowns') => new SharedStateHealth({ component, store: 'the primary process', log });
  return {
    cooldowns: await IpcCooldownStore.connect({ rpc, health: health('cooldowns') }),
    rateLimiter: new IpcRateLimiter({ rpc, health: health('rate_limits') }),
    budgetLedger: new IpcReservationLedger({ rpc, health: health('budgets') }),
    keyChanges: new IpcKeyChanges(rpc),
  };
}
