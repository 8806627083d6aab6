/**
 * Each timescale rule at its boundaries: done on the last allowed day is on
 * time, a day later is late; including across Christmas and Easter. The
 * expected due dates were worked out by hand from the calendar (the comments
 * show the counting).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../../src/domain/dates.ts';
import {
  assessmentTimeliness, dueItemsForChild, icpcTimeliness, occurrencesForChild, referralDecisionTimeliness, returnHomeInterviewTimeliness,
  type Occurrence,
} from '../../src/domain/due.ts';
import type { ChildJourney } from '../../src/domain/journey/types.ts';
import type { RuleId } from '../../src/domain/timescales/rules.ts';
import { journey, type Rows } from './helpers.ts';

const AS_OF = '2027-06-30';

function occurrences(j: ChildJourney, rule: RuleId, asOf = AS_OF): Occurrence[] {
  return occurrencesForChild(j, asOf).filter((o) => o.ruleId === rule);
}

/**
 * For a rule whose n-th occurrence is due on `due`: building the journey with
 * the event on `due` is on time, and on the day after is late; in both cases
 * the occurrence reports that due date.
 */
function boundary(rule: RuleId, due: string, build: (done: string) => ChildJourney, nth = 0): void {
  for (const [done, onTime] of [[due, true], [addDays(due, 1), false]] as const) {
    const o = occurrences(build(done), rule)[nth];
    assert.ok(o, `${rule}: occurrence ${nth} exists (done ${done})`);
    assert.equal(o.dueDate, due, `${rule}: due date`);
    assert.equal(o.completedDate, done, `${rule}: completed`);
    assert.equal(o.onTime, onTime, `${rule}: done ${done} ${onTime ? 'on time' : 'late'}`);
  }
}

test('referral decision: within 1 working day of the contact, across Christmas and Easter', () => {
  // Tuesday 24 December 2024: 25 and 26 are bank holidays, so the next working day is Friday 27.
  boundary('referral-decision', '2024-12-27', (d) => journey({ contact: [{ contact_date: '2024-12-24', decision: 'referral', decision_date: d }] }));
  // Thursday 28 March 2024: Good Friday 29 March, Easter Monday 1 April → Tuesday 2 April.
  boundary('referral-decision', '2024-04-02', (d) => journey({ contact: [{ contact_date: '2024-03-28', decision: 'nfa', decision_date: d }] }));
  // A Friday contact is due on Monday.
  boundary('referral-decision', '2024-12-23', (d) => journey({ contact: [{ contact_date: '2024-12-20', decision: 'nfa', decision_date: d }] }));
  assert.deepEqual(referralDecisionTimeliness({ contact_date: '2024-12-24', decision_date: '2024-12-30' }), {
    dueDate: '2024-12-27', completedDate: '2024-12-30', onTime: false, daysLate: 3, workingDaysLate: 1,
  });
});

test('single assessment: authorised within 45 working days of its start, across Christmas', () => {
  // Friday 1 November 2024: Nov 4–29 = 20, Dec 2–20 = 35, 23–24 = 37, 27 = 38, 30–31 = 40, Jan 2, 3, 6, 7, 8 = 45.
  boundary('assessment-authorised', '2025-01-08', (d) => journey({
    referral: [{ referral_date: '2024-11-01' }],
    assessment: [{ start_date: '2024-11-01', completed_date: '2025-01-07', authorised_date: d }],
  }));
  const t = assessmentTimeliness({ start_date: '2024-11-01', authorised_date: '2025-01-08' });
  assert.equal(t.onTime, true);
  assert.equal(t.workingDaysTaken, 45);
  const late = assessmentTimeliness({ start_date: '2024-11-01', authorised_date: '2025-01-09' });
  assert.deepEqual([late.onTime, late.workingDaysTaken, late.workingDaysLate, late.daysLate], [false, 46, 1, 1]);
  assert.equal(assessmentTimeliness({ start_date: '2024-11-01', authorised_date: null }).onTime, null);
});

test('ICPC: within 15 working days of the strategy discussion, across Easter', () => {
  // Thursday 3 April 2025: 4 = 1, 7–11 = 6, 14–17 = 10, (18 Good Friday, 21 Easter Monday), 22–25 = 14, 28 = 15.
  const build = (d: string) => journey({
    referral: [{ referral_date: '2025-04-01' }],
    strategy_discussion: [{ discussion_date: '2025-04-03', outcome: 's47' }],
    s47_enquiry: [{ start_date: '2025-04-04', end_date: d, outcome: 'icpc' }],
    icpc: [{ conference_date: d }],
  });
  boundary('icpc', '2025-04-28', build);
  assert.deepEqual(icpcTimeliness({ discussion_date: '2025-04-03' }, { conference_date: '2025-04-28' }).workingDaysTaken, 15);
  assert.equal(icpcTimeliness({ discussion_date: '2025-04-03' }, { conference_date: '2025-04-29' }).onTime, false);
});

test('ICPC: not required once the enquiry ended without deciding on one', () => {
  const j = journey({
    referral: [{ referral_date: '2025-04-01' }],
    strategy_discussion: [{ discussion_date: '2025-04-03' }],
    s47_enquiry: [{ start_date: '2025-04-04', end_date: '2025-04-10', outcome: 'no_icpc_cin' }],
  });
  assert.deepEqual(occurrences(j, 'icpc'), []);
  const open = journey({
    referral: [{ referral_date: '2025-04-01' }],
    strategy_discussion: [{ discussion_date: '2025-04-03' }],
    s47_enquiry: [{ start_date: '2025-04-04' }],
  });
  const [item] = dueItemsForChild(open, '2025-04-29').filter((i) => i.ruleId === 'icpc');
  assert.deepEqual([item?.dueDate, item?.status, item?.daysOverdue, item?.workingDaysOverdue], ['2025-04-28', 'overdue', 1, 1]);
});

const cpPlan = (icpcDate: string, extra: Rows = {}): Rows => ({
  referral: [{ referral_date: '2023-01-01' }],
  strategy_discussion: [{ discussion_date: '2023-01-02' }],
  s47_enquiry: [{ start_date: '2023-01-02', end_date: icpcDate, outcome: 'icpc' }],
  icpc: [{ conference_date: icpcDate, plan_decided: true }],
  cp_plan: [{ start_date: icpcDate }],
  ...extra,
});

test('core group: within 10 working days of the ICPC, across Christmas and New Year', () => {
  // Wednesday 20 December 2023: 21, 22, 27, 28, 29, (1 Jan), 2, 3, 4, 5, 8.
  boundary('core-group', '2024-01-08', (d) => journey(cpPlan('2023-12-20', { core_group_meeting: [{ meeting_date: d }] })));
});

test('CP reviews: first within 3 months of the ICPC (end-of-month clamping), then every 6 months', () => {
  boundary('cp-review-first', '2025-02-28', (d) => journey(cpPlan('2024-11-30', { cp_review: [{ review_date: d }] })));
  // A first review on 31 August: the next is due by 28 February.
  boundary('cp-review', '2025-02-28', (d) => journey(cpPlan('2024-06-01', { cp_review: [{ review_date: '2024-08-31' }, { review_date: d }] })), 0);
});

test('CP visits: every 10 working days (local default), across Christmas', () => {
  // Monday 16 December 2024: 17, 18, 19, 20, 23, 24, 27, 30, 31, 2 January.
  boundary('cp-visit', '2025-01-02', (d) => journey(cpPlan('2024-12-16', { visit: [{ kind: 'cp', visit_date: d }] })));
  // The next is 10 working days after the actual visit; a visit where the child was not seen does not count.
  const j = journey(cpPlan('2024-12-16', { visit: [{ kind: 'cp', visit_date: '2025-01-02' }, { kind: 'cp', visit_date: '2025-01-10', child_seen: false }] }));
  const [, next] = occurrences(j, 'cp-visit', '2025-01-10');
  assert.deepEqual([next?.dueDate, next?.completedDate, next?.outstanding], ['2025-01-16', null, true]);
});

const inCare = (start: string, extra: Rows = {}, episode: Rows['cla_episode'] = [{}]): Rows => ({
  care_period: [{ start_date: start }],
  cla_episode: episode.map((e) => ({ start_date: start, ...e })),
  ...extra,
});

test('CLA reviews: 20 working days, then 3 months, then 6 months, across Easter', () => {
  // Monday 24 March 2025: 25–28 = 4, 31 = 5, Apr 1–4 = 9, 7–11 = 14, 14–17 = 18, (18, 21 Easter), 22 = 19, 23 = 20.
  boundary('cla-review-first', '2025-04-23', (d) => journey(inCare('2025-03-24', { cla_review: [{ review_date: d }] })));
  boundary('cla-review-second', '2025-07-23', (d) => journey(inCare('2025-03-24', { cla_review: [{ review_date: '2025-04-23' }, { review_date: d }] })));
  boundary('cla-review', '2026-01-23', (d) => journey(inCare('2025-03-24', {
    cla_review: [{ review_date: '2025-04-23' }, { review_date: '2025-07-23' }, { review_date: d }],
  })));
  // A late review moves the next one: second review due 3 months after the (late) first.
  const late = journey(inCare('2025-03-24', { cla_review: [{ review_date: '2025-04-30' }] }));
  assert.equal(occurrences(late, 'cla-review-second')[0]?.dueDate, '2025-07-30');
  assert.equal(occurrences(late, 'cla-review-first')[0]?.onTime, false);
});

test('CLA visits: within a week of a placement, every 6 weeks in the first year, then 3 months if intended until 18', () => {
  const start = '2025-01-10';
  boundary('cla-visit-first', '2025-01-17', (d) => journey(inCare(start, { visit: [{ kind: 'cla', visit_date: d }] })));
  boundary('cla-visit', '2025-02-28', (d) => journey(inCare(start, { visit: [{ kind: 'cla', visit_date: '2025-01-17' }, { kind: 'cla', visit_date: d }] })));
  // After the first year (placement started 10 January 2025), a visit on 1 February 2026: the next is due
  // 3 months later where the placement is intended to last until 18, otherwise 6 weeks later.
  const visits = (d: string) => {
    const dates = Array.from({ length: 9 }, (_, k) => addDays('2025-01-17', 42 * k)); // to 19 December 2025
    return [...dates, '2026-01-20', '2026-02-01', d].map((visit_date) => ({ kind: 'cla', visit_date }));
  };
  const build = (untilEighteen: boolean) => (d: string) =>
    journey(inCare(start, { visit: visits(d) }, [{ placement_intended_until_18: untilEighteen }]));
  const doneOn = (j: ChildJourney, d: string) => occurrences(j, 'cla-visit').find((o) => o.completedDate === d);
  assert.ok(occurrences(build(true)('2026-05-01'), 'cla-visit').every((o) => o.completedDate === null || o.onTime), 'every visit made was in time');
  for (const [longTerm, due] of [[true, '2026-05-01'], [false, '2026-03-15']] as const) {
    assert.deepEqual([doneOn(build(longTerm)(due), due)?.dueDate, doneOn(build(longTerm)(due), due)?.onTime], [due, true]);
    const late = addDays(due, 1);
    assert.deepEqual([doneOn(build(longTerm)(late), late)?.dueDate, doneOn(build(longTerm)(late), late)?.onTime], [due, false]);
  }
});

test('CLA visits: a new placement restarts the clock; a legal-status change does not', () => {
  const j = journey({
    care_period: [{ start_date: '2025-01-10' }],
    cla_episode: [
      { start_date: '2025-01-10', end_date: '2025-02-01', reason_ceased: 'X1', reason_new_episode: 'S' },
      { start_date: '2025-02-01', end_date: '2025-03-03', reason_ceased: 'X1', reason_new_episode: 'L', legal_status: 'C1' },
      { start_date: '2025-03-03', reason_new_episode: 'P' },
    ],
    visit: [{ kind: 'cla', visit_date: '2025-01-15' }, { kind: 'cla', visit_date: '2025-02-20' }],
  });
  const firsts = occurrences(j, 'cla-visit-first', '2025-03-20');
  assert.deepEqual(firsts.map((o) => [o.dueDate, o.completedDate, o.relatedRecord.id]), [['2025-01-17', '2025-01-15', 1], ['2025-03-10', null, 3]]);
  assert.equal(firsts[1]?.onTime, false);
});

test('CLA visits: weekly until the first review on an interim care order at home, then 4-weekly', () => {
  const build = (visits: string[], reviews: string[] = []) => journey(inCare('2025-01-06', {
    visit: visits.map((visit_date) => ({ kind: 'cla', visit_date })),
    cla_review: reviews.map((review_date) => ({ review_date })),
  }, [{ legal_status: 'C1', placement_type: 'P1' }]));
  boundary('cla-visit-weekly', '2025-01-20', (d) => build(['2025-01-13', d]));
  // After the first review (3 February), a visit on 7 February: next within 4 weeks.
  const after = occurrences(build(['2025-01-13', '2025-01-20', '2025-01-27', '2025-02-03', '2025-02-07'], ['2025-02-03']), 'cla-visit-weekly', '2025-02-10');
  assert.equal(after.at(-1)?.dueDate, '2025-03-07');
});

test('health: initial assessment in 20 working days; reviews 6-monthly under 5, yearly from 5; dental yearly', () => {
  // Monday 2 December 2024: Dec 3–6 = 4, 9–13 = 9, 16–20 = 14, 23–24 = 16, 27 = 17, 30–31 = 19, Jan 2 = 20.
  const build = (events: Rows['health_event'], dob = '2021-09-01') => journey(inCare('2024-12-02', { health_event: events }), { date_of_birth: dob });
  boundary('health-initial', '2025-01-02', (d) => build([{ kind: 'initial_health_assessment', event_date: d }]));
  const iha = { kind: 'initial_health_assessment', event_date: '2025-01-02' };
  boundary('health-review-under-5', '2025-07-02', (d) => build([iha, { kind: 'review_health_assessment', event_date: d }]));
  boundary('health-review', '2026-01-02', (d) => build([iha, { kind: 'review_health_assessment', event_date: d }], '2017-03-01'));
  boundary('dental-check', '2025-12-02', (d) => build([{ kind: 'dental_check', event_date: d }]));
});

test('personal education plans: initial in 20 working days, then by the end of the next term', () => {
  const build = (plans: string[]) => journey(inCare('2024-12-02', { education_plan: plans.map((plan_date) => ({ plan_date })) }), { date_of_birth: '2016-05-01' });
  boundary('pep-initial', '2025-01-02', (d) => build([d]));
  // A plan on 2 January (spring term) → the next by the end of the summer term (31 August).
  boundary('pep-review', '2025-08-31', (d) => build(['2025-01-02', d]));
  // A plan in the autumn term → by the end of the spring term (31 March).
  boundary('pep-review', '2026-03-31', (d) => build(['2025-01-02', '2025-10-10', d]), 1);
  // Under 3 (local default): no PEP yet.
  assert.deepEqual(occurrences(journey(inCare('2024-12-02'), { date_of_birth: '2023-01-01' }), 'pep-initial', '2025-06-01'), []);
});

test('return home interview: within 72 hours (3 calendar days) of the return, even over Christmas', () => {
  boundary('return-home-interview', '2025-12-27', (d) => journey({ missing_episode: [{ start_date: '2025-12-22', end_date: '2025-12-24', rhi_offered: true, rhi_accepted: true, rhi_date: d }] }));
  assert.equal(returnHomeInterviewTimeliness({ end_date: '2025-12-24', rhi_date: '2025-12-28' })?.daysLate, 1);
  assert.equal(returnHomeInterviewTimeliness({ end_date: null, rhi_date: null }), null);
  // Still missing: nothing due yet. Declined: nothing to chase.
  assert.deepEqual(occurrences(journey({ missing_episode: [{ start_date: '2025-12-22' }] }), 'return-home-interview'), []);
  assert.deepEqual(occurrences(journey({ missing_episode: [{ start_date: '2025-12-22', end_date: '2025-12-23', rhi_offered: true, rhi_accepted: false }] }), 'return-home-interview'), []);
});

// A young person born 15 June 2008, looked after from 1 January 2023 (aged 14) until their 18th birthday.
const careLeaver = (extra: Rows = {}) => journey({
  care_period: [{ start_date: '2023-01-01', end_date: '2026-06-15' }],
  cla_episode: [{ start_date: '2023-01-01', end_date: '2026-06-15', reason_ceased: 'E17' }],
  ...extra,
}, { date_of_birth: '2008-06-15' });

test('pathway plans: first within 3 months of becoming eligible (16th birthday here), then every 6 months', () => {
  boundary('pathway-plan-first', '2024-09-15', (d) => careLeaver({ pathway_plan: [{ plan_date: d }] }));
  boundary('pathway-plan', '2025-03-15', (d) => careLeaver({ pathway_plan: [{ plan_date: '2024-09-15' }, { plan_date: d }] }));
});

test('care leaver contact: between 3 months before and 1 month after each birthday from 17 to 21', () => {
  const contact = (d: string) => careLeaver({ care_leaver_contact: [{ contact_date: d }] });
  // 19th birthday 15 June 2027: window 15 March – 15 July 2027.
  const at = (d: string) => occurrences(contact(d), 'care-leaver-contact', '2027-08-01').find((o) => o.windowStart === '2027-03-15');
  assert.deepEqual([at('2027-07-15')?.dueDate, at('2027-07-15')?.onTime], ['2027-07-15', true]);
  assert.equal(at('2027-03-15')?.onTime, true);
  assert.equal(at('2027-07-16')?.completedDate, null, 'after the window does not count');
  assert.equal(at('2027-03-14')?.completedDate, null, 'before the window does not count');
  // Looked after on the 17th birthday: no contact due for it. Left care on the 18th birthday: due from the 18th.
  const windows = occurrences(contact('2027-07-01'), 'care-leaver-contact', '2030-01-01').map((o) => o.dueDate);
  assert.deepEqual(windows, ['2026-07-15', '2027-07-15', '2028-07-15', '2029-07-15']);
});

test('a rule switched off by local policy yields nothing', async () => {
  const { resolvePolicy } = await import('../../src/domain/timescales/rules.ts');
  const policy = resolvePolicy({ rules: { 'dental-check': { enabled: false }, 'cla-review-first': { within: { amount: 15, unit: 'working_days' } } } });
  const j = journey(inCare('2025-03-24'));
  const ids = occurrencesForChild(j, '2025-06-01', policy).map((o) => o.ruleId);
  assert.ok(!ids.includes('dental-check'));
  // 15 working days from 24 March 2025: ... 11 April (14 → 14 April is 15th).
  assert.equal(occurrencesForChild(j, '2025-06-01', policy).find((o) => o.ruleId === 'cla-review-first')?.dueDate, '2025-04-14');
});

test('return home interview recorded as not offered is missed, not chased', () => {
  const j = journey({ missing_episode: [{ start_date: '2025-01-06', end_date: '2025-01-07', rhi_offered: false, rhi_accepted: false }] });
  assert.deepEqual(occurrences(j, 'return-home-interview', '2025-02-01').map((o) => [o.dueDate, o.onTime, o.outstanding]), [['2025-01-10', false, false]]);
  assert.deepEqual(dueItemsForChild(j, '2025-02-01'), []);
});

test('an initial health assessment never recorded is missed; the reviews carry on from the first review', () => {
  const j = journey(inCare('2015-03-02', { health_event: [{ kind: 'review_health_assessment', event_date: '2024-05-10' }] }), { date_of_birth: '2010-01-01' });
  const o = occurrencesForChild(j, '2025-06-01').filter((x) => x.ruleId.startsWith('health'));
  assert.deepEqual(o.map((x) => [x.ruleId, x.dueDate, x.completedDate, x.outstanding]), [
    ['health-initial', '2015-03-30', null, false],
    ['health-review', '2025-05-10', null, true],
  ]);
});
