/**
 * Server-side sessions, stored in PostgreSQL. The browser holds a random
 * 256-bit id; the database holds only its SHA-256 hash, so a copy of the
 * table cannot be replayed as cookies. Sessions end after an idle period, at
 * an absolute limit, and at sign-out (ended_at is set; the row is kept).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { SessionUser } from './context.ts';
import { ROLES, type Role, type RoleGrant } from './policy.ts';

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

export interface ActiveSession {
  idHash: string;
  user: SessionUser;
  csrfToken: string;
}

export function hashSessionId(rawId: string): string {
  return createHash('sha256').update(rawId, 'utf8').digest('hex');
}

/** A new session for a user who has just proved who they are. Always a fresh id. */
export async function createSession(db: Db, userId: number, now: Date): Promise<{ id: string; csrfToken: string }> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db
    .insertInto('user_session')
    .values({ id_hash: hashSessionId(id), user_id: userId, csrf_token: csrfToken, created_at: now, last_seen_at: now })
    .execute();
  return { id, csrfToken };
}

/** Touch last_seen_at at most this often, to spare the database a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The live session for a cookie value, or undefined (unknown, ended, idle or
 * past its absolute limit, or the account disabled). Expired sessions are ended.
 */
export async function loadSession(db: Db, rawId: string, now: Date, timeouts: SessionTimeouts): Promise<ActiveSession | undefined> {
  if (!SESSION_ID.test(rawId)) return undefined;
  const idHash = hashSessionId(rawId);
  const row = await db
    .selectFrom('user_session')
    .select(['user_id', 'csrf_token', 'created_at', 'last_seen_at', 'ended_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.ended_at !== null) return undefined;
  const created = new Date(row.created_at).getTime();
  const lastSeen = new Date(row.last_seen_at).getTime();
  const t = now.getTime();
  if (t - lastSeen > timeouts.idleMinutes * 60_000 || t - created > timeouts.absoluteHours * 3_600_000) {
    await endSessionByHash(db, idHash, now);
    return undefined;
  }
  const user = await loadSessionUser(db, Number(row.user_id));
  if (!user) {
    await endSessionByHash(db, idHash, now);
    return undefined;
  }
  if (t - lastSeen > TOUCH_INTERVAL_MS) {
    await db.updateTable('user_session').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return { idHash, user, csrfToken: row.csrf_token };
}

export async function endSessionByHash(db: Db, idHash: string, now: Date): Promise<void> {
  await db.updateTable('user_session').set({ ended_at: now }).where('id_hash', '=', idHash).where('ended_at', 'is', null).execute();
}

/** A user with their roles, or undefined when there is no such enabled account. */
export async function loadSessionUser(db: Db, userId: number): Promise<SessionUser | undefined> {
  const account = await db
    .selectFrom('user_account as u')
    .leftJoin('staff as s', 's.id', 'u.staff_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.staff_id', 'u.disabled', 'u.must_change_password', 's.team_id'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!account || account.disabled) return undefined;
  const roleRows = await db.selectFrom('user_role').select(['role', 'la_code', 'team_id']).where('user_id', '=', userId).orderBy('role').execute();
  const roles: RoleGrant[] = roleRows
    .filter((r) => (ROLES as readonly string[]).includes(r.role))
    .map((r) => ({ role: r.role as Role, laCode: r.la_code, teamId: r.team_id === null ? null : Number(r.team_id) }));
  return {
    id: Number(account.id),
    username: account.username,
    displayName: account.display_name,
    staffId: account.staff_id === null ? null : Number(account.staff_id),
    staffTeamId: account.team_id === null || account.team_id === undefined ? null : Number(account.team_id),
    roles,
    mustChangePassword: account.must_change_password,
  };
}
