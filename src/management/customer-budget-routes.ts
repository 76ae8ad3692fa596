import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../spec/gateway-error.ts';
import type { BudgetPatch, BudgetRepository } from '../storage/budget-repository.ts';
import type { EndUserPatch, EndUserRepository } from '../storage/end-user-repository.ts';
import { requireAdmin, requiredStrings, requiredText } from './admin-request.ts';
import { BUDGET_FIELDS, keyView, readFields, type Check } from './key-fields.ts';

const CUSTOMER_FIELDS: Readonly<Record<string, Check>> = { alias: 'string', allowed_model_region: 'string', default_model: 'string', budget_id: 'string', blocked: 'boolean' };

/**
 * LiteLLM's end users (`/customer/*`, also `/end_user/*`) and budgets (`/budget/*`), admin only.
 * A customer's `max_budget` creates a budget row for it, as LiteLLM does.
 */
export function registerCustomerBudgetRoutes(app: FastifyInstance, deps: { endUsers: EndUserRepository; budgets: BudgetRepository }): void {
  const now = () => new Date();
  for (const prefix of ['/customer', '/end_user']) {
    app.post(`${prefix}/new`, async (request) => {
      const body = requireAdmin(request);
      const userId = requiredText(body, request.query, 'user_id');
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
      const userId = requiredText(requireAdmin(request), request.query, 'end_user_id' in (request.query as object) ? 'end_user_id' : 'user_id');
      const found = await deps.endUsers.get(userId);
      if (found === undefined) throw new GatewayError('not_found', `Customer not found: ${userId}`, { param: 'end_user_id' });
      const budget = found.budget_id === null ? undefined : await deps.budgets.get(found.budget_id);
      return { ...keyView(found), litellm_budget_table: budget === undefined ? null : keyView(budget) };
    };
    app.get(`${prefix}/info`, info);
    app.post(`${prefix}/update`, async (request) => {
      const body = requireAdmin(request);
      const userId = requiredText(body, request.query, 'user_id');
      const updated = await deps.endUsers.update(userId, readFields(body, CUSTOMER_FIELDS, now()) as EndUserPatch);
      if (updated === undefined) throw new GatewayError('not_found', `Customer not found: ${userId}`, { param: 'user_id' });
      return keyView(updated);
    });
    app.post(`${prefix}/delete`, async (request) => {
      const body = requireAdmin(request);
      return { deleted_customers: await deps.endUsers.deleteMany(requiredStrings(body, 'user_ids')) };
    });
  }

  app.post('/budget/new', async (request) => {
    const body = requireAdmin(request);
    const budgetId = typeof body['budget_id'] === 'string' && body['budget_id'] !== '' ? body['budget_id'] : randomUUID();
    if ((await deps.budgets.get(budgetId)) !== undefined) throw new GatewayError('bad_request', `Budget ${budgetId} already exists`, { param: 'budget_id' });
    return keyView(await deps.budgets.create({ ...(readFields(body, BUDGET_FIELDS, now()) as BudgetPatch), budget_id: budgetId, created_by: 'default_user_id' }));
  });
  app.post('/budget/info', async (request) => {
    const body = requireAdmin(request);
    const ids = requiredStrings(body, 'budgets');
    const found = await Promise.all(ids.map((id) => deps.budgets.get(id)));
    return found.filter((b) => b !== undefined).map(keyView);
  });
  app.post('/budget/update', async (request) => {
    const body = requireAdmin(request);
    const budgetId = requiredText(body, request.query, 'budget_id');
    const updated = await deps.budgets.update(budgetId, readFields(body, BUDGET_FIELDS, now()) as BudgetPatch);
    if (updated === undefined) throw new GatewayError('not_found', `Budget not found: ${budgetId}`, { param: 'budget_id' });
    return keyView(updated);
  });
  app.post('/budget/delete', async (request) => {
    const body = requireAdmin(request);
    const id = requiredText(body, request.query, 'id');
    const deleted = await deps.budgets.deleteMany([id]);
    if (deleted.length === 0) throw new GatewayError('not_found', `Budget not found: ${id}`, { param: 'id' });
    return { deleted_budgets: deleted };
  });
}
