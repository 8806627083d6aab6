/**
 * performanceScope: who sees the performance pages, which councils, teams and
 * workers, and whether they may list the children behind a figure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performanceScope } from '../../../src/services/indicators/policy.ts';
import type { PolicyUser, Role } from '../../../src/services/policy.ts';

const user = (roles: [Role, string | null, number | null][], staffTeamId: number | null = null): PolicyUser => ({
  id: 1, staffId: null, staffTeamId, roles: roles.map(([role, laCode, teamId]) => ({ role, laCode, teamId })),
});

test('heads of service: named drill-down; performance officers: pseudonymised; both see workers', () => {
  assert.deepEqual(performanceScope(user([['head_of_service', null, null]])), { role: 'head_of_service', laCodes: null, teamIds: null, workers: true, drill: 'named', suppress: false });
  assert.deepEqual(performanceScope(user([['head_of_service', '318', null]]))?.laCodes, ['318']);
  const po = performanceScope(user([['performance_officer', null, null]]))!;
  assert.equal(po.drill, 'pseudonymised');
  assert.equal(po.suppress, false);
});

test('team managers: their team only (from the role, else their staff record); none without a team', () => {
  assert.deepEqual(performanceScope(user([['team_manager', '318', 7]]))?.teamIds, [7]);
  assert.deepEqual(performanceScope(user([['team_manager', '318', null]], 9))?.teamIds, [9]);
  assert.equal(performanceScope(user([['team_manager', '318', null]])), null);
});

test('aggregate-only roles: suppressed, no workers, no drill-down; a commissioner only their council', () => {
  const board = performanceScope(user([['board_member', null, null]]))!;
  assert.deepEqual([board.laCodes, board.workers, board.drill, board.suppress], [null, false, 'none', true]);
  assert.deepEqual(performanceScope(user([['council_commissioner', '314', null]]))?.laCodes, ['314']);
  assert.equal(performanceScope(user([['council_commissioner', null, null]])), null, 'a commissioner with no council sees nothing');
});

test('roles without a performance view get none; the most open role a user holds wins', () => {
  for (const r of ['practitioner', 'front_door', 'iro', 'qa_officer', 'sysadmin', 'data_protection'] as Role[]) {
    assert.equal(performanceScope(user([[r, null, 1]])), null, r);
  }
  assert.equal(performanceScope(user([['board_member', null, null], ['head_of_service', null, null]]))?.drill, 'named');
});
