/**
 * Proving who someone is. Hearth signs people in with local accounts
 * (argon2id password hashes, lockout after repeated failures) through the
 * IdentityProvider interface; a council's single sign-on (OpenID Connect) can
 * be added later as another provider that resolves to a user id, after which
 * the session is created exactly as for a password sign-in (signIn below).
 */
import type { Db } from '../db/database.ts';
import { recordOrFail, type AuditWriter } from './audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

export type AuthenticationResult =
  | { ok: true; userId: number; username: string }
  /** userId is set when the account exists (for the audit trail only; never shown to the user). */
  | { ok: false; userId: number | null; username: string | null; lockedNow: boolean };

export interface IdentityProvider {
  readonly name: string;
  authenticate(credentials: { username: string; password: string }, now: Date): Promise<AuthenticationResult>;
}

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the username is unknown, so the answer takes as long either way. */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing-only');
  return dummyHash;
}

export function localPasswordProvider(db: Db): IdentityProvider {
  return {
    name: 'local',
    async authenticate({ username, password }, now) {
      const account = await db
        .selectFrom('user_account')
        .select(['id', 'username', 'password_hash', 'disabled', 'locked_until'])
        .where('username', '=', username)
        .executeTakeFirst();
      if (!account) {
        await verifyPassword(await getDummyHash(), password);
        return { ok: false, userId: null, username: null, lockedNow: false };
      }
      const userId = Number(account.id);
      const locked = account.locked_until !== null && new Date(account.locked_until).getTime() > now.getTime();
      const matches = await verifyPassword(account.password_hash, password);
      if (locked || account.disabled) return { ok: false, userId, username: account.username, lockedNow: false };
      if (matches) {
        await db.updateTable('user_account').set({ failed_attempts: 0, locked_until: null }).where('id', '=', account.id).execute();
        return { ok: true, userId, username: account.username };
      }
      const updated = await db
        .updateTable('user_account')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('id', '=', account.id)
        .returning('failed_attempts')
        .executeTakeFirstOrThrow();
      if (updated.failed_attempts >= MAX_FAILED_ATTEMPTS) {
        await db
          .updateTable('user_account')
          .set({ failed_attempts: 0, locked_until: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) })
          .where('id', '=', account.id)
          .execute();
        return { ok: false, userId, username: account.username, lockedNow: true };
      }
      return { ok: false, userId, username: account.username, lockedNow: false };
    },
  };
}

/**
 * Per-address throttle on failed sign-ins, held in memory (per process): after
 * `max` failures within `windowMs`, further attempts from that address are
 * refused until the window passes. Complements the per-account lockout, which
 * alone would let one address try one password against many accounts.
 */
export class SignInThrottle {
  private failures = new Map<string, number[]>();
  constructor(readonly max = 20, readonly windowMs = 15 * 60_000, private readonly maxTracked = 10_000) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  isBlocked(key: string, now: Date): boolean {
    return this.recent(key, now.getTime()).length >= this.max;
  }

  recordFailure(key: string, now: Date): void {
    const list = this.recent(key, now.getTime());
    list.push(now.getTime());
    if (!this.failures.has(key) && this.failures.size >= this.maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, list);
  }
}

export type SignInOutcome =
  | { ok: true; userId: number; sessionId: string; csrfToken: string }
  | { ok: false; throttled: boolean };

/** Signs someone in with a provider: throttle, authenticate, audit, and a brand-new session on success. */
export async function signIn(args: {
  db: Db;
  provider: IdentityProvider;
  throttle: SignInThrottle;
  audit: AuditWriter;
  credentials: { username: string; password: string };
  clientKey: string;
  requestId: string;
  now: Date;
}): Promise<SignInOutcome> {
  const { db, provider, throttle, audit, credentials, clientKey, requestId, now } = args;
  const base = { occurredAt: now, role: null, childId: null, recordType: 'session', recordId: null, requestId };
  if (throttle.isBlocked(clientKey, now)) {
    await recordOrFail(audit, { ...base, userId: null, username: null, action: 'sign_in_failed', outcome: 'denied', detail: { reason: 'throttled', provider: provider.name } });
    return { ok: false, throttled: true };
  }
  const result = await provider.authenticate(credentials, now);
  if (!result.ok) {
    throttle.recordFailure(clientKey, now);
    await recordOrFail(audit, { ...base, userId: result.userId, username: result.username, action: 'sign_in_failed', outcome: 'denied', detail: { provider: provider.name } });
    if (result.lockedNow) {
      await recordOrFail(audit, { ...base, userId: result.userId, username: result.username, action: 'lockout', outcome: 'denied', detail: { minutes: LOCKOUT_MINUTES } });
    }
    return { ok: false, throttled: false };
  }
  const session = await createSession(db, result.userId, now);
  await recordOrFail(audit, { ...base, userId: result.userId, username: result.username, action: 'sign_in', outcome: 'allowed', detail: { provider: provider.name } });
  return { ok: true, userId: result.userId, sessionId: session.id, csrfToken: session.csrfToken };
}
