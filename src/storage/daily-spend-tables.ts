import type { SpendLogInput } from './spend-log-record.ts';

/** The daily aggregate tables, each keyed by one entity column plus the shared dimensions. */
export const DAILY_SPEND_TABLES = {
  user: { table: 'LiteLLM_DailyUserSpend', entity: 'user_id' },
  team: { table: 'LiteLLM_DailyTeamSpend', entity: 'team_id' },
  tag: { table: 'LiteLLM_DailyTagSpend', entity: 'tag' },
  end_user: { table: 'LiteLLM_DailyEndUserSpend', entity: 'end_user_id' },
} as const;

/** Which daily table: per user, team, tag or end user. */
export type DailySpendEntity = keyof typeof DAILY_SPEND_TABLES;

/** The counters a daily row adds up. */
export const DAILY_COUNTERS = [
  'prompt_tokens',
  'completion_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'spend_nanos',
  'api_requests',
  'successful_requests',
  'failed_requests',
] as const;

/** One counter. */
export type DailyCounter = (typeof DAILY_COUNTERS)[number];

/** One pending daily-table row: its table, its key (entity + dimensions) and counter deltas. */
export interface DailySpendDelta {
  entity: DailySpendEntity;
  key: { entity_id: string; date: string; api_key: string; model: string; model_group: string; custom_llm_provider: string };
  counters: Record<DailyCounter, number>;
}

/**
 * Spend-log rows → daily deltas, summed so each (table, key) appears once (PostgreSQL refuses an
 * upsert that touches a row twice). Every request counts in the user table ('' when the key has
 * no user), and in the team, end-user and per-tag tables when it has those.
 */
export function toDailySpendDeltas(rows: readonly SpendLogInput[], spendNanosOf: (row: SpendLogInput) => number): DailySpendDelta[] {
  const deltas = new Map<string, DailySpendDelta>();
  for (const row of rows) {
    const owners: Array<[DailySpendEntity, string]> = [['user', row.user_id ?? '']];
    if (row.team_id) owners.push(['team', row.team_id]);
    if (row.end_user) owners.push(['end_user', row.end_user]);
    for (const tag of new Set(row.request_tags ?? [])) owners.push(['tag', tag]);
    const failed = row.status === 'failure' ? 1 : 0;
    const counters: Record<DailyCounter, number> = {
      prompt_tokens: row.prompt_tokens,
      completion_tokens: row.completion_tokens,
      cache_read_input_tokens: row.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: row.cache_creation_input_tokens ?? 0,
      spend_nanos: spendNanosOf(row),
      api_requests: 1,
      successful_requests: 1 - failed,
      failed_requests: failed,
    };
    for (const [entity, entityId] of owners) {
      const key = {
        entity_id: entityId,
        date: row.start_time.toISOString().slice(0, 10),
        api_key: row.api_key,
        model: row.model,
        model_group: row.model_group ?? '',
        custom_llm_provider: row.custom_llm_provider ?? '',
      };
      const id = JSON.stringify([entity, key]);
      const existing = deltas.get(id);
      if (existing === undefined) deltas.set(id, { entity, key, counters: { ...counters } });
      else for (const counter of DAILY_COUNTERS) existing.counters[counter] += counters[counter];
    }
  }
  return [...deltas.values()];
}
