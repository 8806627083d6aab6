import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateScope,
  canEditChild,
  canExportChild,
  canViewAggregates,
  canViewAudit,
  canViewChild,
  childAccess,
  formatCount,
  isAggregateOnly,
  suppressSmallCounts,
  type ChildFacts,
  type PolicyUser,
  type Role,
} from '../../src/services/policy.ts';

const child = (over: Partial<ChildFacts> = {}): ChildFacts => ({
  id: 1,
  laCode: '318',
  restricted: false,
  grantUserIds: [],
  allocatedStaffId: 100,
  allocatedTeamId: 10,
  reviewerStaffIds: [],
  inFrontDoor: false,
  ...over,
});
const user = (role: Role, over: Partial<PolicyUser> & { laCode?: string | null; teamId?: number | null } = {}): PolicyUser => ({
  id: over.id ?? 1,
  staffId: over.staffId ?? null,
  staffTeamId: over.staffTeamId ?? null,
  roles: over.roles ?? [{ role, laCode: over.laCode ?? null, teamId: over.teamId ?? null }],
});

test('practitioner: edits allocated children, reads the team’s, nothing else', () => {
  const p = user('practitioner', { staffId: 100, teamId: 10, laCode: '318' });
  assert.equal(childAccess(p, child()).level, 'edit');
  assert.equal(childAccess(p, child({ allocatedStaffId: 101 })).level, 'read');
  assert.equal(canEditChild(p, child({ allocatedStaffId: 101 })), false);
  assert.equal(childAccess(p, child({ allocatedStaffId: 101, allocatedTeamId: 11 })).level, 'none');
  assert.equal(childAccess(p, child({ allocatedStaffId: null, allocatedTeamId: null })).level, 'none');
  // Team taken from the staff record when the role carries none.
  const q = user('practitioner', { staffId: 5, staffTeamId: 10 });
  assert.equal(childAccess(q, child()).level, 'read');
  // A practitioner scoped to another council sees nothing there, even if "allocated".
  assert.equal(childAccess(user('practitioner', { staffId: 100, teamId: 10, laCode: '314' }), child()).level, 'none');
});

test('team manager: their team only', () => {
  const m = user('team_manager', { teamId: 10 });
  assert.equal(canEditChild(m, child()), true);
  assert.equal(canViewChild(m, child({ allocatedTeamId: 11 })), false);
  assert.equal(canViewChild(user('team_manager'), child()), false, 'a manager without a team manages nothing');
});

test('head of service: whole service (within their council scope), read-only', () => {
  assert.equal(childAccess(user('head_of_service'), child({ allocatedTeamId: null })).level, 'read');
  assert.equal(canViewChild(user('head_of_service', { laCode: '314' }), child()), false);
  assert.equal(canViewChild(user('head_of_service', { laCode: '318' }), child()), true);
});

test('IRO / CP chair: only the children they review', () => {
  const iro = user('iro', { staffId: 7 });
  assert.equal(canViewChild(iro, child({ reviewerStaffIds: [7] })), true);
  assert.equal(canViewChild(iro, child({ reviewerStaffIds: [8] })), false);
  assert.equal(canViewChild(user('iro'), child({ reviewerStaffIds: [7] })), false, 'no staff record, no reviews');
});

test('front door: children with front-door work open', () => {
  assert.equal(canViewChild(user('front_door'), child({ inFrontDoor: true })), true);
  assert.equal(canViewChild(user('front_door'), child()), false);
});

test('performance officer: pseudonymised view service-wide, never the named record', () => {
  const po = user('performance_officer');
  assert.equal(childAccess(po, child()).level, 'pseudonymised');
  assert.equal(canViewChild(po, child()), false);
  assert.equal(canEditChild(po, child()), false);
});

test('aggregate-only roles and administrators get no child at all', () => {
  for (const role of ['board_member', 'council_commissioner', 'partnership_chair', 'sysadmin', 'qa_officer'] as Role[]) {
    assert.equal(childAccess(user(role, { staffId: 100, teamId: 10 }), child({ reviewerStaffIds: [100], inFrontDoor: true })).level, 'none', role);
  }
  assert.equal(isAggregateOnly(user('board_member')), true);
  assert.equal(isAggregateOnly(user('council_commissioner', { laCode: '318' })), true);
  assert.equal(isAggregateOnly(user('partnership_chair')), true);
  assert.equal(isAggregateOnly(user('sysadmin')), false, 'an administrator is not an aggregate audience');
  assert.equal(isAggregateOnly(user('practitioner')), false);
  const mixed: PolicyUser = { id: 1, staffId: 100, staffTeamId: null, roles: [{ role: 'board_member', laCode: null, teamId: null }, { role: 'practitioner', laCode: null, teamId: 10 }] };
  assert.equal(isAggregateOnly(mixed), false);
  assert.equal(canEditChild(mixed, child()), true, 'a case role still works alongside a board role');
});

test('sysadmin with a case role gets that role’s access, and no more', () => {
  const u: PolicyUser = { id: 1, staffId: 100, staffTeamId: null, roles: [{ role: 'sysadmin', laCode: null, teamId: null }, { role: 'practitioner', laCode: null, teamId: 10 }] };
  assert.equal(childAccess(u, child()).level, 'edit');
  assert.equal(childAccess(u, child({ allocatedStaffId: 5, allocatedTeamId: 99 })).level, 'none');
});

test('restricted records: only the people named on them', () => {
  const restricted = child({ restricted: true, grantUserIds: [42] });
  // Allocated worker, manager, head of service, data protection: all refused unless named.
  for (const u of [user('practitioner', { staffId: 100, teamId: 10 }), user('team_manager', { teamId: 10 }), user('head_of_service'), user('data_protection'), user('performance_officer')]) {
    assert.equal(childAccess(u, restricted).level, 'none', u.roles[0]!.role);
    assert.equal(canViewAudit(u, restricted).level, 'none');
    assert.equal(canExportChild(u, restricted).level, 'none');
  }
  // Named: a case role in the child's council gives at least read; an allocated named worker keeps edit.
  assert.equal(childAccess(user('practitioner', { id: 42, staffId: 9, teamId: 99, laCode: '318' }), restricted).level, 'read');
  assert.equal(childAccess(user('practitioner', { id: 42, staffId: 100, teamId: 10 }), restricted).level, 'edit');
  assert.equal(canExportChild(user('data_protection', { id: 42 }), restricted).level, 'read');
  // Named but with no case role (board member, sysadmin) or in another council: still nothing.
  assert.equal(childAccess(user('board_member', { id: 42 }), restricted).level, 'none');
  assert.equal(childAccess(user('sysadmin', { id: 42 }), restricted).level, 'none');
  assert.equal(childAccess(user('practitioner', { id: 42, laCode: '314' }), restricted).level, 'none');
});

test('audit view: team managers (their team), heads of service and data protection', () => {
  assert.equal(canViewAudit(user('team_manager', { teamId: 10 }), child()).level, 'read');
  assert.equal(canViewAudit(user('team_manager', { teamId: 11 }), child()).level, 'none');
  assert.equal(canViewAudit(user('head_of_service'), child()).level, 'read');
  assert.equal(canViewAudit(user('data_protection', { laCode: '318' }), child()).level, 'read');
  assert.equal(canViewAudit(user('data_protection', { laCode: '314' }), child()).level, 'none');
  assert.equal(canViewAudit(user('practitioner', { staffId: 100, teamId: 10 }), child()).level, 'none');
  assert.equal(canViewAudit(user('sysadmin'), child()).level, 'none');
});

test('subject access export: data protection only', () => {
  assert.equal(canExportChild(user('data_protection'), child()).role, 'data_protection');
  for (const role of ['head_of_service', 'team_manager', 'practitioner', 'sysadmin', 'board_member'] as Role[]) {
    assert.equal(canExportChild(user(role, { teamId: 10, staffId: 100 }), child()).level, 'none', role);
  }
});

test('aggregate scope: commissioners see only their own council', () => {
  assert.deepEqual(aggregateScope(user('council_commissioner', { laCode: '318' })), ['318']);
  assert.deepEqual(aggregateScope(user('council_commissioner')), [], 'a commissioner with no council sees nothing');
  assert.equal(aggregateScope(user('board_member')), 'all');
  assert.equal(aggregateScope(user('partnership_chair')), 'all');
  assert.deepEqual(aggregateScope(user('partnership_chair', { laCode: '314' })), ['314']);
  assert.equal(aggregateScope(user('head_of_service')), 'all');
  assert.equal(canViewAggregates(user('practitioner')), false);
  assert.equal(canViewAggregates(user('sysadmin')), false);
});

test('small counts 1–4 are suppressed; 0 and 5+ are shown', () => {
  assert.deepEqual(suppressSmallCounts(0), { value: 0, suppressed: false });
  for (const n of [1, 2, 3, 4]) assert.deepEqual(suppressSmallCounts(n), { value: null, suppressed: true });
  assert.deepEqual(suppressSmallCounts(5), { value: 5, suppressed: false });
  assert.equal(formatCount(suppressSmallCounts(3)), 'fewer than 5');
  assert.equal(formatCount(suppressSmallCounts(12)), '12');
});
