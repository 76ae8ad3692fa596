import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAdmin } from '../access/caller.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { BudgetPatch, BudgetRepository } from '../storage/budget-repository.ts';
import type { EndUserPatch, EndUserRepository } from '../storage/end-user-repository.ts';
import { keyView, readFields, type Check } from './key-fields.ts';

const CUSTOMER_FIELDS: Readonly<Record<string, Check>> = { alias: 'string', allowed_model_region: 'string', default_model: 'string', budget_id: 'string', blocked: 'boolean' };
const BUDGET_FIELDS: Readonly<Record<string, Check>> = {
  max_budget: 'number', soft_budget: 'number', budget_duration: 'string', tpm_limit: 'number', rpm_limit: 'number', max_parallel_requests: 'number', model_max_budget: 'object',
};

type Body = Record<string, unknown>;

function admin(request: FastifyRequest): Body {
  if (!isAdmin(request.caller)) throw new GatewayError('forbidden', 'Only the master key (or a proxy_admin) may call this route.');
  const body = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};
}

function text(body: Body, query: unknown, field: string): string {
  const value = body[field] ?? (query as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value === '') throw new GatewayError('bad_request', `${field} is required`, { param: field });
  return value;
}

function list(body: Body, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) throw new GatewayError('bad_request', `${field} must be a non-empty list of strings`, { param: field });
  return value as string[];
}

/**
 * LiteLLM's end users (`/customer/*`, also `/end_user/*`) and budgets (`/budget/*`), admin only.
 * A customer's `max_budget` creates a budget row for it, as LiteLLM does.
 */
export function registerCustomerBudgetRoutes(app: FastifyInstance, deps: { endUsers: EndUserRepository; budgets: BudgetRepository }): void {
  const now = () => new Date();
  for (const prefix of ['/customer', '/end_user']) {
    app.post(`${prefix}/new`, async (request) => {
      const body = admin(request);
      const userId = text(body, request.query, 'user_id');
      if ((await deps.endUsers.get(userId)) !== undefined) throw new GatewayError('bad_request', `Customer ${userId} already exists`, { param: 'user_id' });
      const patch = readFields(body, CUSTOMER_FIELDS, now()) as EndUserPatch;
      const limits = readFields(body, BUDGET_FIELDS, now()) as BudgetPatch;
      if (Object.keys(limits).length > 0 && patch.budget_id == null) {
        const budget = await deps.budgets.create({ ...limits, budget_id: randomUUID() });
        patch.budget_id = budget.budget_id;
      }
      return keyView(await deps.endUsers.create({ ...patch, user_id: userId }));
    });
    const info = async (request: FastifyRequest) => {
      const userId = text(admin(request), request.query, 'end_user_id' in (request.query as object) ? 'end_user_id' : 'user_id');
      const found = await deps.endUsers.get(userId);
      if (found === undefined) throw new GatewayError('not_found', `Customer not found: ${userId}`, { param: 'end_user_id' });
      const budget = found.budget_id === null ? undefined : await deps.budgets.get(found.budget_id);
      return { ...keyView(found), litellm_budget_table: budget === undefined ? null : keyView(budget) };
    };
    app.get(`${prefix}/info`, info);
    app.post(`${prefix}/update`, async (request) => {
      const body = admin(request);
      const userId = text(body, request.query, 'user_id');
      const updated = await deps.endUsers.update(userId, readFields(body, CUSTOMER_FIELDS, now()) as EndUserPatch);
      if (updated === undefined) throw new GatewayError('not_found', `Customer not found: ${userId}`, { param: 'user_id' });
      return keyView(updated);
    });
    app.post(`${prefix}/delete`, async (request) => {
      const body = admin(request);
      return { deleted_customers: await deps.endUsers.deleteMany(list(body, 'user_ids')) };
    });
  }

  app.post('/budget/new', async (request) => {
    const body = admin(request);
    const budgetId = typeof body['budget_id'] === 'string' && body['budget_id'] !== '' ? body['budget_id'] : randomUUID();
    if ((await deps.budgets.get(budgetId)) !== undefined) throw new GatewayError('bad_request', `Budget ${budgetId} already exists`, { param: 'budget_id' });
    return keyView(await deps.budgets.create({ ...(readFields(body, BUDGET_FIELDS, now()) as BudgetPatch), budget_id: budgetId, created_by: 'default_user_id' }));
  });
  app.post('/budget/info', async (request) => {
    const body = admin(request);
    const ids = list(body, 'budgets');
    const found = await Promise.all(ids.map((id) => deps.budgets.get(id)));
    return found.filter((b) => b !== undefined).map(keyView);
  });
  app.post('/budget/update', async (request) => {
    const body = admin(request);
    const budgetId = text(body, request.query, 'budget_id');
    const updated = await deps.budgets.update(budgetId, readFields(body, BUDGET_FIELDS, now()) as BudgetPatch);
    if (updated === undefined) throw new GatewayError('not_found', `Budget not found: ${budgetId}`, { param: 'budget_id' });
    return keyView(updated);
  });
  app.post('/budget/delete', async (request) => {
    const body = admin(request);
    const id = text(body, request.query, 'id');
    const deleted = await deps.budgets.deleteMany([id]);
    if (deleted.length === 0) throw new GatewayError('not_found', `Budget not found: ${id}`, { param: 'id' });
    return { deleted_budgets: deleted };
  });
}
