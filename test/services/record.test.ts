/**
 * The case record services on hand-built records: the record read model, my
 * work, search, the recording forms (domain rules, field errors, nothing
 * written on error, audit on write), team view, allocation and transfers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { ForbiddenError, NotFoundError, type ServiceContext } from '../../src/services/context.ts';
import { getChildRecord, getMyWork, searchChildren } from '../../src/services/record.ts';
import { FormErrors, recordForm } from '../../src/services/recording.ts';
import { allocateChild, getTeamView, ragFor } from '../../src/services/team.ts';
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
async function ctx(user: UserKey): Promise<ServiceContext> {
  return contextForUser(h.db, f.users[user].id, { requestId: `rec-${++reqN}` });
}
const events = (requestId: string) => h.db.selectFrom('audit_event').select(['action', 'record_type', 'child_id', 'outcome']).where('request_id', '=', requestId).execute();
const count = async (table: 'assessment' | 'visit' | 'contact' | 'cp_plan') => Number((await h.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function fails(p: Promise<unknown>): Promise<FormErrors> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FormErrors) return e;
    throw e;
  }
  assert.fail('expected field errors');
}

test('the child record: banner facts, due items, timeline, worker history; one audit row', async () => {
  const c = await ctx('practitioner');
  const r = await getChildRecord(c, f.children.allocated.id);
  assert.equal(r.displayName, 'Juniper Wrenfield');
  assert.equal(r.age, 10);
  assert.equal(r.status, 'Child in need');
  assert.equal(r.allocatedWorker?.name, 'Ada Quill');
  assert.equal(r.workers.count, 1);
  assert.equal(r.canEdit, true);
  assert.ok(r.timeline.some((e) => e.title === 'Referral' && e.date === '2025-01-06'));
  // A referral alone starts no statutory clock (the assessment's does): nothing due yet.
  assert.deepEqual(r.due, []);
  const team = await getChildRecord(c, f.children.teamChild.id);
  assert.equal(team.canEdit, false, 'a team colleague reads but does not record');
  assert.equal(team.status, 'Looked after');
  assert.deepEqual(await events(c.requestId), [
    { action: 'read', record_type: 'child_summary', child_id: f.children.allocated.id, outcome: 'allowed' },
    { action: 'read', record_type: 'child_summary', child_id: f.children.teamChild.id, outcome: 'allowed' },
  ], 'one audit row per record read');
  const po = await getChildRecord(await ctx('performanceOfficer'), f.children.allocated.id);
  assert.equal(po.pseudonymised, true);
  assert.ok(!JSON.stringify(po).includes('Juniper') && !JSON.stringify(po).includes('2015-04-11'));
  await assert.rejects(getChildRecord(await ctx('practitionerOtherTeam'), f.children.allocated.id), ForbiddenError);
  await assert.rejects(getChildRecord(await ctx('practitioner'), 987654), NotFoundError);
  await h.db.insertInto('cla_episode').values({ care_period_id: (await h.db.selectFrom('care_period').select('id').where('child_id', '=', f.children.teamChild.id).executeTakeFirstOrThrow()).id, child_id: f.children.teamChild.id, start_date: '2024-05-01', reason_new_episode: 'S', legal_status: 'C2', category_of_need: 'N1', placement_type: 'U4', placement_postcode: 'ZZ9 9ZZ', home_postcode: 'ZZ1 1ZZ' }).execute();
  const full = await getChildRecord(await ctx('headOfService'), f.children.teamChild.id);
  assert.equal(full.episode.parts['cla_episode']![0]!['placement_postcode'], 'ZZ9 9ZZ');
  assert.equal(full.legalStatus, 'C2');
  const pseudo = JSON.stringify(await getChildRecord(await ctx('performanceOfficer'), f.children.teamChild.id));
  assert.ok(!pseudo.includes('ZZ9') && !pseudo.includes('ZZ1') && !pseudo.includes('Kestrel'), 'no postcodes or name in the pseudonymised record');
  await h.db.deleteFrom('cla_episode').where('child_id', '=', f.children.teamChild.id).execute();
});

test('my work: the worker’s own children (restricted hidden), due items most urgent first, counts', async () => {
  const c = await ctx('practitioner');
  const w = await getMyWork(c);
  assert.deepEqual(w.children.map((x) => x.name), ['Juniper Wrenfield']);
  assert.equal(w.counts.children, 1);
  assert.equal(w.counts.total, w.children[0]!.due.length);
  const ev = await events(c.requestId);
  assert.equal(ev.length, 1);
  assert.equal(ev[0]!.record_type, 'my_work');
  assert.equal((await getMyWork(await ctx('headOfService'))).children.length, 0);
});

test('search: typo-tolerant name, DOB, id; only what the searcher may see; pseudonymised for performance officers', async () => {
  const p = await ctx('practitioner');
  assert.deepEqual((await searchChildren(p, { name: 'Junipr Wrenfeld' })).map((r) => r.name), ['Juniper Wrenfield']);
  assert.deepEqual((await searchChildren(p, { name: 'Linnet Thornby' })).map((r) => r.name), [], 'another team’s child is not found');
  assert.deepEqual((await searchChildren(p, { name: 'wrenf' })).map((r) => r.name), ['Juniper Wrenfield'], 'part of a name, any case');
  assert.deepEqual(await searchChildren(p, { name: '%' }), [], 'LIKE wildcards are literal');
  assert.deepEqual((await searchChildren(p, { name: 'Nettle Quarrington' })), [], 'restricted record hidden');
  assert.deepEqual((await searchChildren(p, { dob: '2012-09-23' })).map((r) => r.id), [f.children.teamChild.id]);
  assert.deepEqual((await searchChildren(p, { id: String(f.children.allocated.id) })).map((r) => r.id), [f.children.allocated.id]);
  assert.deepEqual((await searchChildren(p, { id: f.children.teamChild.personRef })).map((r) => r.id), [f.children.teamChild.id]);
  const hos = await searchChildren(await ctx('headOfService'), { name: 'Linet Thornbey' });
  assert.deepEqual(hos.map((r) => r.name), ['Linnet Thornby']);
  const po = await ctx('performanceOfficer');
  assert.deepEqual(await searchChildren(po, { dob: '2012-09-23' }), [], 'no pseudonym linked to a date of birth');
  assert.deepEqual(await searchChildren(po, { name: 'Kestrel Ashcombe' }), [], 'nor to a name');
  const res = await searchChildren(po, { id: String(f.children.teamChild.id) });
  assert.equal(res.length, 1);
  assert.equal(res[0]!.pseudonymised, true);
  assert.ok(!JSON.stringify(res).includes('Kestrel') && !JSON.stringify(res).includes('2012-09-23'));
  const ev = await events(po.requestId);
  assert.equal(ev[0]!.action, 'search');
  assert.deepEqual(await searchChildren(p, {}), []);
});

test('recording the CP journey: assessment → strategy → S47 → ICPC → CP plan → visit → review, each checked and audited', async () => {
  const id = f.children.allocated.id;
  const c = await ctx('practitioner');
  await recordForm(c, id, 'assessment-start', { start_date: '2026-01-05' });
  assert.deepEqual(await events(c.requestId), [{ action: 'create', record_type: 'form:assessment-start', child_id: id, outcome: 'allowed' }]);
  const dup = await fails(recordForm(await ctx('practitioner'), id, 'assessment-start', { start_date: '2026-01-06' }));
  assert.match(dup.errors[0]!.message, /already in progress/);
  await recordForm(await ctx('practitioner'), id, 'assessment-complete', { completed_date: '2026-02-02', factors: ['2B', '3B'], outcome: 'strategy_discussion' });
  // Only a team manager authorises.
  await assert.rejects(recordForm(await ctx('practitioner'), id, 'assessment-authorise', { authorised_date: '2026-02-03' }), ForbiddenError);
  const early = await fails(recordForm(await ctx('teamManager'), id, 'assessment-authorise', { authorised_date: '2026-02-01' }));
  assert.equal(early.errors[0]!.field, 'authorised_date');
  await recordForm(await ctx('teamManager'), id, 'assessment-authorise', { authorised_date: '2026-02-03' });
  const a = await h.db.selectFrom('assessment').selectAll().where('child_id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([a.completed_date, a.authorised_date, a.outcome, a.factors], ['2026-02-02', '2026-02-03', 'strategy_discussion', ['2B', '3B']]);
  // A CP plan without a conference is refused by the domain rules (nothing written).
  const before = await count('cp_plan');
  const noIcpc = await fails(recordForm(await ctx('practitioner'), id, 'cp-plan', { start_date: '2026-02-10', category: 'NEG' }));
  assert.match(noIcpc.errors[0]!.message, /no conference/);
  assert.equal(await count('cp_plan'), before);
  await recordForm(await ctx('practitioner'), id, 'strategy-discussion', { discussion_date: '2026-02-04', outcome: 's47' });
  // An enquiry before its strategy discussion breaks an invariant.
  const order = await fails(recordForm(await ctx('practitioner'), id, 's47-start', { start_date: '2026-02-01' }));
  assert.equal(order.errors[0]!.field, 'start_date');
  await recordForm(await ctx('practitioner'), id, 's47-start', { start_date: '2026-02-04' });
  await recordForm(await ctx('practitioner'), id, 's47-outcome', { end_date: '2026-02-10', outcome: 'icpc' });
  await recordForm(await ctx('practitioner'), id, 'icpc', { conference_date: '2026-02-16', plan_decided: 'yes' });
  await recordForm(await ctx('practitioner'), id, 'cp-plan', { start_date: '2026-02-16', category: 'NEG' });
  const seenAlone = await fails(recordForm(await ctx('practitioner'), id, 'visit', { visit_date: '2026-02-20', kind: 'cp', child_seen: 'no', seen_alone: 'yes' }));
  assert.equal(seenAlone.errors[0]!.field, 'seen_alone');
  await recordForm(await ctx('practitioner'), id, 'visit', { visit_date: '2026-02-20', kind: 'cp', child_seen: 'yes', seen_alone: 'yes' });
  await recordForm(await ctx('practitioner'), id, 'cp-review', { review_date: '2026-03-01', plan_continues: 'yes' });
  const r = await getChildRecord(await ctx('practitioner'), id);
  assert.equal(r.status, 'Child protection plan');
  for (const t of ['Assessment started', 'Strategy discussion', 'Section 47 enquiry', 'Initial child protection conference', 'Child protection plan', 'Visit (CP)', 'Child protection review']) assert.ok(r.timeline.some((e) => e.title === t), t);
  assert.equal(r.episode.parts['cp_plan']!.length, 1);
  assert.equal(r.episode.parts['cp_review']!.length, 1);
  assert.ok(r.due.some((d) => d.ruleId === 'core-group'), 'a core group is now due');
  const w = await getMyWork(await ctx('practitioner'));
  assert.ok(w.counts.total >= 1);
  assert.equal(w.children[0]!.next?.ruleId, r.due[0]!.ruleId);
});

test('field checks: missing, unreal and future dates, unknown codes; nothing written', async () => {
  const id = f.children.allocated.id;
  const n = await count('visit');
  const e = await fails(recordForm(await ctx('practitioner'), id, 'visit', { visit_date: '2026-02-30', kind: 'zz' }));
  assert.deepEqual(e.errors.map((x) => x.field), ['visit_date', 'kind', 'child_seen', 'seen_alone']);
  const fut = await fails(recordForm(await ctx('practitioner'), id, 'contact', { contact_date: '2026-04-01', source: '1A', summary: 'x' }));
  assert.match(fut.errors[0]!.message, /today or in the past/);
  assert.equal(await count('visit'), n);
  await assert.rejects(recordForm(await ctx('practitionerOtherTeam'), id, 'visit', {}), ForbiddenError);
  await assert.rejects(recordForm(await ctx('headOfService'), id, 'visit', {}), ForbiddenError, 'read access is not enough to record');
});

test('start of care → placement change → CLA review; transfer rule to the long-term team on a CP plan', async () => {
  const id = f.children.teamChild.id; // already looked after since 2024-05-01 (period without episodes)
  const c = await ctx('teamManager');
  const twice = await fails(recordForm(c, id, 'care-start', { start_date: '2026-01-10', legal_status: 'C2', category_of_need: 'N1', placement_type: 'U4' }));
  assert.match(twice.errors[0]!.message, /overlaps/);
  const other = f.children.otherTeam.id;
  await h.db.updateTable('care_period').set({ end_date: '2025-01-01' }).where('child_id', '=', id).execute();
  await recordForm(c, id, 'care-start', { start_date: '2026-01-10', legal_status: 'C2', category_of_need: 'N1', placement_type: 'U4' });
  await recordForm(c, id, 'placement-change', { change_date: '2026-02-01', placement_type: 'U6', reason_place_change: 'CHILD' });
  await recordForm(c, id, 'cla-review', { review_date: '2026-02-05', participation: 'PN1' });
  const eps = await h.db.selectFrom('cla_episode').selectAll().where('child_id', '=', id).orderBy('start_date').execute();
  assert.deepEqual(eps.map((e) => [e.start_date, e.end_date, e.reason_new_episode, e.placement_type, e.reason_ceased]), [['2026-01-10', '2026-02-01', 'S', 'U4', 'X1'], ['2026-02-01', null, 'P', 'U6', null]]);
  assert.equal(other > 0, true);
  // The allocated child was in the assessment team when its CP plan started: transferred to the long-term team.
  const tr = await h.db.selectFrom('team_transfer').selectAll().where('child_id', '=', f.children.allocated.id).execute();
  assert.deepEqual(tr.map((t) => [t.rule, t.from_team_id, t.to_team_id]), [['cp-plan-to-long-term', f.teams.richmondAssessment, f.teams.richmondLongTerm]]);
});

test('team view: caseloads against the range, sign-off queue, reallocation closes the old row and opens a new one', async () => {
  assert.deepEqual([ragFor(18, 18, 22), ragFor(19, 18, 22), ragFor(23, 18, 22)], ['green', 'amber', 'red']);
  await h.db.updateTable('team').set({ caseload_amber: 1, caseload_red: 2 }).where('id', '=', f.teams.richmondAssessment).execute();
  const m = await ctx('teamManager');
  const v = await getTeamView(m);
  const ada = v.workers.find((w) => w.name === 'Ada Quill')!;
  assert.equal(ada.caseload, 2); // the allocated child and the restricted one
  assert.equal(ada.rag, 'amber');
  assert.ok(v.alerts.some((a) => a.startsWith('Ada Quill has 2 children')));
  await assert.rejects(getTeamView(await ctx('practitioner')), ForbiddenError);
  const id = f.children.allocated.id;
  const staff = await h.db.selectFrom('staff').select(['id']).where('family_name', '=', 'Oakes').executeTakeFirstOrThrow();
  const bad = await fails(allocateChild(await ctx('teamManager'), id, { staffId: '99999', reason: 'nope' }));
  assert.deepEqual(bad.errors.map((e) => e.field), ['staffId', 'reason']);
  await allocateChild(await ctx('teamManager'), id, { staffId: String(staff.id), reason: 'caseload_balance' });
  const rows = await h.db.selectFrom('allocation').selectAll().where('child_id', '=', id).orderBy('id').execute();
  assert.deepEqual(rows.map((r) => [r.end_date, r.end_reason, r.start_reason]), [['2026-03-02', 'caseload_balance', 'referral'], [null, null, 'caseload_balance']]);
  const r = await getChildRecord(await ctx('teamManager'), id);
  assert.equal(r.workers.count, 2);
  assert.equal(r.allocatedWorker?.name, 'Bram Oakes');
});
