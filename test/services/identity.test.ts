import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { databaseAuditWriter } from '../../src/services/audit.ts';
import { localPasswordProvider, LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS, signIn, SignInThrottle } from '../../src/services/identity.ts';
import { hashPassword, verifyPassword } from '../../src/services/passwords.ts';
import { createSession, endSessionByHash, hashSessionId, loadSession } from '../../src/services/sessions.ts';
import { freshFixtureDatabase } from '../helpers/db.ts';
import { FIXTURE_PASSWORD, type Fixtures } from '../helpers/fixtures.ts';

let h: DatabaseHandle;
let f: Fixtures;
before(async () => {
  ({ h, f } = await freshFixtureDatabase());
});
after(() => h.close());

test('passwords: argon2id hash verifies the right password only; malformed hash is false, not a throw', async () => {
  const stored = await hashPassword('s3cret words');
  assert.match(stored, /^\$argon2id\$/);
  assert.equal(await verifyPassword(stored, 's3cret words'), true);
  assert.equal(await verifyPassword(stored, 's3cret word'), false);
  assert.equal(await verifyPassword('not-a-hash', 'x'), false);
});

test('local provider: right password signs in; wrong password and unknown user look the same', async () => {
  const p = localPasswordProvider(h.db);
  const now = new Date('2026-03-02T10:00:00Z');
  const ok = await p.authenticate({ username: f.users.iro.username, password: FIXTURE_PASSWORD }, now);
  assert.equal(ok.ok, true);
  const wrong = await p.authenticate({ username: f.users.iro.username, password: 'nope' }, now);
  const unknown = await p.authenticate({ username: 'no.such.user', password: 'nope' }, now);
  assert.equal(wrong.ok, false);
  assert.equal(unknown.ok, false);
  // Reset the counter for the user again.
  await p.authenticate({ username: f.users.iro.username, password: FIXTURE_PASSWORD }, now);
});

test(`lockout: ${MAX_FAILED_ATTEMPTS} failures lock the account for ${LOCKOUT_MINUTES} minutes, even against the right password`, async () => {
  const p = localPasswordProvider(h.db);
  const username = f.users.qaOfficer.username;
  const t0 = new Date('2026-03-02T10:00:00Z');
  for (let i = 1; i <= MAX_FAILED_ATTEMPTS; i++) {
    const r = await p.authenticate({ username, password: `wrong-${i}` }, t0);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.lockedNow, i === MAX_FAILED_ATTEMPTS, `attempt ${i}`);
  }
  const account = await h.db.selectFrom('user_account').select(['locked_until']).where('id', '=', f.users.qaOfficer.id).executeTakeFirstOrThrow();
  assert.equal(new Date(account.locked_until!).getTime(), t0.getTime() + LOCKOUT_MINUTES * 60_000);
  const during = await p.authenticate({ username, password: FIXTURE_PASSWORD }, new Date(t0.getTime() + (LOCKOUT_MINUTES - 1) * 60_000));
  assert.equal(during.ok, false, 'locked: the right password is refused');
  const afterLock = await p.authenticate({ username, password: FIXTURE_PASSWORD }, new Date(t0.getTime() + (LOCKOUT_MINUTES + 1) * 60_000));
  assert.equal(afterLock.ok, true, 'after the lockout the right password works again');
  const reset = await h.db.selectFrom('user_account').select(['failed_attempts', 'locked_until']).where('id', '=', f.users.qaOfficer.id).executeTakeFirstOrThrow();
  assert.deepEqual(reset, { failed_attempts: 0, locked_until: null });
});

test('disabled accounts cannot sign in', async () => {
  await h.db.updateTable('user_account').set({ disabled: true }).where('id', '=', f.users.sysadmin.id).execute();
  const r = await localPasswordProvider(h.db).authenticate({ username: f.users.sysadmin.username, password: FIXTURE_PASSWORD }, new Date());
  assert.equal(r.ok, false);
  await h.db.updateTable('user_account').set({ disabled: false }).where('id', '=', f.users.sysadmin.id).execute();
});

test('per-address throttle blocks after max failures within the window, then forgets', () => {
  const t = new SignInThrottle(3, 60_000);
  const now = new Date('2026-03-02T10:00:00Z');
  for (let i = 0; i < 3; i++) {
    assert.equal(t.isBlocked('1.2.3.4', now), false);
    t.recordFailure('1.2.3.4', now);
  }
  assert.equal(t.isBlocked('1.2.3.4', now), true);
  assert.equal(t.isBlocked('5.6.7.8', now), false, 'other addresses unaffected');
  assert.equal(t.isBlocked('1.2.3.4', new Date(now.getTime() + 61_000)), false);
});

test('signIn: audits failures, lockout and success; a new session each time', async () => {
  const throttle = new SignInThrottle();
  const audit = databaseAuditWriter(h.db);
  const provider = localPasswordProvider(h.db);
  const now = new Date('2026-03-02T11:00:00Z');
  const args = { db: h.db, provider, throttle, audit, clientKey: '10.0.0.1', requestId: 'req-signin', now };
  const bad = await signIn({ ...args, credentials: { username: f.users.boardMember.username, password: 'x' } });
  assert.deepEqual(bad, { ok: false, throttled: false });
  const a = await signIn({ ...args, credentials: { username: f.users.boardMember.username, password: FIXTURE_PASSWORD } });
  const b = await signIn({ ...args, credentials: { username: f.users.boardMember.username, password: FIXTURE_PASSWORD } });
  assert.ok(a.ok && b.ok);
  assert.notEqual(a.sessionId, b.sessionId);
  const events = await h.db.selectFrom('audit_event').select(['action', 'outcome', 'user_id']).where('request_id', '=', 'req-signin').orderBy('id').execute();
  assert.deepEqual(events.map((e) => `${e.action}:${e.outcome}:${e.user_id}`), [
    `sign_in_failed:denied:${f.users.boardMember.id}`,
    `sign_in:allowed:${f.users.boardMember.id}`,
    `sign_in:allowed:${f.users.boardMember.id}`,
  ]);
  // Only the hash of the session id is stored.
  const stored = await h.db.selectFrom('user_session').select('id_hash').where('user_id', '=', f.users.boardMember.id).execute();
  assert.ok(a.ok && stored.some((s) => s.id_hash === hashSessionId(a.sessionId)));
  assert.ok(a.ok && !stored.some((s) => s.id_hash === a.sessionId));
});

test('sessions: idle timeout, absolute timeout and sign-out each end the session', async () => {
  const timeouts = { idleMinutes: 30, absoluteHours: 10 };
  const t0 = new Date('2026-03-02T08:00:00Z');
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);
  const s1 = await createSession(h.db, f.users.iro.id, t0);
  assert.ok(await loadSession(h.db, s1.id, at(29), timeouts), 'active within the idle limit');
  assert.ok(await loadSession(h.db, s1.id, at(58), timeouts), 'activity at 29 min extends it');
  assert.equal(await loadSession(h.db, s1.id, at(58 + 31), timeouts), undefined, 'idle for 31 minutes: ended');
  assert.equal(await loadSession(h.db, s1.id, at(58 + 32), timeouts), undefined, 'and stays ended');
  const ended = await h.db.selectFrom('user_session').select('ended_at').where('id_hash', '=', hashSessionId(s1.id)).executeTakeFirstOrThrow();
  assert.notEqual(ended.ended_at, null);

  const s2 = await createSession(h.db, f.users.iro.id, t0);
  for (let m = 25; m < 600; m += 25) assert.ok(await loadSession(h.db, s2.id, at(m), timeouts), `active at ${m}`);
  assert.equal(await loadSession(h.db, s2.id, at(601), timeouts), undefined, 'past the absolute limit even while active');

  const s3 = await createSession(h.db, f.users.iro.id, t0);
  await endSessionByHash(h.db, hashSessionId(s3.id), at(1));
  assert.equal(await loadSession(h.db, s3.id, at(2), timeouts), undefined, 'signed out');
  assert.equal(await loadSession(h.db, 'x'.repeat(43), at(2), timeouts), undefined);
  assert.equal(await loadSession(h.db, "'; drop table user_session; --", at(2), timeouts), undefined);
});
