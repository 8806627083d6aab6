import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { freshDatabase } from '../../helpers/db.ts';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { buildAnnexA, type AnnexAResult } from '../../../src/returns/annex-a/build.ts';
import { ANNEX_A_LISTS } from '../../../src/returns/annex-a/lists.ts';
import { writeAnnexACsv, writeAnnexAXlsx, worksheetName } from '../../../src/returns/annex-a/write.ts';
import { addCarePeriod, addChild, addCouncil, addEpisode, addTeam, addWorker, allocate } from '../fixtures.ts';

const SCHEMA = fileURLToPath(new URL('../../../../shared/reference/annex-a/Annex_A_schema.yml', import.meta.url));
const D = '2026-03-15';

/** The column names of each list in the liia-tools Annex A schema (keys at the column level of column_map.list_N). */
function referenceColumns(): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let current: string[] | null = null;
  for (const line of readFileSync(SCHEMA, 'utf8').split('\n')) {
    const list = /^ {4}list_(\d+):\s*$/.exec(line);
    if (list) { current = []; out.set(Number(list[1]), current); continue; }
    if (/^\S/.test(line)) { current = null; continue; }
    const col = /^ {8}("[^"]*"|[^\s"][^:]*?):(\s|$)/.exec(line);
    if (current && col) current.push(col[1]!.replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

let h: DatabaseHandle;
let result: AnnexAResult;
let tmp: string;

function list(n: number) {
  const l = result.lists.find((x) => x.definition.number === n);
  assert.ok(l, `list ${n}`);
  return l;
}
function col(n: number, row: string[], name: string): string {
  const i = list(n).definition.columns.indexOf(name);
  assert.ok(i >= 0, `column ${name}`);
  return row[i]!;
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hearth-annexa-'));
  h = await freshDatabase();
  const db = h.db;
  await addCouncil(db, '330', 'Northshire');
  await addCouncil(db, '331', 'Southshire');
  const team = await addTeam(db, '330', 'Locality Team A');
  const lcTeam = await addTeam(db, '330', 'Leaving Care', 'leaving_care');
  const worker = await addWorker(db, team, 'Alex', 'Worker');
  const pa = await addWorker(db, lcTeam, 'Pat', 'Advisor');

  const a = await addChild(db, { laCode: '330', ref: 'CHA1', dob: '2015-06-01', sex: 'M', disabilities: ['AUT'] });
  const b = await addChild(db, { laCode: '331', ref: 'CHB1', dob: '2016-01-01' });
  await allocate(db, a, worker, team, '2025-10-01');
  for (const contact_date of ['2025-09-14', '2025-09-15', '2026-03-15', '2026-03-16']) {
    await db.insertInto('contact').values({ child_id: a, la_code: '330', contact_date, source: '2A' }).execute();
  }
  await db.insertInto('contact').values({ child_id: b, la_code: '331', contact_date: '2026-01-01', source: '6' }).execute();

  // Child A: referral → assessment → strategy → s47 → ICPC → CP plan (open), with a visit and a review.
  const ref = await db.insertInto('referral').values({ child_id: a, la_code: '330', referral_date: '2025-10-01', source: '2A', primary_need: 'N1' })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('referral').values({ child_id: a, la_code: '330', referral_date: '2025-01-10', source: '6', nfa: true, closure_date: '2025-01-10', closure_reason: 'RC8' }).execute();
  await db.insertInto('assessment').values({ referral_id: ref.id, child_id: a, start_date: '2025-10-02', child_seen_date: '2025-10-03', completed_date: '2025-11-01', authorised_date: '2025-11-02', outcome: 'strategy_discussion', factors: ['2B'] }).execute();
  const sd = await db.insertInto('strategy_discussion').values({ referral_id: ref.id, child_id: a, discussion_date: '2025-11-03', outcome: 's47' }).returning('id').executeTakeFirstOrThrow();
  const s47 = await db.insertInto('s47_enquiry').values({ referral_id: ref.id, child_id: a, strategy_discussion_id: sd.id, start_date: '2025-11-03', end_date: '2025-11-20', outcome: 'icpc' }).returning('id').executeTakeFirstOrThrow();
  const icpc = await db.insertInto('icpc').values({ s47_id: s47.id, child_id: a, conference_date: '2025-11-20', plan_decided: true }).returning('id').executeTakeFirstOrThrow();
  const plan = await db.insertInto('cp_plan').values({ referral_id: ref.id, child_id: a, icpc_id: icpc.id, start_date: '2025-11-20', initial_category: 'NEG', latest_category: 'EMO' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('cp_review').values({ cp_plan_id: plan.id, child_id: a, review_date: '2026-02-18' }).execute();
  await db.insertInto('visit').values([
    { child_id: a, kind: 'cp', visit_date: '2026-03-01', child_seen: true, seen_alone: true },
    { child_id: a, kind: 'cp', visit_date: '2026-03-20', child_seen: true, seen_alone: false },
  ]).execute();

  // Child C: looked after since 2025-01-01, placement move then a legal-status change; adoption plan; two missing episodes.
  const c = await addChild(db, { laCode: '330', ref: 'CHC1', dob: '2019-04-04', uasc: false });
  await allocate(db, c, worker, team, '2025-01-01');
  const p = await addCarePeriod(db, c, '330', '2025-01-01');
  await addEpisode(db, c, p, { start: '2025-01-01', end: '2025-02-01', rne: 'S', ls: 'V2', place: 'U1', rec: 'X1', reasonPlaceChange: null });
  await addEpisode(db, c, p, { start: '2025-02-01', end: '2025-09-01', rne: 'P', ls: 'V2', place: 'U4', rec: 'X1', reasonPlaceChange: 'CARPL' });
  await addEpisode(db, c, p, { start: '2025-09-01', rne: 'L', ls: 'C2', place: 'U4', provider: 'PR4', placePostcode: 'ZZ9 9ZZ' });
  await db.insertInto('cla_review').values({ care_period_id: p, child_id: c, review_date: '2026-01-05', participation: 'PN1', iro_staff_id: worker }).execute();
  await db.insertInto('missing_episode').values([
    { child_id: c, kind: 'missing', start_date: '2025-12-01', end_date: '2025-12-02', rhi_offered: true, rhi_accepted: false },
    { child_id: c, kind: 'away', start_date: '2026-01-01', end_date: '2026-01-01' },
  ]).execute();
  await db.insertInto('adoption_plan').values({ child_id: c, decision_date: '2025-10-10', placement_order_date: '2025-12-01' }).execute();

  // Child D: care leaver (19 at the date), looked after 14–18.
  const dd = await addChild(db, { laCode: '330', ref: 'CHD1', dob: '2007-01-01', uasc: true, uascCeased: '2025-01-01' });
  await allocate(db, dd, pa, lcTeam, '2025-01-01');
  const pd = await addCarePeriod(db, dd, '330', '2021-02-01', '2025-01-01');
  await addEpisode(db, dd, pd, { start: '2021-02-01', end: '2025-01-01', rne: 'S', ls: 'V2', place: 'U4', rec: 'E8' });
  await db.insertInto('care_leaver_contact').values({ child_id: dd, contact_date: '2026-02-01', in_touch: 'YES', activity: 'F2', accommodation: 'U', accommodation_suitable: true }).execute();
  await db.insertInto('pathway_plan').values({ child_id: dd, plan_date: '2025-12-01' }).execute();

  // Child E: left care at 12 — not a care leaver.
  const e = await addChild(db, { laCode: '330', ref: 'CHE1', dob: '2008-01-01' });
  const pe = await addCarePeriod(db, e, '330', '2019-01-01', '2020-06-01');
  await addEpisode(db, e, pe, { start: '2019-01-01', end: '2020-06-01', rec: 'E13' });

  result = await buildAnnexA(db, { laCode: '330', inspectionDate: D });
});

after(async () => {
  await h?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('every list has exactly the columns of the reference Annex A schema, in order', () => {
  const ref = referenceColumns();
  assert.equal(ref.size, 11);
  assert.equal(result.lists.length, 11);
  for (const l of result.lists) {
    assert.deepEqual([...l.definition.columns], ref.get(l.definition.number), `list ${l.definition.number}`);
    for (const row of l.rows) assert.equal(row.length, l.definition.columns.length, `row width in list ${l.definition.number}`);
  }
  assert.deepEqual(ANNEX_A_LISTS.map((x) => x.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('list 1 window: six months up to and including the inspection date, this council only', () => {
  const l1 = list(1);
  assert.equal(l1.from, '2025-09-15');
  const dates = l1.rows.map((r) => col(1, r, 'Date of Contact'));
  assert.deepEqual(dates, ['15/09/2025', '15/03/2026']); // 14/09/2025 (6 months and a day before) and 16/03/2026 excluded
  assert.ok(l1.rows.every((r) => r[0] === 'CHA1'), 'the other council’s child is not listed');
  assert.equal(col(1, l1.rows[0]!, 'Gender'), 'a) Male');
  assert.equal(col(1, l1.rows[0]!, 'Age of Child (Years)'), '10');
  assert.equal(col(1, l1.rows[0]!, 'Date of Birth'), '01/06/2015');
});

test('lists 3–5: referral, assessment and section 47 with counts and allocation', () => {
  const l3 = list(3).rows;
  assert.equal(l3.length, 1, 'the NFA referral of 10/01/2025 is outside six months');
  assert.equal(col(3, l3[0]!, 'Number of Referrals in Last 12 Months'), '1');
  assert.equal(col(3, l3[0]!, 'Referral NFA?'), 'No');
  assert.equal(col(3, l3[0]!, 'Allocated Worker'), 'Alex Worker');
  assert.equal(col(3, l3[0]!, 'Allocated Team'), 'Locality Team A');
  const l4 = list(4).rows;
  assert.equal(l4.length, 1);
  assert.equal(col(4, l4[0]!, 'Child Seen During Continuous Assessment'), 'Yes');
  assert.equal(col(4, l4[0]!, "Was the child assessed as requiring LA children's social care support?"), 'Yes');
  assert.equal(col(4, l4[0]!, 'Does the Child have a Disability'), 'Yes');
  const l5 = list(5).rows;
  assert.equal(l5.length, 1);
  assert.equal(col(5, l5[0]!, 'Was an Initial Child Protection Conference deemed unnecessary?'), 'No');
  assert.equal(col(5, l5[0]!, 'Date of Initial Child Protection Conference'), '20/11/2025');
  assert.equal(col(5, l5[0]!, 'Did the Initial Child Protection Conference Result in a Child Protection Plan'), 'Yes');
  assert.equal(col(5, l5[0]!, 'Number of ICPCs in the last 12 months'), '1');
});

test('lists 6–7: CIN status and the child protection plan as at the inspection date', () => {
  const l6 = list(6).rows;
  assert.equal(l6.length, 1, 'the NFA referral is not a CIN episode');
  assert.equal(col(6, l6[0]!, 'Case Status'), 'b) Child Protection plan');
  assert.equal(col(6, l6[0]!, 'Date Child Was Last Seen'), '01/03/2026', 'a visit after the date is ignored');
  const l7 = list(7).rows;
  assert.equal(l7.length, 1);
  assert.equal(col(7, l7[0]!, 'Initial Category of Abuse'), 'a) Neglect');
  assert.equal(col(7, l7[0]!, 'Latest Category of Abuse'), 'd) Emotional Abuse');
  assert.equal(col(7, l7[0]!, 'Was the Child Seen Alone?'), 'Yes');
  assert.equal(col(7, l7[0]!, 'Date of latest review conference'), '18/02/2026');
  assert.equal(col(7, l7[0]!, 'Child Protection Plan End Date'), '');
  assert.equal(col(7, l7[0]!, 'Number of Previous Child Protection Plans'), '0');
});

test('list 8: legal status and placement start are walked back through the episodes', () => {
  const l8 = list(8).rows;
  assert.deepEqual(l8.map((r) => r[0]), ['CHC1'], 'the care leaver and the child who left care in 2020 are not current');
  const r = l8[0]!;
  assert.equal(col(8, r, 'Date Started to be Looked After'), '01/01/2025');
  assert.equal(col(8, r, "Child's Legal Status"), 'C2');
  assert.equal(col(8, r, 'Start date of current legal status'), '01/09/2025');
  assert.equal(col(8, r, 'Start Date of Most Recent Placement'), '01/02/2025');
  assert.equal(col(8, r, 'Number of Placements in the Last 12 months'), '1');
  assert.equal(col(8, r, 'Placement Provider'), 'b) Private');
  assert.equal(col(8, r, 'Placement postcode'), 'ZZ9 9ZZ');
  assert.equal(col(8, r, 'What is the permanence plan for this child?'), 'b) Adoption');
  assert.equal(col(8, r, "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"), '1');
  assert.equal(col(8, r, "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months"), '1');
  assert.equal(col(8, r, 'Was the child offered a Return Interview after their last missing episode (Y/N)?'), 'Yes');
  assert.equal(col(8, r, 'Did the child accept a Return Interview after their last missing episode (Y/N)?'), 'No');
  assert.equal(col(8, r, 'Date of Latest Statutory Review'), '05/01/2026');
});

test('list 9: care leavers only (13 weeks in care after 14, some after 16)', () => {
  const l9 = list(9).rows;
  assert.deepEqual(l9.map((r) => r[0]), ['CHD1']);
  const r = l9[0]!;
  assert.equal(col(9, r, 'Eligibility Category'), 'b) Former relevant');
  assert.equal(col(9, r, 'Allocated Personal Advisor'), 'Pat Advisor');
  assert.equal(col(9, r, 'LA in Touch'), 'a) In touch');
  assert.equal(col(9, r, 'Type of Accommodation'), 'k) Independent living');
  assert.equal(col(9, r, 'Suitability of Accommodation'), 'a) Suitable');
  assert.equal(col(9, r, 'Activity Status'), 'F2: Full time in education other than higher');
  assert.equal(col(9, r, 'Latest Pathway Plan Review Date'), '01/12/2025');
  assert.equal(col(9, r, 'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)'), 'Yes');
});

test('list 10 adoption and list 11 (no adopter records: header only)', () => {
  const l10 = list(10).rows;
  assert.equal(l10.length, 1);
  assert.equal(col(10, l10[0]!, 'Date the Child Entered Care'), '01/01/2025');
  assert.equal(col(10, l10[0]!, 'Date of Placement Order'), '01/12/2025');
  assert.equal(list(10).from, '2025-03-15');
  assert.equal(list(11).rows.length, 0);
});

test('CSV files: one per list, header exactly the columns', async () => {
  const dir = join(tmp, 'csv');
  const paths = await writeAnnexACsv(dir, result);
  assert.equal(paths.length, 11);
  assert.equal((await readdir(dir)).length, 11);
  const text = await readFile(paths[7]!, 'utf8');
  const header = text.split('\r\n')[0]!;
  assert.equal(header, list(8).definition.columns.join(','), 'no column name needs quoting');
  assert.equal(text.split('\r\n').filter(Boolean).length, 1 + list(8).rows.length);
});

test('xlsx round trip: one worksheet per list, header row frozen, rows intact', async () => {
  const path = await writeAnnexAXlsx(join(tmp, 'xlsx'), result);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  assert.equal(wb.worksheets.length, 11);
  for (const l of result.lists) {
    const ws = wb.getWorksheet(worksheetName(l));
    assert.ok(ws, worksheetName(l));
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header, [...l.definition.columns]);
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1);
    assert.equal(ws.actualRowCount, 1 + l.rows.length);
    l.rows.forEach((row, i) => {
      const got = (ws.getRow(i + 2).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
      while (got.length < row.length) got.push('');
      assert.deepEqual(got, row);
    });
  }
});

test('bad inputs are rejected', async () => {
  await assert.rejects(buildAnnexA(h.db, { laCode: '33', inspectionDate: D }), RangeError);
  await assert.rejects(buildAnnexA(h.db, { laCode: '330', inspectionDate: '2026-02-30' }), RangeError);
});
