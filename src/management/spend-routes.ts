import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toApiKeyHash } from '../storage/api-key-hash.ts';
import type { SpendQueryRepository } from '../storage/spend-query-repository.ts';
import { dateParam, requireAdmin } from './admin-request.ts';
import { keyView } from './key-fields.ts';

type Query = Record<string, string | undefined>;

function range(query: Query) {
  const start = dateParam(query['start_date'], 'start_date');
  const end = dateParam(query['end_date'], 'end_date');
  return { ...(start === undefined ? {} : { start_date: start }), ...(end === undefined ? {} : { end_date: end }) };
}

/**
 * LiteLLM's spend reports: /spend/keys, /global/spend/keys, /spend/logs, /global/spend,
 * /global/spend/models, /spend/tags (admin only).
 */
export function registerSpendRoutes(app: FastifyInstance, spend: SpendQueryRepository): void {
  const topKeys = async (request: FastifyRequest) => {
    requireAdmin(request);
    const limit = Number((request.query as Query)['limit'] ?? 100);
    return (await spend.topKeysBySpend(Number.isFinite(limit) ? limit : 100)).map(keyView);
  };
  app.get('/spend/keys', topKeys);
  app.get('/global/spend/keys', topKeys);

  app.get('/spend/logs', async (request) => {
    requireAdmin(request);
    const q = request.query as Query;
    const { start_date, end_date } = range(q);
    const page = await spend.listSpendLogs({
      ...(q['api_key'] ? { api_key: toApiKeyHash(q['api_key']) } : {}),
      ...(q['user_id'] ? { user_id: q['user_id'] } : {}),
      ...(q['request_id'] ? { request_id: q['request_id'] } : {}),
      ...(start_date ? { start_time: new Date(`${start_date}T00:00:00Z`) } : {}),
      ...(end_date ? { end_time: new Date(Date.parse(`${end_date}T00:00:00Z`) + 86_400_000) } : {}),
      page_size: 100,
    });
    return page.items.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])));
  });

  app.get('/spend/logs/v2', async (request) => {
    requireAdmin(request);
    const q = request.query as Query;
    const { start_date, end_date } = range(q);
    const pageNumber = Math.max(1, Number(q['page'] ?? 1) || 1);
    const pageSize = Math.min(100, Math.max(1, Number(q['page_size'] ?? 50) || 50));
    const page = await spend.listSpendLogs({
      ...(q['api_key'] ? { api_key: toApiKeyHash(q['api_key']) } : {}),
      ...(q['user_id'] ? { user_id: q['user_id'] } : {}),
      ...(q['team_id'] ? { team_id: q['team_id'] } : {}),
      ...(q['request_id'] ? { request_id: q['request_id'] } : {}),
      ...(q['model'] ? { model: q['model'] } : {}),
      ...(start_date ? { start_time: new Date(`${start_date}T00:00:00Z`) } : {}),
      ...(end_date ? { end_time: new Date(Date.parse(`${end_date}T00:00:00Z`) + 86_400_000) } : {}),
      page: pageNumber,
      page_size: pageSize,
    });
    return {
      data: page.items.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))),
      total: page.total_count,
      page: page.current_page,
      page_size: page.page_size,
      total_pages: page.total_pages,
    };
  });

  app.get('/global/spend', async (request) => {
    requireAdmin(request);
    return { spend: await spend.totalSpend(range(request.query as Query)), max_budget: null };
  });
  app.get('/global/spend/models', async (request) => {
    requireAdmin(request);
    return (await spend.spendByModel(range(request.query as Query))).map((t) => ({ model: t.name, spend: t.spend, api_requests: t.api_requests }));
  });
  app.get('/spend/tags', async (request) => {
    requireAdmin(request);
    return { spend_per_tag: (await spend.spendByTag(range(request.query as Query))).map((t) => ({ individual_request_tag: t.name, log_count: t.api_requests, total_spend: t.spend })) };
  });
}
