/**
 * Indicators computed in SQL on small hand-built records, each scenario in a
 * council of its own, with the right answers worked out by hand (including
 * the boundaries the issue names: the 45th working day, a child turning 16, a
 * placement move on 31 March).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { indicatorById, indicatorValue } from '../../../src/domain/indicators/index.ts';
import { computeIndicator, computeIndicators, indicatorUnits, serviceFigure, UnknownIndicatorError, type GroupFigure } from '../../../src/services/indicators/compute.ts';
import { FAMILIES } from '../../../src/services/indicators/queries.ts';
import { freshDatabase } from '../../helpers/db.ts';
import { Records } from './records.ts';

let h: DatabaseHandle;
let rec: Records;
before(async () => {
  h = await freshDatabase();
  rec = new Records(h.db);
});
after(() => h.close());

const YEAR_END = '2026-03-31';

async function figure(id: string, la: string, asAt = YEAR_END) {
  const [p] = await computeIndicator(h.db, id, { asAt, laCodes: [la] });
  return serviceFigure(p!);
}
async function value(id: string, la: string, asAt = YEAR_END, population: number | null = null) {
  return indicatorValue(indicatorById(id)!, await figure(id, la, asAt), population);
}

test('calendar_day: working days between is a subtraction, by the DfE convention', async () => {
  const r = await h.db.selectFrom('calendar_day').select(['d', 'working', 'wd_number']).where('d', 'in', ['2025-12-24', '2025-12-25', '2025-12-26', '2025-12-29']).orderBy('d').execute();
  assert.deepEqual(r.map((x) => x.working), [true, false, false, true]);
  // 24 Dec (Wed) to 29 Dec (Mon): Christmas Day and Boxing Day are bank holidays, so 1 working day after.
  assert.equal(r[3]!.wd_number - r[0]!.wd_number, 1);
  const n = await h.db.selectFrom('calendar_day').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 36_890); // 1 January 2000 to 31 December 2100
});

test('assessments within 45 working days: the 45th working day is in time, the next is late; median working days', async () => {
  const la = await rec.council('801');
  // Start Friday 6 June 2025. No bank holidays until 25 August: 9–13 June are working days 1–5, ... 28 July–1 August 36–40,
  // 4–8 August 41–45. So Friday 8 August is the 45th working day; Monday 11 August the 46th.
  const c1 = await rec.child(la);
  await rec.assessment(await rec.referral(c1, la, '2025-06-06'), c1, '2025-06-06', '2025-08-08');
  const c2 = await rec.child(la);
  await rec.assessment(await rec.referral(c2, la, '2025-06-06'), c2, '2025-06-06', '2025-08-11');
  // Authorised before the 12 months (31 March 2025): not counted.
  const c3 = await rec.child(la);
  await rec.assessment(await rec.referral(c3, la, '2025-01-06'), c3, '2025-01-06', '2025-03-31');
  const f = await figure('assessments-45wd', la);
  assert.deepEqual([f.numerator, f.denominator], [1, 2]);
  assert.equal(await value('assessments-45wd', la), 50);
  const m = await figure('assessment-median-days', la);
  assert.equal(m.median, 45.5); // 45 and 46 working days
});

test('ICPC within 15 working days of the strategy discussion, across Christmas and New Year', async () => {
  const la = await rec.council('802');
  // Strategy Wednesday 17 Dec 2025: 18, 19, 22, 23, 24 Dec = 1–5; 25, 26 Dec bank holidays; 29, 30, 31 Dec = 6–8;
  // 1 Jan bank holiday; 2 Jan = 9; 5–9 Jan = 10–14; Monday 12 Jan = 15.
  await rec.cp(await rec.child(la), la, { strategy: '2025-12-17', icpc: '2026-01-12' });
  await rec.cp(await rec.child(la), la, { strategy: '2025-12-17', icpc: '2026-01-13' });
  assert.deepEqual(await figure('icpc-15wd', la).then((f) => [f.numerator, f.denominator]), [1, 2]);
});

test('long-term stability: a child turning 16 on the date is excluded; legal-status-only changes keep the placement', async () => {
  const la = await rec.council('803');
  // Looked after since 1 Jan 2023, at least 2.5 years before 31 March 2026 (on or before 30 Sept 2023).
  const sixteenToday = await rec.child(la, '2010-03-31'); // 16 on 31 March 2026: excluded
  await rec.care(sixteenToday, la, [['2023-01-01', 'S']]);
  const fifteen = await rec.child(la, '2010-04-01'); // 16 the day after: included, same placement: in numerator
  await rec.care(fifteen, la, [['2023-01-01', 'S']]);
  const moved = await rec.child(la, '2012-05-05'); // moved 1 June 2024, less than 2 years before: denominator only
  await rec.care(moved, la, [['2023-01-01', 'S'], ['2024-06-01', 'P']]);
  const legalOnly = await rec.child(la, '2012-05-05'); // legal status change 1 Jan 2025, same placement since 2023: numerator
  await rec.care(legalOnly, la, [['2023-01-01', 'S'], ['2025-01-01', 'L']]);
  const tooRecent = await rec.child(la, '2012-05-05'); // looked after since 1 Oct 2023: not yet 2.5 years, excluded
  await rec.care(tooRecent, la, [['2023-10-01', 'S']]);
  const f = await figure('cla-stability', la);
  assert.deepEqual([f.numerator, f.denominator], [2, 3]);
  const units = await indicatorUnits(h.db, 'cla-stability', { asAt: YEAR_END, laCodes: [la] });
  assert.deepEqual(units.map((u) => u.childId).sort((a, b) => a - b), [fifteen, moved, legalOnly].sort((a, b) => a - b));
  // A day earlier (30 March 2026) the child born 31 March 2010 is still 15 and counts.
  assert.deepEqual(await figure('cla-stability', la, '2026-03-30').then((x) => [x.numerator, x.denominator]), [3, 4]);
});

test('3 or more placements: a move on 31 March counts in the year it happens, not the next', async () => {
  const la = await rec.council('804');
  const mover = await rec.child(la, '2012-01-01');
  await rec.care(mover, la, [['2025-01-01', 'S'], ['2025-06-01', 'P'], ['2026-03-31', 'P']]);
  const legal = await rec.child(la, '2012-01-01'); // S, L, P: two placements
  await rec.care(legal, la, [['2025-05-01', 'S'], ['2025-07-01', 'L'], ['2025-09-01', 'P']]);
  assert.deepEqual(await figure('cla-3-placements', la).then((f) => [f.numerator, f.denominator]), [1, 2]);
  // Year ending 31 March 2027: the 31 March 2026 placement alone for the mover; two for the other child.
  assert.deepEqual(await figure('cla-3-placements', la, '2027-03-31').then((f) => [f.numerator, f.denominator]), [0, 2]);
});

test('re-referrals within 12 months: a day over 12 months is not a re-referral', async () => {
  const la = await rec.council('805');
  const a = await rec.child(la);
  await rec.referral(a, la, '2025-01-10', { closed: '2025-02-01' });
  await rec.referral(a, la, '2026-01-09'); // previous 12 months start 9 Jan 2025: re-referral
  const b = await rec.child(la);
  await rec.referral(b, la, '2025-01-09', { closed: '2025-02-01' });
  await rec.referral(b, la, '2026-01-10'); // 12 months back is 10 Jan 2025: the 9 Jan referral is outside
  assert.deepEqual(await figure('re-referrals-12m', la).then((f) => [f.numerator, f.denominator]), [1, 2]);
  assert.equal((await figure('referrals', la)).numerator, 2);
});

test('CP plans: repeat plans, open 2 years or more at the date, ended after 2 years or more, rate per 10,000', async () => {
  const la = await rec.council('806', 20_000);
  const a = await rec.child(la);
  await rec.cp(a, la, { strategy: '2021-01-04', icpc: '2021-01-15', planStart: '2021-01-15', planEnd: '2022-01-15' });
  await rec.cp(a, la, { strategy: '2025-06-02', icpc: '2025-06-16', planStart: '2025-06-16' }); // second ever: repeat
  const b = await rec.child(la);
  await rec.cp(b, la, { strategy: '2024-03-18', icpc: '2024-03-31', planStart: '2024-03-31' }); // open exactly 2 years at 31 March 2026
  const c = await rec.child(la);
  await rec.cp(c, la, { strategy: '2023-05-01', icpc: '2023-05-10', planStart: '2023-05-10', planEnd: '2025-05-10' }); // ended on the 2nd anniversary
  const d = await rec.child(la);
  await rec.cp(d, la, { strategy: '2024-05-01', icpc: '2024-05-10', planStart: '2024-05-10', planEnd: '2026-03-31' }); // ends on the date: not open; 1 day short of... under 2 years
  assert.deepEqual(await figure('cp-repeat', la).then((f) => [f.numerator, f.denominator]), [1, 1]);
  assert.deepEqual(await figure('cp-open-2y', la).then((f) => [f.numerator, f.denominator]), [1, 2]);
  assert.deepEqual(await figure('cp-ended-2y', la).then((f) => [f.numerator, f.denominator]), [1, 2]);
  assert.equal(await value('cp-rate', la, YEAR_END, 20_000), 1); // 2 children per 20,000 = 1 per 10,000
});

test('CP reviews in time: first within 3 months of the plan, then within 6 months of the previous', async () => {
  const la = await rec.council('807');
  const a = await rec.child(la);
  const { planId } = await rec.cp(a, la, { strategy: '2025-04-22', icpc: '2025-05-01', planStart: '2025-05-01' });
  await rec.cpReview(planId!, a, '2025-08-01'); // due 1 August: in time
  await rec.cpReview(planId!, a, '2026-02-02'); // due 1 February: late
  assert.deepEqual(await figure('cp-reviews-in-time', la).then((f) => [f.numerator, f.denominator]), [1, 2]);
});

test('health, dental and SDQ for children looked after 12 months or more', async () => {
  const la = await rec.council('808');
  const long = await rec.child(la, '2014-01-01');
  await rec.care(long, la, [['2025-03-31', 'S']]); // exactly 12 months at 31 March 2026
  await h.db.insertInto('health_event').values([
    { child_id: long, kind: 'dental_check', event_date: '2025-04-01' },
    { child_id: long, kind: 'review_health_assessment', event_date: '2025-03-31' }, // the day before the 12 months
  ]).execute();
  const recent = await rec.child(la, '2014-01-01');
  await rec.care(recent, la, [['2025-04-01', 'S']]); // under 12 months: excluded
  const baby = await rec.child(la, '2023-01-01');
  await rec.care(baby, la, [['2024-01-01', 'S']]); // included in health, too young for SDQ
  assert.deepEqual(await figure('cla-dental', la).then((f) => [f.numerator, f.denominator]), [1, 2]);
  assert.deepEqual(await figure('cla-health-assessments', la).then((f) => [f.numerator, f.denominator]), [0, 2]);
  assert.deepEqual(await figure('cla-sdq', la).then((f) => [f.numerator, f.denominator]), [0, 1]);
});

test('missing episodes and return-home interviews within 72 hours', async () => {
  const la = await rec.council('809');
  const a = await rec.child(la);
  await h.db.insertInto('missing_episode').values([
    { child_id: a, kind: 'missing', start_date: '2025-10-01', end_date: '2025-10-02', rhi_offered: true, rhi_accepted: true, rhi_date: '2025-10-05' }, // 3 days: in time
    { child_id: a, kind: 'missing', start_date: '2025-11-01', end_date: '2025-11-02', rhi_offered: true, rhi_accepted: true, rhi_date: '2025-11-06' }, // 4 days: late
    { child_id: a, kind: 'missing', start_date: '2025-12-01', end_date: '2025-12-01', rhi_offered: false, rhi_accepted: false, rhi_date: null },
    { child_id: a, kind: 'away', start_date: '2025-12-10', end_date: '2025-12-10', rhi_offered: null, rhi_accepted: null, rhi_date: null }, // away: excluded
  ]).execute();
  assert.equal((await figure('missing-episodes', la)).numerator, 3);
  assert.deepEqual(await figure('rhi-offered', la).then((f) => [f.numerator, f.denominator]), [2, 3]);
  assert.deepEqual(await figure('rhi-72h', la).then((f) => [f.numerator, f.denominator]), [1, 3]);
});

test('care leavers (SSDA903 OC3): birthdays in the year, contact from 3 months before to 1 month after, 13 weeks in care after 14, left at 16 or over', async () => {
  const la = await rec.council('810');
  type Contact = [string, string, string?, boolean?]; // date, in touch, activity, suitable
  const youngPerson = async (dob: string, care: [string, string], contacts: Contact[]) => {
    const c = await rec.child(la, dob);
    await rec.care(c, la, [[care[0], 'S']], care[1]);
    for (const [d, inTouch, activity, suitable] of contacts) {
      await h.db.insertInto('care_leaver_contact').values({ child_id: c, contact_date: d, in_touch: inTouch, activity: activity ?? '0', accommodation: '0', accommodation_suitable: suitable ?? null }).execute();
    }
  };
  // Year ending 31 March 2026: birthdays from 1 April 2025 to 31 March 2026.
  // A: 17th birthday on 1 April 2025 (the first day); contact exactly 3 months before it (1 January 2025): counted.
  await youngPerson('2008-04-01', ['2022-01-01', '2025-03-01'], [['2025-01-01', 'YES', 'F3', true]]);
  // B: 17th on 15 June 2025; contacts one day outside the window on each side (14 March, 16 July): none in it.
  await youngPerson('2008-06-15', ['2022-01-01', '2024-09-01'], [['2025-03-14', 'YES', 'F1', true], ['2025-07-16', 'YES', 'F1', true]]);
  // C: 17th on 10 July 2025; in touch in June, then not in touch exactly 1 month after (10 August): the latest counts.
  await youngPerson('2008-07-10', ['2022-01-01', '2024-09-01'], [['2025-06-01', 'YES', 'F1', true], ['2025-08-10', 'NO']]);
  // D: still looked after on the 17th birthday (care ends the day after): left out.
  await youngPerson('2008-09-01', ['2022-01-01', '2025-09-02'], [['2025-09-05', 'YES', 'F1', true]]);
  // E: care ends on the 17th birthday itself: not looked after on it, so counted.
  await youngPerson('2008-10-01', ['2022-01-01', '2025-10-01'], [['2025-10-05', 'YES', 'F1', true]]);
  // F: 80 days in care after 14 (under 13 weeks): not a care leaver. G: exactly 91 days: a care leaver.
  await youngPerson('2008-11-01', ['2024-10-01', '2024-12-20'], [['2025-11-01', 'YES', 'F1', true]]);
  await youngPerson('2008-11-02', ['2024-10-01', '2024-12-31'], [['2025-11-02', 'YES', 'P3', false]]);
  // H: left care the day before the 16th birthday: not a care leaver.
  await youngPerson('2008-12-01', ['2020-01-01', '2024-11-30'], [['2025-12-01', 'YES', 'F1', true]]);
  // I: died (contact says DIED): left out. M: died before the 17th birthday (date of death recorded): left out.
  await youngPerson('2009-01-10', ['2023-01-01', '2025-06-01'], [['2026-01-15', 'DIED']]);
  await youngPerson('2009-02-01', ['2023-01-01', '2025-06-01'], [['2026-01-15', 'YES', 'F1', true]]);
  await h.db.updateTable('child').set({ date_of_death: '2026-01-20' }).where('date_of_birth', '=', '2009-02-01').where('la_code', '=', la).execute();
  // J: 18th birthday in the year (1 May 2025): in touch, not in education, employment or training, unsuitable accommodation.
  await youngPerson('2007-05-01', ['2021-01-01', '2024-06-01'], [['2025-05-20', 'YES', 'G5', false]]);
  // K: 21st birthday on 31 March 2026 (the last day); contact 1 month after it, after the year end: counted.
  await youngPerson('2005-03-31', ['2019-01-01', '2023-03-31'], [['2026-04-30', 'YES', 'P2', true]]);
  // L: 21st birthday on 31 March 2025, the day before the year: not counted.
  await youngPerson('2004-03-31', ['2018-01-01', '2022-03-31'], [['2025-03-31', 'YES', 'P2', true]]);
  const nd = async (id: string) => figure(id, la).then((f) => [f.numerator, f.denominator]);
  // 17–18: A, B, C, E, G, J. In touch: A, E, G, J. EET (F or P): A, E, G. Suitable accommodation: A, E.
  assert.deepEqual(await nd('cl-in-touch-17-18'), [4, 6]);
  assert.deepEqual(await nd('cl-eet-17-18'), [3, 6]);
  assert.deepEqual(await nd('cl-accommodation-17-18'), [2, 6]);
  assert.deepEqual(await nd('cl-in-touch-19-21'), [1, 1]);
  assert.deepEqual(await nd('cl-eet-19-21'), [1, 1]);
  assert.deepEqual(await nd('cl-accommodation-19-21'), [1, 1]);
  // The trend (daily totals) gives the same figure at the year end and a year earlier, when L's 21st birthday
  // (in touch on the day) and K's 20th (no contact around it) count.
  const trend = await computeIndicator(h.db, 'cl-in-touch-19-21', { asAt: YEAR_END, months: 24, laCodes: [la] });
  assert.deepEqual([serviceFigure(trend[23]!).numerator, serviceFigure(trend[23]!).denominator], [1, 1]);
  const earlier = trend.find((p) => p.periodEnd === '2025-03-31')!;
  assert.deepEqual([serviceFigure(earlier).numerator, serviceFigure(earlier).denominator], await nd2('cl-in-touch-19-21', la, '2025-03-31'));
  assert.deepEqual(await nd2('cl-in-touch-19-21', la, '2025-03-31'), [1, 2]);
});

async function nd2(id: string, la: string, asAt: string) {
  const f = await figure(id, la, asAt);
  return [f.numerator, f.denominator];
}

test('workforce: caseload per FTE, agency rate, vacancy rate, turnover', async () => {
  const la = await rec.council('811');
  const team = await rec.team(la, 'long_term');
  const w1 = await rec.staff(team, { fte: 1 });
  const w2 = await rec.staff(team, { fte: 0.5, agency: true });
  await rec.staff(team, { title: 'Team Manager' }); // not case-holding, but a social worker in post
  await rec.staff(team, { start: '2020-01-01', leave: '2025-09-30' }); // left in the year (permanent)
  for (let i = 0; i < 3; i++) {
    const c = await rec.child(la);
    await rec.referral(c, la, '2025-10-01');
    await rec.allocate(c, i < 2 ? w1 : w2, team, '2025-10-01');
  }
  const caseload = await figure('caseload', la);
  assert.deepEqual([caseload.numerator, caseload.denominator], [3, 1.5]); // 3 children / 1.5 FTE = 2
  assert.deepEqual(await figure('agency-rate', la).then((f) => [f.numerator, f.denominator]), [0.5, 2.5]); // 0.5 of 2.5 FTE in post
  // No establishment recorded: no figure. Then 4 FTE funded, 2 permanent FTE in post: 2 vacant.
  assert.equal((await figure('vacancy-rate', la)).denominator, 0);
  await h.db.insertInto('team_establishment').values({ team_id: team, effective_from: '2025-01-01', social_worker_fte: 4 }).execute();
  assert.deepEqual(await figure('vacancy-rate', la).then((f) => [f.numerator, f.denominator]), [2, 4]);
  // Turnover: 1 leaver; permanent headcount 3 at the start (w1, manager, leaver) and 2 at the end (w1, manager): average 2.5.
  assert.deepEqual(await figure('turnover', la).then((f) => [f.numerator, f.denominator]), [1, 2.5]);
  // Worker level: w1 holds 2 children on 1 FTE.
  const [p] = await computeIndicator(h.db, 'caseload', { asAt: YEAR_END, laCodes: [la], detail: true });
  const row = p!.groups.find((g) => g.level === 'worker' && g.staffId === w1)!;
  assert.deepEqual([row.numerator, row.denominator, row.teamId], [2, 1, team]);
});

test('vacancy rate (DfE): vacancies / (vacancies + permanent FTE), agency cover vacant, the establishment row in force at the date', async () => {
  const la = await rec.council('815');
  const a = await rec.team(la);
  const b = await rec.team(la, 'long_term');
  const none = await rec.team(la, 'children_in_care');
  // Team a: 3 FTE permanent (1 + 1 + a part-timer on 0.5, and a permanent worker who left on 31 March 2026, so not
  // in post), 1 agency FTE. Establishment 5 from 2020, 6 from 1 April 2026 (after the date): 5 - 2.5 = 2.5 vacant.
  await rec.staff(a);
  await rec.staff(a);
  await rec.staff(a, { fte: 0.5 });
  await rec.staff(a, { leave: '2026-03-31' });
  await rec.staff(a, { agency: true });
  // Team b: 2 permanent FTE against an establishment of 1.5 (over establishment): no vacancy, 2 filled.
  await rec.staff(b);
  await rec.staff(b);
  // Team none: staff but no establishment: left out.
  await rec.staff(none);
  await h.db.insertInto('team_establishment').values([
    { team_id: a, effective_from: '2020-01-01', social_worker_fte: 5 },
    { team_id: a, effective_from: '2026-04-01', social_worker_fte: 6 },
    { team_id: b, effective_from: '2025-03-31', social_worker_fte: 1.5 },
  ]).execute();
  // Vacancies 2.5 + 0; filled (permanent) 2.5 + 2: rate 2.5 / (2.5 + 4.5) = 35.7%.
  const f = await figure('vacancy-rate', la);
  assert.deepEqual([f.numerator, f.denominator], [2.5, 7]);
  assert.equal((await value('vacancy-rate', la))!.toFixed(1), '35.7');
  // A day later the new establishment (6) applies: 3.5 vacant of 3.5 + 4.5.
  const g = await figure('vacancy-rate', la, '2026-04-01');
  assert.deepEqual([g.numerator, g.denominator], [3.5, 8]);
  // Team b's row starts on 31 March 2025: not in force on 30 March 2025.
  const [p] = await computeIndicator(h.db, 'vacancy-rate', { asAt: '2025-03-30', laCodes: [la], detail: true });
  assert.deepEqual(p!.groups.filter((x) => x.level === 'team').map((x) => x.teamId), [a]);
});

test('team and worker attribution follows the allocation open on the attribution date; 24 monthly points in one query', async () => {
  const la = await rec.council('812');
  const teamA = await rec.team(la);
  const teamB = await rec.team(la, 'long_term');
  const wA = await rec.staff(teamA);
  const wB = await rec.staff(teamB);
  const c = await rec.child(la);
  await rec.referral(c, la, '2025-01-10');
  await rec.allocate(c, wA, teamA, '2025-01-10', '2025-12-31');
  await rec.allocate(c, wB, teamB, '2026-01-01');
  const points = await computeIndicator(h.db, 'cin-rate', { asAt: '2026-03-15', months: 24, laCodes: [la], detail: true });
  assert.equal(points.length, 24);
  assert.equal(points[0]!.periodEnd, '2024-04-30');
  assert.equal(points[23]!.periodEnd, '2026-03-15');
  const count = (i: number) => serviceFigure(points[i]!).numerator;
  assert.equal(count(8), 0); // 31 Dec 2024: not yet referred
  assert.equal(count(9), 1); // 31 Jan 2025
  const dec = points.find((p) => p.periodEnd === '2025-12-31')!;
  assert.deepEqual(dec.groups.filter((g) => g.level === 'team').map((g) => g.teamId), [teamA]);
  const mar = points[23]!;
  assert.deepEqual(mar.groups.filter((g) => g.level === 'worker').map((g) => [g.teamId, g.staffId]), [[teamB, wB]]);
});

test('a council filter limits the service total to the councils in scope', async () => {
  const all = serviceFigure((await computeIndicator(h.db, 'referrals', { asAt: YEAR_END }))[0]!).numerator;
  const one = (await figure('referrals', '805')).numerator;
  assert.ok(all > one && one === 2, `${all} > ${one}`);
});

test('a flow indicator\'s trend (daily totals summed over each period) equals computing each month on its own, at every level', async () => {
  // Records spread over the 24 months, on the days that test the period edges: 29 February 2024 (the 12 months to
  // 28 February 2025 start on it), month ends, the day after, and a change of worker on a record's date.
  const la = await rec.council('813');
  const teamA = await rec.team(la);
  const teamB = await rec.team(la, 'long_term');
  const wA = await rec.staff(teamA);
  const wB = await rec.staff(teamB);
  const days = ['2024-02-29', '2024-03-01', '2024-04-30', '2024-05-01', '2025-02-28', '2025-03-01', '2025-03-31', '2025-06-15', '2026-01-31', '2026-03-15', '2026-03-16'];
  for (const [i, d] of days.entries()) {
    const c = await rec.child(la);
    await rec.allocate(c, wA, teamA, '2024-01-01', d);
    await rec.allocate(c, wB, teamB, d);
    await h.db.insertInto('contact').values({ child_id: c, la_code: la, contact_date: d, decision_date: days[Math.min(i + 1, days.length - 1)]!, decision: i % 2 ? 'referral' : 'nfa', source: '1A' }).execute();
    const r = await rec.referral(c, la, d);
    if (i % 3 === 0) await rec.referral(c, la, days[Math.min(i + 2, days.length - 1)]!); // a re-referral within 12 months
    await rec.assessment(r, c, '2024-01-02', d);
    const cp = await rec.cp(c, la, { strategy: d, icpc: days[Math.min(i + 1, days.length - 1)]!, planStart: d, planEnd: i % 2 ? null : days[Math.min(i + 3, days.length - 1)]! });
    if (cp.planId) await rec.cpReview(cp.planId, c, days[Math.min(i + 2, days.length - 1)]!);
  }
  const asAt = '2026-03-15';
  const flow = ['contacts', 'referrals', 'referral-conversion', 're-referrals-12m', 'assessments-45wd', 'assessment-median-days', 's47-enquiries', 'icpc-15wd', 'cp-repeat', 'cp-ended-2y', 'cp-reviews-in-time'];
  const key = (g: { level: string; laCode: string | null; teamId: number | null; staffId: number | null }) => `${g.level}/${g.laCode}/${g.teamId}/${g.staffId}`;
  const norm = (groups: { level: string; laCode: string | null; teamId: number | null; staffId: number | null; numerator: number; denominator: number; median: number | null; records: number }[]) =>
    groups.map((g) => [key(g), g.numerator, g.denominator, g.median, g.records] as const).sort((a, b) => a[0].localeCompare(b[0]));
  let nonEmpty = 0;
  for (const id of flow) {
    for (const detail of [false, true]) {
      const trend = await computeIndicator(h.db, id, { asAt, months: 24, laCodes: [la], detail });
      assert.equal(trend.length, 24);
      for (const p of trend) {
        const [single] = await computeIndicator(h.db, id, { asAt: p.periodEnd, laCodes: [la], detail });
        assert.deepEqual(norm(p.groups), norm(single!.groups), `${id} ${detail ? 'detail' : 'service'} at ${p.periodEnd}`);
        if (serviceFigure(p).records > 0) nonEmpty++;
      }
    }
  }
  assert.ok(nonEmpty > 300, `most points have records (${nonEmpty})`);
});

test('computeIndicators: several indicators two at a time give, in order, what each gives alone; an unknown id fails first', async () => {
  const ids = ['referrals', 'cin-rate', 'vacancy-rate', 'cl-in-touch-17-18', 'assessment-median-days'];
  for (const o of [{ asAt: YEAR_END, detail: true }, { asAt: YEAR_END, months: 24 }]) {
    const together = await computeIndicators(h.db, ids, o);
    assert.equal(together.length, ids.length);
    // Groups compared in a fixed order (the order of rows from a grouping query is not part of the answer).
    const sorted = (ps: Awaited<ReturnType<typeof computeIndicator>>) =>
      ps.map((p) => ({ ...p, groups: [...p.groups].sort((x, y) => `${x.level}/${x.laCode}/${x.teamId}/${x.staffId}`.localeCompare(`${y.level}/${y.laCode}/${y.teamId}/${y.staffId}`)) }));
    for (const [i, id] of ids.entries()) assert.deepEqual(sorted(together[i]!), sorted(await computeIndicator(h.db, id, o)), id);
  }
  await assert.rejects(computeIndicators(h.db, ['referrals', 'no-such-indicator'], { asAt: YEAR_END }), UnknownIndicatorError);
});


test('families: indicators computed together from one shared query give exactly what each gives from its own query', async () => {
  const sorted = (ps: Awaited<ReturnType<typeof computeIndicator>>) =>
    ps.map((p) => ({ ...p, groups: [...p.groups].sort((x, y) => `${x.level}/${x.laCode}/${x.teamId}/${x.staffId}`.localeCompare(`${y.level}/${y.laCode}/${y.teamId}/${y.staffId}`)) }));
  // Every member of every family, with one indicator outside any family in between, as the full recompute asks.
  const ids = [...FAMILIES.flatMap((f) => f.ids), 'contacts'];
  assert.ok(FAMILIES.length >= 6 && new Set(ids).size === ids.length, 'each indicator is in one family at most');
  // A child in need with three workers in the year (and one with a single worker), so that sw-changes-3plus counts
  // someone and its numerator differs from cin-rate's.
  const la = await rec.council('819');
  const team = await rec.team(la);
  const [w1, w2, w3] = [await rec.staff(team), await rec.staff(team), await rec.staff(team)];
  const three = await rec.child(la);
  await rec.referral(three, la, '2025-02-01');
  await rec.allocate(three, w1, team, '2025-02-01', '2025-06-30');
  await rec.allocate(three, w2, team, '2025-07-01', '2025-11-30');
  await rec.allocate(three, w3, team, '2025-12-01');
  const single = await rec.child(la);
  await rec.referral(single, la, '2025-03-01');
  await rec.allocate(single, w1, team, '2025-03-01');
  // Children looked after over a year with different health records, so that the health family's members differ.
  const inCare = [await rec.child(la, '2014-01-01'), await rec.child(la, '2014-01-01'), await rec.child(la, '2014-01-01')];
  for (const c of inCare) await rec.care(c, la, [['2024-06-01', 'S']]);
  await h.db.insertInto('health_event').values([
    { child_id: inCare[0]!, kind: 'review_health_assessment', event_date: '2025-06-01' },
    { child_id: inCare[0]!, kind: 'immunisations_up_to_date', event_date: '2025-06-01' },
    { child_id: inCare[1]!, kind: 'initial_health_assessment', event_date: '2025-05-01' },
    { child_id: inCare[1]!, kind: 'immunisations_up_to_date', event_date: '2025-07-01' },
    { child_id: inCare[2]!, kind: 'immunisations_up_to_date', event_date: '2026-03-31' },
  ]).execute();
  // Two care leavers with a 19th birthday in the year, in touch, not in education, employment or training, one in
  // suitable accommodation: the 19–21 members then differ (in touch 2, suitable 1, EET 0 here).
  for (const [dob, suitable] of [['2006-09-01', true], ['2006-10-01', false]] as const) {
    const c = await rec.child(la, dob);
    await rec.care(c, la, [['2020-01-01', 'S']], '2024-06-01');
    await h.db.insertInto('care_leaver_contact').values({ child_id: c, contact_date: `2025${dob.slice(4)}`, in_touch: 'YES', activity: 'G5', accommodation: '0', accommodation_suitable: suitable }).execute();
  }
  // A child on a CP plan seen on a visit 4 working days before the year end: visited in time.
  const onPlan = await rec.child(la);
  await rec.cp(onPlan, la, { strategy: '2025-11-03', icpc: '2025-11-17', planStart: '2025-11-17' });
  await h.db.insertInto('visit').values({ child_id: onPlan, kind: 'cp', visit_date: '2026-03-25', child_seen: true }).execute();
  const [cpAlone] = await computeIndicator(h.db, 'cp-visits-in-time', { asAt: YEAR_END, laCodes: [la] });
  assert.deepEqual([serviceFigure(cpAlone!).numerator, serviceFigure(cpAlone!).denominator], [1, 1]);
  const [swAlone] = await computeIndicator(h.db, 'sw-changes-3plus', { asAt: YEAR_END, laCodes: [la] });
  assert.deepEqual([serviceFigure(swAlone!).numerator, serviceFigure(swAlone!).denominator], [1, 3]); // the child on a plan is in need too
  const [clAlone] = await computeIndicator(h.db, 'cl-in-touch-19-21', { asAt: YEAR_END, laCodes: [la] });
  assert.deepEqual([serviceFigure(clAlone!).numerator, serviceFigure(clAlone!).denominator], [2, 2]);
  const some = { asAt: YEAR_END, detail: true, laCodes: ['808', '819'] }; // a council filter
  for (const o of [{ asAt: YEAR_END, detail: true }, { asAt: YEAR_END }, some, { asAt: '2025-09-30', detail: true }, { asAt: YEAR_END, months: 24, detail: true }]) {
    const together = await computeIndicators(h.db, ids, o);
    for (const [k, id] of ids.entries()) assert.deepEqual(sorted(together[k]!), sorted(await computeIndicator(h.db, id, o)), `${id} ${JSON.stringify(o)}`);
  }
  // The scenarios above give every member records and a non-zero numerator at the year end (else the comparison
  // could not tell the members' measures apart).
  const atYearEnd = await computeIndicators(h.db, ids, { asAt: YEAR_END });
  for (const [k, id] of ids.entries()) {
    const f = serviceFigure(atYearEnd[k]![0]!);
    assert.ok(f.records > 0 && (f.numerator > 0 || f.median !== null), `${id} has records and a numerator (${JSON.stringify(f)})`);
  }
  // Members of one family have different figures: each reads its own columns of the shared query.
  const byId = new Map(ids.map((id, k) => [id, serviceFigure(atYearEnd[k]![0]!)]));
  for (const fam of FAMILIES) {
    const distinct = new Set(fam.ids.map((id) => JSON.stringify([byId.get(id)!.numerator, byId.get(id)!.denominator, byId.get(id)!.median])));
    assert.equal(distinct.size, fam.ids.length, `${fam.ids.join(', ')} differ`);
  }
});

test('a team filter (teams): every record attributed as in the full breakdown, then only those teams grouped; the same team rows as the detail query', async () => {
  const la = await rec.council('821');
  const teamA = await rec.team(la);
  const teamB = await rec.team(la, 'long_term');
  const teamC = await rec.team(la, 'children_in_care');
  const [wA1, wA2, wB, wC] = [await rec.staff(teamA), await rec.staff(teamA), await rec.staff(teamB), await rec.staff(teamC)];
  const days = ['2024-04-30', '2024-05-01', '2024-09-15', '2025-02-28', '2025-03-31', '2025-06-15', '2025-10-01', '2026-01-31', '2026-03-15'];
  for (const [i, d] of days.entries()) {
    const c = await rec.child(la);
    if (i % 4 === 0) {
      // Two open allocations overlapping: the later-starting one (team B from d) is the attribution, so a filter
      // applied to the allocations before attributing (keeping team A's only) would wrongly count the child in A.
      await rec.allocate(c, wA1, teamA, '2024-01-01');
      await rec.allocate(c, wB, teamB, d);
    } else if (i % 4 === 1) {
      await rec.allocate(c, wA2, teamA, '2024-01-01', d);
      await rec.allocate(c, wC, teamC, d);
    } else if (i % 4 === 2) {
      await rec.allocate(c, i % 3 ? wA1 : wA2, teamA, '2024-01-01');
    } // else: never allocated
    const next = days[Math.min(i + 1, days.length - 1)]!;
    await h.db.insertInto('contact').values({ child_id: c, la_code: la, contact_date: d, decision_date: next, decision: i % 2 ? 'referral' : 'nfa', source: '1A' }).execute();
    const r = await rec.referral(c, la, d);
    await rec.assessment(r, c, d, days[Math.min(i + 2, days.length - 1)]!);
    const cp = await rec.cp(c, la, { strategy: d, icpc: next, planStart: next, planEnd: i % 3 ? null : days[Math.min(i + 3, days.length - 1)]! });
    if (cp.planId && i % 2) await h.db.insertInto('visit').values({ child_id: c, kind: 'cp', visit_date: next, child_seen: true }).execute();
  }
  // A flow count, an at-date count, a median (a flow: daily histograms in a trend), a family of three at-date
  // members, and the family's members one by one (computeIndicator: each member's own query).
  const ids = ['contacts', 'cin-rate', 'assessment-median-days', 'cp-rate', 'cp-open-2y', 'cp-visits-in-time'];
  const key = (g: GroupFigure) => `${g.level}/${g.laCode}/${g.teamId}/${g.staffId}`;
  const norm = (groups: GroupFigure[]) => groups.map((g) => [key(g), g.numerator, g.denominator, g.median, g.records] as const).sort((a, b) => a[0].localeCompare(b[0]));
  let nonEmpty = 0;
  for (const base of [{ asAt: YEAR_END }, { asAt: '2025-09-30' }, { asAt: '2026-03-15', months: 24 }]) {
    for (const laCodes of [[la], null]) {
      const full = await computeIndicators(h.db, ids, { ...base, laCodes, detail: true });
      for (const teams of [[teamA], [teamB, teamC], []]) {
        const o = { ...base, laCodes, teams };
        const together = await computeIndicators(h.db, ids, o);
        const alone = await Promise.all(ids.map((id) => computeIndicator(h.db, id, o)));
        for (const [k, id] of ids.entries()) {
          for (const filtered of [together[k]!, alone[k]!]) {
            assert.equal(filtered.length, full[k]!.length);
            for (const [j, p] of filtered.entries()) {
              const want = full[k]![j]!.groups.filter((g) => g.level === 'team' && g.teamId !== null && teams.includes(g.teamId));
              const got = p.groups.filter((g) => g.level === 'team');
              const what = `${id} ${JSON.stringify(o)} at ${p.periodEnd}`;
              assert.deepEqual(norm(got), norm(want), what);
              assert.ok(!p.groups.some((g) => g.level === 'worker'), `${what}: no worker rows`);
              nonEmpty += got.filter((g) => g.records > 0).length;
            }
          }
        }
      }
    }
  }
  assert.ok(nonEmpty > 500, `most comparisons have team records (${nonEmpty})`);
  // By hand, children in need at 31 March 2026 (every child's referral is open): i = 0, 4, 8 are in B (the later of
  // their two open allocations; a filter on the allocations before attributing would put them in A), i = 1, 5 in C
  // (moved from A), i = 2, 6 in A, i = 3, 7 in no team.
  const [cin] = await computeIndicator(h.db, 'cin-rate', { asAt: YEAR_END, laCodes: [la], teams: [teamA, teamB, teamC] });
  const count = (t: number) => cin!.groups.find((g) => g.level === 'team' && g.teamId === t)?.numerator ?? 0;
  assert.deepEqual([count(teamA), count(teamB), count(teamC)], [2, 3, 2]);
});
