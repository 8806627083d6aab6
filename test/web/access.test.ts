/**
 * Each role's allowed and refused reads on the fixture children, the role ×
 * route matrix, the route guard, aggregate-only roles never receiving an
 * identifier, and the audit trail behind every look.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditWriter } from '../../src/services/audit.ts';
import { buildApp } from '../../src/web/app.ts';
import { MissingRoutePolicyError } from '../../src/web/plugins/route-policy.ts';
import { ROUTE_POLICIES } from '../../src/web/types.ts';
import { govukDate } from '../../src/web/format.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import type { ChildKey, UserKey } from '../helpers/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const CHILDREN: ChildKey[] = ['allocated', 'teamChild', 'otherTeam', 'kingston', 'restricted', 'frontDoor'];
const ALL_403 = [403, 403, 403, 403, 404, 403];
/** GET /children/:id status for each user on each child, in CHILDREN order (404 = hidden restricted record). */
const READS: Record<UserKey, number[]> = {
  practitioner: [200, 200, 403, 403, 404, 403],
  practitionerOtherTeam: [403, 403, 200, 403, 404, 403],
  teamManager: [200, 200, 403, 403, 404, 403],
  headOfService: [200, 200, 200, 200, 404, 200],
  frontDoor: [403, 403, 403, 403, 404, 200],
  iro: [403, 200, 403, 403, 404, 403],
  qaOfficer: ALL_403,
  performanceOfficer: [200, 200, 200, 200, 404, 200],
  boardMember: ALL_403,
  commissioner: ALL_403,
  commissionerKingston: ALL_403,
  partnershipChair: ALL_403,
  sysadmin: ALL_403,
  dataProtection: [200, 200, 200, 200, 404, 200],
  namedOnRestricted: [403, 403, 200, 403, 200, 403],
};
const USERS = Object.keys(READS) as UserKey[];
const AGGREGATE_ONLY: UserKey[] = ['boardMember', 'commissioner', 'commissionerKingston', 'partnershipChair'];

test('each role’s allowed and refused reads of each child, page and API alike', async () => {
  for (const user of USERS) {
    for (const [i, key] of CHILDREN.entries()) {
      const id = t.children[key].id;
      const page = await t.as(user, `/children/${id}`);
      assert.equal(page.statusCode, READS[user][i], `${user} GET /children/${key}`);
      const api = await t.as(user, `/api/children/${id}`);
      assert.equal(api.statusCode, READS[user][i], `${user} GET /api/children/${key}`);
      const name = `${t.children[key].givenName} ${t.children[key].familyName}`;
      if (page.statusCode === 200 && user !== 'performanceOfficer') {
        assert.ok(page.body.includes(name), `${user} sees ${key}'s name`);
        assert.equal(JSON.parse(api.body).displayName, name);
      } else {
        assert.ok(!page.body.includes(t.children[key].familyName), `${user} must not see ${key}'s name`);
        assert.ok(!api.body.includes(t.children[key].familyName));
      }
      if (api.statusCode !== 200) assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    }
  }
});

test('the child summary page is a real GOV.UK page with the summary facts', async () => {
  const r = await t.as('practitioner', `/children/${t.children.allocated.id}`);
  assert.match(r.body, /govuk-summary-list/);
  for (const s of ['Juniper Wrenfield', 'Date of birth', '11 April 2015', 'Richmond upon Thames (318)', 'Ada Quill, Richmond Assessment', 'Child in need']) {
    assert.ok(r.body.includes(s), s);
  }
  const po = await t.as('performanceOfficer', `/children/${t.children.allocated.id}`);
  assert.match(po.body, /pseudonymised view/);
  assert.ok(!po.body.includes('Juniper') && !po.body.includes('11 April 2015') && !po.body.includes('2015-04-11') && !po.body.includes(t.children.allocated.personRef));
  assert.match(po.body, /Month of birth[\s\S]*April 2015/, 'the pseudonymised view keeps the month of birth only');
});

/** Expected status of each route for each user ('out' = signed out). Child routes use the allocated child (team 1, Richmond). */
type Row = Record<string, number>;
const route = {
  home: 'GET /',
  aggregates: 'GET /aggregates',
  child: 'GET /children/:id',
  audit: 'GET /children/:id/audit',
  exp: 'GET /children/:id/export',
  api: 'GET /api/children/:id',
  signInPage: 'GET /sign-in',
  signIn: 'POST /sign-in',
  signOut: 'POST /sign-out',
};
function row(child: number, audit: number, exp: number, aggregates: number): Row {
  return { [route.home]: 200, [route.aggregates]: aggregates, [route.child]: child, [route.audit]: audit, [route.exp]: exp, [route.api]: child, [route.signInPage]: 303, [route.signIn]: 403, [route.signOut]: 303 };
}
const MATRIX: Record<UserKey | 'out', Row> = {
  out: { [route.home]: 303, [route.aggregates]: 303, [route.child]: 303, [route.audit]: 303, [route.exp]: 303, [route.api]: 401, [route.signInPage]: 200, [route.signIn]: 403, [route.signOut]: 401 },
  practitioner: row(200, 403, 403, 403),
  practitionerOtherTeam: row(403, 403, 403, 403),
  teamManager: row(200, 200, 403, 403),
  headOfService: row(200, 200, 403, 200),
  frontDoor: row(403, 403, 403, 403),
  iro: row(403, 403, 403, 403),
  qaOfficer: row(403, 403, 403, 403),
  performanceOfficer: row(200, 403, 403, 200),
  boardMember: row(403, 403, 403, 200),
  commissioner: row(403, 403, 403, 200),
  commissionerKingston: row(403, 403, 403, 200),
  partnershipChair: row(403, 403, 403, 200),
  sysadmin: row(403, 403, 403, 403),
  dataProtection: row(200, 200, 200, 403),
  namedOnRestricted: row(403, 403, 403, 403),
};

/** Performance routes (issue 6): dashboards for heads of service, performance officers, team managers and aggregate-only roles; the drill-down to children for case roles only. */
const performanceRoutes = {
  perfIndex: 'GET /performance',
  perfArea: 'GET /performance/:area',
  perfIndicator: 'GET /performance/indicators/:id',
  perfCsv: 'GET /performance/indicators/:id/csv',
  perfChildren: 'GET /performance/indicators/:id/children',
  perfReport: 'GET /performance/report',
  perfPdf: 'GET /performance/report.pdf',
  perfReportCsv: 'GET /performance/report.csv',
  perfComment: 'POST /performance/report/commentary',
};
Object.assign(route, performanceRoutes);
for (const [user, expected] of Object.entries(MATRIX) as [UserKey | 'out', Row][]) {
  const viewer = ['headOfService', 'performanceOfficer', 'teamManager'].includes(user);
  const aggregate = (AGGREGATE_ONLY as string[]).includes(user);
  for (const r of Object.values(performanceRoutes)) {
    // Signed-in viewers posting the matrix's dummy form get 400 (not a commentary form); everyone else is stopped by the route guard.
    if (user === 'out') expected[r] = r.startsWith('POST') ? 401 : 303;
    else if (r === performanceRoutes.perfComment) expected[r] = viewer || aggregate ? 400 : 403;
    else if (r === performanceRoutes.perfChildren) expected[r] = viewer ? 200 : 403;
    else expected[r] = viewer || aggregate ? 200 : 403;
  }
}

/** Case record routes (issue 5): the service decides per child (edit for forms, team manager for team and allocation). */
const recordRoutes = {
  myWork: 'GET /my-work',
  search: 'GET /search',
  formPage: 'GET /children/:id/record/:form',
  formPost: 'POST /children/:id/record/:form',
  team: 'GET /team',
  allocatePage: 'GET /children/:id/allocate',
  allocatePost: 'POST /children/:id/allocate',
  openapi: 'GET /api/openapi.json',
  apiMyWork: 'GET /api/my-work',
  apiSearch: 'GET /api/search',
  apiRecord: 'GET /api/children/:id/record',
  apiForms: 'GET /api/forms',
  apiRecordPost: 'POST /api/children/:id/records/:form',
  apiTeam: 'GET /api/team',
  apiAllocate: 'POST /api/children/:id/allocation',
};
Object.assign(route, recordRoutes);
for (const [user, expected] of Object.entries(MATRIX) as [UserKey | 'out', Row][]) {
  const api = (r: string) => r.includes(' /api/');
  if (user === 'out') {
    for (const r of Object.values(recordRoutes)) expected[r] = r === recordRoutes.openapi ? 200 : r.startsWith('POST') || api(r) ? 401 : 303;
    continue;
  }
  const caseRole = !['boardMember', 'commissioner', 'commissionerKingston', 'partnershipChair', 'sysadmin'].includes(user);
  const editor = user === 'practitioner' || user === 'teamManager';
  const manager = user === 'teamManager';
  expected[recordRoutes.myWork] = 200;
  expected[recordRoutes.apiMyWork] = 200;
  expected[recordRoutes.apiForms] = 200;
  expected[recordRoutes.openapi] = 200;
  expected[recordRoutes.search] = caseRole ? 200 : 403;
  expected[recordRoutes.apiSearch] = caseRole ? 200 : 403;
  expected[recordRoutes.formPage] = editor ? 200 : 403;
  // The matrix's dummy form has no CSRF token: refused (403) before anything else; allocation bodies are refused as malformed (400) first.
  expected[recordRoutes.formPost] = 403;
  expected[recordRoutes.apiRecordPost] = 403;
  expected[recordRoutes.allocatePost] = 400;
  expected[recordRoutes.apiAllocate] = 400;
  expected[recordRoutes.team] = manager ? 200 : 403;
  expected[recordRoutes.apiTeam] = manager ? 200 : 403;
  expected[recordRoutes.allocatePage] = manager ? 200 : 403;
  expected[recordRoutes.apiRecord] = expected[route.child]!;
}

/** Administration (issue #4): system administrators only, every route including POSTs; the change-password page for everyone signed in. */
const adminRoutes = {
  adminIndex: 'GET /admin',
  adminUsers: 'GET /admin/users',
  adminUserNew: 'GET /admin/users/new',
  adminUserCreate: 'POST /admin/users/new',
  adminUser: 'GET /admin/users/:id',
  adminUserDetailsPage: 'GET /admin/users/:id/details',
  adminUserDetails: 'POST /admin/users/:id/details',
  adminGrantNew: 'GET /admin/users/:id/roles/new',
  adminGrantAdd: 'POST /admin/users/:id/roles/new',
  adminGrantRemove: 'POST /admin/users/:id/roles/remove',
  adminDisablePage: 'GET /admin/users/:id/disable',
  adminDisable: 'POST /admin/users/:id/disable',
  adminEnable: 'POST /admin/users/:id/enable',
  adminUnlock: 'POST /admin/users/:id/unlock',
  adminPasswordPage: 'GET /admin/users/:id/password',
  adminPassword: 'POST /admin/users/:id/password',
  adminTeams: 'GET /admin/teams',
  adminTeamNew: 'GET /admin/teams/new',
  adminTeamCreate: 'POST /admin/teams/new',
  adminTeam: 'GET /admin/teams/:id',
  adminTeamEditPage: 'GET /admin/teams/:id/edit',
  adminTeamEdit: 'POST /admin/teams/:id/edit',
  adminEstablishmentPage: 'GET /admin/teams/:id/establishment',
  adminEstablishment: 'POST /admin/teams/:id/establishment',
  ownPasswordPage: 'GET /account/password',
  ownPassword: 'POST /account/password',
};
Object.assign(route, adminRoutes);
for (const [user, expected] of Object.entries(MATRIX) as [UserKey | 'out', Row][]) {
  for (const r of Object.values(adminRoutes)) {
    const post = r.startsWith('POST');
    if (user === 'out') expected[r] = post ? 401 : 303;
    else if (r === adminRoutes.ownPasswordPage) expected[r] = 200;
    // The matrix's dummy form (username, password) is refused as malformed (400) where those fields are not the form's, else by CSRF (403).
    else if (r === adminRoutes.ownPassword) expected[r] = 400;
    else if (user !== 'sysadmin') expected[r] = 403; // the route guard, before the body is read
    else expected[r] = !post ? 200 : r === adminRoutes.adminUserCreate ? 403 : 400;
  }
}

/** Statutory-return checks (issue 7): performance officers and heads of service only; reports hold child identifiers. */
const returnsRoutes = {
  rvIndex: 'GET /returns/validate',
  rv903Page: 'GET /returns/validate/903',
  rv903Post: 'POST /returns/validate/903',
  rvCinPage: 'GET /returns/validate/cin',
  rvCinPost: 'POST /returns/validate/cin',
  rvHearthPage: 'GET /returns/validate/hearth',
  rvHearthPost: 'POST /returns/validate/hearth',
  rvRun: 'GET /returns/validate/runs/:id',
  rvRunCsv: 'GET /returns/validate/runs/:id/report.csv',
  rvRunJson: 'GET /returns/validate/runs/:id/report.json',
};
Object.assign(route, returnsRoutes);
for (const [user, expected] of Object.entries(MATRIX) as [UserKey | 'out', Row][]) {
  const allowed = user === 'headOfService' || user === 'performanceOfficer';
  for (const r of Object.values(returnsRoutes)) {
    if (user === 'out') expected[r] = r.startsWith('POST') ? 401 : 303;
    else if (!allowed) expected[r] = 403;
    // The matrix's :id is a child id, not a report id (22 characters): 400. Its dummy form has no CSRF token (403).
    else if (r.includes(':id')) expected[r] = 400;
    else if (r.startsWith('POST')) expected[r] = 403;
    else expected[r] = 200;
  }
}

test('every route declares a known policy, and the matrix covers every route', () => {
  const routes = t.app.hearthRoutes.filter((r) => r.method !== 'HEAD');
  assert.ok(routes.length >= 10);
  for (const r of routes) assert.ok(r.policy && ROUTE_POLICIES.includes(r.policy), `${r.method} ${r.url}`);
  const pageRoutes = routes.filter((r) => !['/govuk/*', '/assets/*', '/static/*'].includes(r.url)).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual([...pageRoutes].sort(), Object.values(route).sort(), 'a new route must be added to the role × route matrix');
});

test('a route without a policy stops the app at start-up', async () => {
  const app = await buildApp({ db: t.db, config: t.config });
  app.get('/forgotten', async () => 'oops');
  await assert.rejects(async () => { await app.ready(); }, (e: unknown) => e instanceof MissingRoutePolicyError && /GET \/forgotten/.test(e.message));
  await app.close().catch(() => undefined);
  const app2 = await buildApp({ db: t.db, config: t.config });
  app2.get('/typo', { config: { policy: 'pubilc' as 'public' } }, async () => 'oops');
  await assert.rejects(async () => { await app2.ready(); }, MissingRoutePolicyError);
  await app2.close().catch(() => undefined);
});

test('role × route matrix: each role, each route, expected status', async () => {
  const id = t.children.allocated.id;
  for (const [user, expected] of Object.entries(MATRIX) as [UserKey | 'out', Row][]) {
    for (const [r, status] of Object.entries(expected)) {
      const [method, pattern] = r.split(' ') as [string, string];
      const url = pattern.startsWith('/performance/') ? pattern.replace(':area', 'child-protection').replace(':id', 'cin-rate')
        : pattern.startsWith('/admin/users/') ? pattern.replace(':id', String(t.users.practitioner.id))
        : pattern.startsWith('/admin/teams/') ? pattern.replace(':id', String(t.teams.richmondAssessment))
        : pattern.replace(':id', String(id)).replace(':form', 'visit');
      let res;
      if (method === 'POST') {
        const s = user === 'out' ? null : await t.signInAs(user);
        const payload = r === route.signOut && s ? `_csrf=${s.csrf}` : 'username=x&password=y';
        res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(s ? { cookie: s.cookie } : {}) } });
      } else {
        res = await t.as(user === 'out' ? null : user, url);
      }
      assert.equal(res.statusCode, status, `${user} ${r}`);
      if (status === 303 && method === 'GET' && user === 'out') assert.equal(res.headers.location, '/sign-in');
    }
  }
});

test('restricted record: hidden from everyone not named, including the allocated worker; visible to the named person', async () => {
  const id = t.children.restricted.id;
  for (const user of USERS) {
    for (const path of [`/children/${id}`, `/api/children/${id}`, `/children/${id}/audit`, `/children/${id}/export`]) {
      const r = await t.as(user, path);
      if (user === 'namedOnRestricted' && !path.endsWith('/audit') && !path.endsWith('/export')) {
        assert.equal(r.statusCode, 200, `${user} ${path}`);
        assert.match(r.body, /Nettle/);
      } else {
        assert.ok(r.statusCode === 404 || r.statusCode === 403, `${user} ${path} → ${r.statusCode}`);
        assert.ok(!r.body.includes('Nettle') && !r.body.includes('Quarrington'), `${user} ${path}`);
      }
    }
  }
});

test('aggregate-only roles never receive a child identifier, name, date of birth or free text, on any route', async () => {
  const needles: string[] = ['Worry about home conditions'];
  for (const c of Object.values(t.children)) needles.push(c.givenName, c.familyName, c.personRef, c.dateOfBirth, String(govukDate(c.dateOfBirth)), `/children/${c.id}`, `"id":${c.id}`);
  const paths = new Set<string>(['/', '/aggregates', '/sign-in', '/api/aggregates']);
  for (const r of t.app.hearthRoutes) {
    if (r.method !== 'GET' || !r.url.includes(':id')) continue;
    for (const c of Object.values(t.children)) paths.add(r.url.replace(':id', String(c.id)));
  }
  for (const user of AGGREGATE_ONLY) {
    for (const path of paths) {
      const r = await t.as(user, path);
      const text = r.body + JSON.stringify(r.headers);
      for (const n of needles) assert.ok(!text.includes(n), `${user} GET ${path} leaked "${n}"`);
    }
  }
});

test('aggregates: by council, commissioners only their own, counts of 1–4 suppressed', async () => {
  const board = await t.as('boardMember', '/aggregates');
  assert.match(board.body, /Richmond upon Thames/);
  assert.match(board.body, /Kingston upon Thames/);
  // Richmond has 1 child in need and 1 looked after: suppressed; no CP plans: 0 is shown.
  const richmondRow = /<tr class="govuk-table__row">\s*<th[^>]*>\s*Richmond[\s\S]*?<\/tr>/.exec(board.body)?.[0] ?? '';
  assert.equal((richmondRow.match(/fewer than 5/g) ?? []).length, 2, richmondRow);
  assert.match(richmondRow, />\s*0\s*</);
  const commissioner = await t.as('commissioner', '/aggregates');
  assert.match(commissioner.body, /Richmond upon Thames/);
  assert.doesNotMatch(commissioner.body, /Kingston/);
  const kingston = await t.as('commissionerKingston', '/aggregates');
  assert.match(kingston.body, /Kingston upon Thames/);
  assert.doesNotMatch(kingston.body, /Richmond/);
});

test('every view of a child’s record writes one audit row (who, role, child, record, request id, outcome)', async () => {
  const id = t.children.teamChild.id;
  const r = await t.as('iro', `/children/${id}`);
  assert.equal(r.statusCode, 200);
  const rows = await t.db.selectFrom('audit_event').selectAll().where('request_id', '=', String(r.headers['x-request-id'])).execute();
  assert.equal(rows.length, 1);
  assert.deepEqual(
    { user: rows[0]!.user_id, username: rows[0]!.username, role: rows[0]!.role, action: rows[0]!.action, child: rows[0]!.child_id, record: rows[0]!.record_type, outcome: rows[0]!.outcome },
    { user: t.users.iro.id, username: t.users.iro.username, role: 'iro', action: 'read', child: id, record: 'child_summary', outcome: 'allowed' },
  );
  const denied = await t.as('sysadmin', `/children/${id}`);
  const d = await t.db.selectFrom('audit_event').selectAll().where('request_id', '=', String(denied.headers['x-request-id'])).execute();
  assert.deepEqual(d.map((x) => [x.action, x.outcome, x.child_id, x.user_id]), [['denied', 'denied', id, t.users.sysadmin.id]]);
  const exp = await t.as('dataProtection', `/children/${id}/export`);
  assert.equal(exp.statusCode, 200);
  assert.match(String(exp.headers['content-disposition']), /attachment/);
  assert.equal(JSON.parse(exp.body).child.given_name, 'Kestrel');
  const e = await t.db.selectFrom('audit_event').select(['action']).where('request_id', '=', String(exp.headers['x-request-id'])).execute();
  assert.deepEqual(e, [{ action: 'export' }]);
  const who = await t.as('teamManager', `/children/${id}/audit`);
  assert.equal(who.statusCode, 200);
  assert.ok(who.body.includes(t.users.iro.username), 'the IRO’s view is listed');
});

test('if the audit write fails the request fails (503) and no child data is returned', async () => {
  const failing: AuditWriter = { record: async () => { throw new Error('audit store down'); } };
  const app = await buildApp({ db: t.db, config: t.config, clock: t.clock, services: { audit: failing } });
  try {
    const s = await t.signInAs('practitioner');
    const page = await app.inject({ url: `/children/${t.children.allocated.id}`, headers: { cookie: s.cookie } });
    assert.equal(page.statusCode, 503);
    assert.ok(!page.body.includes('Juniper') && !page.body.includes('Wrenfield'));
    assert.match(page.body, /audit trail could not be written/);
    const api = await app.inject({ url: `/api/children/${t.children.allocated.id}`, headers: { cookie: s.cookie } });
    assert.equal(api.statusCode, 503);
    assert.equal(JSON.parse(api.body).status, 503);
    assert.ok(!api.body.includes('Juniper'));
  } finally {
    await app.close();
  }
});
