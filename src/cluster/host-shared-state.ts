import type { LedgerHolder } from '../accounting/reservation-ledger.ts';
import { MemoryRateLimiter } from '../limits/memory-rate-limiter.ts';
import type { Admitted, LimitScope } from '../limits/rate-limiter.ts';
import { MemoryCooldownStore } from '../router/cooldown-store.ts';
import type { PrimaryRpc } from './cluster-rpc.ts';
import { SharedSpendLedger } from './shared-spend-ledger.ts';

/** Method and topic names of the shared state the primary hosts (one list, used by both sides). */
export const SHARED_STATE = {
  admit: 'limits.admit',
  release: 'limits.release',
  tokens: 'limits.tokens',
  reserve: 'budgets.reserve',
  settle: 'budgets.settle',
  resetBudget: 'budgets.reset',
  startCooldown: 'cooldowns.start',
  countFailure: 'cooldowns.count-failure',
  listCooldowns: 'cooldowns.list',
  /** Broadcast: `{ deploymentId, until }`. */
  cooldownStarted: 'cooldowns.started',
  keyChanged: 'keys.changed',
} as const;

/** An admission a worker holds a ticket for; kept a while after release for late token counts. */
const TICKET_AFTER_RELEASE_MS = 60_000;

/**
 * In the `--num_workers` primary without Redis: the one copy of rate-limit counters, budget
 * reservations and cooldowns, used by every worker over IPC, so the workers together enforce
 * each limit once. What a worker that dies held (parallel slots, reservations) is freed.
 */
export function hostSharedState(rpc: PrimaryRpc): void {
  hostRateLimits(rpc);
  hostBudgets(rpc);
  hostCooldowns(rpc);
  rpc.handle(SHARED_STATE.keyChanged, (hash) => rpc.broadcast(SHARED_STATE.keyChanged, hash));
}

function hostRateLimits(rpc: PrimaryRpc): void {
  const limiter = new MemoryRateLimiter();
  const tickets = new Map<number, { admitted: Admitted; workerId: number }>();
  let nextTicket = 0;
  rpc.handle(SHARED_STATE.admit, async (scopes, workerId) => {
    const admission = await limiter.admit(scopes as LimitScope[]);
    if (!admission.allowed) return admission;
    const ticket = nextTicket++;
    tickets.set(ticket, { admitted: admission, workerId });
    return { allowed: true, state: admission.state, ticket };
  });
  rpc.handle(SHARED_STATE.release, async (ticket) => {
    const entry = tickets.get(Number(ticket));
    if (entry === undefined) return;
    await entry.admitted.release();
    setTimeout(() => tickets.delete(Number(ticket)), TICKET_AFTER_RELEASE_MS).unref();
  });
  rpc.handle(SHARED_STATE.tokens, async (args) => {
    const { ticket, tokens } = args as { ticket: number; tokens: number };
    await tickets.get(ticket)?.admitted.recordTokens(tokens);
  });
  rpc.onWorkerExit((workerId) => {
    for (const [ticket, entry] of tickets) {
      if (entry.workerId !== workerId) continue;
      void entry.admitted.release();
      tickets.delete(ticket);
    }
  });
}

function hostBudgets(rpc: PrimaryRpc): void {
  const ledger = new SharedSpendLedger();
  // Reservations per worker (by holders and estimate), settled with no cost if the worker dies.
  const open = new Map<number, Map<string, number>>();
  const track = (workerId: number, entry: string, delta: number): void => {
    const entries = open.get(workerId) ?? new Map<string, number>();
    const count = (entries.get(entry) ?? 0) + delta;
    if (count > 0) entries.set(entry, count);
    else entries.delete(entry);
    open.set(workerId, entries);
  };
  rpc.handle(SHARED_STATE.reserve, async (args, workerId) => {
    const { holders, estimate } = args as { holders: LedgerHolder[]; estimate: number };
    const result = await ledger.reserve(holders, estimate);
    if (result.ok) track(workerId, JSON.stringify([holders.map((h) => h.id), estimate]), 1);
    return result;
  });
  rpc.handle(SHARED_STATE.settle, async (args, workerId) => {
    const { holderIds, estimate, cost } = args as { holderIds: string[]; estimate: number; cost: number };
    track(workerId, JSON.stringify([holderIds, estimate]), -1);
    await ledger.settle(holderIds, estimate, cost);
  });
  rpc.handle(SHARED_STATE.resetBudget, (holderId) => ledger.reset(String(holderId)));
  rpc.onWorkerExit((workerId) => {
    for (const [entry, count] of open.get(workerId) ?? []) {
      const [holderIds, estimate] = JSON.parse(entry) as [string[], number];
      for (let i = 0; i < count; i++) void ledger.settle(holderIds, estimate, 0);
    }
    open.delete(workerId);
  });
}

function hostCooldowns(rpc: PrimaryRpc): void {
  const store = new MemoryCooldownStore();
  const until = new Map<string, number>();
  rpc.handle(SHARED_STATE.startCooldown, (args) => {
    const { deploymentId, until: ends } = args as { deploymentId: string; until: number };
    if (ends <= (until.get(deploymentId) ?? 0)) return;
    until.set(deploymentId, ends);
    rpc.broadcast(SHARED_STATE.cooldownStarted, { deploymentId, until: ends });
  });
  rpc.handle(SHARED_STATE.countFailure, (args) => store.countFailure(args as { deploymentId: string; windowSeconds: number }));
  rpc.handle(SHARED_STATE.listCooldowns, () => {
    const now = Date.now();
    for (const [id, ends] of until) if (ends <= now) until.delete(id);
    return [...until].map(([deploymentId, ends]) => ({ deploymentId, until: ends }));
  });
}
