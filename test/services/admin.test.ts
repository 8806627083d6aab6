/**
 * The administration service (src/services/admin.ts) on a real database:
 * authorised in the service (refusals audited), separation of duties and the
 * last administrator enforced, each write and its audit event in one
 * transaction (a failing audit write leaves nothing changed), sessions ended
 * by disabling and resets, audit events that never carry a password, and the
 * team rules (cycles, thresholds, establishment history never overwritten).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';
import {
  addGrant, AdminRuleError, changeOwnPassword, createTeam, createUser, disableUser, enableUser, getTeam, getUser, listUsers,
  recordEstablishment, removeGrant, resetPassword, unlockUser, updateTeam, updateUserDetails, USERS_PAGE_SIZE,
} from '../../src/services/admin.ts';
import { AuditUnavailableError, type AuditWriter } from '../../src/services/audit.ts';
import { ForbiddenError, type ServiceContext } from '../../src/services/context.ts';
import { verifyPassword } from '../../src/services/passwords.ts';
import { FormErrors } from '../../src/services/recording.ts';
import { createSession, loadSession, loadSessionUser } from '../../src/services/sessions.ts';
import { contextForUser } from '../helpers/context.ts';
import { freshFixtureDatabase, testDatabaseKind } from '../helpers/db.ts';
import type { Fixtures, UserKey } from '../helpers/fixtures.ts';

let h: DatabaseHandle;
let f: Fixtures;
const now = new Date('2026-03-02T10:00:00Z');
const timeouts = { idleMinutes: 30, absoluteHours: 10 };
let requestN = 0;

before(async () => {
  ({ h, f } = await freshFixtureDatabase());
});
after(() => h.close());

async function ctxFor(key: UserKey | number, audit?: AuditWriter): Promise<ServiceContext> {
  const id = typeof key === 'number' ? key : f.users[key].id;
  return contextForUser(h.db, id, { requestId: `req-admin-${++requestN}`, clock: () => now, ...(audit ? { audit } : {}) });
}

const failing: AuditWriter = { record: async () => { throw new Error('audit store down'); } };
const events = (requestId: string) => h.db.selectFrom('audit_event').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
const formErrors = (fields: string[]) => (e: unknown) => e instanceof FormErrors && JSON.stringify(e.errors.map((x) => x.field)) === JSON.stringify(fields);

async function newUser(username: string, extra: Partial<Parameters<typeof createUser>[1]> = {}): Promise<number> {
  const { userId } = await createUser(await ctxFor('sysadmin'), { username, displayName: `Test ${username}`, staffRef: '', passwordMode: 'set', password: 'lantern orbit meadow 7', ...extra });
  return userId;
}

test('only system administrators: every service call refuses anyone else, and the refusal is audited', async () => {
  for (const who of ['headOfService', 'dataProtection', 'boardMember', 'teamManager'] as const) {
    const ctx = await ctxFor(who);
    const calls: [string, () => Promise<unknown>][] = [
      ['listUsers', () => listUsers(ctx, {})],
      ['getUser', () => getUser(ctx, f.users.iro.id)],
      ['createUser', () => createUser(ctx, { username: 'x.y', displayName: 'X', staffRef: '', passwordMode: 'generate', password: '' })],
      ['addGrant', () => addGrant(ctx, f.users.iro.id, { role: 'sysadmin', laCode: '', teamId: '' })],
      ['removeGrant', () => removeGrant(ctx, f.users.iro.id, 'iro')],
      ['updateUserDetails', () => updateUserDetails(ctx, f.users.iro.id, { displayName: 'Renamed', staffRef: '' })],
      ['disableUser', () => disableUser(ctx, f.users.iro.id)],
      ['enableUser', () => enableUser(ctx, f.users.iro.id)],
      ['unlockUser', () => unlockUser(ctx, f.users.iro.id)],
      ['resetPassword', () => resetPassword(ctx, f.users.iro.id, { mode: 'generate', password: '' })],
      ['createTeam', () => createTeam(ctx, { laCode: '318', name: 'Sneaky', kind: 'assessment', parentId: '', amber: '', red: '' })],
      ['updateTeam', () => updateTeam(ctx, f.teams.richmondAssessment, { name: 'Renamed', parentId: '', amber: '', red: '' })],
      ['recordEstablishment', () => recordEstablishment(ctx, f.teams.richmondAssessment, { fte: '1', effectiveFrom: '2026-01-01' })],
    ];
    for (const [name, call] of calls) {
      await assert.rejects(call, ForbiddenError, `${who} ${name}`);
    }
    const denied = await events(ctx.requestId);
    assert.equal(denied.length, calls.length, `${who}: one denied event per attempt`);
    assert.ok(denied.every((e) => e.action === 'denied' && e.outcome === 'denied' && Number(e.user_id) === f.users[who].id && e.child_id === null));
  }
  const iro = await h.db.selectFrom('user_account').select(['disabled']).where('id', '=', f.users.iro.id).executeTakeFirstOrThrow();
  assert.equal(iro.disabled, false);
  assert.equal(await h.db.selectFrom('team').select('id').where('name', '=', 'Sneaky').executeTakeFirst(), undefined);
});

test('user list: search by name or username, filters, pages; each read audited with the filters', async () => {
  const ctx = await ctxFor('sysadmin');
  const all = await listUsers(ctx, {});
  assert.equal(all.total, Object.keys(f.users).length);
  const byName = await listUsers(ctx, { q: 'teamManager' });
  assert.deepEqual(byName.rows.map((r) => r.username), ['team.manager']);
  const byUsername = await listUsers(ctx, { q: 'PRACTITIONER' });
  assert.deepEqual(byUsername.rows.map((r) => r.username), ['practitioner', 'practitioner.other.team'], 'case-insensitive');
  assert.equal((await listUsers(ctx, { q: '%' })).total, 0, 'LIKE wildcards are searched for literally');
  const commissioners = await listUsers(ctx, { role: 'council_commissioner' });
  assert.deepEqual(commissioners.rows.map((r) => r.username).sort(), ['commissioner', 'commissioner.kingston']);
  const kingston = await listUsers(ctx, { laCode: '314' });
  assert.deepEqual(kingston.rows.map((r) => r.username), ['commissioner.kingston']);
  assert.deepEqual(kingston.rows[0]!.roles, ['council_commissioner']);
  await assert.rejects(listUsers(ctx, { role: 'superuser' }), formErrors(['role']));
  await assert.rejects(listUsers(ctx, { state: 'asleep' }), formErrors(['state']));
  const audit = await events(ctx.requestId);
  assert.ok(audit.length >= 5);
  assert.deepEqual([audit[0]!.action, audit[0]!.record_type, audit[0]!.outcome, audit[0]!.child_id], ['search', 'user_list', 'allowed', null]);
  assert.deepEqual((audit[1]!.detail as { filters: { q: string } }).filters.q, 'teamManager');
  // Pagination: enough users for two pages.
  for (let i = 0; i < USERS_PAGE_SIZE; i++) await newUser(`bulk.user${String(i).padStart(2, '0')}`);
  const p1 = await listUsers(ctx, { q: 'bulk.user' });
  const p2 = await listUsers(ctx, { q: 'bulk.user', page: 2 });
  assert.deepEqual([p1.total, p1.pages, p1.rows.length, p2.rows.length, p2.page], [USERS_PAGE_SIZE, 1, USERS_PAGE_SIZE, USERS_PAGE_SIZE, 1], 'page past the end shows the last');
  const all2 = await listUsers(ctx, { page: 2 });
  assert.equal(all2.page, 2);
  assert.equal(all2.rows.length, all2.total - USERS_PAGE_SIZE);
  const page1 = (await listUsers(ctx, { page: 1 })).rows.map((r) => r.username);
  assert.equal(page1.length, USERS_PAGE_SIZE);
  assert.ok(all2.rows.every((r) => !page1.includes(r.username) && r.username > page1.at(-1)!), 'page 2 follows page 1 in username order');
});

test('create a user: rules, must change password, one-time password shown once and never audited', async () => {
  const ctx = await ctxFor('sysadmin');
  await assert.rejects(createUser(ctx, { username: 'Bad Name', displayName: '', staffRef: 'NOPE', passwordMode: 'set', password: 'short' }), formErrors(['username', 'displayName', 'staffRef', 'password']));
  await assert.rejects(createUser(ctx, { username: 'practitioner', displayName: 'Dup', staffRef: '', passwordMode: 'generate', password: '' }), formErrors(['username']));
  await assert.rejects(createUser(ctx, { username: 'new.person', displayName: 'New', staffRef: '', passwordMode: 'set', password: 'new.person is my password' }), (e: unknown) => e instanceof FormErrors && /must not contain the username/.test(e.message));
  await assert.rejects(createUser(ctx, { username: 'new.person', displayName: 'New', staffRef: 'S1', passwordMode: 'generate', password: '' }), formErrors(['staffRef']), 'S1 is linked to the enabled practitioner account');
  await assert.rejects(createUser(ctx, { username: 'new.person', displayName: 'New', staffRef: '', passwordMode: '', password: '' }), formErrors(['passwordMode']));
  const { userId, oneTimePassword } = await createUser(ctx, { username: ' New.Person ', displayName: 'Nia Person', staffRef: 'S2', passwordMode: 'generate', password: '' });
  assert.match(oneTimePassword!, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  const row = await h.db.selectFrom('user_account').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  assert.equal(row.username, 'new.person');
  assert.equal(row.must_change_password, true);
  assert.ok(await verifyPassword(row.password_hash, oneTimePassword!));
  const detail = await getUser(ctx, userId);
  assert.equal(detail.staff?.staffRef, 'S2');
  assert.equal(detail.staff?.name, 'Bram Oakes');
  assert.deepEqual(detail.grants, [], 'a new account has no roles');
  const audit = await h.db.selectFrom('audit_event').selectAll().where('request_id', '=', ctx.requestId).where('action', '=', 'create').execute();
  assert.equal(audit.length, 1);
  assert.deepEqual([audit[0]!.record_type, audit[0]!.record_id, audit[0]!.username, audit[0]!.role], ['user_account', String(userId), 'sysadmin', 'sysadmin']);
  const everything = JSON.stringify(await h.db.selectFrom('audit_event').selectAll().execute());
  assert.ok(!everything.includes(oneTimePassword!), 'the password is never in the audit trail');
  assert.ok(!everything.includes('lantern orbit meadow'), 'nor a password set by an administrator');
});

test('a failing audit write leaves nothing changed, for every kind of write', async () => {
  const ctx = await ctxFor('sysadmin', failing);
  const target = await newUser('audit.target');
  await addGrant(await ctxFor('sysadmin'), target, { role: 'iro', laCode: '', teamId: '' });
  const s = await createSession(h.db, target, now);
  const before = async () => ({
    users: await h.db.selectFrom('user_account').selectAll().orderBy('id').execute(),
    roles: await h.db.selectFrom('user_role').selectAll().orderBy('user_id').orderBy('role').execute(),
    sessions: await h.db.selectFrom('user_session').select(['id_hash', 'ended_at']).orderBy('id_hash').execute(),
    teams: await h.db.selectFrom('team').selectAll().orderBy('id').execute(),
    est: await h.db.selectFrom('team_establishment').selectAll().orderBy('id').execute(),
  });
  const snapshot = await before();
  const writes: [string, () => Promise<unknown>][] = [
    ['createUser', () => createUser(ctx, { username: 'never.made', displayName: 'Never', staffRef: '', passwordMode: 'generate', password: '' })],
    ['addGrant', () => addGrant(ctx, target, { role: 'head_of_service', laCode: '', teamId: '' })],
    ['removeGrant', () => removeGrant(ctx, target, 'iro')],
    ['updateUserDetails', () => updateUserDetails(ctx, target, { displayName: 'Renamed', staffRef: 'S4' })],
    ['disableUser', () => disableUser(ctx, target)],
    ['unlockUser', () => unlockUser(ctx, target)],
    ['resetPassword', () => resetPassword(ctx, target, { mode: 'generate', password: '' })],
    ['createTeam', () => createTeam(ctx, { laCode: '318', name: 'Never Team', kind: 'assessment', parentId: '', amber: '', red: '' })],
    ['updateTeam', () => updateTeam(ctx, f.teams.richmondAssessment, { name: 'Renamed', parentId: '', amber: '10', red: '12' })],
    ['recordEstablishment', () => recordEstablishment(ctx, f.teams.richmondAssessment, { fte: '9', effectiveFrom: '2026-01-01' })],
  ];
  for (const [name, write] of writes) await assert.rejects(write, AuditUnavailableError, name);
  await h.db.updateTable('user_account').set({ disabled: true }).where('id', '=', target).execute();
  await assert.rejects(enableUser(ctx, target), AuditUnavailableError, 'enableUser');
  await h.db.updateTable('user_account').set({ disabled: false }).where('id', '=', target).execute();
  assert.deepEqual(await before(), snapshot);
  assert.ok(await loadSession(h.db, s.id, now, timeouts), 'the session survived the failed disable');
});

test('role grants: validated, applied from the next request, removable; sessions re-read roles every request', async () => {
  const ctx = await ctxFor('sysadmin');
  const target = await newUser('grant.target');
  const s = await createSession(h.db, target, now);
  await assert.rejects(addGrant(ctx, target, { role: 'practitioner', laCode: '314', teamId: String(f.teams.richmondAssessment) }), formErrors(['teamId']));
  await assert.rejects(addGrant(ctx, target, { role: 'practitioner', laCode: '318', teamId: '' }), formErrors(['teamId']), 'no staff record to take a team from');
  await assert.rejects(addGrant(ctx, target, { role: 'iro', laCode: '', teamId: 'x' }), formErrors(['teamId']));
  await addGrant(ctx, target, { role: 'practitioner', laCode: '318', teamId: String(f.teams.richmondAssessment) });
  await assert.rejects(addGrant(ctx, target, { role: 'practitioner', laCode: '318', teamId: String(f.teams.richmondLongTerm) }), formErrors(['role']));
  const live = await loadSession(h.db, s.id, now, timeouts);
  assert.deepEqual(live?.user.roles, [{ role: 'practitioner', laCode: '318', teamId: f.teams.richmondAssessment }], 'the open session sees the new role at once');
  await removeGrant(ctx, target, 'practitioner');
  assert.deepEqual((await loadSession(h.db, s.id, now, timeouts))?.user.roles, []);
  await assert.rejects(removeGrant(ctx, target, 'practitioner'), /does not have that role/);
  const audit = await h.db.selectFrom('audit_event').select(['action', 'record_type', 'record_id', 'detail']).where('request_id', '=', ctx.requestId).where('record_type', '=', 'user_role').orderBy('id').execute();
  assert.deepEqual(audit.map((a) => [a.action, a.record_id, (a.detail as { op: string; role: string }).op, (a.detail as { role: string }).role]), [
    ['update', String(target), 'role_granted', 'practitioner'],
    ['update', String(target), 'role_removed', 'practitioner'],
  ]);
});

test('separation of duties: an administrator cannot change their own roles, disable themselves or reset their own password', async () => {
  const ctx = await ctxFor('sysadmin');
  const me = f.users.sysadmin.id;
  await assert.rejects(addGrant(ctx, me, { role: 'head_of_service', laCode: '', teamId: '' }), AdminRuleError);
  await assert.rejects(removeGrant(ctx, me, 'sysadmin'), AdminRuleError);
  await assert.rejects(disableUser(ctx, me), (e: unknown) => e instanceof AdminRuleError && /another administrator must/.test(e.message));
  await assert.rejects(resetPassword(ctx, me, { mode: 'generate', password: '' }), AdminRuleError);
  await assert.rejects(updateUserDetails(ctx, me, { displayName: 'Me', staffRef: 'S4' }), (e: unknown) => e instanceof AdminRuleError && /own name or staff record/.test(e.message));
  assert.equal((await h.db.selectFrom('user_account').select('staff_id').where('id', '=', me).executeTakeFirstOrThrow()).staff_id, null);
  const roles = await h.db.selectFrom('user_role').select('role').where('user_id', '=', me).execute();
  assert.deepEqual(roles, [{ role: 'sysadmin' }]);
});

test('the last enabled system administrator can be neither disabled nor lose the role; with two, one may go', async () => {
  const asA = await ctxFor('sysadmin');
  const b = await newUser('second.admin');
  await addGrant(asA, b, { role: 'sysadmin', laCode: '', teamId: '' });
  const asB = await ctxFor(b);
  assert.equal((await getUser(asA, b)).lastSysadmin, false);
  // Two enabled administrators: B may disable A.
  await disableUser(asB, f.users.sysadmin.id);
  // B is now the last. A request still carrying A's old session user (a race, or a stale session) cannot remove B's role or disable B.
  const staleA: ServiceContext = { ...asA, requestId: 'req-stale-admin' };
  await assert.rejects(removeGrant(staleA, b, 'sysadmin'), (e: unknown) => e instanceof AdminRuleError && /only enabled system administrator/.test(e.message));
  await assert.rejects(disableUser(staleA, b), (e: unknown) => e instanceof AdminRuleError && /only enabled system administrator/.test(e.message));
  assert.equal((await getUser(asB, b)).lastSysadmin, true);
  // B enables A again; with two, A may take B's role away, and B can no longer administer.
  await enableUser(asB, f.users.sysadmin.id);
  await removeGrant(await ctxFor('sysadmin'), b, 'sysadmin');
  await assert.rejects(listUsers(await ctxFor(b), {}), ForbiddenError);
  const enabledAdmins = await h.db.selectFrom('user_account as u').innerJoin('user_role as r', 'r.user_id', 'u.id').select('u.id').where('r.role', '=', 'sysadmin').where('u.disabled', '=', false).execute();
  assert.deepEqual(enabledAdmins.map((r) => Number(r.id)), [f.users.sysadmin.id]);
  // A disabled account that still holds the role does not count as an administrator who remains.
  const c = await newUser('disabled.admin');
  await addGrant(asA, c, { role: 'sysadmin', laCode: '', teamId: '' });
  await disableUser(asA, c);
  await assert.rejects(disableUser({ ...(await ctxFor(b)), user: { ...asA.user, id: c } }, f.users.sysadmin.id), AdminRuleError);
});

test('disabling ends every session at once (rows deleted in the same transaction); enabling lets the user back', async () => {
  const ctx = await ctxFor('sysadmin');
  const target = await newUser('disable.target');
  const a = await createSession(h.db, target, now);
  const b = await createSession(h.db, target, now);
  const other = await createSession(h.db, f.users.iro.id, now);
  const { sessionsEnded } = await disableUser(ctx, target);
  assert.equal(sessionsEnded, 2);
  assert.equal(await loadSession(h.db, a.id, now, timeouts), undefined);
  assert.equal(await loadSession(h.db, b.id, now, timeouts), undefined);
  assert.equal((await h.db.selectFrom('user_session').select('id_hash').where('user_id', '=', target).execute()).length, 0);
  assert.ok(await loadSession(h.db, other.id, now, timeouts), 'other users keep their sessions');
  const audit = (await events(ctx.requestId)).find((e) => (e.detail as { op?: string }).op === 'disabled');
  assert.deepEqual(audit?.detail, { op: 'disabled', username: 'disable.target', sessionsEnded: 2 });
  await enableUser(ctx, target);
  assert.ok(await loadSessionUser(h.db, target));
});

test('unlock clears a lockout; reset sets a new password the user must change, clears the lockout and ends sessions', async () => {
  const ctx = await ctxFor('sysadmin');
  const target = await newUser('reset.target');
  await h.db.updateTable('user_account').set({ failed_attempts: 3, locked_until: new Date(now.getTime() + 600_000), must_change_password: false }).where('id', '=', target).execute();
  assert.equal((await getUser(ctx, target)).locked, true);
  await unlockUser(ctx, target);
  const unlocked = await h.db.selectFrom('user_account').select(['failed_attempts', 'locked_until']).where('id', '=', target).executeTakeFirstOrThrow();
  assert.deepEqual(unlocked, { failed_attempts: 0, locked_until: null });
  const s = await createSession(h.db, target, now);
  await assert.rejects(resetPassword(ctx, target, { mode: 'set', password: 'reset.target-12345' }), (e: unknown) => e instanceof FormErrors && /username/.test(e.message));
  const r = await resetPassword(ctx, target, { mode: 'set', password: 'quiet harbour lamp 42' });
  assert.equal(r.oneTimePassword, null);
  const row = await h.db.selectFrom('user_account').select(['password_hash', 'must_change_password']).where('id', '=', target).executeTakeFirstOrThrow();
  assert.ok(await verifyPassword(row.password_hash, 'quiet harbour lamp 42'));
  assert.equal(row.must_change_password, true);
  assert.equal(await loadSession(h.db, s.id, now, timeouts), undefined);
  const g = await resetPassword(ctx, target, { mode: 'generate', password: '' });
  const row2 = await h.db.selectFrom('user_account').select(['password_hash']).where('id', '=', target).executeTakeFirstOrThrow();
  assert.ok(await verifyPassword(row2.password_hash, g.oneTimePassword!));
  const text = JSON.stringify(await events(ctx.requestId));
  assert.ok(!text.includes('quiet harbour') && !text.includes(g.oneTimePassword!));
  assert.match(text, /password_reset/);
});

test('changing one’s own password: current password checked, policy applied, flag cleared, other sessions ended', async () => {
  const admin = await ctxFor('sysadmin');
  const target = await newUser('own.change');
  const keep = await createSession(h.db, target, now);
  const other = await createSession(h.db, target, now);
  const ctx = await ctxFor(target);
  assert.equal(ctx.user.mustChangePassword, true);
  const keepHash = (await loadSession(h.db, keep.id, now, timeouts))!.idHash;
  await assert.rejects(changeOwnPassword(ctx, { current: 'wrong', password: 'x', confirm: 'y' }, keepHash), formErrors(['current', 'password']));
  await assert.rejects(changeOwnPassword(ctx, { current: 'lantern orbit meadow 7', password: 'lantern orbit meadow 7', confirm: 'lantern orbit meadow 7' }, keepHash), formErrors(['password']));
  await assert.rejects(changeOwnPassword(ctx, { current: 'lantern orbit meadow 7', password: 'violet canyon drum 9', confirm: 'violet canyon drum' }, keepHash), formErrors(['confirm']));
  await changeOwnPassword(ctx, { current: 'lantern orbit meadow 7', password: 'violet canyon drum 9', confirm: 'violet canyon drum 9' }, keepHash);
  assert.equal((await loadSessionUser(h.db, target))?.mustChangePassword, false);
  assert.ok(await loadSession(h.db, keep.id, now, timeouts));
  assert.equal(await loadSession(h.db, other.id, now, timeouts), undefined);
  void admin;
});

test('teams: create and edit with council, name, parent and thresholds checked; establishment history kept', async () => {
  const ctx = await ctxFor('sysadmin');
  await assert.rejects(createTeam(ctx, { laCode: '', name: '', kind: 'nonsense', parentId: 'x', amber: '20', red: '18' }), formErrors(['laCode', 'name', 'kind', 'parentId', 'red']));
  await assert.rejects(createTeam(ctx, { laCode: '318', name: 'Richmond Assessment', kind: 'assessment', parentId: '', amber: '', red: '' }), formErrors(['name']));
  await assert.rejects(createTeam(ctx, { laCode: '318', name: 'Cross', kind: 'assessment', parentId: String(f.teams.kingstonAssessment), amber: '', red: '' }), formErrors(['parentId']));
  const { teamId: service } = await createTeam(ctx, { laCode: '318', name: 'Richmond Service', kind: 'service', parentId: '', amber: '', red: '' });
  const { teamId: child } = await createTeam(ctx, { laCode: '318', name: 'Richmond Disabled Children', kind: 'disabled_children', parentId: String(service), amber: '14', red: '18' });
  const created = await getTeam(ctx, child);
  assert.deepEqual([created.parentName, created.amber, created.red, created.kind], ['Richmond Service', 14, 18, 'disabled_children']);
  await assert.rejects(updateTeam(ctx, service, { name: 'Richmond Service', parentId: String(child), amber: '', red: '' }), (e: unknown) => e instanceof FormErrors && /cannot sit below itself/.test(e.message));
  await assert.rejects(updateTeam(ctx, service, { name: 'Richmond Service', parentId: String(service), amber: '', red: '' }), (e: unknown) => e instanceof FormErrors && /own parent/.test(e.message));
  await assert.rejects(updateTeam(ctx, child, { name: 'Richmond Front Door', parentId: '', amber: '5', red: '5' }), formErrors(['name', 'red']));
  await updateTeam(ctx, f.teams.richmondAssessment, { name: 'Richmond Assessment', parentId: String(service), amber: '16', red: '20' });
  const updated = await h.db.selectFrom('team').selectAll().where('id', '=', f.teams.richmondAssessment).executeTakeFirstOrThrow();
  assert.deepEqual([Number(updated.parent_team_id), updated.caseload_amber, updated.caseload_red], [service, 16, 20]);
  const audit = (await events(ctx.requestId)).find((e) => e.record_type === 'team' && e.action === 'update');
  assert.deepEqual((audit?.detail as { before: unknown; after: unknown }).after, { name: 'Richmond Assessment', parentId: service, amber: 16, red: 20 });

  await recordEstablishment(ctx, f.teams.richmondAssessment, { fte: '8', effectiveFrom: '2025-04-01' });
  await recordEstablishment(ctx, f.teams.richmondAssessment, { fte: '9.5', effectiveFrom: '2026-01-01' });
  await recordEstablishment(ctx, f.teams.richmondAssessment, { fte: '11', effectiveFrom: '2026-06-01' }); // future: not yet in force
  await assert.rejects(recordEstablishment(ctx, f.teams.richmondAssessment, { fte: '10', effectiveFrom: '2026-01-01' }), (e: unknown) => e instanceof FormErrors && /already recorded from this date/.test(e.message));
  await assert.rejects(recordEstablishment(ctx, f.teams.richmondAssessment, { fte: 'ten', effectiveFrom: 'invalid' }), formErrors(['fte', 'effectiveFrom']));
  const t = await getTeam(ctx, f.teams.richmondAssessment);
  assert.deepEqual(t.establishment, { fte: 9.5, from: '2026-01-01' }, 'the figure in force today (2026-03-02)');
  assert.deepEqual(t.history, [{ fte: 11, from: '2026-06-01' }, { fte: 9.5, from: '2026-01-01' }, { fte: 8, from: '2025-04-01' }]);
  assert.equal(t.inPost.count, 3, 'Ada Quill, Bram Oakes and Edie Larch');
});

test('two administrators disabling each other at the same moment: exactly one succeeds, one administrator remains', async () => {
  const asA = await ctxFor('sysadmin');
  const x = await newUser('racing.admin');
  await addGrant(asA, x, { role: 'sysadmin', laCode: '', teamId: '' });
  const asX = await ctxFor(x);
  const results = await Promise.allSettled([disableUser(asA, x), disableUser(asX, f.users.sysadmin.id)]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.ok(rejected.reason instanceof AdminRuleError, String(rejected.reason));
  const enabledAdmins = await h.db.selectFrom('user_account as u').innerJoin('user_role as r', 'r.user_id', 'u.id').select('u.id').where('r.role', '=', 'sysadmin').where('u.disabled', '=', false).execute();
  assert.equal(enabledAdmins.length, 1);
  // Leave A enabled for any later test.
  if (Number(enabledAdmins[0]!.id) !== f.users.sysadmin.id) await enableUser(asX, f.users.sysadmin.id);
});

test('a change that could remove the last administrator waits for a concurrent one and then sees it (PostgreSQL: two connections)', { skip: testDatabaseKind === 'pglite' ? 'PGlite has one connection: transactions cannot overlap' : false }, async () => {
  const asA = await ctxFor('sysadmin');
  const x = await newUser('waiting.admin');
  await addGrant(asA, x, { role: 'sysadmin', laCode: '', teamId: '' });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const haveLock = new Promise<void>((r) => (locked = r));
  // Another administrator, mid-way through disabling A (holding the same lock the service takes).
  const other = h.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(4004)`.execute(trx);
    await trx.updateTable('user_account').set({ disabled: true }).where('id', '=', f.users.sysadmin.id).execute();
    locked();
    await gate;
  });
  await haveLock;
  const mine = disableUser(asA, x).then(() => 'disabled', (e: unknown) => e);
  await new Promise((r) => setTimeout(r, 300));
  release();
  await other;
  const outcome = await mine;
  assert.ok(outcome instanceof AdminRuleError, `X must stay enabled once A is disabled: got ${String(outcome)}`);
  assert.equal((await h.db.selectFrom('user_account').select('disabled').where('id', '=', x).executeTakeFirstOrThrow()).disabled, false);
  await h.db.updateTable('user_account').set({ disabled: false }).where('id', '=', f.users.sysadmin.id).execute();
});

test('name and staff record: checked, changed with before and after in the audit trail; the staff record decides My work', async () => {
  const ctx = await ctxFor('sysadmin');
  const target = await newUser('details.target');
  await assert.rejects(updateUserDetails(ctx, target, { displayName: '', staffRef: 'S1' }), (e: unknown) => e instanceof FormErrors && JSON.stringify(e.errors.map((x) => x.field)) === '["displayName","staffRef"]' && /another enabled account/.test(e.message));
  await assert.rejects(updateUserDetails(ctx, target, { displayName: 'X', staffRef: 'S999' }), formErrors(['staffRef']));
  await updateUserDetails(ctx, target, { displayName: 'Dev Marsh', staffRef: 'S4' });
  const u = await getUser(ctx, target);
  assert.deepEqual([u.displayName, u.staff?.staffRef, u.staff?.name], ['Dev Marsh', 'S4', 'Dev Marsh']);
  await updateUserDetails(ctx, target, { displayName: 'Dev Marsh', staffRef: 'S4' }); // its own link is not "another account"
  await updateUserDetails(ctx, target, { displayName: 'Dev Marsh', staffRef: '' });
  assert.equal((await getUser(ctx, target)).staff, null);
  const audit = (await events(ctx.requestId)).filter((e) => (e.detail as { op?: string }).op === 'details_changed');
  assert.equal(audit.length, 3);
  const s4 = Number((await h.db.selectFrom('staff').select('id').where('staff_ref', '=', 'S4').executeTakeFirstOrThrow()).id);
  assert.deepEqual(audit[0]!.detail, { op: 'details_changed', username: 'details.target', before: { displayName: 'Test details.target', staffId: null }, after: { displayName: 'Dev Marsh', staffId: s4 } });
});
