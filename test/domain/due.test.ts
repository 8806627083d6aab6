import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currentAllocation, dueItemsByTeam, dueItemsByWorker, dueItemsForChild, dueItemsForChildren, dueItemsForTeam, dueItemsForWorker,
  occurrencesForChild, serviceDue, summariseDue,
} from '../../src/domain/due.ts';
import { DEFAULT_POLICY, PolicyError, resolvePolicy, RULE_IDS, RULES } from '../../src/domain/timescales/rules.ts';
import { journey } from './helpers.ts';

// Child 1: a contact on Monday 2 June 2025 with no decision yet, and an assessment started 2 June 2025.
const frontDoor = (id = 1, staff = 10, team = 100) => journey({
  contact: [{ contact_date: '2025-06-02' }],
  referral: [{ referral_date: '2025-06-02' }],
  assessment: [{ start_date: '2025-06-02' }],
  allocation: [{ start_date: '2025-06-02', staff_id: staff, team_id: team }],
}, { id, la_code: id % 2 ? '330' : '872' });

test('status: due soon within 5 working days, upcoming after, overdue from the day after the due date', () => {
  // Contact decision due Tuesday 3 June; assessment due 45 working days after Monday 2 June = Monday 4 August
  // (June 3–30: 20, July: 23 more = 43 by 31 July, 1 August = 44, 4 August = 45).
  const on = (asOf: string) => Object.fromEntries(dueItemsForChild(frontDoor(), asOf).map((i) => [i.ruleId, [i.dueDate, i.status, i.daysOverdue, i.workingDaysOverdue]]));
  assert.deepEqual(on('2025-06-02'), { 'referral-decision': ['2025-06-03', 'due_soon', 0, 0], 'assessment-authorised': ['2025-08-04', 'upcoming', 0, 0] });
  assert.deepEqual(on('2025-06-03')['referral-decision'], ['2025-06-03', 'due_soon', 0, 0]);
  // Overdue on Saturday 7 June: 4 calendar days, 3 working days (4, 5, 6 June).
  assert.deepEqual(on('2025-06-07')['referral-decision'], ['2025-06-03', 'overdue', 4, 3]);
  assert.deepEqual(on('2025-07-28')['assessment-authorised'], ['2025-08-04', 'due_soon', 0, 0]);
  assert.deepEqual(on('2025-07-25')['assessment-authorised'], ['2025-08-04', 'upcoming', 0, 0]);
});

test('"as of" sees only what had happened by then', () => {
  const j = journey({
    contact: [{ contact_date: '2025-06-02', decision: 'referral', decision_date: '2025-06-10' }],
    care_period: [{ start_date: '2025-07-01' }],
    cla_episode: [{ start_date: '2025-07-01' }],
  });
  // On 5 June the decision (made 10 June) had not been made: overdue. The later care period does not exist yet.
  assert.deepEqual(dueItemsForChild(j, '2025-06-05').map((i) => [i.ruleId, i.status]), [['referral-decision', 'overdue']]);
  // By 1 July the decision was made (late) and is off the list; the care duties have started.
  const july = dueItemsForChild(j, '2025-07-01');
  assert.ok(!july.some((i) => i.ruleId === 'referral-decision'));
  assert.deepEqual(july.map((i) => i.ruleId).sort(), ['cla-review-first', 'cla-visit-first', 'dental-check', 'health-initial', 'pep-initial']);
  const decided = occurrencesForChild(j, '2025-07-01').find((o) => o.ruleId === 'referral-decision');
  assert.deepEqual([decided?.completedDate, decided?.onTime, decided?.outstanding], ['2025-06-10', false, false]);
});

test('nothing is outstanding once the plan or care ends, or after a child has died', () => {
  const ended = journey({
    referral: [{ referral_date: '2023-01-01' }],
    strategy_discussion: [{ discussion_date: '2023-01-02' }],
    s47_enquiry: [{ start_date: '2023-01-02', end_date: '2023-01-10', outcome: 'icpc' }],
    icpc: [{ conference_date: '2023-01-10' }],
    cp_plan: [{ start_date: '2023-01-10', end_date: '2023-03-01' }],
  });
  assert.deepEqual(dueItemsForChild(ended, '2024-01-01'), []);
  // The missed core group and visits before it ended remain in the history as not on time.
  const missed = occurrencesForChild(ended, '2024-01-01').filter((o) => o.onTime === false).map((o) => o.ruleId);
  assert.ok(missed.includes('core-group') && missed.includes('cp-visit'));
  assert.ok(!missed.includes('cp-review-first'), 'the first review was due after the plan ended');
  const died = journey({ contact: [{ contact_date: '2025-06-02' }] }, { date_of_death: '2025-06-20' });
  assert.deepEqual(dueItemsForChild(died, '2025-07-01'), []);
});

test('due lists by worker, team and service follow the allocation on the date', () => {
  const children = [frontDoor(1, 10, 100), frontDoor(2, 11, 100), frontDoor(3, 12, 200), journey({ contact: [{ contact_date: '2025-06-02' }] }, { id: 4 })];
  const asOf = '2025-06-05';
  const all = dueItemsForChildren(children, asOf);
  assert.equal(all.length, 7);
  assert.ok(all.every((x, i) => i === 0 || all[i - 1]!.dueDate <= x.dueDate), 'sorted by due date');
  const byWorker = dueItemsByWorker(children, asOf);
  assert.deepEqual([...byWorker.keys()].sort(), [10, 11, 12, null].sort());
  assert.equal(byWorker.get(null)?.length, 1);
  assert.deepEqual(dueItemsForWorker(children, 11, asOf).map((i) => i.childId), [2, 2]);
  const byTeam = dueItemsByTeam(children, asOf);
  assert.equal(byTeam.get(100)?.length, 4);
  assert.deepEqual(dueItemsForTeam(children, 200, asOf).map((i) => i.ruleId).sort(), ['assessment-authorised', 'referral-decision']);
  const svc = serviceDue(children, asOf);
  assert.deepEqual([svc.service.total, svc.service.overdue, svc.service.upcoming], [7, 4, 3]);
  assert.deepEqual(svc.service.byRule['referral-decision'], { total: 4, overdue: 4, due_soon: 0, upcoming: 0 });
  assert.equal(svc.byCouncil.get('330')?.total, 4);
  assert.equal(svc.byCouncil.get('872')?.total, 2);
  assert.equal(svc.byCouncil.get('999')?.total, 1);
  assert.deepEqual(summariseDue([]), { total: 0, overdue: 0, due_soon: 0, upcoming: 0, byRule: {} });
});

test('the current allocation: handover day belongs to the new worker', () => {
  const j = journey({ allocation: [{ start_date: '2025-01-01', end_date: '2025-03-01', staff_id: 1 }, { start_date: '2025-03-01', staff_id: 2 }] });
  assert.equal(currentAllocation(j, '2025-02-28')?.staff_id, 1);
  assert.equal(currentAllocation(j, '2025-03-01')?.staff_id, 2);
  assert.equal(currentAllocation(j, '2024-12-31'), null);
});

test('records dated before 2000 are skipped by working-day rules, not fatal', () => {
  const j = journey({ contact: [{ contact_date: '1999-12-20' }, { contact_date: '2025-06-02' }] }, { date_of_birth: '1995-01-01' });
  assert.deepEqual(dueItemsForChild(j, '2025-06-02').map((i) => i.relatedRecord.id), [2]);
});

test('malformed dates are clear errors', () => {
  assert.throws(() => dueItemsForChild(frontDoor(), '2025-6-2'), /as-of date must be a real date/);
});

test('the rule table: every rule has a source, a description and defaults; due items carry them', () => {
  for (const id of RULE_IDS) {
    const r = RULES[id];
    assert.equal(r.id, id);
    assert.ok(r.title && r.description.endsWith('.') && r.source.length > 10, id);
    assert.equal(DEFAULT_POLICY.rules[id].enabled, true);
  }
  const [item] = dueItemsForChild(frontDoor(), '2025-06-02');
  assert.equal(item?.description, RULES['referral-decision'].description);
});

test('local policy overrides merge onto the defaults and are validated', () => {
  const p = resolvePolicy({
    general: { dueSoonWorkingDays: 10 },
    rules: { 'cp-visit': { within: { amount: 15, unit: 'working_days' } }, 'pep-review': { termStarts: ['01-05', '04-22', '09-03'] } },
  });
  assert.equal(p.general.dueSoonWorkingDays, 10);
  assert.equal(p.general.careLeaverUntilAge, 21);
  assert.deepEqual(p.rules['cp-visit'], { enabled: true, within: { amount: 15, unit: 'working_days' }, visitKinds: ['cp'] });
  assert.ok(Object.isFrozen(p.rules['cp-visit']));
  assert.deepEqual(DEFAULT_POLICY.rules['cp-visit'].within, { amount: 10, unit: 'working_days' }, 'defaults untouched');
  // An override on top of an override.
  assert.equal(resolvePolicy({ general: { careLeaverUntilAge: 25 } }, p).general.dueSoonWorkingDays, 10);
  // dueSoon affects status.
  assert.equal(dueItemsForChild(frontDoor(), '2025-07-25', p).find((i) => i.ruleId === 'assessment-authorised')?.status, 'due_soon');

  const bad = () => resolvePolicy({
    general: { dueSoonWorkingDays: -1, colour: 'red' } as never,
    rules: { 'cp-visit': { within: { amount: 10, unit: 'fortnights' } }, 'no-such-rule': {} } as never,
  });
  assert.throws(bad, (e: unknown) => {
    assert.ok(e instanceof PolicyError);
    assert.equal(e.problems.length, 4);
    assert.match(e.message, /general.dueSoonWorkingDays must be a whole number/);
    assert.match(e.message, /general.colour is not a setting/);
    assert.match(e.message, /rules.cp-visit.within must be a duration/);
    assert.match(e.message, /rules.no-such-rule is not a rule/);
    return true;
  });
  assert.throws(() => resolvePolicy({ rules: { 'pep-review': { termStarts: ['13-01'] } } }), /term start days as MM-DD/);
});

test('the due-list fast path agrees with the full history, on a synthetic borough at several dates', async () => {
  const { generateBorough } = await import('../../src/synth/generate.ts');
  const { RECORD_TABLES } = await import('../../src/domain/journey/types.ts');
  const b = generateBorough({ size: 'small', years: 3, seed: 7, asOf: '2025-06-30', scale: 0.1 });
  const byChild = new Map<number, Record<string, unknown>>();
  for (const c of b.tables.child) byChild.set(c.id as number, { child: c, ...Object.fromEntries(RECORD_TABLES.map((t) => [t, []])) });
  for (const t of RECORD_TABLES) for (const r of b.tables[t]) (byChild.get(r.child_id as number)?.[t] as unknown[] | undefined)?.push(r);
  const journeys = [...byChild.values()] as unknown as Parameters<typeof dueItemsForChild>[0][];
  let compared = 0;
  for (const asOf of ['2023-01-15', '2024-03-31', '2024-12-27', '2025-06-30']) {
    for (const j of journeys) {
      const fast = dueItemsForChild(j, asOf).map((i) => `${i.ruleId} ${i.dueDate} ${i.relatedRecord.type}:${i.relatedRecord.id}`).sort();
      const full = occurrencesForChild(j, asOf).filter((o) => o.outstanding).map((o) => `${o.ruleId} ${o.dueDate} ${o.relatedRecord.type}:${o.relatedRecord.id}`).sort();
      assert.deepEqual(fast, full, `child ${j.child.id} as of ${asOf}`);
      compared += fast.length;
    }
  }
  assert.ok(compared > 100, `compared ${compared} items`);
});
