import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromDayNumber, toDayNumber } from '../../src/domain/dates.ts';
import {
  assertJourney, checkChange, checkJourney, checkNewCareEpisode, checkNewCpPlan, checkReferral, INVARIANTS, JourneyInvariantError,
  type InvariantId, type Violation,
} from '../../src/domain/journey/invariants.ts';
import type { ChildJourney } from '../../src/domain/journey/types.ts';
import { journey, type Rows } from './helpers.ts';

const rulesOf = (v: Violation[]) => [...new Set(v.map((x) => x.rule))].sort();

/** A consistent record: referral → assessment → strategy discussion → s47 → ICPC → CP plan, then care. */
const GOOD: Rows = {
  allocation: [{ start_date: '2024-01-02', end_date: '2024-06-01' }, { start_date: '2024-06-01', staff_id: 2 }],
  contact: [{ contact_date: '2024-01-02', decision: 'referral', decision_date: '2024-01-03' }],
  referral: [{ contact_id: 1, referral_date: '2024-01-03' }],
  assessment: [{ start_date: '2024-01-03', completed_date: '2024-02-01', authorised_date: '2024-02-02' }],
  strategy_discussion: [{ discussion_date: '2024-01-05', outcome: 's47' }],
  s47_enquiry: [{ start_date: '2024-01-05', end_date: '2024-01-20', outcome: 'icpc' }],
  icpc: [{ conference_date: '2024-01-20', plan_decided: true }],
  cp_plan: [{ start_date: '2024-01-20', end_date: '2024-09-01' }],
  cp_review: [{ review_date: '2024-04-15' }],
  core_group_meeting: [{ meeting_date: '2024-01-30' }],
  visit: [{ kind: 'cp', visit_date: '2024-01-25', seen_alone: true }],
  care_period: [{ start_date: '2024-09-01' }],
  cla_episode: [
    { start_date: '2024-09-01', end_date: '2024-10-01', reason_ceased: 'X1' },
    { start_date: '2024-10-01', reason_new_episode: 'P' },
  ],
  cla_review: [{ review_date: '2024-09-25' }],
  missing_episode: [{ start_date: '2024-11-01', end_date: '2024-11-02', rhi_offered: true, rhi_accepted: true, rhi_date: '2024-11-04' }],
};

test('a consistent journey has no violations', () => {
  assert.deepEqual(checkJourney(journey(GOOD)), []);
  assert.doesNotThrow(() => assertJourney(journey(GOOD)));
});

/** Each case: a change to GOOD, the rule it must break and the fields it must name. */
const CASES: [string, Rows, InvariantId, string[]][] = [
  ['malformed date', { ...GOOD, cin_plan: [{ start_date: '2024-02-30' }] }, 'date-format', ['cin_plan.start_date']],
  ['episode ends before it starts', { ...GOOD, cla_episode: [{ start_date: '2024-09-01', end_date: '2024-08-01', reason_ceased: 'X1' }] }, 'dates-in-order', ['cla_episode.start_date', 'cla_episode.end_date']],
  ['authorised before completed', { ...GOOD, assessment: [{ start_date: '2024-01-03', completed_date: '2024-02-01', authorised_date: '2024-01-31' }] }, 'dates-in-order', ['assessment.completed_date', 'assessment.authorised_date']],
  ['someone else’s record', { ...GOOD, pathway_plan: [{ child_id: 2 }] }, 'record-belongs-to-child', ['pathway_plan.child_id']],
  ['review of a missing plan', { ...GOOD, cp_review: [{ cp_plan_id: 9, review_date: '2024-04-15' }] }, 'linked-record-exists', ['cp_review.cp_plan_id']],
  ['assessment before the referral', { ...GOOD, assessment: [{ start_date: '2024-01-02' }] }, 'within-referral', ['assessment.start_date', 'referral.referral_date']],
  ['s47 after a no-s47 discussion', { ...GOOD, strategy_discussion: [{ discussion_date: '2024-01-05', outcome: 'no_s47' }] }, 's47-follows-strategy-discussion', ['s47_enquiry.strategy_discussion_id', 'strategy_discussion.outcome']],
  ['ICPC before the enquiry', { ...GOOD, icpc: [{ conference_date: '2024-01-04', plan_decided: true }], cp_plan: [{ start_date: '2024-01-20', end_date: '2024-09-01' }] }, 'icpc-follows-s47', ['icpc.conference_date', 's47_enquiry.start_date']],
  ['CP plan without an ICPC', { ...GOOD, icpc: [] }, 'cp-plan-requires-icpc', ['cp_plan.icpc_id']],
  ['CP plan from a conference that decided none', { ...GOOD, icpc: [{ conference_date: '2024-01-20', plan_decided: false }] }, 'cp-plan-requires-icpc', ['cp_plan.icpc_id', 'icpc.plan_decided']],
  ['two CP plans at once', { ...GOOD, cp_plan: [{ start_date: '2024-01-20', end_date: '2024-09-01' }, { start_date: '2024-08-01' }] }, 'one-cp-plan-at-a-time', ['cp_plan.start_date', 'cp_plan.end_date']],
  ['two open referrals', { ...GOOD, referral: [{ contact_id: 1, referral_date: '2024-01-03' }, { referral_date: '2024-03-01' }] }, 'one-referral-at-a-time', ['referral.referral_date', 'referral.closure_date']],
  ['two open care episodes', { ...GOOD, cla_episode: [{ start_date: '2024-09-01' }, { start_date: '2024-10-01', reason_new_episode: 'P' }] }, 'one-care-episode-at-a-time', ['cla_episode.start_date', 'cla_episode.end_date']],
  ['two periods of care', { ...GOOD, care_period: [{ start_date: '2024-09-01' }, { start_date: '2024-12-01' }] }, 'one-care-period-at-a-time', ['care_period.start_date', 'care_period.end_date']],
  ['two workers at once', { ...GOOD, allocation: [{ start_date: '2024-01-02' }, { start_date: '2024-06-01', staff_id: 2 }] }, 'one-allocation-at-a-time', ['allocation.start_date', 'allocation.end_date']],
  ['episode outside its period', { ...GOOD, cla_episode: [{ start_date: '2024-08-01', end_date: '2024-10-01', reason_ceased: 'X1' }, { start_date: '2024-10-01', reason_new_episode: 'P' }] }, 'episode-within-care-period', ['cla_episode.start_date', 'care_period.start_date']],
  ['review after the plan ended', { ...GOOD, cp_review: [{ review_date: '2024-10-15' }] }, 'event-within-record', ['cp_review.review_date', 'cp_plan.end_date']],
  ['closed referral without a reason', { ...GOOD, referral: [{ contact_id: 1, referral_date: '2024-01-03', closure_date: '2025-01-01', closure_reason: null }] }, 'referral-closure-reason', ['referral.closure_date', 'referral.closure_reason']],
  ['ended episode without a reason', { ...GOOD, cla_episode: [{ start_date: '2024-09-01', end_date: '2024-10-01', reason_ceased: null }, { start_date: '2024-10-01', reason_new_episode: 'P' }] }, 'episode-ceased-reason', ['cla_episode.end_date', 'cla_episode.reason_ceased']],
  ['decision without a date', { ...GOOD, contact: [{ contact_date: '2024-01-02', decision: 'referral', decision_date: null }] }, 'contact-decision', ['contact.decision', 'contact.decision_date']],
  ['interview accepted but not offered', { ...GOOD, missing_episode: [{ start_date: '2024-11-01', end_date: '2024-11-02', rhi_offered: false, rhi_accepted: true }] }, 'return-interview', ['missing_episode.rhi_offered', 'missing_episode.rhi_accepted']],
  ['seen alone but not seen', { ...GOOD, visit: [{ child_seen: false, seen_alone: true }] }, 'seen-alone-requires-seen', ['visit.child_seen', 'visit.seen_alone']],
  ['in care before birth', { ...GOOD, care_period: [{ start_date: '2015-01-01' }], cla_episode: [{ start_date: '2015-01-01' }] }, 'not-before-birth', ['care_period.start_date', 'child.date_of_birth']],
];

test('each invariant names its rule and fields, in a plain-English message', () => {
  for (const [name, rows, rule, fields] of CASES) {
    const v = checkJourney(journey(rows)).filter((x) => x.rule === rule);
    assert.ok(v.length > 0, `${name}: expected ${rule}, got ${JSON.stringify(rulesOf(checkJourney(journey(rows))))}`);
    for (const f of fields) assert.ok(v.some((x) => x.fields.includes(f)), `${name}: field ${f} in ${JSON.stringify(v.map((x) => x.fields))}`);
    for (const x of v) {
      assert.match(x.message, /^[A-Z][^.]*[a-z0-9)]$/, `${name}: message "${x.message}"`);
      assert.ok(x.records.length > 0);
    }
  }
  // Every invariant has at least one case here.
  const covered = new Set<string>([...CASES.map((c) => c[2]), 'child-date-of-birth', 'not-after-death']);
  for (const id of Object.keys(INVARIANTS)) assert.ok(covered.has(id), `no test for ${id}`);
});

test('child dates: a date of birth or expected date; nothing starts after death', () => {
  assert.deepEqual(rulesOf(checkJourney(journey({}, { date_of_birth: null, expected_dob: null }))), ['child-date-of-birth']);
  assert.deepEqual(rulesOf(checkJourney(journey({}, { date_of_birth: null, expected_dob: '2025-03-01' }))), []);
  const v = checkJourney(journey({ ...GOOD }, { date_of_birth: '2015-06-01', date_of_death: '2024-05-01' }));
  assert.ok(v.some((x) => x.rule === 'not-after-death' && x.fields.includes('care_period.start_date')));
  assert.ok(v.some((x) => x.rule === 'dates-in-order') === false);
  assert.throws(() => assertJourney(journey({}, { date_of_birth: null })), JourneyInvariantError);
});

test('a plan may end the day the next starts; pre-birth referrals and plans are allowed', () => {
  const rows: Rows = { ...GOOD, cp_plan: [{ start_date: '2024-01-20', end_date: '2024-05-01' }, { start_date: '2024-05-01', end_date: '2024-09-01' }] };
  assert.deepEqual(checkJourney(journey(rows)).filter((v) => v.rule === 'one-cp-plan-at-a-time'), []);
  const unborn = journey({ referral: [{ referral_date: '2024-01-03' }], cin_plan: [{ start_date: '2024-02-01' }] }, { date_of_birth: null, expected_dob: '2024-06-01' });
  assert.deepEqual(checkJourney(unborn), []);
});

test('focused checks report only what involves the row being written', () => {
  const j = journey(GOOD);
  // A second plan while one is open (the first plan is open here).
  const open = journey({ ...GOOD, cp_plan: [{ start_date: '2024-01-20' }], care_period: [], cla_episode: [], cla_review: [] });
  const v = checkNewCpPlan(open, { referral_id: 1, child_id: 1, icpc_id: 1, start_date: '2024-03-01', end_date: null });
  assert.deepEqual(rulesOf(v), ['one-cp-plan-at-a-time']);
  // A plan with no conference behind it.
  assert.deepEqual(rulesOf(checkNewCpPlan(j, { referral_id: 1, child_id: 1, icpc_id: 77, start_date: '2024-10-01', end_date: null })), ['cp-plan-requires-icpc', 'linked-record-exists']);
  // A valid new episode after the open one ends? The open one is still open: overlap.
  assert.deepEqual(rulesOf(checkNewCareEpisode(j, { care_period_id: 1, child_id: 1, start_date: '2024-11-01', end_date: null, reason_new_episode: 'P', legal_status: 'C2', placement_type: 'U1', placement_intended_until_18: false, reason_ceased: null })), ['one-care-episode-at-a-time']);
  // Closing a referral without a reason, by changing the existing row.
  assert.deepEqual(rulesOf(checkReferral(j, { id: 1, child_id: 1, contact_id: 1, referral_date: '2024-01-03', nfa: false, closure_date: '2025-01-01', closure_reason: null })), ['referral-closure-reason']);
  // Unrelated problems elsewhere in the record are not reported against the new row.
  const messy = journey({ ...GOOD, visit: [{ child_seen: false, seen_alone: true }] });
  assert.deepEqual(checkChange(messy, 'pathway_plan', { child_id: 1, plan_date: '2024-10-01' }), []);
});

// ---- Property-based: generated consistent journeys ---------------------------------------

const int = (min: number, max: number) => fc.integer({ min, max });

const arbShape = fc.record({
  dob: int(toDayNumber('2004-01-01'), toDayNumber('2016-12-31')),
  referrals: fc.array(fc.record({
    gap: int(0, 200), len: int(1, 500), open: fc.boolean(),
    assess: fc.option(fc.record({ start: int(0, 30), complete: int(0, 60), authorise: int(0, 10) }), { nil: null }),
    protect: fc.option(fc.record({ sd: int(0, 20), s47: int(0, 5), icpc: int(0, 25), plan: fc.boolean(), planLen: int(1, 400), reviews: int(0, 3) }), { nil: null }),
  }), { maxLength: 3 }),
  cares: fc.array(fc.record({ gap: int(1, 400), episodes: fc.array(int(1, 300), { minLength: 1, maxLength: 3 }) }), { maxLength: 2 }),
  careOpen: fc.boolean(),
  allocations: fc.array(fc.record({ gap: int(0, 20), len: int(1, 300) }), { maxLength: 3 }),
});

type Shape = typeof arbShape extends fc.Arbitrary<infer T> ? T : never;
const iso = fromDayNumber;

function build(s: Shape): ChildJourney {
  const rows: Required<Pick<Rows, 'referral' | 'assessment' | 'strategy_discussion' | 's47_enquiry' | 'icpc' | 'cp_plan' | 'cp_review' | 'care_period' | 'cla_episode' | 'allocation'>> = {
    referral: [], assessment: [], strategy_discussion: [], s47_enquiry: [], icpc: [], cp_plan: [], cp_review: [], care_period: [], cla_episode: [], allocation: [],
  };
  let t = s.dob + 20;
  s.referrals.forEach((r, i) => {
    const id = i + 1;
    const start = t + r.gap;
    const last = i === s.referrals.length - 1;
    const end = last && r.open ? null : start + r.len;
    const cap = (d: number) => (end === null ? d : Math.min(d, end));
    rows.referral.push({ id, referral_date: iso(start), closure_date: end === null ? null : iso(end), closure_reason: end === null ? null : 'RC1' });
    if (r.assess) {
      const a = cap(start + r.assess.start);
      const c = cap(a + r.assess.complete);
      rows.assessment.push({ id: rows.assessment.length + 1, referral_id: id, start_date: iso(a), completed_date: iso(c), authorised_date: iso(cap(c + r.assess.authorise)) });
    }
    if (r.protect) {
      const p = r.protect;
      const sd = cap(start + p.sd);
      const s47 = cap(sd + p.s47);
      const conf = cap(s47 + p.icpc);
      const sdId = rows.strategy_discussion.length + 1;
      rows.strategy_discussion.push({ id: sdId, referral_id: id, discussion_date: iso(sd), outcome: 's47' });
      const s47Id = rows.s47_enquiry.length + 1;
      rows.s47_enquiry.push({ id: s47Id, referral_id: id, strategy_discussion_id: sdId, start_date: iso(s47), end_date: iso(conf), outcome: 'icpc' });
      const icpcId = rows.icpc.length + 1;
      rows.icpc.push({ id: icpcId, s47_id: s47Id, conference_date: iso(conf), plan_decided: p.plan });
      if (p.plan) {
        const planEnd = end === null && p.planLen > 300 ? null : cap(conf + p.planLen);
        const planId = rows.cp_plan.length + 1;
        rows.cp_plan.push({ id: planId, referral_id: id, icpc_id: icpcId, start_date: iso(conf), end_date: planEnd === null ? null : iso(planEnd) });
        const span = (planEnd ?? conf + p.planLen) - conf;
        for (let k = 1; k <= p.reviews; k++) rows.cp_review.push({ id: rows.cp_review.length + 1, cp_plan_id: planId, review_date: iso(conf + Math.floor((span * k) / (p.reviews + 1))) });
      }
    }
    t = end ?? Infinity;
  });
  let c = s.dob + 1;
  s.cares.forEach((care, i) => {
    const id = i + 1;
    const start = c + care.gap;
    let e = start;
    const open = s.careOpen && i === s.cares.length - 1;
    care.episodes.forEach((len, k) => {
      const lastEp = k === care.episodes.length - 1;
      const epEnd = open && lastEp ? null : e + len;
      rows.cla_episode.push({
        id: rows.cla_episode.length + 1, care_period_id: id, start_date: iso(e), end_date: epEnd === null ? null : iso(epEnd),
        reason_new_episode: k === 0 ? 'S' : 'P', reason_ceased: epEnd === null ? null : lastEp ? 'E11' : 'X1',
      });
      if (epEnd !== null) e = epEnd;
    });
    rows.care_period.push({ id, start_date: iso(start), end_date: open ? null : iso(e) });
    c = open ? Infinity : e;
  });
  let a = s.dob;
  s.allocations.forEach((al, i) => {
    const start = a + al.gap;
    const last = i === s.allocations.length - 1;
    rows.allocation.push({ id: i + 1, start_date: iso(start), end_date: last ? null : iso(start + al.len), staff_id: i + 1 });
    a = start + al.len;
  });
  return journey(rows, { date_of_birth: iso(s.dob) });
}

test('property: generated consistent journeys have no violations', () => {
  fc.assert(fc.property(arbShape, (s) => {
    const v = checkJourney(build(s));
    if (v.length) throw new Error(JSON.stringify(v, null, 1));
    return true;
  }), { numRuns: 300 });
});

test('property: breaking a consistent journey is caught, naming the rule and the fields', () => {
  const withPlan = arbShape.filter((s) => s.referrals.some((r) => r.protect?.plan));
  fc.assert(fc.property(withPlan, fc.nat(), (s, pick) => {
    const j = build(s);
    const plan = j.cp_plan[pick % j.cp_plan.length]!;
    fc.pre(plan.end_date === null || plan.end_date > plan.start_date); // a plan of no length overlaps nothing
    const named = (journeyAfter: ChildJourney, rule: InvariantId, field: string) =>
      checkJourney(journeyAfter).some((v) => v.rule === rule && v.fields.includes(field) && v.records.some((r) => r.type === 'cp_plan'));
    // Point the plan at a conference that does not exist.
    const noIcpc = { ...j, cp_plan: j.cp_plan.map((p) => (p === plan ? { ...p, icpc_id: 9999 } : p)) };
    // A second plan that starts inside this one.
    const overlapping = { ...j, cp_plan: [...j.cp_plan, { ...plan, id: 9999, end_date: null }] };
    // The plan ends before it starts.
    const reversed = { ...j, cp_plan: j.cp_plan.map((p) => (p === plan ? { ...p, end_date: iso(toDayNumber(p.start_date) - 1) } : p)) };
    return named(noIcpc, 'cp-plan-requires-icpc', 'cp_plan.icpc_id') &&
      named(overlapping, 'one-cp-plan-at-a-time', 'cp_plan.start_date') &&
      named(reversed, 'dates-in-order', 'cp_plan.end_date');
  }), { numRuns: 200 });
});

test('property: a second open care episode or a missing reason is caught', () => {
  const withCare = arbShape.filter((s) => s.cares.length > 0);
  fc.assert(fc.property(withCare, (s) => {
    const j = build(s);
    const ep = j.cla_episode[0]!;
    const second = checkNewCareEpisode(j, { ...ep, id: undefined, end_date: null, reason_ceased: null });
    const ended = j.cla_episode.find((e) => e.end_date !== null);
    const noReason = ended ? checkNewCareEpisode(j, { ...ended, reason_ceased: null }) : [{ rule: 'episode-ceased-reason' } as Violation];
    return second.some((v) => v.rule === 'one-care-episode-at-a-time') && noReason.some((v) => v.rule === 'episode-ceased-reason');
  }), { numRuns: 200 });
});
