import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeyCache } from '../access/key-cache.ts';
import { generateVirtualKey } from '../access/virtual-key.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { KeyRepository } from '../storage/key-repository.ts';
import type { NewTeamMember, TeamPatch, TeamRepository } from '../storage/team-repository.ts';
import type { UserPatch, UserRepository } from '../storage/user-repository.ts';
import { requireAdmin, requiredStrings, requiredText } from './admin-request.ts';
import { keyView, OWNER_FIELDS, readFields, type Check } from './key-fields.ts';

const USER_FIELDS: Readonly<Record<string, Check>> = { ...OWNER_FIELDS, user_alias: 'string', user_email: 'string', user_role: 'string', allowed_cache_controls: 'strings' };
const TEAM_FIELDS: Readonly<Record<string, Check>> = { ...OWNER_FIELDS, team_alias: 'string', blocked: 'boolean' };
const ROLES = new Set(['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer', 'team', 'customer']);

export interface UserTeamRouteDeps {
  users: UserRepository;
  teams: TeamRepository;
  keys: KeyRepository;
  cache: KeyCache;
}

function members(value: unknown): NewTeamMember[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((m, i) => {
    const member = m as { user_id?: unknown; role?: unknown };
    if (typeof member !== 'object' || member === null || typeof member.user_id !== 'string') throw new GatewayError('bad_request', `member ${i} needs a user_id`, { param: 'member' });
    const role = member.role ?? 'user';
    if (role !== 'admin' && role !== 'user') throw new GatewayError('bad_request', 'a member role is admin or user', { param: 'role' });
    return { user_id: member.user_id, role };
  });
}

/**
 * LiteLLM's /user/* and /team/* routes on the user and team stores (admin only).
 * `/user/new` also makes a key for the user unless `auto_create_key` is false, as LiteLLM does.
 */
export function registerUserTeamRoutes(app: FastifyInstance, deps: UserTeamRouteDeps): void {
  const now = () => new Date();

  app.post('/user/new', async (request) => {
    const body = requireAdmin(request);
    const patch = readFields(body, USER_FIELDS, now()) as UserPatch;
    if (patch.user_role != null && !ROLES.has(patch.user_role)) throw new GatewayError('bad_request', `user_role must be one of ${[...ROLES].join(', ')}`, { param: 'user_role' });
    const userId = typeof body['user_id'] === 'string' && body['user_id'] !== '' ? body['user_id'] : randomUUID();
    if ((await deps.users.get(userId)) !== undefined) throw new GatewayError('bad_request', `user_id ${userId} already exists`, { param: 'user_id' });
    const user = await deps.users.create({ ...patch, user_id: userId, created_by: 'default_user_id' });
    if (body['auto_create_key'] === false) return keyView(user);
    const key = generateVirtualKey();
    const created = await deps.keys.create({ key, user_id: userId, models: user.models, metadata: { user_role: user.user_role ?? undefined } });
    deps.cache.set(created);
    return { ...keyView(user), key, token: created.token };
  });

  const userInfo = async (request: FastifyRequest) => {
    const userId = requiredText(requireAdmin(request), request.query, 'user_id');
    const user = await deps.users.get(userId);
    if (user === undefined) throw new GatewayError('not_found', `User not found: ${userId}`, { param: 'user_id' });
    const keys = await deps.keys.list({ user_id: userId, size: 100 });
    const teams = await deps.teams.list({ user_id: userId, size: 100 });
    return { user_id: userId, user_info: keyView(user), keys: keys.items.map(keyView), teams: teams.items.map(keyView) };
  };
  app.get('/user/info', userInfo);
  app.post('/user/info', userInfo);

  app.post('/user/update', async (request) => {
    const body = requireAdmin(request);
    const userId = requiredText(body, request.query, 'user_id');
    const updated = await deps.users.update(userId, readFields(body, USER_FIELDS, now()) as UserPatch);
    if (updated === undefined) throw new GatewayError('not_found', `User not found: ${userId}`, { param: 'user_id' });
    return keyView(updated);
  });

  app.post('/user/delete', async (request) => {
    const body = requireAdmin(request);
    const ids = requiredStrings(body, 'user_ids');
    const deleted = await deps.users.deleteMany(ids);
    return { deleted_users: deleted };
  });

  app.get('/user/list', async (request) => {
    requireAdmin(request);
    const q = request.query as Record<string, string | undefined>;
    const page = await deps.users.list({ ...(q['page'] ? { page: Number(q['page']) } : {}), ...(q['page_size'] ? { size: Number(q['page_size']) } : {}) });
    return { users: page.items.map(keyView), total: page.total_count, page: page.current_page, page_size: page.page_size, total_pages: page.total_pages };
  });

  app.post('/team/new', async (request) => {
    const body = requireAdmin(request);
    const patch = readFields(body, TEAM_FIELDS, now()) as TeamPatch;
    const teamId = typeof body['team_id'] === 'string' && body['team_id'] !== '' ? body['team_id'] : randomUUID();
    if ((await deps.teams.get(teamId)) !== undefined) throw new GatewayError('bad_request', `team_id ${teamId} already exists`, { param: 'team_id' });
    const initial = members(body['members_with_roles']);
    const team = await deps.teams.create({ ...patch, team_id: teamId, created_by: 'default_user_id' });
    const added = initial.length === 0 ? [] : await deps.teams.addMembers(teamId, initial);
    return { ...keyView(team), members_with_roles: added.map((m) => ({ user_id: m.user_id, role: m.role })) };
  });

  const teamInfo = async (request: FastifyRequest) => {
    const teamId = requiredText(requireAdmin(request), request.query, 'team_id');
    const team = await deps.teams.get(teamId);
    if (team === undefined) throw new GatewayError('not_found', `Team not found: ${teamId}`, { param: 'team_id' });
    const teamMembers = await deps.teams.listMembers(teamId);
    const keys = await deps.keys.list({ team_id: teamId, size: 100 });
    return {
      team_id: teamId,
      team_info: { ...keyView(team), members_with_roles: teamMembers.map((m) => ({ user_id: m.user_id, role: m.role })) },
      keys: keys.items.map(keyView),
      team_memberships: teamMembers.map(keyView),
    };
  };
  app.get('/team/info', teamInfo);
  app.post('/team/info', teamInfo);

  app.post('/team/update', async (request) => {
    const body = requireAdmin(request);
    const teamId = requiredText(body, request.query, 'team_id');
    const updated = await deps.teams.update(teamId, readFields(body, TEAM_FIELDS, now()) as TeamPatch);
    if (updated === undefined) throw new GatewayError('not_found', `Team not found: ${teamId}`, { param: 'team_id' });
    return keyView(updated);
  });

  app.post('/team/delete', async (request) => {
    const body = requireAdmin(request);
    return { deleted_teams: await deps.teams.deleteMany(requiredStrings(body, 'team_ids')) };
  });

  app.get('/team/list', async (request) => {
    requireAdmin(request);
    const q = request.query as Record<string, string | undefined>;
    const page = await deps.teams.list({ ...(q['user_id'] ? { user_id: q['user_id'] } : {}), size: 100 });
    return page.items.map(keyView);
  });

  app.post('/team/member_add', async (request) => {
    const body = requireAdmin(request);
    const teamId = requiredText(body, request.query, 'team_id');
    if ((await deps.teams.get(teamId)) === undefined) throw new GatewayError('not_found', `Team not found: ${teamId}`, { param: 'team_id' });
    const added = await deps.teams.addMembers(teamId, members(body['member']));
    return { team_id: teamId, updated_team_memberships: added.map(keyView) };
  });

  app.post('/team/member_delete', async (request) => {
    const body = requireAdmin(request);
    const teamId = requiredText(body, request.query, 'team_id');
    const userId = requiredText(body, request.query, 'user_id');
    const removed = await deps.teams.removeMembers(teamId, [userId]);
    if (removed.length === 0) throw new GatewayError('not_found', `${userId} is not a member of ${teamId}`, { param: 'user_id' });
    return { team_id: teamId, removed_user_ids: removed };
  });
}
