import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../../helpers/db.ts';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { buildSsda903, writeSsda903Csv, type Ssda903BuildResult } from '../../../src/returns/ssda903/build.ts';
import { columnsOf, tablesFor, type Ssda903Table } from '../../../src/domain/codes/ssda903.ts';
import { validate903Folder } from '../../../src/returns/ssda903/validate.ts';
import { addCarePeriod, addChild, addCouncil, addEpisode, addTeam, addWorker, allocate } from '../fixtures.ts';

let h: DatabaseHandle;
let res: Ssda903BuildResult;
let tmp: string;
const rows = (t: Ssda903Table) => res[t]!.rows;
const cell = (t: Ssda903Table, row: string[], name: string) => row[res[t]!.columns.indexOf(name)]!;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hearth-903-'));
  h = await freshDatabase();
  const db = h.db;
  await addCouncil(db, '330', 'Northshire');
  await addCouncil(db, '331', 'Southshire');
  const team = await addTeam(db, '330', 'Children in Care', 'children_in_care');
  const sw = await addWorker(db, team, 'Ali', 'Worker', 'SW100001');
  const sw2 = await addWorker(db, team, 'Bo', 'Worker', 'SW100002');

  // Looked after since 2024 (so OC2 at 31 March 2026), one placement move in the year.
  const a = await addChild(db, { laCode: '330', ref: 'C903A', dob: '2014-05-01', sex: 'F', upn: 'A123456789012' });
  const pa = await addCarePeriod(db, a, '330', '2024-02-01');
  await addEpisode(db, a, pa, { start: '2024-02-01', end: '2025-06-01', rne: 'S', ls: 'C2', cin: 'N1', place: 'U4', provider: 'PR1', rec: 'X1', placePostcode: 'AB1 2CD', homePostcode: 'AB3 4EF' });
  await addEpisode(db, a, pa, { start: '2025-06-01', rne: 'P', ls: 'C2', cin: 'N1', place: 'U1', provider: 'PR1', reasonPlaceChange: 'CARPL', placePostcode: 'AB1 3CD', homePostcode: 'AB3 4EF' });
  await db.insertInto('cla_review').values([
    { care_period_id: pa, child_id: a, review_date: '2025-05-01', participation: 'PN1' },
    { care_period_id: pa, child_id: a, review_date: '2025-11-01', participation: 'PN1' },
    { care_period_id: pa, child_id: a, review_date: '2025-03-01', participation: 'PN1' }, // previous year
  ]).execute();
  await db.insertInto('health_event').values([
    { child_id: a, kind: 'sdq', event_date: '2025-09-01', score: 12 },
    { child_id: a, kind: 'review_health_assessment', event_date: '2025-08-01' },
    { child_id: a, kind: 'dental_check', event_date: '2025-08-02' },
    { child_id: a, kind: 'immunisations_up_to_date', event_date: '2025-08-03' },
  ]).execute();
  await db.insertInto('missing_episode').values({ child_id: a, kind: 'missing', start_date: '2025-10-01', end_date: '2025-10-02', rhi_offered: true, rhi_accepted: true, rhi_date: '2025-10-03' }).execute();
  await allocate(db, a, sw, team, '2024-02-01', '2025-07-01', 'LEFTRL');
  await allocate(db, a, sw2, team, '2025-07-01');

  // Care leaver: 18th birthday in the year, left care at 18.
  const l = await addChild(db, { laCode: '330', ref: 'C903L', dob: '2007-09-10', sex: 'M', upn: 'B123456789012' });
  const pl = await addCarePeriod(db, l, '330', '2022-01-01', '2025-09-10');
  await addEpisode(db, l, pl, { start: '2022-01-01', end: '2025-09-10', rne: 'S', ls: 'V2', cin: 'N4', place: 'U4', provider: 'PR4', rec: 'E17', placePostcode: 'AB1 2CD', homePostcode: 'AB3 4EF' });
  await db.insertInto('care_leaver_contact').values({ child_id: l, contact_date: '2025-09-20', in_touch: 'YES', activity: 'F2', accommodation: 'U1', accommodation_suitable: true }).execute();
  await allocate(db, l, sw, team, '2022-01-01');

  // Left care before the year: not in the return. Other council's child: not in this council's return.
  const o = await addChild(db, { laCode: '330', ref: 'C903O', dob: '2012-01-01' });
  const po = await addCarePeriod(db, o, '330', '2023-01-01', '2024-06-01');
  await addEpisode(db, o, po, { start: '2023-01-01', end: '2024-06-01', rec: 'E13' });
  const x = await addChild(db, { laCode: '331', ref: 'C903X', dob: '2012-01-01' });
  const px = await addCarePeriod(db, x, '331', '2025-05-01');
  await addEpisode(db, x, px, { start: '2025-05-01' });

  res = await buildSsda903(db, { laCode: '330', collectionYear: 2026 });
});

after(async () => {
  await h?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('every table of the year, with the DfE column names in order', () => {
  assert.deepEqual(Object.keys(res), [...tablesFor(2026)]);
  assert.ok(Object.keys(res).includes('SWEpisodes'));
  for (const t of tablesFor(2026)) {
    assert.deepEqual(res[t]!.columns, [...columnsOf(2026, t)], t);
    for (const r of res[t]!.rows) assert.equal(r.length, res[t]!.columns.length, `${t} row width`);
  }
  assert.ok(!Object.keys(res).includes('SWEpisodes') || tablesFor(2023).every((t) => t !== 'SWEpisodes'));
});

test('inclusion: episodes open in the year, this council only; OC2, OC3, reviews and SW episodes', () => {
  assert.deepEqual(rows('Header').map((r) => r[0]), ['C903A', 'C903L']);
  assert.deepEqual(rows('Episodes').map((r) => [r[0], cell('Episodes', r, 'DECOM'), cell('Episodes', r, 'DEC'), cell('Episodes', r, 'REC')]),
    [['C903A', '01/02/2024', '01/06/2025', 'X1'], ['C903A', '01/06/2025', '', ''], ['C903L', '01/01/2022', '10/09/2025', 'E17']]);
  // The reason recorded with the new placement is reported on the episode that ended.
  assert.equal(cell('Episodes', rows('Episodes')[0]!, 'REASON_PLACE_CHANGE'), 'CARPL');
  assert.equal(cell('Episodes', rows('Episodes')[1]!, 'REASON_PLACE_CHANGE'), '');
  assert.deepEqual(rows('Reviews').map((r) => cell('Reviews', r, 'REVIEW')), ['01/05/2025', '01/11/2025']);
  assert.deepEqual(rows('OC2').map((r) => r[0]), ['C903A']);
  assert.equal(cell('OC2', rows('OC2')[0]!, 'SDQ_SCORE'), '12');
  assert.equal(cell('OC2', rows('OC2')[0]!, 'TEETH_CHECK'), '1');
  assert.deepEqual(rows('OC3'), [['C903L', '10/09/2007', 'YES', 'F2', 'U1']]);
  assert.deepEqual(rows('Missing'), [['C903A', '01/05/2014', 'M', '01/10/2025', '02/10/2025']]);
  const sw = rows('SWEpisodes').map((r) => [r[0], cell('SWEpisodes', r, 'SW_ID'), cell('SWEpisodes', r, 'SW_DEC'), cell('SWEpisodes', r, 'SW_REASON')]);
  assert.deepEqual(sw, [
    ['C903A', 'SW100001', '01/07/2025', 'LEFTRL'], ['C903A', 'SW100002', '', ''],
    ['C903L', 'SW100001', '10/09/2025', 'CHCHAN'], // closed when care ended
  ]);
  assert.equal(cell('Header', rows('Header')[0]!, 'SEX'), 'F');
  assert.equal(cell('Header', rows('Header')[0]!, 'MOTHER'), '0');
});

test('the written CSVs validate clean with the 903 validator', async () => {
  const dir = join(tmp, 'out');
  const paths = await writeSsda903Csv(dir, res, 2026);
  assert.equal(paths.length, tablesFor(2026).length);
  assert.ok((await readdir(dir)).includes('episodes.csv'));
  const report = await validate903Folder(2026, dir);
  // Empty tables (no adoptions, UASC or previous permanence here) are only noted, not failures.
  assert.deepEqual(report.fileIssues.filter((i) => !/header only, no data rows/.test(i.message)), []);
  assert.deepEqual(report.failures.map((f) => `${f.rule} ${f.table} ${f.child}: ${f.message}`), []);
});

test('bad options are rejected', async () => {
  await assert.rejects(buildSsda903(h.db, { laCode: 'x', collectionYear: 2026 }), RangeError);
  await assert.rejects(buildSsda903(h.db, { laCode: '330', collectionYear: 1999 }), RangeError);
});
