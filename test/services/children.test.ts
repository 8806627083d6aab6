import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { loadChildFacts } from '../../src/services/access.ts';
import { AuditUnavailableError, type AuditWriter } from '../../src/services/audit.ts';
import { listRecordViews } from '../../src/services/audit-views.ts';
import { exportChildRecord, getChildSummary } from '../../src/services/children.ts';
import { ForbiddenError, NotFoundError, type ServiceContext } from '../../src/services/context.ts';
import { contextForUser } from '../helpers/context.ts';
import { freshFixtureDatabase } from '../helpers/db.ts';
import type { Fixtures, UserKey } from '../helpers/fixtures.ts';

let h: DatabaseHandle;
let f: Fixtures;
before(async () => {
  ({ h, f } = await freshFixtureDatabase());
});
after(() => h.close());

let reqN = 0;
function ctx(user: UserKey, audit?: AuditWriter): Promise<ServiceContext> {
  return contextForUser(h.db, f.users[user].id, { requestId: `svc-${++reqN}`, ...(audit ? { audit } : {}) });
}
const eventsFor = (requestId: string) =>
  h.db.selectFrom('audit_event').select(['action', 'outcome', 'child_id', 'user_id', 'role', 'record_type']).where('request_id', '=', requestId).execute();

test('loadChildFacts reads allocation, grants, reviewers and front-door work in one go', async () => {
  const team = await loadChildFacts(h.db, f.children.teamChild.id);
  assert.equal(team?.allocatedTeamId, f.teams.richmondAssessment);
  assert.equal(team?.reviewerStaffIds.length, 1);
  const r = await loadChildFacts(h.db, f.children.restricted.id);
  assert.deepEqual(r?.grantUserIds, [f.users.namedOnRestricted.id]);
  assert.equal(r?.restricted, true);
  assert.equal((await loadChildFacts(h.db, f.children.frontDoor.id))?.inFrontDoor, true);
  assert.equal((await loadChildFacts(h.db, f.children.allocated.id))?.inFrontDoor, false);
  assert.equal(await loadChildFacts(h.db, 999999), undefined);
});

test('a read is authorised, then audited (who, role, child, record, request), then returned', async () => {
  const c = await ctx('practitioner');
  const s = await getChildSummary(c, f.children.allocated.id);
  assert.equal(s.displayName, 'Juniper Wrenfield');
  assert.equal(s.status, 'Child in need');
  assert.equal(s.canEdit, true);
  assert.deepEqual(await eventsFor(c.requestId), [
    { action: 'read', outcome: 'allowed', child_id: f.children.allocated.id, user_id: f.users.practitioner.id, role: 'practitioner', record_type: 'child_summary' },
  ]);
});

test('a refused read is audited as denied and throws; restricted records are hidden (404)', async () => {
  const c = await ctx('practitioner');
  await assert.rejects(getChildSummary(c, f.children.otherTeam.id), (e: unknown) => e instanceof ForbiddenError && e.statusCode === 403);
  await assert.rejects(getChildSummary(c, f.children.restricted.id), (e: unknown) => e instanceof ForbiddenError && e.statusCode === 404);
  await assert.rejects(getChildSummary(c, 987654), NotFoundError);
  const ev = await eventsFor(c.requestId);
  assert.deepEqual(ev.map((e) => [e.action, e.outcome, e.child_id]), [
    ['denied', 'denied', f.children.otherTeam.id],
    ['denied', 'denied', f.children.restricted.id],
    ['denied', 'denied', null],
  ]);
});

test('if the audit write fails, the read fails and returns nothing (injected writer)', async () => {
  const failing: AuditWriter = { record: async () => { throw new Error('audit store down'); } };
  const c = await ctx('practitioner', failing);
  await assert.rejects(getChildSummary(c, f.children.allocated.id), AuditUnavailableError);
  await assert.rejects(exportChildRecord(await ctx('dataProtection', failing), f.children.allocated.id), AuditUnavailableError);
  await assert.rejects(getChildSummary(c, f.children.otherTeam.id), AuditUnavailableError, 'a refusal that cannot be audited fails too');
});

test('if the audit insert fails in the database, the read fails', async () => {
  await sql`create function hearth_test_fail_audit() returns trigger language plpgsql as $$ begin raise exception 'audit disk full'; end $$`.execute(h.db);
  await sql`create trigger hearth_test_fail_audit before insert on audit_event for each row execute function hearth_test_fail_audit()`.execute(h.db);
  try {
    await assert.rejects(getChildSummary(await ctx('headOfService'), f.children.allocated.id), AuditUnavailableError);
  } finally {
    await sql`drop trigger hearth_test_fail_audit on audit_event`.execute(h.db);
    await sql`drop function hearth_test_fail_audit()`.execute(h.db);
  }
  assert.equal((await getChildSummary(await ctx('headOfService'), f.children.allocated.id)).id, f.children.allocated.id);
});

test('the audit table rejects UPDATE and DELETE', async () => {
  await assert.rejects(h.db.updateTable('audit_event').set({ outcome: 'allowed' }).where('outcome', '=', 'denied').execute(), /append-only/);
  await assert.rejects(h.db.deleteFrom('audit_event').where('action', '=', 'read').execute(), /append-only/);
});

test('performance officers get a pseudonymised summary: no name, reference or exact date of birth', async () => {
  const c = await ctx('performanceOfficer');
  const s = await getChildSummary(c, f.children.allocated.id);
  assert.equal(s.pseudonymised, true);
  assert.match(s.displayName, /^Child [0-9A-F]{8}$/);
  assert.equal(s.personRef, null);
  assert.equal(s.dateOfBirth, '2015-04');
  assert.ok(!JSON.stringify(s).includes('Juniper') && !JSON.stringify(s).includes('Wrenfield') && !JSON.stringify(s).includes(f.children.allocated.personRef));
  assert.equal((await getChildSummary(c, f.children.allocated.id)).displayName, s.displayName, 'stable pseudonym');
});

test('subject access export holds every table’s rows for the child, and is audited as an export', async () => {
  const c = await ctx('dataProtection');
  const x = await exportChildRecord(c, f.children.teamChild.id);
  assert.equal(x.child['given_name'], 'Kestrel');
  assert.equal(x.records['care_period']?.length, 1);
  assert.equal(x.records['cla_review']?.length, 1);
  assert.equal(x.records['allocation']?.length, 1);
  assert.ok('visit' in x.records && 'referral' in x.records, 'tables with no rows are listed, empty');
  assert.ok(!('audit_event' in x.records));
  assert.ok(Object.values(x.records).flat().every((row) => !('child_id' in row) || Number(row['child_id']) === f.children.teamChild.id), 'only this child’s rows');
  assert.deepEqual((await eventsFor(c.requestId)).map((e) => [e.action, e.role]), [['export', 'data_protection']]);
  await assert.rejects(exportChildRecord(await ctx('headOfService'), f.children.teamChild.id), ForbiddenError);
});

test('who has viewed this record lists the reads, and viewing it is audited too', async () => {
  const viewer = await ctx('iro');
  await getChildSummary(viewer, f.children.teamChild.id);
  const m = await ctx('teamManager');
  const views = await listRecordViews(m, f.children.teamChild.id);
  assert.ok(views.some((v) => v.username === f.users.iro.username && v.action === 'read' && v.recordType === 'child_summary'));
  assert.ok(views.some((v) => v.username === f.users.teamManager.username && v.recordType === 'audit_log'), 'own look at the audit is recorded first');
  await assert.rejects(listRecordViews(await ctx('practitioner'), f.children.teamChild.id), ForbiddenError);
});
