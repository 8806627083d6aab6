/**
 * The pure rules of administration (src/services/admin-rules.ts): usernames,
 * the password policy, role grants, separation of duties, the last system
 * administrator, team parents and thresholds, establishment figures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkEstablishment, checkGrant, checkPassword, checkTeamParent, checkThresholds, checkUsername, COMMON_PASSWORDS,
  lastSysadminGuard, separationOfDuties, type GrantCheckFacts, type TeamNode,
} from '../../src/services/admin-rules.ts';

test('usernames: lower-case letters, numbers, dots, hyphens, underscores; a letter first; 3 to 40 characters', () => {
  for (const ok of ['a.quill', 'abc', 'team_manager-2', 'x'.repeat(40)]) assert.equal(checkUsername(ok), null, ok);
  assert.equal(checkUsername(''), 'Enter a username');
  assert.match(checkUsername('ab')!, /between 3 and 40/);
  assert.match(checkUsername('x'.repeat(41))!, /between 3 and 40/);
  assert.match(checkUsername('1abc')!, /start with a lower-case letter/);
  assert.match(checkUsername('Abc')!, /start with a lower-case letter/);
  for (const bad of ['a quill', 'a@quill', 'aQuill', 'a/b', 'ab’c']) assert.match(checkUsername(bad)!, /can only contain/, bad);
});

test('password policy: 12 characters or more, not containing the username, not a common password', () => {
  assert.equal(checkPassword('', 'a.quill'), 'Enter a password');
  assert.match(checkPassword('short pass1', 'a.quill')!, /12 characters or more/);
  assert.equal(checkPassword('twelve chars', 'a.quill'), null, 'exactly 12 is enough');
  assert.match(checkPassword('my name is A.Quill ok', 'a.quill')!, /must not contain the username/, 'case-insensitive');
  assert.match(checkPassword('Password1234', 'someone')!, /too common/);
  assert.match(checkPassword('correct horse battery staple', 'someone')!, /too common/, 'spaces ignored');
  assert.match(checkPassword('zzzzzzzzzzzzzzzz', 'someone')!, /too common/, 'one repeated character');
  for (const p of COMMON_PASSWORDS) assert.ok(p.length >= 12, `${p} would already fail the length rule`);
  assert.match(checkPassword('x'.repeat(201), 'someone')!, /200 characters or fewer/);
  assert.equal(checkPassword('lantern orbit meadow 7', 'someone'), null);
});

const facts = (over: Partial<GrantCheckFacts> = {}): GrantCheckFacts => ({ councils: ['318', '314'], teamCouncil: undefined, staffTeamId: null, heldRoles: [], ...over });

test('grants: a known role not already held; a council that exists; commissioners need a council', () => {
  assert.deepEqual(checkGrant({ role: 'head_of_service', laCode: null, teamId: null }, facts()), []);
  assert.deepEqual(checkGrant({ role: 'head_of_service', laCode: '318', teamId: null }, facts()), []);
  assert.deepEqual(checkGrant({ role: '', laCode: null, teamId: null }, facts()).map((e) => e.field), ['role']);
  assert.match(checkGrant({ role: 'superuser', laCode: null, teamId: null }, facts())[0]!.message, /from the list/);
  assert.match(checkGrant({ role: 'iro', laCode: null, teamId: null }, facts({ heldRoles: ['iro'] }))[0]!.message, /already has this role/);
  assert.deepEqual(checkGrant({ role: 'iro', laCode: '999', teamId: null }, facts()).map((e) => e.field), ['laCode']);
  assert.match(checkGrant({ role: 'council_commissioner', laCode: null, teamId: null }, facts())[0]!.message, /council this role is for/);
  assert.deepEqual(checkGrant({ role: 'council_commissioner', laCode: '314', teamId: null }, facts()), []);
});

test('grants: a team only for team-scoped roles, in the chosen council; team-scoped roles need a team from somewhere', () => {
  assert.deepEqual(checkGrant({ role: 'practitioner', laCode: '318', teamId: 7 }, facts({ teamCouncil: '318' })), []);
  assert.match(checkGrant({ role: 'practitioner', laCode: '314', teamId: 7 }, facts({ teamCouncil: '318' }))[0]!.message, /team in the chosen council/);
  assert.match(checkGrant({ role: 'team_manager', laCode: null, teamId: 7 }, facts({ teamCouncil: '318' }))[0]!.message, /council of the chosen team/);
  assert.match(checkGrant({ role: 'head_of_service', laCode: '318', teamId: 7 }, facts({ teamCouncil: '318' }))[0]!.message, /Only practitioner, team manager and front door/);
  assert.match(checkGrant({ role: 'practitioner', laCode: '318', teamId: 99 }, facts({ teamCouncil: undefined }))[0]!.message, /team from the list/);
  assert.match(checkGrant({ role: 'front_door', laCode: '318', teamId: null }, facts())[0]!.message, /no staff record with a team/);
  assert.deepEqual(checkGrant({ role: 'front_door', laCode: '318', teamId: null }, facts({ staffTeamId: 3 })), [], 'the staff record’s team is used');
});

test('separation of duties: not your own roles, disabling or password; other actions and other people are fine', () => {
  for (const a of ['change_roles', 'change_details', 'disable', 'reset_password'] as const) {
    const d = separationOfDuties(5, 5, a);
    assert.equal(d.allowed, false, a);
    assert.match(d.reason, /another administrator must/);
    assert.equal(separationOfDuties(5, 6, a).allowed, true, `${a} on someone else`);
  }
  assert.equal(separationOfDuties(5, 5, 'unlock').allowed, true);
  assert.equal(separationOfDuties(5, 5, 'enable').allowed, true);
});

test('the last enabled system administrator can be neither disabled nor lose the role', () => {
  assert.equal(lastSysadminGuard([1], 1, { kind: 'disable' }).allowed, false);
  assert.equal(lastSysadminGuard([1], 1, { kind: 'remove_role', role: 'sysadmin' }).allowed, false);
  assert.match(lastSysadminGuard([1], 1, { kind: 'disable' }).reason, /only enabled system administrator/);
  assert.equal(lastSysadminGuard([1], 1, { kind: 'remove_role', role: 'iro' }).allowed, true, 'other roles may go');
  assert.equal(lastSysadminGuard([1, 2], 1, { kind: 'disable' }).allowed, true, 'another administrator remains');
  assert.equal(lastSysadminGuard([1], 2, { kind: 'disable' }).allowed, true, 'the target is not an enabled administrator');
  assert.equal(lastSysadminGuard([], 2, { kind: 'remove_role', role: 'sysadmin' }).allowed, true);
});

test('team parents: same council, exists, no cycles (itself, its descendants)', () => {
  // 1 ← 2 ← 3 (3's parent is 2, 2's parent is 1); 4 in another council.
  const teams: TeamNode[] = [
    { id: 1, laCode: '318', parentId: null }, { id: 2, laCode: '318', parentId: 1 }, { id: 3, laCode: '318', parentId: 2 }, { id: 4, laCode: '314', parentId: null },
  ];
  assert.equal(checkTeamParent(3, '318', 1, teams), null);
  assert.equal(checkTeamParent(null, '318', 3, teams), null, 'a new team may sit anywhere in its council');
  assert.equal(checkTeamParent(2, '318', null, teams), null);
  assert.match(checkTeamParent(2, '318', 2, teams)!, /own parent/);
  assert.match(checkTeamParent(1, '318', 3, teams)!, /inside this team/);
  assert.match(checkTeamParent(1, '318', 2, teams)!, /inside this team/);
  assert.match(checkTeamParent(1, '318', 4, teams)!, /same council/);
  assert.match(checkTeamParent(1, '318', 42, teams)!, /from the list/);
});

test('caseload thresholds: both blank, or whole numbers from 1 with amber below red', () => {
  assert.deepEqual(checkThresholds('', ''), { amber: null, red: null, errors: [] });
  assert.deepEqual(checkThresholds('16', '20'), { amber: 16, red: 20, errors: [] });
  assert.deepEqual(checkThresholds('20', '20').errors.map((e) => [e.field, e.message]), [['red', 'Red threshold must be higher than the amber threshold']]);
  assert.deepEqual(checkThresholds('21', '20').errors.map((e) => e.field), ['red']);
  assert.deepEqual(checkThresholds('0', '20').errors.map((e) => e.field), ['amber']);
  assert.deepEqual(checkThresholds('-1', '20').errors.map((e) => e.field), ['amber']);
  assert.deepEqual(checkThresholds('1.5', 'x').errors.map((e) => e.field), ['amber', 'red']);
  assert.deepEqual(checkThresholds('16', '').errors.map((e) => e.field), ['red']);
  assert.deepEqual(checkThresholds('', '20').errors.map((e) => e.field), ['amber']);
});

test('establishment: FTE 0 to 9999.99 with two decimals at most, and a real date', () => {
  assert.deepEqual(checkEstablishment('12.5', '2026-04-01'), { fte: 12.5, errors: [] });
  assert.deepEqual(checkEstablishment('0', '2026-04-01'), { fte: 0, errors: [] });
  assert.deepEqual(checkEstablishment('', '').errors.map((e) => e.field), ['fte', 'effectiveFrom']);
  for (const bad of ['-1', '1.234', '10000', 'abc', '1e3']) assert.deepEqual(checkEstablishment(bad, '2026-04-01').errors.map((e) => e.field), ['fte'], bad);
  assert.match(checkEstablishment('3', '2026-02-30').errors[0]!.message, /real date/);
  assert.match(checkEstablishment('3', 'invalid').errors[0]!.message, /real date/);
});
