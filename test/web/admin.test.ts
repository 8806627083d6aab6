/**
 * The administration pages (src/web/routes/admin.ts) through the web layer:
 * who may reach them (system administrators only, every route, POSTs with a
 * valid CSRF token included), CSRF, each form's errors (GOV.UK error summary,
 * inline messages, input kept), post/redirect/get with a banner, the
 * disable confirmation, one-time passwords shown once, the change-password
 * step after an administrator sets a password, and that no admin page ever
 * shows a child while a sysadmin is refused every child page.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, setCookies, type SignedIn, type TestApp } from '../helpers/app.ts';
import type { UserKey } from '../helpers/fixtures.ts';

let t: TestApp;
let admin: SignedIn;
before(async () => {
  t = await createTestApp();
  admin = await t.signInAs('sysadmin');
});
after(() => t.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
function post(s: SignedIn | null, url: string, fields: Record<string, string>, csrf: string | null = s?.csrf ?? null): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields }).toString();
  return t.app.inject({ method: 'POST', url, payload: body, headers: { ...FORM, ...(s ? { cookie: s.cookie } : {}) } });
}
const get = (s: SignedIn | null, url: string) => t.app.inject({ url, headers: s ? { cookie: s.cookie } : {} });

/** The GOV.UK error pattern: a summary linking to each field, the inline message, and "Error:" in the title. */
function assertFormErrors(r: LightMyRequestResponse, expected: Record<string, RegExp>): void {
  assert.equal(r.statusCode, 422, r.body.slice(0, 300));
  assert.match(r.body, /<title>Error: /);
  assert.match(r.body, /govuk-error-summary/);
  for (const [field, message] of Object.entries(expected)) {
    assert.match(r.body, new RegExp(`<a href="#${field}">[^<]*`), `summary links to #${field}`);
    const inline = new RegExp(`id="${field.replace(/-day$/, '')}-error"[\\s\\S]{0,200}?${message.source}`);
    assert.match(r.body, inline, `inline error on ${field}`);
  }
}

const adminRoutes = () => t.app.hearthRoutes.filter((r) => r.url.startsWith('/admin') && r.method !== 'HEAD');
const fill = (url: string) => url.replace('/admin/users/:id', `/admin/users/${t.users.iro.id}`).replace('/admin/teams/:id', `/admin/teams/${t.teams.richmondLongTerm}`);

test('every admin route is declared with the admin policy and refused (403) to every other role, POSTs with a valid CSRF token included', async () => {
  const routes = adminRoutes();
  assert.ok(routes.length >= 20);
  for (const r of routes) assert.equal(r.policy, 'admin', `${r.method} ${r.url}`);
  const others = Object.keys(t.users).filter((k) => k !== 'sysadmin') as UserKey[];
  const before = JSON.stringify(await t.db.selectFrom('user_account').selectAll().orderBy('id').execute());
  for (const who of others) {
    const s = await t.signInAs(who);
    for (const r of routes) {
      const url = fill(r.url);
      const res = r.method === 'GET' ? await get(s, url) : await post(s, url, { role: 'sysadmin', username: 'x', passwordMode: 'generate' });
      assert.equal(res.statusCode, 403, `${who} ${r.method} ${r.url}`);
      assert.match(res.body, /You do not have access/);
    }
  }
  assert.equal(JSON.stringify(await t.db.selectFrom('user_account').selectAll().orderBy('id').execute()), before, 'nothing changed');
  // Signed out: pages redirect to sign-in; posts are 401.
  assert.equal((await get(null, '/admin/users')).headers.location, '/sign-in');
  assert.equal((await post(null, fill('/admin/users/:id/disable'), {})).statusCode, 401);
});

test('a sysadmin finds Administration on the home page and in the navigation, and is refused every child page', async () => {
  const home = await get(admin, '/');
  assert.match(home.body, /<a class="govuk-link" href="\/admin\/users">Users and roles<\/a>/);
  assert.match(home.body, /govuk-service-navigation__link" href="\/admin"/);
  const practitionerHome = await t.as('practitioner', '/');
  assert.doesNotMatch(practitionerHome.body, /href="\/admin/);
  for (const r of t.app.hearthRoutes.filter((x) => x.method === 'GET' && (x.url.startsWith('/children/:id') || x.url.startsWith('/api/children/:id')))) {
    for (const c of Object.values(t.children)) {
      const res = await get(admin, r.url.replace(':id', String(c.id)).replace(':form', 'visit'));
      assert.ok([403, 404].includes(res.statusCode), `${r.url} → ${res.statusCode}`);
      assert.ok(!res.body.includes(c.familyName), `${r.url} shows no child`);
    }
  }
});

test('no admin page shows a child, and the user list read is audited', async () => {
  const needles = Object.values(t.children).flatMap((c) => [c.givenName, c.familyName, c.personRef]);
  for (const r of adminRoutes().filter((x) => x.method === 'GET')) {
    const res = await get(admin, fill(r.url));
    assert.equal(res.statusCode, 200, r.url);
    for (const n of needles) assert.ok(!res.body.includes(n), `${r.url} shows ${n}`);
  }
  const list = await get(admin, '/admin/users?q=quill&state=active');
  const audit = await t.db.selectFrom('audit_event').selectAll().where('request_id', '=', String(list.headers['x-request-id'])).execute();
  assert.deepEqual(audit.map((a) => [a.action, a.record_type, a.user_id === null ? null : Number(a.user_id)]), [['search', 'user_list', t.users.sysadmin.id]]);
});

test('the user list: search, filters kept in the form and the pages, bad filters shown as errors', async () => {
  const r = await get(admin, '/admin/users?role=council_commissioner');
  assert.match(r.body, /2 users/);
  assert.match(r.body, /<option value="council_commissioner" selected>/);
  assert.match(r.body, /href="\/admin\/users\/\d+">Test commissionerKingston<\/a>/);
  assert.doesNotMatch(r.body, /Test practitioner/);
  const bad = await get(admin, '/admin/users?role=superuser&state=asleep');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /<a href="#role">Select a role from the list<\/a>/);
  const malformed = await get(admin, '/admin/users?page=0');
  assert.equal(malformed.statusCode, 400);
  for (let i = 0; i < 30; i++) await t.db.insertInto('user_account').values({ username: `page.user${String(i).padStart(2, '0')}`, display_name: `Paging ${i}`, password_hash: 'x' }).execute();
  const p1 = await get(admin, '/admin/users?q=page.user');
  assert.match(p1.body, /30 users \(page 1 of 2\)/);
  assert.match(p1.body, /govuk-pagination/);
  assert.match(p1.body, /href="\/admin\/users\?q=page.user&amp;page=2"/);
  const p2 = await get(admin, '/admin/users?q=page.user&page=2');
  assert.match(p2.body, /page 2 of 2/);
  assert.match(p2.body, /Paging 29/);
  assert.doesNotMatch(p2.body, />Paging 0</);
});

test('CSRF: an admin form without the token, or with another session’s, is refused and changes nothing', async () => {
  const other = await t.signInAs('iro');
  for (const token of [null, 'x'.repeat(43), other.csrf]) {
    const r = await post(admin, `/admin/users/${t.users.iro.id}/disable`, {}, token);
    assert.equal(r.statusCode, 403);
    assert.match(r.body, /could not be verified/);
  }
  const create = await post(admin, '/admin/users/new', { username: 'csrf.victim', displayName: 'X', staffRef: '', passwordMode: 'generate', password: '' }, null);
  assert.equal(create.statusCode, 403);
  assert.equal(await t.db.selectFrom('user_account').select('id').where('username', '=', 'csrf.victim').executeTakeFirst(), undefined);
  const iro = await t.db.selectFrom('user_account').select('disabled').where('id', '=', t.users.iro.id).executeTakeFirstOrThrow();
  assert.equal(iro.disabled, false);
  assert.equal((await post(admin, '/admin/users/new', { surprise: 'field' })).statusCode, 400, 'unknown fields are refused');
});

test('create a user: errors with input kept (never the password); success shows a generated password once, then the user page', async () => {
  const bad = await post(admin, '/admin/users/new', { username: 'Bad Name', displayName: '', staffRef: 'NOPE', passwordMode: 'set', password: 'short-pw1' });
  assertFormErrors(bad, { username: /can only contain|start with/, displayName: /Enter the person/, staffRef: /no staff record/, password: /12 characters or more/ });
  assert.match(bad.body, /value="Bad Name"/);
  assert.match(bad.body, /value="NOPE"/);
  assert.ok(!bad.body.includes('short-pw1'), 'the password is not sent back');
  const noMode = await post(admin, '/admin/users/new', { username: 'nia.person', displayName: 'Nia Person', staffRef: '', passwordMode: '', password: '' });
  assertFormErrors(noMode, { passwordMode: /Select how the first password is set/ });

  const ok = await post(admin, '/admin/users/new', { username: 'nia.person', displayName: 'Nia Person', staffRef: 'S2', passwordMode: 'generate', password: '' });
  assert.equal(ok.statusCode, 200);
  const shown = /<code>([a-z2-9-]{19})<\/code>/.exec(ok.body)?.[1];
  assert.ok(shown, 'the one-time password is on the page');
  assert.match(ok.body, /shown only once/);
  const id = Number((await t.db.selectFrom('user_account').select('id').where('username', '=', 'nia.person').executeTakeFirstOrThrow()).id);
  const page = await get(admin, `/admin/users/${id}`);
  assert.ok(!page.body.includes(shown), 'not shown again');
  assert.match(page.body, /Bram Oakes, Social worker, Richmond Assessment \(S2\)/);
  assert.match(page.body, /Yes, at next sign-in/);

  const set = await post(admin, '/admin/users/new', { username: 'omar.set', displayName: 'Omar Set', staffRef: '', passwordMode: 'set', password: 'granite willow cobalt 3' });
  assert.equal(set.statusCode, 303);
  assert.match(String(set.headers.location), /^\/admin\/users\/\d+\?done=created$/);
  const banner = await get(admin, String(set.headers.location));
  assert.match(banner.body, /govuk-notification-banner--success/);
  assert.match(banner.body, /Account created/);
});

test('roles: add with council and team checked (errors kept), remove; both by post/redirect/get', async () => {
  const id = t.users.qaOfficer.id;
  const bad = await post(admin, `/admin/users/${id}/roles/new`, { role: 'practitioner', laCode: '314', teamId: String(t.teams.richmondAssessment) });
  assertFormErrors(bad, { teamId: /team in the chosen council/ });
  assert.match(bad.body, /<option value="314" selected>/);
  assert.match(bad.body, new RegExp(`<option value="${t.teams.richmondAssessment}" selected>`));
  const none = await post(admin, `/admin/users/${id}/roles/new`, { role: '', laCode: '', teamId: '' });
  assertFormErrors(none, { role: /Select a role/ });
  const ok = await post(admin, `/admin/users/${id}/roles/new`, { role: 'practitioner', laCode: '318', teamId: String(t.teams.richmondAssessment) });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `/admin/users/${id}?done=role-added`);
  const page = await get(admin, String(ok.headers.location));
  assert.match(page.body, /Role added/);
  assert.match(page.body, /Social worker \/ practitioner<\/td>\s*<td class="govuk-table__cell">Richmond upon Thames \(318\)<\/td>\s*<td class="govuk-table__cell">Richmond Assessment<\/td>/);
  // The QA officer's open session has the new role on its next request: the team's child is now visible.
  const child = await t.as('qaOfficer', `/children/${t.children.teamChild.id}`);
  assert.equal(child.statusCode, 200);
  const removed = await post(admin, `/admin/users/${id}/roles/remove`, { role: 'practitioner' });
  assert.equal(removed.headers.location, `/admin/users/${id}?done=role-removed`);
  assert.equal((await t.as('qaOfficer', `/children/${t.children.teamChild.id}`)).statusCode, 403);
});

test('disable: a confirmation page, then the user is signed out everywhere; enable and unlock by post/redirect/get', async () => {
  const id = t.users.partnershipChair.id;
  const theirs = await t.signInAs('partnershipChair');
  assert.equal((await get(theirs, '/aggregates')).statusCode, 200);
  const confirm = await get(admin, `/admin/users/${id}/disable`);
  assert.match(confirm.body, /Are you sure you want to disable Test partnershipChair’s account\?/);
  assert.match(confirm.body, /govuk-button--warning/);
  const done = await post(admin, `/admin/users/${id}/disable`, {});
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `/admin/users/${id}?done=disabled`);
  assert.match((await get(admin, String(done.headers.location))).body, /signed out everywhere/);
  const after = await get(theirs, '/aggregates');
  assert.equal(after.statusCode, 303);
  assert.equal(after.headers.location, '/sign-in');
  const enabled = await post(admin, `/admin/users/${id}/enable`, {});
  assert.equal(enabled.headers.location, `/admin/users/${id}?done=enabled`);
  await t.db.updateTable('user_account').set({ locked_until: new Date(t.clock().getTime() + 600_000), failed_attempts: 0 }).where('id', '=', id).execute();
  const page = await get(admin, `/admin/users/${id}`);
  assert.match(page.body, /Locked until/);
  assert.match(page.body, /Unlock account/);
  const unlocked = await post(admin, `/admin/users/${id}/unlock`, {});
  assert.equal(unlocked.headers.location, `/admin/users/${id}?done=unlocked`);
  assert.equal((await t.db.selectFrom('user_account').select('locked_until').where('id', '=', id).executeTakeFirstOrThrow()).locked_until, null);
});

test('separation of duties on the pages: no actions on one’s own account, and a direct post is refused with the reason', async () => {
  const me = t.users.sysadmin.id;
  const page = await get(admin, `/admin/users/${me}`);
  assert.match(page.body, /This is your own account/);
  assert.doesNotMatch(page.body, /Disable account|Reset password|Add a role|roles\/remove|\/details"/);
  const confirm = await get(admin, `/admin/users/${me}/disable`);
  assert.match(confirm.body, /You cannot disable your own account/);
  assert.doesNotMatch(confirm.body, /method="post" action="\/admin\/users\/\d+\/disable"/);
  for (const [url, fields] of [[`/admin/users/${me}/disable`, {}], [`/admin/users/${me}/roles/remove`, { role: 'sysadmin' }], [`/admin/users/${me}/roles/new`, { role: 'head_of_service', laCode: '', teamId: '' }], [`/admin/users/${me}/password`, { passwordMode: 'generate', password: '' }], [`/admin/users/${me}/details`, { displayName: 'Me', staffRef: 'S4' }]] as const) {
    const r = await post(admin, url, fields);
    assert.equal(r.statusCode, 403, url);
    assert.match(r.body, /another administrator must/);
  }
  assert.deepEqual(await t.db.selectFrom('user_role').select('role').where('user_id', '=', me).execute(), [{ role: 'sysadmin' }]);
});

test('password reset: policy errors, then the user must choose a new password before anything else', async () => {
  const id = t.users.commissioner.id;
  const bad = await post(admin, `/admin/users/${id}/password`, { passwordMode: 'set', password: 'commissioner-x-1' });
  assertFormErrors(bad, { password: /must not contain the username/ });
  const ok = await post(admin, `/admin/users/${id}/password`, { passwordMode: 'set', password: 'amber falcon river 5' });
  assert.equal(ok.headers.location, `/admin/users/${id}?done=password-reset`);

  // The user signs in through the real form with the new password...
  const form = await t.app.inject({ url: '/sign-in' });
  const anon = setCookies(form).get('hearth-csrf')!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const signIn = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { ...FORM, cookie: anon }, payload: new URLSearchParams({ _csrf: token, username: 'commissioner', password: 'amber falcon river 5' }).toString() });
  assert.equal(signIn.statusCode, 303);
  const cookie = setCookies(signIn).get('hearth-session')!.split(';')[0]!;
  const s: SignedIn = { cookie, csrf: '', headers: { cookie } };
  const pwPage = await get(s, '/account/password');
  s.csrf = /name="_csrf" value="([^"]+)"/.exec(pwPage.body)![1]!;
  // ...and every other page sends them to change it first.
  for (const url of ['/', '/aggregates']) {
    const r = await get(s, url);
    assert.equal(r.statusCode, 303, url);
    assert.equal(r.headers.location, '/account/password');
  }
  assert.match(pwPage.body, /Your password was set by an administrator/);
  assert.equal((await t.app.inject({ url: '/api/my-work', headers: { cookie } })).statusCode, 403, 'the API refuses until the password is changed');
  const mismatch = await post(s, '/account/password', { current: 'amber falcon river 5', password: 'silver meadow kite 8', confirm: 'silver meadow kite' });
  assertFormErrors(mismatch, { confirm: /do not match/ });
  const wrong = await post(s, '/account/password', { current: 'nope', password: 'password1234', confirm: 'password1234' });
  assertFormErrors(wrong, { current: /not correct/, password: /too common/ });
  const changed = await post(s, '/account/password', { current: 'amber falcon river 5', password: 'silver meadow kite 8', confirm: 'silver meadow kite 8' });
  assert.equal(changed.headers.location, '/account/password?done=changed');
  assert.match((await get(s, '/account/password?done=changed')).body, /Your password has been changed/);
  assert.equal((await get(s, '/aggregates')).statusCode, 200, 'free to use Hearth again');
});

test('teams: list by council; create and edit with errors kept; establishment recorded with history; post/redirect/get', async () => {
  const list = await get(admin, '/admin/teams?laCode=314');
  assert.match(list.body, /Kingston Assessment/);
  assert.doesNotMatch(list.body, /Richmond Assessment/);
  const bad = await post(admin, '/admin/teams/new', { laCode: '', name: '', kind: '', parentId: '', amber: '20', red: '18' });
  assertFormErrors(bad, { laCode: /Select the council/, name: /Enter the team name/, kind: /Select the kind of team/, red: /higher than the amber/ });
  assert.match(bad.body, /id="amber" name="amber"[^>]*value="20"/);
  const created = await post(admin, '/admin/teams/new', { laCode: '318', name: 'Richmond Children in Care', kind: 'children_in_care', parentId: '', amber: '', red: '' });
  assert.equal(created.statusCode, 303);
  const teamUrl = String(created.headers.location).replace(/\?.*$/, '');
  assert.match(String(created.headers.location), /^\/admin\/teams\/\d+\?done=created$/);
  const teamId = Number(teamUrl.split('/').at(-1));
  const cycle = await post(admin, `/admin/teams/${t.teams.richmondAssessment}/edit`, { name: 'Richmond Assessment', parentId: String(t.teams.richmondAssessment), amber: '', red: '' });
  assertFormErrors(cycle, { parentId: /own parent/ });
  const edited = await post(admin, `/admin/teams/${teamId}/edit`, { name: 'Richmond CiC', parentId: String(t.teams.richmondLongTerm), amber: '12', red: '15' });
  assert.equal(edited.headers.location, `/admin/teams/${teamId}?done=updated`);
  const page = await get(admin, String(edited.headers.location));
  assert.match(page.body, /Team details saved/);
  assert.match(page.body, /Richmond CiC/);
  assert.match(page.body, /Richmond Long Term/);
  const badEst = await post(admin, `/admin/teams/${teamId}/establishment`, { fte: 'lots', 'effectiveFrom-day': '31', 'effectiveFrom-month': '2', 'effectiveFrom-year': '2026' });
  assertFormErrors(badEst, { fte: /number from 0/, 'effectiveFrom-day': /real date/ });
  assert.match(badEst.body, /value="lots"/);
  assert.match(badEst.body, /name="effectiveFrom-day"[^>]*value="31"/);
  const est = await post(admin, `/admin/teams/${teamId}/establishment`, { fte: '7.5', 'effectiveFrom-day': '1', 'effectiveFrom-month': '1', 'effectiveFrom-year': '2026' });
  assert.equal(est.headers.location, `/admin/teams/${teamId}?done=establishment`);
  const again = await post(admin, `/admin/teams/${teamId}/establishment`, { fte: '8', 'effectiveFrom-day': '1', 'effectiveFrom-month': '1', 'effectiveFrom-year': '2026' });
  assertFormErrors(again, { 'effectiveFrom-day': /already recorded from this date/ });
  const rows = await t.db.selectFrom('team_establishment').select(['social_worker_fte', 'effective_from']).where('team_id', '=', teamId).execute();
  assert.deepEqual(rows.map((r) => [Number(r.social_worker_fte), r.effective_from]), [[7.5, '2026-01-01']]);
  const teams = await get(admin, '/admin/teams');
  assert.match(teams.body, /7.5<span class="govuk-body-s"> from 1 January 2026<\/span>/);
});

test('name and staff record: errors with input kept, then saved by post/redirect/get', async () => {
  const id = t.users.headOfService.id;
  const form = await get(admin, `/admin/users/${id}/details`);
  assert.match(form.body, /id="displayName" name="displayName"[^>]*value="Test headOfService"/);
  const bad = await post(admin, `/admin/users/${id}/details`, { displayName: '', staffRef: 'S1' });
  assertFormErrors(bad, { displayName: /Enter the person/, staffRef: /another enabled account/ });
  assert.match(bad.body, /id="staffRef" name="staffRef"[^>]*value="S1"/);
  const ok = await post(admin, `/admin/users/${id}/details`, { displayName: 'Dev Marsh', staffRef: 'S4' });
  assert.equal(ok.headers.location, `/admin/users/${id}?done=details`);
  const page = await get(admin, String(ok.headers.location));
  assert.match(page.body, /Name and staff record saved/);
  assert.match(page.body, /Dev Marsh, Social worker, Kingston Assessment \(S4\)/);
});
