import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { decodeBool, decodeInteger, decodeRecord, decodeStringList, decodeTime, nanosToUsd } from './column-codec.ts';
import type { SwitchyardDatabase, TeamMembershipTable, TeamTable } from './database-schema.ts';
import {
  type AuditFields,
  decodeAudit,
  decodeLimits,
  encodePatch,
  LIMIT_JSON_FIELDS,
  type LimitFields,
  type Page,
  type PageRequest,
  pageBounds,
  toPage,
} from './record-fields.ts';

/** A team (LiteLLM's `LiteLLM_TeamTable`; `spend` in USD). Members: `listMembers`. */
export interface TeamRecord extends LimitFields, AuditFields {
  team_id: string;
  team_alias: string | null;
  organization_id: string | null;
  budget_id: string | null;
  spend: number;
  models: string[];
  metadata: Record<string, unknown>;
  blocked: boolean;
}

/** The fields a caller may set. */
export type TeamPatch = Partial<Omit<TeamRecord, 'team_id' | 'created_at' | 'updated_at' | 'created_by'>>;

/** A new team. */
export interface NewTeam extends TeamPatch {
  team_id: string;
  created_by?: string | null;
}

/** A member of a team (LiteLLM's `members_with_roles` entry plus `LiteLLM_TeamMembership`). */
export interface TeamMember {
  team_id: string;
  user_id: string;
  /** `admin` or `user`. */
  role: string;
  /** What this member has spent in this team, USD. */
  spend: number;
  budget_id: string | null;
  created_at: Date;
}

/** A member to add: role defaults to `user`. */
export interface NewTeamMember {
  user_id: string;
  role?: string;
  budget_id?: string | null;
}

/** Filters for `list`. */
export interface TeamListQuery extends PageRequest {
  /** Only teams this user is a member of. */
  user_id?: string;
  organization_id?: string;
  team_alias?: string;
}

const TEAM_JSON_FIELDS = new Set<string>([...LIMIT_JSON_FIELDS, 'models', 'metadata']);
const TABLE = 'LiteLLM_TeamTable';
const MEMBERS = 'LiteLLM_TeamMembership';

/** Teams and their members: create, get, update, block, delete (with keys and memberships), list. */
export class TeamRepository {
  readonly #db: Kysely<SwitchyardDatabase>;

  constructor(db: Kysely<SwitchyardDatabase>) {
    this.#db = db;
  }

  /** Stores a new team; fails if the id exists. */
  async create(input: NewTeam): Promise<TeamRecord> {
    const now = new Date();
    const row = { ...encodePatch(input, { json: TEAM_JSON_FIELDS }), created_at: now, updated_at: now } as Insertable<TeamTable>;
    return decodeTeam(await this.#db.insertInto(TABLE).values(row).returningAll().executeTakeFirstOrThrow());
  }

  /** The team with this id, if any. */
  async get(teamId: string): Promise<TeamRecord | undefined> {
    const row = await this.#db.selectFrom(TABLE).selectAll().where('team_id', '=', teamId).executeTakeFirst();
    return row === undefined ? undefined : decodeTeam(row);
  }

  /** Rows whose budget_reset_at has passed (for the budget reset job). */
  async listDueForBudgetReset(now: Date): Promise<TeamRecord[]> {
    const rows = await this.#db.selectFrom(TABLE).selectAll().where('budget_reset_at', '<=', now).execute();
    return rows.map(decodeTeam);
  }

  /** Writes the given fields; undefined when no such team. */
  async update(teamId: string, patch: TeamPatch): Promise<TeamRecord | undefined> {
    const set = { ...encodePatch(patch, { json: TEAM_JSON_FIELDS }), updated_at: new Date() } as Updateable<TeamTable>;
    const row = await this.#db.updateTable(TABLE).set(set).where('team_id', '=', teamId).returningAll().executeTakeFirst();
    return row === undefined ? undefined : decodeTeam(row);
  }

  /** Deletes teams, their keys and memberships in one transaction; returns the ids that existed. */
  async deleteMany(teamIds: readonly string[]): Promise<string[]> {
    if (teamIds.length === 0) return [];
    const ids = [...teamIds];
    return this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('LiteLLM_VerificationToken').where('team_id', 'in', ids).execute();
      await trx.deleteFrom(MEMBERS).where('team_id', 'in', ids).execute();
      const rows = await trx.deleteFrom(TABLE).where('team_id', 'in', ids).returning('team_id').execute();
      return rows.map((row) => row.team_id);
    });
  }

  /** One page of teams, oldest first. */
  async list(query: TeamListQuery = {}): Promise<Page<TeamRecord>> {
    const { page, size, offset } = pageBounds(query);
    let filtered = this.#db.selectFrom(TABLE);
    if (query.organization_id !== undefined) filtered = filtered.where('organization_id', '=', query.organization_id);
    if (query.team_alias !== undefined) filtered = filtered.where('team_alias', '=', query.team_alias);
    const member = query.user_id;
    if (member !== undefined) {
      filtered = filtered.where('team_id', 'in', this.#db.selectFrom(MEMBERS).select('team_id').where('user_id', '=', member));
    }
    const counted = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const rows = await filtered.selectAll().orderBy('created_at').orderBy('team_id').limit(size).offset(offset).execute();
    return toPage(rows.map(decodeTeam), { total: decodeInteger(counted.count), page, size });
  }

  /** Adds members, or changes the role/budget of existing ones. Fails if the team does not exist. */
  async addMembers(teamId: string, members: readonly NewTeamMember[]): Promise<TeamMember[]> {
    if (members.length === 0) return this.listMembers(teamId);
    const now = new Date();
    const rows = members.map((member) => ({ team_id: teamId, user_id: member.user_id, role: member.role ?? 'user', budget_id: member.budget_id ?? null, created_at: now }));
    await this.#db
      .insertInto(MEMBERS)
      .values(rows)
      .onConflict((conflict) => conflict.columns(['team_id', 'user_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role'), budget_id: eb.ref('excluded.budget_id') })))
      .execute();
    return this.listMembers(teamId);
  }

  /** Removes members; returns the user ids that were members. */
  async removeMembers(teamId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.#db.deleteFrom(MEMBERS).where('team_id', '=', teamId).where('user_id', 'in', [...userIds]).returning('user_id').execute();
    return rows.map((row) => row.user_id);
  }

  /** The members of a team, in the order they joined. */
  async listMembers(teamId: string): Promise<TeamMember[]> {
    const rows = await this.#db.selectFrom(MEMBERS).selectAll().where('team_id', '=', teamId).orderBy('created_at').orderBy('user_id').execute();
    return rows.map(decodeMember);
  }

  /** Every team membership of one user (LiteLLM's `user.teams`). */
  async membershipsOf(userId: string): Promise<TeamMember[]> {
    const rows = await this.#db.selectFrom(MEMBERS).selectAll().where('user_id', '=', userId).orderBy('team_id').execute();
    return rows.map(decodeMember);
  }
}

/** A stored row → TeamRecord. */
export function decodeTeam(row: Selectable<TeamTable>): TeamRecord {
  return {
    team_id: row.team_id,
    team_alias: row.team_alias,
    organization_id: row.organization_id,
    budget_id: row.budget_id,
    spend: nanosToUsd(row.spend_nanos),
    models: decodeStringList(row.models),
    metadata: decodeRecord(row.metadata),
    blocked: decodeBool(row.blocked),
    ...decodeLimits(row),
    ...decodeAudit(row),
  };
}

function decodeMember(row: Selectable<TeamMembershipTable>): TeamMember {
  return { team_id: row.team_id, user_id: row.user_id, role: row.role, spend: nanosToUsd(row.spend_nanos), budget_id: row.budget_id, created_at: decodeTime(row.created_at) };
}
