import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dateParam, requireAdmin } from './admin-request.ts';
import type { DailySpendRecord, SpendQueryRepository } from '../storage/spend-query-repository.ts';

interface Metrics {
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
}

const zero = (): Metrics => ({ spend: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, api_requests: 0, successful_requests: 0, failed_requests: 0 });

function add(into: Metrics, row: DailySpendRecord): void {
  into.spend += row.spend;
  into.prompt_tokens += row.prompt_tokens;
  into.completion_tokens += row.completion_tokens;
  into.total_tokens += row.prompt_tokens + row.completion_tokens;
  into.cache_read_input_tokens += row.cache_read_input_tokens;
  into.cache_creation_input_tokens += row.cache_creation_input_tokens;
  into.api_requests += row.api_requests;
  into.successful_requests += row.successful_requests;
  into.failed_requests += row.failed_requests;
}

/**
 * LiteLLM's `/user/daily/activity` and `/team/daily/activity`: per day, the totals and a
 * breakdown by model, provider and key, plus totals over the range, from the daily tables.
 * Admin only; filters `start_date`, `end_date`, `user_id` / `team_ids`, `model`, `api_key`.
 */
export function registerDailyActivityRoutes(app: FastifyInstance, spend: SpendQueryRepository): void {
  const handler = (entity: 'user' | 'team') => async (request: FastifyRequest) => {
    requireAdmin(request);
    const q = request.query as Record<string, string | undefined>;
    const start = dateParam(q['start_date'], 'start_date');
    const end = dateParam(q['end_date'], 'end_date');
    const idParam = entity === 'user' ? q['user_id'] : q['team_ids'];
    const ids = idParam === undefined || idParam === '' ? undefined : idParam.split(',').map((s) => s.trim()).filter((s) => s !== '');
    let rows = await spend.dailyActivity({ entity, ...(ids ? { ids } : {}), range: { ...(start ? { start_date: start } : {}), ...(end ? { end_date: end } : {}) } });
    if (q['model']) rows = rows.filter((r) => r.model === q['model'] || r.model_group === q['model']);
    if (q['api_key']) rows = rows.filter((r) => r.api_key === q['api_key']);
    const byDate = new Map<string, { metrics: Metrics; models: Map<string, Metrics>; providers: Map<string, Metrics>; api_keys: Map<string, Metrics> }>();
    const total = zero();
    for (const row of rows) {
      let entry = byDate.get(row.date);
      if (entry === undefined) byDate.set(row.date, (entry = { metrics: zero(), models: new Map(), providers: new Map(), api_keys: new Map() }));
      add(entry.metrics, row);
      add(total, row);
      for (const [map, name] of [[entry.models, row.model_group || row.model], [entry.providers, row.custom_llm_provider], [entry.api_keys, row.api_key]] as const) {
        let metrics = map.get(name);
        if (metrics === undefined) map.set(name, (metrics = zero()));
        add(metrics, row);
      }
    }
    const asObject = (map: Map<string, Metrics>) => Object.fromEntries([...map].map(([name, metrics]) => [name, { metrics }]));
    const results = [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([date, e]) => ({
      date,
      metrics: e.metrics,
      breakdown: { models: asObject(e.models), providers: asObject(e.providers), api_keys: asObject(e.api_keys) },
    }));
    return {
      results,
      metadata: {
        total_spend: total.spend,
        total_prompt_tokens: total.prompt_tokens,
        total_completion_tokens: total.completion_tokens,
        total_tokens: total.total_tokens,
        total_api_requests: total.api_requests,
        total_successful_requests: total.successful_requests,
        total_failed_requests: total.failed_requests,
        page: 1,
        total_pages: 1,
        has_more: false,
      },
    };
  };
  app.get('/user/daily/activity', handler('user'));
  app.get('/team/daily/activity', handler('team'));
}
