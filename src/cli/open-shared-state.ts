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
 * replica and worker shares it; while Redis is down, a worker's limits and budgets fall back to
 * its primary, a single process's to its memory); else, in a `--num_workers` worker, the
 * primary over IPC (the workers of one machine act as one gateway); else nowhere (one process,
 * all in memory).
 */
export async function openSharedState(options: { redis: RedisOptions | undefined; log: ProviderLogger }): Promise<SharedState> {
  const { redis, log } = options;
  // In a worker, the primary also holds limits and budgets: the fallback while Redis is down.
  const primary = cluster.isWorker ? primaryState(log) : undefined;
  if (redis === undefined) return primary === undefined ? {} : { ...primary, cooldowns: await primary.cooldowns() };
  const scope = 'the primary process (all workers of this machine)';
  const [cooldowns, rateLimiter, keyChanges, budgetLedger] = await Promise.all([
    RedisCooldownStore.connect({ ...redis, log }),
    RedisRateLimiter.connect({ ...redis, log, ...(primary ? { fallback: { limiter: primary.rateLimiter, scope } } : {}) }),
    RedisKeyInvalidation.connect({ ...redis, log }),
    RedisReservationLedger.connect({ ...redis, log, ...(primary ? { fallback: { ledger: primary.budgetLedger, scope } } : {}) }),
  ]);
  return { cooldowns, rateLimiter, keyChanges, budgetLedger };
}

/** A worker's view of the state its primary hosts (cooldowns connect only when used). */
function primaryState(log: ProviderLogger) {
  const rpc = workerRpc();
  const health = (component: 'rate_limits' | 'budgets' | 'cooldowns') => new SharedStateHealth({ component, store: 'primary', log });
  return {
    rateLimiter: new IpcRateLimiter({ rpc, health: health('rate_limits') }),
    budgetLedger: new IpcReservationLedger({ rpc, health: health('budgets') }),
    keyChanges: new IpcKeyChanges(rpc),
    cooldowns: () => IpcCooldownStore.connect({ rpc, health: health('cooldowns') }),
  };
}
