import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBorough, type SynthBorough } from '../../src/synth/generate.ts';
import { measure } from '../../src/synth/measures.ts';
import { upnCheckLetter } from '../../src/synth/names.ts';
import type { AnyRow } from '../../src/synth/tables.ts';

const AS_OF = '2026-06-30';
const cache = new Map<string, SynthBorough>();
function borough(seed: number, years = 2, councils?: string[]): SynthBorough {
  const key = `${seed}/${years}/${councils?.join(',')}`;
  let b = cache.get(key);
  if (!b) cache.set(key, (b = generateBorough({ size: 'small', years, seed, asOf: AS_OF, ...(councils ? { councils } : {}) })));
  return b;
}
const s = (v: unknown) => v as string;
const byChild = (rows: AnyRow[]) => {
  const m = new Map<number, AnyRow[]>();
  for (const r of rows) {
    const k = r.child_id as number;
    const l = m.get(k) ?? [];
    l.push(r);
    m.set(k, l);
  }
  return m;
};

test('the same seed gives identical output; another seed differs', () => {
  const a = generateBorough({ size: 'small', years: 1, seed: 11, asOf: AS_OF, scale: 0.3 });
  const b = generateBorough({ size: 'small', years: 1, seed: 11, asOf: AS_OF, scale: 0.3 });
  const c = generateBorough({ size: 'small', years: 1, seed: 12, asOf: AS_OF, scale: 0.3 });
  assert.deepEqual(a.tables, b.tables);
  assert.notDeepEqual(a.tables.child, c.tables.child);
});

test('rejects bad options', () => {
  assert.throws(() => generateBorough({ size: 'medium' as 'small', years: 1, seed: 1 }), /unknown size/);
  assert.throws(() => generateBorough({ size: 'small', years: 0, seed: 1 }), /years/);
  assert.throws(() => generateBorough({ size: 'small', years: 1, seed: -1 }), /seed/);
  assert.throws(() => generateBorough({ size: 'small', years: 1, seed: 1, councils: ['87'] }), /LA code/);
});

test('journeys are internally consistent', () => {
  const b = borough(21);
  const T = b.tables;
  const children = new Map(T.child.map((c) => [c.id as number, c]));
  const las = new Set(T.local_authority.map((l) => l.la_code));
  for (const c of T.child) assert.ok(las.has(c.la_code), 'child belongs to a council');
  for (const t of T.team) assert.ok(las.has(t.la_code), 'team belongs to a council');
  const ids = new Set<number>();
  for (const c of T.child) {
    assert.ok(!ids.has(c.id as number));
    ids.add(c.id as number);
    if (c.upn) assert.equal(s(c.upn)[0], upnCheckLetter(s(c.upn).slice(1)), 'UPN check letter');
  }
  assert.equal(new Set(T.child.map((c) => c.person_ref)).size, T.child.length, 'person_ref unique');
  // Every child-owned record points at an existing child and is dated no later than asOf.
  for (const table of ['referral', 'assessment', 'cp_plan', 'cla_episode', 'visit', 'allocation', 'contact', 'health_event'] as const) {
    for (const r of T[table]) assert.ok(children.has(r.child_id as number), `${table} child exists`);
  }
  // Dates in order.
  for (const r of T.referral) {
    if (r.closure_date !== null) {
      assert.ok(s(r.closure_date) >= s(r.referral_date));
      assert.ok(r.closure_reason, 'closed referral has a reason');
      assert.match(s(r.closure_reason), /^RC[1-9]$/);
    } else assert.equal(r.closure_reason, null);
    assert.match(s(r.primary_need), /^N[0-9]$/);
  }
  for (const a of T.assessment) {
    if (a.completed_date) assert.ok(s(a.completed_date) >= s(a.start_date));
    if (a.authorised_date) assert.ok(a.completed_date && s(a.authorised_date) >= s(a.completed_date));
  }
  // No CP plan without an ICPC that decided on a plan, held on the plan's start date.
  const icpcs = new Map(T.icpc.map((i) => [i.id as number, i]));
  for (const p of T.cp_plan) {
    const i = icpcs.get(p.icpc_id as number);
    assert.ok(i, 'plan has an ICPC');
    assert.equal(i.plan_decided, true);
    assert.equal(i.child_id, p.child_id);
    assert.ok(s(i.conference_date) <= s(p.start_date));
    if (p.end_date) assert.ok(s(p.end_date) >= s(p.start_date));
  }
  // One open CP plan / care period per child; none overlap.
  const noOverlap = (rows: AnyRow[], what: string) => {
    for (const [, list] of byChild(rows)) {
      list.sort((x, y) => s(x.start_date).localeCompare(s(y.start_date)));
      for (let k = 1; k < list.length; k++) {
        const prev = list[k - 1]!;
        assert.ok(prev.end_date !== null && s(prev.end_date) <= s(list[k]!.start_date), `${what} do not overlap`);
      }
    }
  };
  noOverlap(T.cp_plan, 'CP plans');
  noOverlap(T.care_period, 'care periods');
  noOverlap(T.cla_episode, 'CLA episodes');
  noOverlap(T.allocation, 'allocations');
  // Referrals (CIN episodes) do not overlap either.
  noOverlap(T.referral.map((r) => ({ child_id: r.child_id, start_date: r.referral_date, end_date: r.closure_date })), 'referrals');
  // Episodes: ceased ⇒ reason; sit inside their period; a period ends when its last episode ends.
  const periods = new Map(T.care_period.map((p) => [p.id as number, p]));
  for (const e of T.cla_episode) {
    assert.equal(e.end_date === null, e.reason_ceased === null, 'ceased episode has a reason');
    const p = periods.get(e.care_period_id as number)!;
    assert.ok(s(e.start_date) >= s(p.start_date));
    if (p.end_date !== null) assert.ok(e.end_date !== null && s(e.end_date) <= s(p.end_date));
    if (e.end_date && e.reason_ceased !== 'X1') assert.equal(e.end_date, p.end_date);
  }
  // Open cases are allocated: every child with an open referral has an open allocation.
  const openAlloc = new Set(T.allocation.filter((a) => a.end_date === null).map((a) => a.child_id));
  for (const r of T.referral) if (r.closure_date === null) assert.ok(openAlloc.has(r.child_id), 'open case is allocated');
  // Worker changes are recorded: some allocations end because the worker left.
  assert.ok(T.allocation.some((a) => a.end_reason === 'LEFTRL'));
  // Visits: seen alone only when seen; made by a member of staff.
  for (const v of T.visit) assert.ok(v.child_seen || !v.seen_alone);
  // Staff: leave after start; some leavers and some agency workers.
  for (const st of T.staff) if (st.leave_date) assert.ok(s(st.leave_date) >= s(st.start_date));
  assert.ok(T.staff.some((x) => x.agency) && T.staff.some((x) => x.leave_date));
  // Early help and missing episode constraints mirror the database checks.
  for (const e of T.early_help_episode) assert.equal(e.end_date === null, e.end_reason === null);
  for (const m of T.missing_episode) if (m.rhi_date) assert.ok(m.end_date && s(m.rhi_date) >= s(m.end_date));
  // Nothing after asOf.
  for (const r of T.visit) assert.ok(s(r.visit_date) <= AS_OF);
  for (const r of T.referral) assert.ok(s(r.referral_date) <= AS_OF);
});

test('several councils: every child, team and record belongs to one of them, with figures split', () => {
  const b = generateBorough({ size: 'small', years: 1, seed: 5, asOf: AS_OF, councils: ['318', '314', '868'] });
  const la = new Map(b.tables.child.map((c) => [c.id, c.la_code]));
  for (const code of ['318', '314', '868']) assert.ok(b.tables.child.some((c) => c.la_code === code));
  for (const r of b.tables.referral) assert.equal(r.la_code, la.get(r.child_id));
  for (const p of b.tables.care_period) assert.equal(p.la_code, la.get(p.child_id));
  const pops = b.tables.local_authority.map((l) => l.population_0_17 as number);
  assert.equal(pops.reduce((a, x) => a + x, 0), 39_000);
});

/** Rates must land near the national figures; tolerances allow for a borough the size of Reading. */
const TOLERANCES: [keyof ReturnType<typeof measure>, number, number][] = [
  ['referrals', 2350 * 0.85, 2350 * 1.15],
  ['cin', 1700 * 0.85, 1700 * 1.15],
  ['cp', 275 * 0.8, 275 * 1.2],
  ['cla', 272 * 0.8, 272 * 1.2],
  ['reReferralRate', 0.17, 0.27],
  ['assessmentsWithin45', 0.82, 0.9],
  ['icpcWithin15', 0.72, 0.9],
  ['repeatCpRate', 0.16, 0.32],
  ['cla3PlusPlacements', 0.04, 0.16],
  ['longTermStability', 0.55, 0.82],
  ['healthAssessments', 0.82, 0.96],
  ['dentalChecks', 0.72, 0.9],
  ['swFte', 127 * 0.9, 127 * 1.1],
  ['agencyRate', 0.15, 0.31],
  ['caseload', 14, 21],
];

for (const seed of [1, 2, 3]) {
  test(`calibrated rates fall within tolerance (seed ${seed})`, () => {
    const m = measure(borough(seed));
    for (const [k, lo, hi] of TOLERANCES) {
      const v = m[k] as number;
      assert.ok(v >= lo && v <= hi, `${k} = ${v.toFixed(3)} outside [${lo}, ${hi}]`);
    }
  });
}
