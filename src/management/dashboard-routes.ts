import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAdmin } from '../access/caller.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { toApiKeyHash } from '../storage/api-key-hash.ts';
import type { KeyRepository } from '../storage/key-repository.ts';
import type { SpendLogRecord } from '../storage/spend-log-record.ts';
import type { SpendQueryRepository } from '../storage/spend-query-repository.ts';
import { dateParam } from './admin-request.ts';
import { keyView } from './key-fields.ts';
import { summarizeActivity } from './summarize-activity.ts';

type Query = Record<string, string | undefined>;

/** Most rows one activity answer reads; a longer range answers `truncated: true`. */
export const ACTIVITY_ROW_LIMIT = 200_000;

/**
 * The key hash a caller may see logs of: undefined for admins (all), the caller's own key for a
 * virtual key that is not an admin (LiteLLM: "a non-admin sees only its own logs").
 */
function ownKeyOnly(request: FastifyRequest): string | undefined {
  const caller = request.caller;
  return caller.kind === 'virtual' && !isAdmin(caller) ? caller.hash : undefined;
}

function instant(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const day = dateParam(/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined, name);
  const parsed = day === undefined ? Date.parse(value) : Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed)) throw new GatewayError('bad_request', `${name} must be a date (2026-11-24) or an ISO time`, { param: name });
  return new Date(parsed);
}

function pageParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new GatewayError('bad_request', `${name} must be a whole number ≥ 1`, { param: name });
  return n;
}

function logView(row: SpendLogRecord, aliases: ReadonlyMap<string, string | null>): Record<string, unknown> {
  return {
    ...keyView(row),
    key_alias: aliases.get(row.api_key) ?? null,
    latency_ms: row.end_time.getTime() - row.start_time.getTime(),
  };
}

/**
 * What the dashboard reads beyond LiteLLM's other routes:
 * - `GET /spend/logs/ui` (LiteLLM's route): one page of logs, newest first, filtered by time,
 *   key (`api_key` or `key_alias`), team, model, status; without the stored request/answer.
 * - `GET /spend/logs/ui/{request_id}`: one log with its request and answer (when stored).
 * - `GET /switchyard/activity` (a Switchyard addition): requests, errors, spend, tokens and
 *   latency p50/p95 per time bucket, and the top keys/teams/models by spend, for a time range.
 * Admins see everything; any other virtual key sees only its own key's logs and activity.
 */
export function registerDashboardRoutes(app: FastifyInstance, deps: { spend: SpendQueryRepository; keys: KeyRepository }): void {
  const aliasesOf = async (hashes: Iterable<string>): Promise<Map<string, string | null>> => {
    const unique = [...new Set(hashes)].filter((h) => h !== '');
    const found = await Promise.all(unique.map((hash) => deps.keys.getByHash(hash)));
    return new Map(unique.map((hash, i) => [hash, found[i]?.key_alias ?? null]));
  };

  app.get('/spend/logs/ui', async (request) => {
    const q = request.query as Query;
    const own = ownKeyOnly(request);
    const status = q['status_filter'] ?? q['status'];
    if (status !== undefined && status !== '' && status !== 'success' && status !== 'failure') throw new GatewayError('bad_request', 'status_filter must be success or failure', { param: 'status_filter' });
    const start = instant(q['start_date'], 'start_date');
    const endDay = q['end_date'] !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(q['end_date']);
    const end = instant(q['end_date'], 'end_date');
    let apiKeys: string[] | undefined = q['api_key'] ? [toApiKeyHash(q['api_key'])] : undefined;
    if (q['key_alias']) {
      const byAlias = (await deps.keys.getByAlias(q['key_alias'])).map((k) => k.token);
      apiKeys = apiKeys === undefined ? byAlias : apiKeys.filter((h) => byAlias.includes(h));
    }
    if (own !== undefined) apiKeys = apiKeys === undefined ? [own] : apiKeys.filter((h) => h === own);
    const page = await deps.spend.listSpendLogs({
      ...(apiKeys ? { api_keys: apiKeys } : {}),
      ...(q['team_id'] ? { team_id: q['team_id'] } : {}),
      ...(q['user_id'] ? { user_id: q['user_id'] } : {}),
      ...(q['request_id'] ? { request_id: q['request_id'] } : {}),
      ...(q['model'] ? { model_or_group: q['model'] } : {}),
      ...(status === 'success' || status === 'failure' ? { status } : {}),
      ...(start ? { start_time: start } : {}),
      // A bare end date includes that whole day.
      ...(end ? { end_time: endDay ? new Date(end.getTime() + 86_400_000) : end } : {}),
      page: pageParam(q['page'], 'page', 1),
      page_size: Math.min(100, pageParam(q['page_size'], 'page_size', 50)),
      without_bodies: true,
    });
    const aliases = await aliasesOf(page.items.map((r) => r.api_key));
    return { data: page.items.map((row) => logView(row, aliases)), total: page.total_count, page: page.current_page, page_size: page.page_size, total_pages: page.total_pages };
  });

  app.get('/spend/logs/ui/:request_id', async (request) => {
    const id = (request.params as { request_id: string }).request_id;
    const own = ownKeyOnly(request);
    const [row] = (await deps.spend.listSpendLogs({ request_id: id, ...(own === undefined ? {} : { api_key: own }), page_size: 1 })).items;
    if (row === undefined) throw new GatewayError('not_found', `No log with request_id ${id}${own === undefined ? '' : ' for this key'}`, { param: 'request_id' });
    return logView(row, await aliasesOf([row.api_key]));
  });

  app.get('/switchyard/activity', async (request) => {
    const q = request.query as Query;
    const end = instant(q['end'], 'end') ?? new Date();
    const start = instant(q['start'], 'start') ?? new Date(end.getTime() - 86_400_000);
    if (start.getTime() >= end.getTime()) throw new GatewayError('bad_request', 'start must be before end', { param: 'start' });
    const buckets = Math.min(500, pageParam(q['buckets'], 'buckets', 48));
    const own = ownKeyOnly(request);
    const rows = await deps.spend.activityRows({ start, end, limit: ACTIVITY_ROW_LIMIT, ...(own === undefined ? {} : { api_key: own }) });
    const summary = summarizeActivity({ rows, start, end, buckets });
    const aliases = await aliasesOf(summary.top_keys.map((k) => k.name));
    return {
      ...summary,
      top_keys: summary.top_keys.map((k) => ({ ...k, key_alias: aliases.get(k.name) ?? null })),
      truncated: rows.length >= ACTIVITY_ROW_LIMIT,
      own_key_only: own !== undefined,
    };
  });
}
