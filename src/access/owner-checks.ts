import type { BudgetHolder } from '../accounting/budget-reservations.ts';
import type { LimitScope } from '../limits/rate-limiter.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { TeamRecord } from '../storage/team-repository.ts';
import type { UserRecord } from '../storage/user-repository.ts';
import type { BudgetRecord } from '../storage/budget-repository.ts';
import type { EndUserRecord } from '../storage/end-user-repository.ts';
import type { Caller } from './caller.ts';
import type { PrincipalCache } from './principal-cache.ts';

/** The user and team caches the LLM routes read a virtual key's owners from. */
export interface OwnerCaches {
  users: PrincipalCache<UserRecord>;
  teams: PrincipalCache<TeamRecord>;
  /** End users (the body's `user`) and the budgets they point at; absent without those stores. */
  endUsers?: PrincipalCache<EndUserRecord>;
  budgets?: PrincipalCache<BudgetRecord>;
}

/** What a virtual key's user and team add to a request's checks. */
export interface OwnerChecks {
  budgets: BudgetHolder[];
  scopes: LimitScope[];
  /** The key's team, when it has one (for the team budget gauges and aliases). */
  team?: TeamRecord | undefined;
}

/**
 * Loads a virtual key's user and team (cached) and returns their budgets and rate-limit scopes,
 * so the strictest of key, user and team applies. A blocked team refuses the request (401), and
 * the team's `models` (when set) must allow the model (401 key_model_access_denied).
 */
export async function ownerChecks(args: { caller: Caller; model: string; owners: OwnerCaches | undefined; endUserId?: string | undefined }): Promise<OwnerChecks> {
  const none: OwnerChecks = { budgets: [], scopes: [] };
  const { caller, owners } = args;
  if (owners === undefined) return none;
  const endUser = await endUserChecks({ owners, endUserId: args.endUserId });
  if (caller.kind !== 'virtual') return { budgets: endUser.budgets, scopes: endUser.scopes };
  const { key } = caller;
  const [user, team] = await Promise.all([
    key.user_id === null ? undefined : owners.users.get(key.user_id),
    key.team_id === null ? undefined : owners.teams.get(key.team_id),
  ]);
  const checks: OwnerChecks = { budgets: [...endUser.budgets], scopes: [...endUser.scopes], team };
  if (team !== undefined) {
    if (team.blocked) throw new GatewayError('authentication', `Authentication Error - Team=${team.team_id} is blocked.`);
    const models = team.models;
    if (models.length > 0 && !models.includes(args.model) && !models.includes('all-proxy-models') && !models.some((m) => m.endsWith('/*') && args.model.startsWith(m.slice(0, -1)))) {
      throw new GatewayError('key_model_access_denied', `team not allowed to access model. This team can only access models=${JSON.stringify(models)}. Tried to access ${args.model}`, { param: 'model' });
    }
    checks.budgets.push({ id: `team:${team.team_id}`, label: `team ${team.team_id}`, spend: team.spend, maxBudget: team.max_budget, resetAt: team.budget_reset_at });
    if (team.rpm_limit !== null || team.tpm_limit !== null || team.max_parallel_requests !== null) {
      checks.scopes.push({ id: `team:${team.team_id}`, rpm: team.rpm_limit ?? undefined, tpm: team.tpm_limit ?? undefined, maxParallel: team.max_parallel_requests ?? undefined });
    }
  }
  if (user !== undefined) {
    checks.budgets.push({ id: `user:${user.user_id}`, label: `user ${user.user_id}`, spend: user.spend, maxBudget: user.max_budget, resetAt: user.budget_reset_at });
    if (user.rpm_limit !== null || user.tpm_limit !== null || user.max_parallel_requests !== null) {
      checks.scopes.push({ id: `user:${user.user_id}`, rpm: user.rpm_limit ?? undefined, tpm: user.tpm_limit ?? undefined, maxParallel: user.max_parallel_requests ?? undefined });
    }
  }
  return checks;
}

/**
 * The request's end user (`user` in the body, LiteLLM's customer): blocked → 400 (as LiteLLM);
 * its budget row's `max_budget` and rpm/tpm apply to every caller, master key included.
 */
async function endUserChecks(args: { owners: OwnerCaches; endUserId: string | undefined }): Promise<OwnerChecks> {
  const { owners, endUserId } = args;
  if (endUserId === undefined || owners.endUsers === undefined) return { budgets: [], scopes: [] };
  const endUser = await owners.endUsers.get(endUserId);
  if (endUser === undefined) return { budgets: [], scopes: [] };
  if (endUser.blocked) throw new GatewayError('bad_request', `Blocked end user: ${endUserId}. Update via /customer/unblock or /customer/update if you're an admin.`, { param: 'user' });
  const budget = endUser.budget_id === null || owners.budgets === undefined ? undefined : await owners.budgets.get(endUser.budget_id);
  if (budget === undefined) return { budgets: [], scopes: [] };
  const scopes: LimitScope[] = budget.rpm_limit !== null || budget.tpm_limit !== null ? [{ id: `end_user:${endUserId}`, rpm: budget.rpm_limit ?? undefined, tpm: budget.tpm_limit ?? undefined }] : [];
  return { budgets: [{ id: `end_user:${endUserId}`, label: `end user ${endUserId}`, spend: endUser.spend, maxBudget: budget.max_budget, resetAt: budget.budget_reset_at }], scopes };
}
