/**
 * The case record pages through app.inject: My work, the child record, search,
 * the generic recording form (error summary, input kept, nothing written),
 * team page, allocation, the JSON API (problem+json, 422 field errors) and
 * the OpenAPI document; the footer is Hearth's own.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const form = (csrf: string, fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) p.append(k, x);
  return p.toString();
};
async function post(user: Parameters<TestApp['signInAs']>[0], url: string, fields: Record<string, string | string[]>) {
  const s = await t.signInAs(user);
  return t.app.inject({ method: 'POST', url, payload: form(s.csrf, fields), headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}
const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

test('my work lists the worker’s children with counts; navigation shows the case record pages', async () => {
  const r = await t.as('practitioner', '/my-work');
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /<h1 class="govuk-heading-l">My work<\/h1>/);
  assert.ok(r.body.includes('Juniper Wrenfield'));
  assert.ok(!r.body.includes('Nettle'), 'restricted record not listed');
  assert.match(r.body, /id="count-children">1</);
  assert.match(r.body, /href="\/search"/);
  const m = await t.as('teamManager', '/');
  assert.match(m.body, /href="\/team"/);
});

test('the footer is Hearth’s own: no crown, royal arms, Crown copyright or OGL', async () => {
  for (const url of ['/sign-in', '/my-work']) {
    const r = await t.as(url === '/sign-in' ? null : 'practitioner', url);
    assert.match(r.body, /Hearth — synthetic demonstration data/);
    assert.doesNotMatch(r.body, /Crown copyright|Open Government Licence|govuk-footer__copyright-logo|govuk-footer__licence/);
  }
});

test('the child record page: banner, due, episode, worker history, timeline, forms for editors only', async () => {
  const id = t.children.allocated.id;
  const r = await t.as('practitioner', `/children/${id}`);
  assert.equal(r.statusCode, 200);
  for (const s of ['Juniper Wrenfield', 'age 10', 'Worker history', '1 worker in all', 'Timeline', 'Referral', 'Record a visit', 'Current episode']) assert.ok(r.body.includes(s), s);
  assert.ok(!r.body.includes('Authorise the assessment'), 'manager-only form hidden from a practitioner');
  const hos = await t.as('headOfService', `/children/${id}`);
  assert.equal(hos.statusCode, 200);
  assert.ok(!hos.body.includes('id="record-forms"'), 'read-only users get no recording links');
  assert.equal((await t.as('practitioner', `/children/${id}?bogus=1`)).statusCode, 400);
});

test('search page: typo-tolerant, limited to access; bad date of birth is an error', async () => {
  const r = await t.as('practitioner', '/search?name=Kestrl+Ashcomb');
  assert.equal(r.statusCode, 200);
  assert.ok(r.body.includes('Kestrel Ashcombe'));
  assert.match(r.body, /1 child found/);
  const none = await t.as('practitioner', '/search?name=Linnet+Thornby');
  assert.match(none.body, /0 children found/);
  const bad = await t.as('practitioner', '/search?dob=11%2F04%2F2015');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.equal((await t.as('boardMember', '/search?name=Juniper')).statusCode, 403);
});

test('a recording form: error summary with links, input kept, nothing written; then saved and shown', async () => {
  const id = t.children.allocated.id;
  const page = await t.as('practitioner', `/children/${id}/record/visit`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /name="visit_date-day"/);
  const before = await t.db.selectFrom('visit').select('id').execute();
  const bad = await post('practitioner', `/children/${id}/record/visit`, { ...date('visit_date', '2026-02-20'), kind: 'cin', child_seen: 'no', seen_alone: 'yes' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /<title>Error: Record a visit/);
  assert.match(bad.body, /href="#seen_alone"/);
  assert.match(bad.body, /value="20"/, 'the day typed is kept');
  assert.match(bad.body, /value="cin" checked/, 'the radio chosen is kept');
  assert.deepEqual(await t.db.selectFrom('visit').select('id').execute(), before, 'nothing written');
  const missing = await post('practitioner', `/children/${id}/record/visit`, { 'visit_date-day': '31', 'visit_date-month': '2', 'visit_date-year': '2026' });
  assert.match(missing.body, /Date of visit must be a real date/);
  assert.match(missing.body, /href="#visit_date-day"/);
  const ok = await post('practitioner', `/children/${id}/record/visit`, { ...date('visit_date', '2026-02-20'), kind: 'cin', child_seen: 'yes', seen_alone: 'yes' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `/children/${id}?recorded=visit`);
  const shown = await t.as('practitioner', String(ok.headers.location));
  assert.match(shown.body, /Record a visit: saved/);
  assert.match(shown.body, /Child seen alone/);
  const extra = await post('practitioner', `/children/${id}/record/visit`, { evil: 'x' });
  assert.equal(extra.statusCode, 400);
  const denied = await post('practitionerOtherTeam', `/children/${id}/record/visit`, { ...date('visit_date', '2026-02-20'), kind: 'cin', child_seen: 'yes', seen_alone: 'no' });
  assert.equal(denied.statusCode, 403);
  assert.equal((await t.as('practitioner', `/children/${id}/record/no-such-form`)).statusCode, 404);
  assert.equal((await t.as('practitioner', `/children/${id}/record/assessment-authorise`)).statusCode, 403, 'sign-off is for the team manager');
  assert.equal((await t.as('teamManager', `/children/${id}/record/assessment-authorise`)).statusCode, 200);
  const noCsrf = await t.as('practitioner', { method: 'POST', url: `/children/${id}/record/visit`, payload: 'kind=cin', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(noCsrf.statusCode, 403);
});

test('team page: caseloads against the range with alert; reallocation recorded in worker history', async () => {
  await t.db.updateTable('team').set({ caseload_amber: 1, caseload_red: 5 }).where('id', '=', t.teams.richmondAssessment).execute();
  const r = await t.as('teamManager', '/team');
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /Ada Quill has 2 children/);
  assert.match(r.body, /Amber: over 1/);
  assert.equal((await t.as('practitioner', '/team')).statusCode, 403);
  const id = t.children.allocated.id;
  const bram = await t.db.selectFrom('staff').select('id').where('family_name', '=', 'Oakes').executeTakeFirstOrThrow();
  const bad = await post('teamManager', `/children/${id}/allocate`, { staffId: String(bram.id) });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Select the reason for the allocation/);
  assert.match(bad.body, new RegExp(`value="${bram.id}" selected`));
  const ok = await post('teamManager', `/children/${id}/allocate`, { staffId: String(bram.id), reason: 'caseload_balance' });
  assert.equal(ok.statusCode, 303);
  const page = await t.as('teamManager', `/children/${id}`);
  assert.match(page.body, /2 workers in all/);
  assert.match(page.body, /Bram Oakes, Richmond Assessment/);
  assert.equal((await post('practitioner', `/children/${t.children.teamChild.id}/allocate`, { staffId: String(bram.id), reason: 'other' })).statusCode, 403);
});

test('JSON API: record, my work, search, recording with 422 field errors, OpenAPI document', async () => {
  const id = t.children.allocated.id;
  const rec = await t.as('headOfService', `/api/children/${id}/record`);
  assert.equal(rec.statusCode, 200);
  assert.equal(JSON.parse(rec.body).displayName, 'Juniper Wrenfield');
  assert.equal((await t.as('practitionerOtherTeam', `/api/children/${id}/record`)).statusCode, 403);
  assert.ok(Array.isArray(JSON.parse((await t.as('teamManager', '/api/my-work')).body).children));
  assert.deepEqual(JSON.parse((await t.as('headOfService', '/api/search?name=Marram+Eskdal')).body).results.map((x: { name: string }) => x.name), ['Marram Eskdale']);
  const s = await t.signInAs('teamManager');
  const call = (body: unknown, form = 'health') => t.app.inject({ method: 'POST', url: `/api/children/${id}/records/${form}`, payload: JSON.stringify(body), headers: { cookie: s.cookie, 'content-type': 'application/json', 'x-csrf-token': s.csrf } });
  const bad = await call({ kind: 'dental_check', event_date: '2027-01-01' });
  assert.equal(bad.statusCode, 422);
  assert.match(String(bad.headers['content-type']), /problem\+json/);
  assert.deepEqual(JSON.parse(bad.body).errors, [{ field: 'event_date', message: 'Date must be today or in the past' }]);
  assert.equal((await call({ kind: 'dental_check', event_date: '2026-01-01', extra: 1 })).statusCode, 400);
  const ok = await call({ kind: 'dental_check', event_date: '2026-01-01' });
  assert.equal(ok.statusCode, 201);
  const created = JSON.parse(ok.body);
  assert.equal(created.records[0].table, 'health_event');
  const row = await t.db.selectFrom('health_event').selectAll().where('id', '=', created.records[0].id).executeTakeFirstOrThrow();
  assert.deepEqual([row.kind, row.event_date, Number(row.child_id)], ['dental_check', '2026-01-01', id]);
  const audit = await t.db.selectFrom('audit_event').select(['action', 'record_type']).where('request_id', '=', String(ok.headers['x-request-id'])).execute();
  assert.deepEqual(audit, [{ action: 'create', record_type: 'form:health' }]);
  const doc = JSON.parse((await t.as(null, '/api/openapi.json')).body);
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/children/{id}/records/{form}'].post);
  assert.deepEqual(doc.components.schemas['form-health'].properties.kind.enum, ['initial_health_assessment', 'review_health_assessment', 'dental_check']);
});
