import { LuaScript } from '../config/lua-script.ts';
import { closeRedisClient, connectRedisClient, hashTagged, type SharedRedisClient } from '../config/redis-client.ts';
import type { RedisOptions } from '../config/redis-options.ts';
import type { ProviderLogger } from '../spec/provider.ts';
import { SharedStateHealth } from '../telemetry/shared-state-health.ts';

/** One budget a request is checked against: its id, limit and the spend this replica knows. */
export interface LedgerHolder {
  readonly id: string;
  readonly maxBudget: number;
  /** Spend as this replica knows it (the key/user/team cache), counted from the last reset. */
  readonly knownSpend: number;
}

/** The outcome of a reservation: admitted, or refused by `holder` at `spend`. */
export type LedgerReservation = { readonly ok: true } | { readonly ok: false; readonly holderId: string; readonly spend: number };

/**
 * Where budgets' spend and in-flight reservations are kept for admission. Memory: this process
 * (spend from the caches). Redis: shared by every replica, so together they cannot pass a budget.
 */
export interface ReservationLedger {
  /** Admits `estimate` against every holder atomically (all or none reserved). */
  reserve(holders: readonly LedgerHolder[], estimate: number): Promise<LedgerReservation>;
  /** Ends a reservation: frees `estimate` and counts the call's real `cost`. */
  settle(holderIds: readonly string[], estimate: number, cost: number): Promise<void>;
  /** Forgets a holder's spend after its budget reset. */
  reset(holderId: string): Promise<void>;
  close(): Promise<void>;
}

/** Reservations in this process; spend comes from the caches the spend tracker keeps current. */
export class MemoryReservationLedger implements ReservationLedger {
  readonly #reserved = new Map<string, number>();

  async reserve(holders: readonly LedgerHolder[], estimate: number): Promise<LedgerReservation> {
    for (const h of holders) {
      if (h.knownSpend + (this.#reserved.get(h.id) ?? 0) + estimate > h.maxBudget) return { ok: false, holderId: h.id, spend: h.knownSpend };
    }
    for (const h of holders) this.#reserved.set(h.id, (this.#reserved.get(h.id) ?? 0) + estimate);
    return { ok: true };
  }

  async settle(holderIds: readonly string[], estimate: number): Promise<void> {
    for (const id of holderIds) {
      const left = (this.#reserved.get(id) ?? estimate) - estimate;
      if (left <= 1e-12) this.#reserved.delete(id);
      else this.#reserved.set(id, left);
    }
  }

  async reset(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * KEYS per holder: spend, reserved. ARGV: estimate, spend TTL ms, then per holder max, known spend.
 * The shared spend is seeded from the first replica's known spend (SET NX) and then only grows
 * by settled costs, so every replica checks the same numbers.
 * Returns {1} or {0, i, spend}.
 */
const RESERVE = new LuaScript(`
local estimate = tonumber(ARGV[1])
local n = #KEYS / 2
for i = 1, n do
  redis.call('SET', KEYS[2*i-1], ARGV[2+2*i], 'NX', 'PX', ARGV[2])
  local spend = tonumber(redis.call('GET', KEYS[2*i-1]) or '0')
  local reserved = tonumber(redis.call('GET', KEYS[2*i]) or '0')
  if spend + reserved + estimate > tonumber(ARGV[1+2*i]) then return {0, i, tostring(spend)} end
end
for i = 1, n do
  redis.call('INCRBYFLOAT', KEYS[2*i], ARGV[1])
  redis.call('PEXPIRE', KEYS[2*i], ARGV[2])
end
return {1}`);

const SETTLE = new LuaScript(`
for i = 1, #KEYS / 2 do
  local left = tonumber(redis.call('INCRBYFLOAT', KEYS[2*i], '-' .. ARGV[1]))
  if left <= 0.000000000001 then redis.call('DEL', KEYS[2*i]) end
  if redis.call('EXISTS', KEYS[2*i-1]) == 1 then
    redis.call('INCRBYFLOAT', KEYS[2*i-1], ARGV[2])
    redis.call('PEXPIRE', KEYS[2*i-1], ARGV[3])
  end
end
return 1`);

/** Shared spend is re-seeded from the database after a day without calls. */
const SPEND_TTL_MS = 24 * 3600_000;

/**
 * Budget admission shared by every replica through Redis / Valkey: one Lua script checks
 * spend + reservations + this request's worst case against every holder and reserves
 * atomically (all keys share one Cluster hash slot). If Redis is down, admission falls back to
 * this process's ledger (safe mode, logged once when it starts and once when it ends).
 */
export class RedisReservationLedger implements ReservationLedger {
  readonly #client: SharedRedisClient;
  readonly #prefix: string;
  readonly #health: SharedStateHealth;
  readonly #fallback: ReservationLedger;

  private constructor(client: SharedRedisClient, namespace: string, health: SharedStateHealth, fallback: ReservationLedger | undefined) {
    this.#client = client;
    this.#prefix = hashTagged(namespace, 'budget');
    this.#health = health;
    this.#fallback = fallback ?? new MemoryReservationLedger();
  }

  /** `fallback` checks budgets while Redis is down (default: this process; a `--num_workers` worker passes the primary's ledger). */
  static async connect(options: RedisOptions & { log: ProviderLogger; fallback?: { ledger: ReservationLedger; scope: string } }): Promise<RedisReservationLedger> {
    const health = new SharedStateHealth({ component: 'budgets', store: 'redis', log: options.log, scope: options.fallback?.scope });
    return new RedisReservationLedger(await connectRedisClient(options, health), options.namespace, health, options.fallback?.ledger);
  }

  async reserve(holders: readonly LedgerHolder[], estimate: number): Promise<LedgerReservation> {
    const answer = await this.#health.ask(async (): Promise<LedgerReservation> => {
      const reply = (await RESERVE.run(this.#client, {
        keys: holders.flatMap((h) => [`${this.#prefix}${h.id}:spend`, `${this.#prefix}${h.id}:reserved`]),
        arguments: [String(estimate), String(SPEND_TTL_MS), ...holders.flatMap((h) => [String(h.maxBudget), String(h.knownSpend)])],
      })) as unknown[];
      if (Number(reply[0]) === 1) return { ok: true };
      const holder = holders[Number(reply[1]) - 1];
      return { ok: false, holderId: holder?.id ?? '', spend: Number(reply[2]) };
    });
    return answer ?? this.#fallback.reserve(holders, estimate);
  }

  async settle(holderIds: readonly string[], estimate: number, cost: number): Promise<void> {
    // Frees a reservation the fallback made while Redis was down (and keeps its spend current).
    await this.#fallback.settle(holderIds, estimate, cost);
    try {
      await SETTLE.run(this.#client, {
        keys: holderIds.flatMap((id) => [`${this.#prefix}${id}:spend`, `${this.#prefix}${id}:reserved`]),
        arguments: [String(estimate), String(cost), String(SPEND_TTL_MS)],
      });
    } catch (error) {
      // The reservation expires with the spend TTL.
      this.#health.unreachable(error);
    }
  }

  async reset(holderId: string): Promise<void> {
    await this.#client.del(`${this.#prefix}${holderId}:spend`).catch(() => undefined);
  }

  async close(): Promise<void> {
    await closeRedisClient(this.#client);
  }
}
