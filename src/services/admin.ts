/**
 * Administration of user accounts, role grants and teams (issue #4).
 *
 * Every function here is authorised here, not only at the route: the caller
 * must hold the sysadmin role (policy.ts canAdminister), and a refusal is
 * audited before it is thrown. Each write runs in one transaction together
 * with its audit event (the audit writer is bound to the transaction), so a
 * change is never made without its record, and a failing audit write leaves
 * nothing changed. Audit events say who did what to whom, never a password.
 *
 * Nothing here reads a child's record: administrators see accounts, staff and
 * teams only, unless they are also given a case role (which these pages grant
 * like any other, but never to the administrator themselves).
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { recordOrFail, type AuditAction, type AuditEvent, type AuditWriter } from './audit.ts';
import {
  checkEstablishment, checkGrant, checkPassword, checkTeamName, checkTeamParent, checkThresholds, checkUsername,
  lastSysadminGuard, separationOfDuties, TEAM_KINDS, type AdminAction, type FieldError, type TeamNode,
} from './admin-rules.ts';
import { ForbiddenError, NotFoundError, type ServiceContext } from './context.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { canAdminister, ROLES, type Role } from './policy.ts';
import { FormErrors } from './recording.ts';

export const USERS_PAGE_SIZE = 25;

/** An administration rule refused the action (separation of duties, last administrator). */
export class AdminRuleError extends ForbiddenError {
  constructor(message: string) {
    super(message);
    this.name = 'AdminRuleError';
  }
}

const today = (ctx: ServiceContext): string => ctx.clock().toISOString().slice(0, 10);

/** Refuses (and audits the refusal) unless the caller may administer. */
async function requireAdmin(ctx: ServiceContext, recordType: string, recordId: string | null): Promise<void> {
  if (canAdminister(ctx.user)) return;
  await recordOrFail(ctx.audit, {
    occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, role: ctx.user.roles.map((r) => r.role).join(',') || null,
    action: 'denied', childId: null, recordType, recordId, requestId: ctx.requestId, outcome: 'denied', detail: { reason: 'not a system administrator' },
  });
  throw new ForbiddenError('Only system administrators can do this.');
}

function event(ctx: ServiceContext, action: AuditAction, recordType: string, recordId: string | null, detail: Record<string, unknown>): AuditEvent {
  return { occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, role: 'sysadmin', action, childId: null, recordType, recordId, requestId: ctx.requestId, outcome: 'allowed' as const, detail };
}

/** Runs `work` and its audit event in one transaction: both happen or neither does. */
async function inTransaction<T>(ctx: ServiceContext, work: (trx: Db) => Promise<T>, audit: (result: T) => AuditEvent): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await work(trx);
    const writer: AuditWriter = ctx.audit.within ? ctx.audit.within(trx) : ctx.audit;
    await recordOrFail(writer, audit(result));
    return result;
  });
}

/** Serialises changes that could remove the last enabled system administrator (two administrators disabling each other at once). */
async function lockSysadminChanges(trx: Db): Promise<number[]> {
  await sql`select pg_advisory_xact_lock(4004)`.execute(trx);
  const rows = await trx
    .selectFrom('user_account as u')
    .innerJoin('user_role as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'sysadmin'))
    .select('u.id')
    .where('u.disabled', '=', false)
    .execute();
  return rows.map((r) => Number(r.id));
}

function duties(ctx: ServiceContext, targetId: number, action: AdminAction): void {
  const d = separationOfDuties(ctx.user.id, targetId, action);
  if (!d.allowed) throw new AdminRuleError(d.reason);
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ---- Reference lists for the forms -------------------------------------------

export interface Council { laCode: string; name: string }
export interface TeamOption { id: number; laCode: string; name: string; kind: string; parentId: number | null }

export async function adminReferenceLists(ctx: ServiceContext): Promise<{ councils: Council[]; teams: TeamOption[] }> {
  await requireAdmin(ctx, 'admin_reference', null);
  const councils = await ctx.db.selectFrom('local_authority').select(['la_code', 'name']).orderBy('name').execute();
  const teams = await ctx.db.selectFrom('team').select(['id', 'la_code', 'name', 'kind', 'parent_team_id']).orderBy('la_code').orderBy('name').execute();
  return {
    councils: councils.map((c) => ({ laCode: c.la_code, name: c.name })),
    teams: teams.map((t) => ({ id: Number(t.id), laCode: t.la_code, name: t.name, kind: t.kind, parentId: t.parent_team_id === null ? null : Number(t.parent_team_id) })),
  };
}

// ---- Users: list and view -------------------------------------------------------

export type UserState = 'active' | 'disabled' | 'locked';
export interface UserFilters { q?: string; role?: string; laCode?: string; state?: string; page?: number }
export interface UserListRow { id: number; username: string; displayName: string; roles: string[]; disabled: boolean; locked: boolean }
export interface UserList { rows: UserListRow[]; total: number; page: number; pages: number; filters: { q: string; role: string; laCode: string; state: string } }

/** The filters as they will be applied: unknown values are errors, not silently dropped. */
export function normaliseUserFilters(f: UserFilters): { filters: UserList['filters']; page: number; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const q = (f.q ?? '').trim().slice(0, 100);
  const role = f.role ?? '';
  const laCode = f.laCode ?? '';
  const state = f.state ?? '';
  if (role && !(ROLES as readonly string[]).includes(role)) errors.push({ field: 'role', message: 'Select a role from the list' });
  if (laCode && !/^[0-9]{3}$/.test(laCode)) errors.push({ field: 'laCode', message: 'Select a council from the list' });
  if (state && !['active', 'disabled', 'locked'].includes(state)) errors.push({ field: 'state', message: 'Select an account state from the list' });
  const page = f.page && Number.isInteger(f.page) && f.page > 0 ? f.page : 1;
  return { filters: { q, role, laCode, state }, page, errors };
}

export async function listUsers(ctx: ServiceContext, input: UserFilters): Promise<UserList> {
  await requireAdmin(ctx, 'user_list', null);
  const { filters, page, errors } = normaliseUserFilters(input);
  if (errors.length) throw new FormErrors(errors);
  const now = ctx.clock();
  let base = ctx.db.selectFrom('user_account as u');
  if (filters.q) {
    const p = likePattern(filters.q);
    base = base.where((eb) => eb.or([eb('u.username', 'ilike', p), eb('u.display_name', 'ilike', p)]));
  }
  if (filters.role) base = base.where((eb) => eb.exists(eb.selectFrom('user_role as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', filters.role)));
  if (filters.laCode) base = base.where((eb) => eb.exists(eb.selectFrom('user_role as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.la_code', '=', filters.laCode)));
  if (filters.state === 'disabled') base = base.where('u.disabled', '=', true);
  if (filters.state === 'locked') base = base.where('u.locked_until', '>', now);
  if (filters.state === 'active') base = base.where('u.disabled', '=', false).where((eb) => eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', now)]));
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const current = Math.min(page, pages);
  const rows = await base
    .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'u.locked_until'])
    .select((eb) => eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').select(sql<string | null>`string_agg(r.role, ',' order by r.role)`.as('x')).as('roles'))
    .orderBy('u.username')
    .limit(USERS_PAGE_SIZE)
    .offset((current - 1) * USERS_PAGE_SIZE)
    .execute();
  await recordOrFail(ctx.audit, { ...event(ctx, 'search', 'user_list', null, { filters, page: current, results: rows.length, total }) });
  return {
    rows: rows.map((r) => ({
      id: Number(r.id), username: r.username, displayName: r.display_name, roles: r.roles ? r.roles.split(',') : [],
      disabled: r.disabled, locked: r.locked_until !== null && new Date(r.locked_until).getTime() > now.getTime(),
    })),
    total, page: current, pages, filters,
  };
}

export interface UserGrant { role: Role; laCode: string | null; laName: string | null; teamId: number | null; teamName: string | null }
export interface UserDetail {
  id: number; username: string; displayName: string; disabled: boolean; lockedUntil: Date | null; locked: boolean; failedAttempts: number;
  createdAt: Date; mustChangePassword: boolean; activeSessions: number;
  staff: { id: number; staffRef: string; name: string; jobTitle: string; team: string | null; teamId: number | null } | null;
  grants: UserGrant[];
  /** What this administrator may do to this account (the same rules the writes check). */
  self: boolean; lastSysadmin: boolean;
}

async function loadUser(ctx: ServiceContext, db: Db, id: number): Promise<UserDetail> {
  const u = await db
    .selectFrom('user_account as u')
    .leftJoin('staff as s', 's.id', 'u.staff_id')
    .leftJoin('team as t', 't.id', 's.team_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'u.locked_until', 'u.failed_attempts', 'u.created_at', 'u.must_change_password',
      's.id as staff_id', 's.staff_ref', 's.given_name', 's.family_name', 's.job_title', 't.name as team_name', 't.id as team_id'])
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!u) throw new NotFoundError('There is no user account with that id.');
  const grants = await db
    .selectFrom('user_role as r')
    .leftJoin('local_authority as la', 'la.la_code', 'r.la_code')
    .leftJoin('team as t', 't.id', 'r.team_id')
    .select(['r.role', 'r.la_code', 'la.name as la_name', 'r.team_id', 't.name as team_name'])
    .where('r.user_id', '=', id)
    .orderBy('r.role')
    .execute();
  const now = ctx.clock();
  const { n } = await db.selectFrom('user_session').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', id).where('ended_at', 'is', null).executeTakeFirstOrThrow();
  const sysadmins = await db
    .selectFrom('user_account as a').innerJoin('user_role as r', (j) => j.onRef('r.user_id', '=', 'a.id').on('r.role', '=', 'sysadmin'))
    .select('a.id').where('a.disabled', '=', false).execute();
  const sysIds = sysadmins.map((r) => Number(r.id));
  return {
    id: Number(u.id), username: u.username, displayName: u.display_name, disabled: u.disabled,
    lockedUntil: u.locked_until === null ? null : new Date(u.locked_until),
    locked: u.locked_until !== null && new Date(u.locked_until).getTime() > now.getTime(),
    failedAttempts: u.failed_attempts, createdAt: new Date(u.created_at), mustChangePassword: u.must_change_password, activeSessions: Number(n),
    staff: u.staff_id === null || u.staff_id === undefined ? null : {
      id: Number(u.staff_id), staffRef: u.staff_ref!, name: `${u.given_name} ${u.family_name}`, jobTitle: u.job_title!, team: u.team_name ?? null, teamId: u.team_id === null || u.team_id === undefined ? null : Number(u.team_id),
    },
    grants: grants.map((g) => ({ role: g.role as Role, laCode: g.la_code, laName: g.la_name ?? null, teamId: g.team_id === null ? null : Number(g.team_id), teamName: g.team_name ?? null })),
    self: Number(u.id) === ctx.user.id,
    lastSysadmin: sysIds.length === 1 && sysIds[0] === Number(u.id),
  };
}

export async function getUser(ctx: ServiceContext, id: number): Promise<UserDetail> {
  await requireAdmin(ctx, 'user_account', String(id));
  const user = await loadUser(ctx, ctx.db, id);
  await recordOrFail(ctx.audit, event(ctx, 'read', 'user_account', String(id), { username: user.username }));
  return user;
}

// ---- Users: create -----------------------------------------------------------------

const UNAMBIGUOUS = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password: four groups of four characters from an alphabet without look-alikes (about 79 bits). */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += UNAMBIGUOUS[randomInt(UNAMBIGUOUS.length)];
    groups.push(s);
  }
  return groups.join('-');
}

export interface PasswordChoice { mode: string; password: string }

/** The password to set (checked against the policy), or a generated one; errors on the 'passwordMode' or 'password' field. */
function choosePassword(choice: PasswordChoice, username: string, errors: FieldError[]): { password: string; generated: boolean } | null {
  if (choice.mode === 'generate') return { password: generateOneTimePassword(), generated: true };
  if (choice.mode !== 'set') {
    errors.push({ field: 'passwordMode', message: 'Select how the first password is set' });
    return null;
  }
  const problem = checkPassword(choice.password, username);
  if (problem) {
    errors.push({ field: 'password', message: problem });
    return null;
  }
  return { password: choice.password, generated: false };
}

/** The staff record for a reference ('' = none), refusing one linked to another enabled account. */
async function staffForRef(ctx: ServiceContext, raw: string, userId: number | null, errors: FieldError[]): Promise<number | null> {
  const staffRef = raw.trim();
  if (!staffRef) return null;
  const staff = await ctx.db.selectFrom('staff').select('id').where('staff_ref', '=', staffRef).executeTakeFirst();
  if (!staff) {
    errors.push({ field: 'staffRef', message: 'There is no staff record with that reference' });
    return null;
  }
  let linked = ctx.db.selectFrom('user_account').select('id').where('staff_id', '=', staff.id).where('disabled', '=', false);
  if (userId !== null) linked = linked.where('id', '<>', userId);
  if (await linked.executeTakeFirst()) {
    errors.push({ field: 'staffRef', message: 'That staff record is already linked to another enabled account' });
    return null;
  }
  return Number(staff.id);
}

function checkDisplayName(displayName: string, errors: FieldError[]): void {
  if (!displayName) errors.push({ field: 'displayName', message: 'Enter the person’s name as it should be shown' });
  else if (displayName.length > 100) errors.push({ field: 'displayName', message: 'Name must be 100 characters or fewer' });
}

export interface NewUserInput { username: string; displayName: string; staffRef: string; passwordMode: string; password: string }

export async function createUser(ctx: ServiceContext, input: NewUserInput): Promise<{ userId: number; oneTimePassword: string | null }> {
  await requireAdmin(ctx, 'user_account', null);
  const errors: FieldError[] = [];
  const username = input.username.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const usernameProblem = checkUsername(username);
  if (usernameProblem) errors.push({ field: 'username', message: usernameProblem });
  else if (await ctx.db.selectFrom('user_account').select('id').where('username', '=', username).executeTakeFirst()) {
    errors.push({ field: 'username', message: 'That username is already taken' });
  }
  checkDisplayName(displayName, errors);
  const staffId = await staffForRef(ctx, input.staffRef, null, errors);
  const chosen = choosePassword({ mode: input.passwordMode, password: input.password }, username, errors);
  if (errors.length || !chosen) throw new FormErrors(errors);
  const hash = await hashPassword(chosen.password);
  try {
    const userId = await inTransaction(
      ctx,
      async (trx) => Number((await trx.insertInto('user_account').values({ username, display_name: displayName, password_hash: hash, staff_id: staffId, must_change_password: true, created_at: ctx.clock() }).returning('id').executeTakeFirstOrThrow()).id),
      (id) => event(ctx, 'create', 'user_account', String(id), { op: 'user_created', username, staffId, password: chosen.generated ? 'generated one-time password' : 'set by administrator' }),
    );
    return { userId, oneTimePassword: chosen.generated ? chosen.password : null };
  } catch (e) {
    if (isUniqueViolation(e)) throw new FormErrors([{ field: 'username', message: 'That username is already taken' }]);
    throw e;
  }
}

/** Changes the name shown and the linked staff record (which decides the children a case role reaches). */
export async function updateUserDetails(ctx: ServiceContext, userId: number, input: { displayName: string; staffRef: string }): Promise<void> {
  await requireAdmin(ctx, 'user_account', String(userId));
  const before = await ctx.db.selectFrom('user_account').select(['username', 'display_name', 'staff_id']).where('id', '=', userId).executeTakeFirst();
  if (!before) throw new NotFoundError('There is no user account with that id.');
  duties(ctx, userId, 'change_details');
  const errors: FieldError[] = [];
  const displayName = input.displayName.trim();
  checkDisplayName(displayName, errors);
  const staffId = await staffForRef(ctx, input.staffRef, userId, errors);
  if (errors.length) throw new FormErrors(errors);
  await inTransaction(
    ctx,
    (trx) => trx.updateTable('user_account').set({ display_name: displayName, staff_id: staffId }).where('id', '=', userId).execute(),
    () => event(ctx, 'update', 'user_account', String(userId), {
      op: 'details_changed', username: before.username,
      before: { displayName: before.display_name, staffId: before.staff_id === null ? null : Number(before.staff_id) }, after: { displayName, staffId },
    }),
  );
}

// ---- Users: grants -------------------------------------------------------------------

async function targetExists(ctx: ServiceContext, id: number): Promise<{ username: string; staffTeamId: number | null }> {
  const u = await ctx.db.selectFrom('user_account as u').leftJoin('staff as s', 's.id', 'u.staff_id').select(['u.username', 's.team_id']).where('u.id', '=', id).executeTakeFirst();
  if (!u) throw new NotFoundError('There is no user account with that id.');
  return { username: u.username, staffTeamId: u.team_id === null || u.team_id === undefined ? null : Number(u.team_id) };
}

export interface GrantFormInput { role: string; laCode: string; teamId: string }

export async function addGrant(ctx: ServiceContext, userId: number, input: GrantFormInput): Promise<void> {
  await requireAdmin(ctx, 'user_role', String(userId));
  const target = await targetExists(ctx, userId);
  duties(ctx, userId, 'change_roles');
  const laCode = input.laCode.trim() || null;
  const teamRaw = input.teamId.trim();
  const teamId = teamRaw === '' ? null : /^[0-9]{1,12}$/.test(teamRaw) ? Number(teamRaw) : -1;
  const councils = (await ctx.db.selectFrom('local_authority').select('la_code').execute()).map((c) => c.la_code);
  const team = teamId !== null && teamId > 0 ? await ctx.db.selectFrom('team').select('la_code').where('id', '=', teamId).executeTakeFirst() : undefined;
  const held = (await ctx.db.selectFrom('user_role').select('role').where('user_id', '=', userId).execute()).map((r) => r.role);
  const errors = checkGrant({ role: input.role, laCode, teamId }, { councils, teamCouncil: team?.la_code, staffTeamId: target.staffTeamId, heldRoles: held });
  if (errors.length) throw new FormErrors(errors);
  try {
    await inTransaction(
      ctx,
      (trx) => trx.insertInto('user_role').values({ user_id: userId, role: input.role, la_code: laCode, team_id: teamId }).execute(),
      () => event(ctx, 'update', 'user_role', String(userId), { op: 'role_granted', username: target.username, role: input.role, laCode, teamId }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw new FormErrors([{ field: 'role', message: 'The user already has this role: remove it first to change its scope' }]);
    throw e;
  }
}

export async function removeGrant(ctx: ServiceContext, userId: number, role: string): Promise<void> {
  await requireAdmin(ctx, 'user_role', String(userId));
  const target = await targetExists(ctx, userId);
  duties(ctx, userId, 'change_roles');
  await inTransaction(
    ctx,
    async (trx) => {
      if (role === 'sysadmin') {
        const guard = lastSysadminGuard(await lockSysadminChanges(trx), userId, { kind: 'remove_role', role });
        if (!guard.allowed) throw new AdminRuleError(guard.reason);
      }
      const r = await trx.deleteFrom('user_role').where('user_id', '=', userId).where('role', '=', role).returning(['la_code', 'team_id']).executeTakeFirst();
      if (!r) throw new NotFoundError('The user does not have that role.');
      return { laCode: r.la_code, teamId: r.team_id === null ? null : Number(r.team_id) };
    },
    (r) => event(ctx, 'update', 'user_role', String(userId), { op: 'role_removed', username: target.username, role, ...r }),
  );
}

// ---- Users: account state ------------------------------------------------------------

/** Disables the account and ends all its sessions at once (their rows are deleted in the same transaction). */
export async function disableUser(ctx: ServiceContext, userId: number): Promise<{ sessionsEnded: number }> {
  await requireAdmin(ctx, 'user_account', String(userId));
  const target = await targetExists(ctx, userId);
  duties(ctx, userId, 'disable');
  return inTransaction(
    ctx,
    async (trx) => {
      const guard = lastSysadminGuard(await lockSysadminChanges(trx), userId, { kind: 'disable' });
      if (!guard.allowed) throw new AdminRuleError(guard.reason);
      await trx.updateTable('user_account').set({ disabled: true }).where('id', '=', userId).execute();
      const ended = await trx.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst();
      return { sessionsEnded: Number(ended.numDeletedRows) };
    },
    (r) => event(ctx, 'update', 'user_account', String(userId), { op: 'disabled', username: target.username, sessionsEnded: r.sessionsEnded }),
  );
}

export async function enableUser(ctx: ServiceContext, userId: number): Promise<void> {
  await requireAdmin(ctx, 'user_account', String(userId));
  const target = await targetExists(ctx, userId);
  duties(ctx, userId, 'enable');
  await inTransaction(
    ctx,
    (trx) => trx.updateTable('user_account').set({ disabled: false, failed_attempts: 0, locked_until: null }).where('id', '=', userId).execute(),
    () => event(ctx, 'update', 'user_account', String(userId), { op: 'enabled', username: target.username }),
  );
}

export async function unlockUser(ctx: ServiceContext, userId: number): Promise<void> {
  await requireAdmin(ctx, 'user_account', String(userId));
  const target = await targetExists(ctx, userId);
  duties(ctx, userId, 'unlock');
  await inTransaction(
    ctx,
    (trx) => trx.updateTable('user_account').set({ failed_attempts: 0, locked_until: null }).where('id', '=', userId).execute(),
    () => event(ctx, 'update', 'user_account', String(userId), { op: 'unlocked', username: target.username }),
  );
}

/**
 * Sets a new password (checked against the policy, or generated), which the
 * user must change at their next sign-in; clears any lockout and ends the
 * user's sessions. The password is never recorded, only that it was reset.
 */
export async function resetPassword(ctx: ServiceContext, userId: number, choice: PasswordChoice): Promise<{ oneTimePassword: string | null }> {
  await requireAdmin(ctx, 'user_account', String(userId));
  const target = await targetExists(ctx, userId);
  duties(ctx, userId, 'reset_password');
  const errors: FieldError[] = [];
  const chosen = choosePassword(choice, target.username, errors);
  if (errors.length || !chosen) throw new FormErrors(errors);
  const hash = await hashPassword(chosen.password);
  await inTransaction(
    ctx,
    async (trx) => {
      await trx.updateTable('user_account').set({ password_hash: hash, must_change_password: true, failed_attempts: 0, locked_until: null }).where('id', '=', userId).execute();
      return Number((await trx.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows);
    },
    (n) => event(ctx, 'update', 'user_account', String(userId), { op: 'password_reset', username: target.username, password: chosen.generated ? 'generated one-time password' : 'set by administrator', sessionsEnded: n }),
  );
  return { oneTimePassword: chosen.generated ? chosen.password : null };
}

// ---- Own password (any signed-in user; required after an administrator set it) -----------

export interface OwnPasswordInput { current: string; password: string; confirm: string }

/** Changes the signed-in user's own password; ends their other sessions (this one stays). */
export async function changeOwnPassword(ctx: ServiceContext, input: OwnPasswordInput, keepSessionHash: string | null): Promise<void> {
  const account = await ctx.db.selectFrom('user_account').select(['password_hash', 'username']).where('id', '=', ctx.user.id).executeTakeFirstOrThrow();
  const errors: FieldError[] = [];
  if (!input.current) errors.push({ field: 'current', message: 'Enter your current password' });
  else if (!(await verifyPassword(account.password_hash, input.current))) errors.push({ field: 'current', message: 'Your current password is not correct' });
  const problem = checkPassword(input.password, account.username);
  if (problem) errors.push({ field: 'password', message: problem.replace(/^Password/, 'New password').replace('Enter a password', 'Enter a new password') });
  else if (input.password === input.current) errors.push({ field: 'password', message: 'New password must be different from your current password' });
  if (!problem && input.confirm !== input.password) errors.push({ field: 'confirm', message: 'The passwords do not match: type the new password again' });
  if (errors.length) throw new FormErrors(errors);
  const hash = await hashPassword(input.password);
  await inTransaction(
    ctx,
    async (trx) => {
      await trx.updateTable('user_account').set({ password_hash: hash, must_change_password: false }).where('id', '=', ctx.user.id).execute();
      let others = trx.deleteFrom('user_session').where('user_id', '=', ctx.user.id);
      if (keepSessionHash) others = others.where('id_hash', '<>', keepSessionHash);
      await others.execute();
    },
    () => ({ ...event(ctx, 'update', 'user_account', String(ctx.user.id), { op: 'own_password_changed' }), role: null }),
  );
}

// ---- Teams ---------------------------------------------------------------------------------

export interface TeamRow {
  id: number; laCode: string; laName: string; name: string; kind: string; parentId: number | null; parentName: string | null;
  amber: number | null; red: number | null;
  establishment: { fte: number; from: string } | null;
  /** Social workers in post now (head count and FTE), from the staff records. */
  inPost: { count: number; fte: number };
}

async function teamRows(ctx: ServiceContext, where: { laCode?: string; id?: number }): Promise<TeamRow[]> {
  const d = today(ctx);
  let q = ctx.db
    .selectFrom('team as t')
    .innerJoin('local_authority as la', 'la.la_code', 't.la_code')
    .leftJoin('team as p', 'p.id', 't.parent_team_id')
    .select(['t.id', 't.la_code', 'la.name as la_name', 't.name', 't.kind', 't.parent_team_id', 'p.name as parent_name', 't.caseload_amber', 't.caseload_red'])
    .select(sql<number | null>`(select te.social_worker_fte from team_establishment te where te.team_id = t.id and te.effective_from <= ${d} order by te.effective_from desc limit 1)`.as('est_fte'))
    .select(sql<string | null>`(select te.effective_from from team_establishment te where te.team_id = t.id and te.effective_from <= ${d} order by te.effective_from desc limit 1)`.as('est_from'))
    .select(sql<number>`(select count(*) from staff s where s.team_id = t.id and s.is_social_worker and (s.leave_date is null or s.leave_date > ${d}) and s.start_date <= ${d})`.as('sw_count'))
    .select(sql<number>`(select coalesce(sum(s.fte), 0) from staff s where s.team_id = t.id and s.is_social_worker and (s.leave_date is null or s.leave_date > ${d}) and s.start_date <= ${d})`.as('sw_fte'))
    .orderBy('la.name')
    .orderBy('t.name');
  if (where.laCode) q = q.where('t.la_code', '=', where.laCode);
  if (where.id !== undefined) q = q.where('t.id', '=', where.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id), laCode: r.la_code, laName: r.la_name, name: r.name, kind: r.kind,
    parentId: r.parent_team_id === null ? null : Number(r.parent_team_id), parentName: r.parent_name ?? null,
    amber: r.caseload_amber, red: r.caseload_red,
    establishment: r.est_fte === null ? null : { fte: Number(r.est_fte), from: String(r.est_from) },
    inPost: { count: Number(r.sw_count), fte: Number(r.sw_fte) },
  }));
}

export async function listTeams(ctx: ServiceContext, laCode?: string): Promise<TeamRow[]> {
  await requireAdmin(ctx, 'team', null);
  return teamRows(ctx, laCode ? { laCode } : {});
}

export interface TeamDetail extends TeamRow { history: { fte: number; from: string }[] }

export async function getTeam(ctx: ServiceContext, id: number): Promise<TeamDetail> {
  await requireAdmin(ctx, 'team', String(id));
  const [row] = await teamRows(ctx, { id });
  if (!row) throw new NotFoundError('There is no team with that id.');
  const history = await ctx.db.selectFrom('team_establishment').select(['social_worker_fte', 'effective_from']).where('team_id', '=', id).orderBy('effective_from', 'desc').execute();
  return { ...row, history: history.map((h) => ({ fte: Number(h.social_worker_fte), from: String(h.effective_from) })) };
}

export interface TeamInput { laCode?: string; name: string; kind?: string; parentId: string; amber: string; red: string }

async function teamNodes(db: Db): Promise<TeamNode[]> {
  return (await db.selectFrom('team').select(['id', 'la_code', 'parent_team_id']).execute()).map((t) => ({ id: Number(t.id), laCode: t.la_code, parentId: t.parent_team_id === null ? null : Number(t.parent_team_id) }));
}

function parseParent(raw: string, errors: FieldError[]): number | null {
  const s = raw.trim();
  if (!s) return null;
  if (!/^[0-9]{1,12}$/.test(s)) {
    errors.push({ field: 'parentId', message: 'Select a parent team from the list' });
    return null;
  }
  return Number(s);
}

export async function createTeam(ctx: ServiceContext, input: TeamInput): Promise<{ teamId: number }> {
  await requireAdmin(ctx, 'team', null);
  const errors: FieldError[] = [];
  const laCode = (input.laCode ?? '').trim();
  const name = input.name.trim();
  const kind = (input.kind ?? '').trim();
  const council = laCode ? await ctx.db.selectFrom('local_authority').select('la_code').where('la_code', '=', laCode).executeTakeFirst() : undefined;
  if (!council) errors.push({ field: 'laCode', message: 'Select the council the team works for' });
  const nameProblem = checkTeamName(name);
  if (nameProblem) errors.push({ field: 'name', message: nameProblem });
  else if (council && (await ctx.db.selectFrom('team').select('id').where('la_code', '=', laCode).where('name', '=', name).executeTakeFirst())) {
    errors.push({ field: 'name', message: 'The council already has a team with this name' });
  }
  if (!(TEAM_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', message: 'Select the kind of team' });
  const parentId = parseParent(input.parentId, errors);
  if (council && parentId !== null) {
    const p = checkTeamParent(null, laCode, parentId, await teamNodes(ctx.db));
    if (p) errors.push({ field: 'parentId', message: p });
  }
  const t = checkThresholds(input.amber.trim(), input.red.trim());
  errors.push(...t.errors);
  if (errors.length) throw new FormErrors(errors);
  try {
    const teamId = await inTransaction(
      ctx,
      async (trx) => Number((await trx.insertInto('team').values({ la_code: laCode, name, kind, parent_team_id: parentId, caseload_amber: t.amber, caseload_red: t.red }).returning('id').executeTakeFirstOrThrow()).id),
      (id) => event(ctx, 'create', 'team', String(id), { op: 'team_created', laCode, name, kind, parentId, amber: t.amber, red: t.red }),
    );
    return { teamId };
  } catch (e) {
    if (isUniqueViolation(e)) throw new FormErrors([{ field: 'name', message: 'The council already has a team with this name' }]);
    throw e;
  }
}

export async function updateTeam(ctx: ServiceContext, id: number, input: TeamInput): Promise<void> {
  await requireAdmin(ctx, 'team', String(id));
  const team = await ctx.db.selectFrom('team').select(['la_code', 'name', 'parent_team_id', 'caseload_amber', 'caseload_red']).where('id', '=', id).executeTakeFirst();
  if (!team) throw new NotFoundError('There is no team with that id.');
  const errors: FieldError[] = [];
  const name = input.name.trim();
  const nameProblem = checkTeamName(name);
  if (nameProblem) errors.push({ field: 'name', message: nameProblem });
  else if (await ctx.db.selectFrom('team').select('id').where('la_code', '=', team.la_code).where('name', '=', name).where('id', '<>', id).executeTakeFirst()) {
    errors.push({ field: 'name', message: 'The council already has another team with this name' });
  }
  const parentId = parseParent(input.parentId, errors);
  const p = checkTeamParent(id, team.la_code, parentId, await teamNodes(ctx.db));
  if (p) errors.push({ field: 'parentId', message: p });
  const t = checkThresholds(input.amber.trim(), input.red.trim());
  errors.push(...t.errors);
  if (errors.length) throw new FormErrors(errors);
  const before = { name: team.name, parentId: team.parent_team_id === null ? null : Number(team.parent_team_id), amber: team.caseload_amber, red: team.caseload_red };
  const after = { name, parentId, amber: t.amber, red: t.red };
  try {
    await inTransaction(
      ctx,
      (trx) => trx.updateTable('team').set({ name, parent_team_id: parentId, caseload_amber: t.amber, caseload_red: t.red }).where('id', '=', id).execute(),
      () => event(ctx, 'update', 'team', String(id), { op: 'team_updated', before, after }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw new FormErrors([{ field: 'name', message: 'The council already has another team with this name' }]);
    throw e;
  }
}

/** Adds a row to the team's establishment history (never overwrites one: a date already recorded is an error). */
export async function recordEstablishment(ctx: ServiceContext, id: number, input: { fte: string; effectiveFrom: string }): Promise<void> {
  await requireAdmin(ctx, 'team_establishment', String(id));
  const team = await ctx.db.selectFrom('team').select('id').where('id', '=', id).executeTakeFirst();
  if (!team) throw new NotFoundError('There is no team with that id.');
  const { fte, errors } = checkEstablishment(input.fte.trim(), input.effectiveFrom);
  if (!errors.length) {
    const existing = await ctx.db.selectFrom('team_establishment').select('social_worker_fte').where('team_id', '=', id).where('effective_from', '=', input.effectiveFrom).executeTakeFirst();
    if (existing) errors.push({ field: 'effectiveFrom', message: `An establishment of ${Number(existing.social_worker_fte)} FTE is already recorded from this date: history is kept, so record a change from a later date` });
  }
  if (errors.length) throw new FormErrors(errors);
  try {
    await inTransaction(
      ctx,
      (trx) => trx.insertInto('team_establishment').values({ team_id: id, effective_from: input.effectiveFrom, social_worker_fte: fte! }).execute(),
      () => event(ctx, 'create', 'team_establishment', String(id), { op: 'establishment_recorded', fte, effectiveFrom: input.effectiveFrom }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw new FormErrors([{ field: 'effectiveFrom', message: 'An establishment is already recorded from this date: record a change from a later date' }]);
    throw e;
  }
}
