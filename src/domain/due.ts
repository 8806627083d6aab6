/**
 * What is due and overdue, for a child, a worker, a team and the service, as
 * of any date: the timescale rules (src/domain/timescales/rules.ts) applied to
 * children's journeys (src/domain/journey/types.ts). Pure functions: "as of"
 * is a parameter, and anything recorded with a date after it is treated as not
 * having happened yet, so a due list can be rebuilt for any past date.
 *
 * How a rule becomes due dates: most rules are a chain hanging on one record
 * (a CP plan, a period of care, a placement): the first item is due a set time
 * after the record starts; each later item is due a set time after the
 * previous one was actually done (a late review moves the next one later,
 * as the regulations say: "within 6 months of the previous review"). The
 * earliest qualifying event after the previous one completes each item. When
 * the record ends, items due after its end are no longer required; an item
 * that fell due before the end and was never done stays "missed" in
 * `occurrencesForChild` but is no longer on anybody's due list.
 *
 * Lateness: `daysOverdue` is in CALENDAR days (as of minus due date), and
 * `workingDaysOverdue` in working days after the due date up to and including
 * "as of". An item due today is not overdue.
 */
import { CalendarRangeError, workingDaysBetweenDays } from './calendar.ts';
import { ageOnDay, birthdayDay, dayFromParts, daysInMonth, fromDayNumber, partsFromDay, toDayNumber, type IsoDate } from './dates.ts';
import type { Allocation, ChildJourney, ClaEpisode, RecordRef, StrategyDiscussion, Assessment, Contact, MissingEpisode, Icpc } from './journey/types.ts';
import { addDuration, DEFAULT_POLICY, RULES, type Duration, type Policy, type RuleId } from './timescales/rules.ts';

export type DueStatus = 'overdue' | 'due_soon' | 'upcoming';

/** One thing a rule asks for, done or not: the unit performance indicators count. */
export interface Occurrence {
  childId: number;
  ruleId: RuleId;
  dueDate: IsoDate;
  /** The earliest date that counts, where the rule has a window (care-leaver contacts); else null. */
  windowStart: IsoDate | null;
  /** When it was done (on or before "as of"), or null. */
  completedDate: IsoDate | null;
  /** Done by the due date: true; done late, or not done and past due: false; not done and not yet due: null. */
  onTime: boolean | null;
  /** Not done, and still required as of the date (what it hangs on is still open). */
  outstanding: boolean;
  relatedRecord: RecordRef;
}

/** An item on a due list. */
export interface DueItem {
  childId: number;
  laCode: string;
  ruleId: RuleId;
  /** The rule's short title, e.g. "First looked-after review". */
  title: string;
  /** What the rule asks, in plain English. */
  description: string;
  dueDate: IsoDate;
  windowStart: IsoDate | null;
  status: DueStatus;
  /** Calendar days past the due date as of the date (0 unless overdue). */
  daysOverdue: number;
  /** Working days after the due date up to and including the date (0 unless overdue). */
  workingDaysOverdue: number;
  relatedRecord: RecordRef;
  /** The child's allocated worker and team on the date (allocation rows), if any. */
  staffId: number | null;
  teamId: number | null;
}

// ---- Internal machinery (day numbers) -----------------------------------------

interface Ctx {
  asOf: number;
  asOfIso: IsoDate;
  policy: Policy;
  childId: number;
  out: Occurrence[];
  /** Due lists need only what is outstanding: skip closed records and completed items early (the fast path). */
  onlyOutstanding: boolean;
}

/** In the fast path, a record that ended by "as of" has nothing outstanding. */
const skipClosed = (ctx: Ctx, end: number | null): boolean => ctx.onlyOutstanding && end !== null && end <= ctx.asOf;

/**
 * In the fast path, a single event already done by "as of" leaves nothing
 * outstanding. Most of a borough's records are done, so this is decided on
 * the string where it can be: ISO dates of the right shape order as strings.
 * (A well-shaped but impossible date such as 2024-02-30 is not rejected here;
 * checkJourney's date-format rule and occurrencesForChild do reject it.)
 */
function skipDone(ctx: Ctx, done: string | null): boolean {
  if (!ctx.onlyOutstanding || done === null) return false;
  if (done.length === 10 && done.charCodeAt(4) === 45 && done.charCodeAt(7) === 45) return done <= ctx.asOfIso;
  return toDayNumber(done) <= ctx.asOf;
}

const day = (s: string | null | undefined): number | null => (s == null ? null : toDayNumber(s));

/** Sorted, de-duplicated day numbers (<= asOf) of the rows that pass `keep`. */
function eventDays<R>(rows: readonly R[], date: (r: R) => string | null, asOf: number, keep: (r: R) => boolean = () => true): number[] {
  const out: number[] = [];
  for (const r of rows) {
    if (!keep(r)) continue;
    const d = day(date(r));
    if (d !== null && d <= asOf) out.push(d);
  }
  out.sort((a, b) => a - b);
  let w = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[w++] = out[i]!;
  out.length = w;
  return out;
}

/** First index with arr[i] >= x. */
function lowerBound(arr: readonly number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Step = readonly [due: number, rule: RuleId];

interface Chain {
  ref: RecordRef;
  /** The first item is due `within` after `anchor`, under `rule`. */
  anchor: number;
  within: Duration;
  rule: RuleId;
  /** The next step after an item done on `prev` (the `step`-th item, counting from 1); null ends the chain. */
  next?: (prev: number, step: number) => Step | null;
  /** Events that complete the first item, and (if different) the later ones. Sorted day numbers <= asOf. */
  events: readonly number[];
  laterEvents?: readonly number[];
  /** Events before this day do not count. */
  from: number;
  /** The day what the chain hangs on ends (may be after asOf), or null if open-ended. */
  end: number | null;
}

function emit(ctx: Ctx, rule: RuleId, due: number, done: number | null, ref: RecordRef, outstanding: boolean, windowStart: number | null = null): void {
  if (!ctx.policy.rules[rule].enabled || (ctx.onlyOutstanding && !outstanding)) return;
  ctx.out.push({
    childId: ctx.childId,
    ruleId: rule,
    dueDate: fromDayNumber(due),
    windowStart: windowStart === null ? null : fromDayNumber(windowStart),
    completedDate: done === null ? null : fromDayNumber(done),
    onTime: done !== null ? done <= due : due < ctx.asOf ? false : null,
    outstanding,
    relatedRecord: ref,
  });
}

/**
 * Walks a chain from its first item, emitting each. A due date outside the
 * working-day calendar (a record from before 2000) ends the chain quietly:
 * such records are history, and one bad row must not fail a whole due list.
 */
function walk(ctx: Ctx, c: Chain): void {
  const closed = c.end !== null && c.end <= ctx.asOf;
  if (closed && ctx.onlyOutstanding) return;
  try {
    walkFrom(ctx, c, closed);
  } catch (err) {
    if (!(err instanceof CalendarRangeError)) throw err;
  }
}

function walkFrom(ctx: Ctx, c: Chain, closed: boolean): void {
  let due = addDuration(c.anchor, c.within);
  let rule = c.rule;
  let prev = c.from - 1;
  for (let step = 0; ; step++) {
    const events = step > 0 && c.laterEvents ? c.laterEvents : c.events;
    const i = lowerBound(events, prev + 1);
    const e = i < events.length && (c.end === null || events[i]! <= c.end) ? events[i]! : null;
    if (e === null && step === 0 && c.laterEvents) {
      // The first item (an initial health assessment) was never recorded but later ones
      // (reviews) were: it counts as missed, and the chain goes on from the first later one.
      const j = lowerBound(c.laterEvents, prev + 1);
      const later = j < c.laterEvents.length && (c.end === null || c.laterEvents[j]! <= c.end) ? c.laterEvents[j]! : null;
      if (later !== null) {
        emit(ctx, rule, due, null, c.ref, false);
        const n = c.next?.(later, 1);
        if (!n) return;
        prev = later;
        [due, rule] = n;
        continue;
      }
    }
    if (e === null) {
      // Not done: required only if it fell due while the record was open.
      if (c.end === null || due <= c.end) emit(ctx, rule, due, null, c.ref, !closed);
      return;
    }
    emit(ctx, rule, due, e, c.ref, false);
    const n = c.next?.(e, step + 1);
    if (!n) return;
    prev = e;
    [due, rule] = n;
  }
}

/** An end date as the rules see it: null while open; a recorded end after "as of" counts as still open. */
function endAsOf(end: string | null, asOf: number): number | null {
  const d = day(end);
  return d !== null && d <= asOf ? d : null;
}

const minEnd = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

// ---- The rules ----------------------------------------------------------------

function frontDoor(j: ChildJourney, ctx: Ctx): void {
  const { asOf, policy } = ctx;
  const p = policy.rules;
  for (const c of j.contact) {
    if (skipDone(ctx, c.decision_date)) continue;
    const start = day(c.contact_date)!;
    if (start > asOf) continue;
    walk(ctx, {
      ref: { type: 'contact', id: c.id },
      anchor: start, within: p['referral-decision'].within, rule: 'referral-decision',
      events: eventDays([c], (r) => r.decision_date, asOf),
      from: start,
      end: null,
    });
  }
  // In the fast path only assessments not yet authorised matter: look at referrals only for those.
  const pending = ctx.onlyOutstanding ? j.assessment.filter((a) => !skipDone(ctx, a.authorised_date)) : j.assessment;
  if (!pending.length) return;
  const referralEnd = new Map(j.referral.map((r) => [r.id, endAsOf(r.closure_date, asOf)]));
  for (const a of pending) {
    const start = day(a.start_date)!;
    if (start > asOf || skipClosed(ctx, referralEnd.get(a.referral_id) ?? null)) continue;
    walk(ctx, {
      ref: { type: 'assessment', id: a.id },
      anchor: start, within: p['assessment-authorised'].within, rule: 'assessment-authorised',
      events: eventDays([a], (r) => r.authorised_date, asOf),
      from: start,
      end: referralEnd.get(a.referral_id) ?? null,
    });
  }
}

function protection(j: ChildJourney, ctx: Ctx): void {
  const { asOf, policy } = ctx;
  const p = policy.rules;
  if (!j.s47_enquiry.length && !j.cp_plan.length) return;
  // In the fast path an enquiry with a conference held, or closed without needing one, has nothing outstanding.
  const enquiries = ctx.onlyOutstanding
    ? j.s47_enquiry.filter((s) => !j.icpc.some((i) => i.s47_id === s.id && skipDone(ctx, i.conference_date)) && (s.outcome === 'icpc' || !skipDone(ctx, s.end_date)))
    : j.s47_enquiry;
  if (enquiries.length) icpcDue(j, ctx, enquiries);
  cpPlans(j, ctx);
}

function icpcDue(j: ChildJourney, ctx: Ctx, enquiries: readonly ChildJourney['s47_enquiry'][number][]): void {
  const { asOf, policy } = ctx;
  const p = policy.rules;
  const discussions = new Map<number, StrategyDiscussion>(j.strategy_discussion.map((s) => [s.id, s]));
  const referralEnd = new Map(j.referral.map((r) => [r.id, endAsOf(r.closure_date, asOf)]));
  for (const s of enquiries) {
    const start = day(s.start_date)!;
    if (start > asOf || skipClosed(ctx, referralEnd.get(s.referral_id) ?? null)) continue;
    const icpcs = eventDays(j.icpc, (i) => i.conference_date, asOf, (i) => i.s47_id === s.id);
    const ended = endAsOf(s.end_date, asOf) !== null;
    // An ICPC is required while the enquiry is open or once it concluded one is needed; one held is always judged.
    if ((!icpcs.length && ended && s.outcome !== 'icpc') || (ctx.onlyOutstanding && icpcs.length)) continue;
    const anchor = day(discussions.get(s.strategy_discussion_id)?.discussion_date) ?? start;
    walk(ctx, {
      ref: { type: 's47_enquiry', id: s.id },
      anchor: anchor, within: p.icpc.within, rule: 'icpc',
      events: icpcs,
      from: anchor,
      end: referralEnd.get(s.referral_id) ?? null,
    });
  }
}

function cpPlans(j: ChildJourney, ctx: Ctx): void {
  const { asOf, policy } = ctx;
  const p = policy.rules;
  if (!j.cp_plan.length) return;
  const plans = j.cp_plan.filter((plan) => day(plan.start_date)! <= asOf && !skipClosed(ctx, endAsOf(plan.end_date, asOf)));
  if (!plans.length) return;
  const icpcDate = new Map(j.icpc.map((i) => [i.id, day(i.conference_date)]));
  const seen = ctx.policy.general.visitsRequireChildSeen;
  const cpVisitKinds = p['cp-visit'].visitKinds;
  const cpVisits = eventDays(j.visit, (v) => v.visit_date, asOf, (v) => cpVisitKinds.includes(v.kind) && (!seen || v.child_seen));
  for (const plan of plans) {
    const start = day(plan.start_date)!;
    const end = endAsOf(plan.end_date, asOf);
    const conference = icpcDate.get(plan.icpc_id) ?? start;
    const ref: RecordRef = { type: 'cp_plan', id: plan.id };
    walk(ctx, {
      ref,
      anchor: conference, within: p['core-group'].within, rule: 'core-group',
      events: eventDays(j.core_group_meeting, (m) => m.meeting_date, asOf, (m) => m.cp_plan_id === plan.id),
      from: conference,
      end,
    });
    walk(ctx, {
      ref,
      anchor: conference, within: p['cp-review-first'].within, rule: 'cp-review-first',
      next: (prev) => [addDuration(prev, p['cp-review'].within), 'cp-review'],
      events: eventDays(j.cp_review, (r) => r.review_date, asOf, (r) => r.cp_plan_id === plan.id),
      from: conference,
      end,
    });
    walk(ctx, {
      ref,
      anchor: start, within: p['cp-visit'].within, rule: 'cp-visit',
      next: (prev) => [addDuration(prev, p['cp-visit'].within), 'cp-visit'],
      events: cpVisits,
      from: start,
      end,
    });
  }
}

/** A placement: consecutive episodes of one period of care with the same carer (later ones changed legal status only). */
interface Placement {
  start: number;
  /** Recorded end (may be after asOf) or null while open. */
  end: number | null;
  episodes: ClaEpisode[];
  carePeriodId: number;
}

function placements(episodes: readonly ClaEpisode[], asOf: number, policy: Policy): Placement[] {
  const g = policy.general;
  const kept = episodes
    .filter((e) => day(e.start_date)! <= asOf && !g.shortBreakLegalStatuses.includes(e.legal_status))
    .sort((a, b) => (a.start_date < b.start_date ? -1 : a.start_date > b.start_date ? 1 : a.id - b.id));
  const out: Placement[] = [];
  let cur: Placement | null = null;
  for (const e of kept) {
    const contiguous = cur !== null && cur.carePeriodId === e.care_period_id && cur.end === day(e.start_date);
    if (cur && contiguous && !g.newPlacementReasons.includes(e.reason_new_episode)) {
      cur.episodes.push(e);
      cur.end = day(e.end_date);
    } else {
      cur = { start: day(e.start_date)!, end: day(e.end_date), episodes: [e], carePeriodId: e.care_period_id };
      out.push(cur);
    }
  }
  return out;
}

function episodeOn(p: Placement, d: number): ClaEpisode {
  let cur = p.episodes[0]!;
  for (const e of p.episodes) if (day(e.start_date)! <= d) cur = e;
  return cur;
}

/** Term-start day numbers (from 'MM-DD' strings) for the years around `year`, sorted. */
function termStartsAround(year: number, starts: readonly string[]): number[] {
  const out: number[] = [];
  for (let y = year - 1; y <= year + 2; y++) {
    for (const s of starts) {
      const m = Number(s.slice(0, 2));
      out.push(dayFromParts(y, m, Math.min(Number(s.slice(3, 5)), daysInMonth(y, m))));
    }
  }
  return out.sort((a, b) => a - b);
}

/** The last day of the term after the term containing `d`. */
function endOfNextTerm(d: number, starts: readonly string[]): number {
  const all = termStartsAround(partsFromDay(d)[0], starts);
  const k = lowerBound(all, d + 1) - 1; // the term containing d starts at all[k]
  return all[k + 2]! - 1;
}

function care(j: ChildJourney, ctx: Ctx): void {
  const { asOf, policy } = ctx;
  if (!j.care_period.length) return;
  const periods = j.care_period.filter((c) => day(c.start_date)! <= asOf && !skipClosed(ctx, endAsOf(c.end_date, asOf)));
  if (!periods.length) return;
  const p = policy.rules;
  const g = policy.general;
  const dob = day(j.child.date_of_birth);
  const seen = g.visitsRequireChildSeen;

  const shortBreakOnly = (periodId: number) => {
    const eps = j.cla_episode.filter((e) => e.care_period_id === periodId && day(e.start_date)! <= asOf);
    return eps.length > 0 && eps.every((e) => g.shortBreakLegalStatuses.includes(e.legal_status));
  };
  const health = (kind: string) => eventDays(j.health_event, (h) => h.event_date, asOf, (h) => h.kind === kind);
  const iha = health('initial_health_assessment');
  const rha = health('review_health_assessment');
  const dental = health('dental_check');
  const peps = eventDays(j.education_plan, (e) => e.plan_date, asOf);
  const firstReviewOf = new Map<number, number>();

  for (const period of periods) {
    const start = day(period.start_date)!;
    if (shortBreakOnly(period.id)) continue;
    const end = endAsOf(period.end_date, asOf);
    const ref: RecordRef = { type: 'care_period', id: period.id };
    const reviews = eventDays(j.cla_review, (r) => r.review_date, asOf, (r) => r.care_period_id === period.id);
    const firstReview = reviews.find((r) => r >= start && (end === null || r <= end));
    if (firstReview !== undefined) firstReviewOf.set(period.id, firstReview);

    walk(ctx, {
      ref,
      anchor: start, within: p['cla-review-first'].within, rule: 'cla-review-first',
      next: (prev, step) => step === 1
        ? [addDuration(prev, p['cla-review-second'].within), 'cla-review-second']
        : [addDuration(prev, p['cla-review'].within), 'cla-review'],
      events: reviews,
      from: start,
      end,
    });

    walk(ctx, {
      ref,
      anchor: start, within: p['health-initial'].within, rule: 'health-initial',
      next: (prev) => dob !== null && ageOnDay(dob, prev) < 5
        ? [addDuration(prev, p['health-review-under-5'].within), 'health-review-under-5']
        : [addDuration(prev, p['health-review'].within), 'health-review'],
      events: iha,
      laterEvents: rha,
      from: start,
      end,
    });

    walk(ctx, {
      ref,
      anchor: start, within: p['dental-check'].within, rule: 'dental-check',
      next: (prev) => [addDuration(prev, p['dental-check'].within), 'dental-check'],
      events: dental,
      from: start,
      end,
    });

    if (dob !== null) {
      const from = birthdayDay(dob, g.pepFromAge);
      const until = birthdayDay(dob, g.pepUntilAge);
      const anchor = Math.max(start, from);
      if (anchor <= asOf && anchor < until && (end === null || anchor <= end)) {
        walk(ctx, {
          ref,
          anchor: anchor, within: p['pep-initial'].within, rule: 'pep-initial',
          next: (prev) => [endOfNextTerm(prev, p['pep-review'].termStarts), 'pep-review'],
          events: peps,
          from: start,
          end: minEnd(end, until - 1),
        });
      }
    }
  }

  // Statutory visits, per placement (reg. 28).
  const visitKindsOk = (kinds: readonly string[]) => eventDays(j.visit, (v) => v.visit_date, asOf, (v) => kinds.includes(v.kind) && (!seen || v.child_seen));
  const visits = visitKindsOk(p['cla-visit'].visitKinds);
  const firstVisits = visitKindsOk(p['cla-visit-first'].visitKinds);
  const weekly = p['cla-visit-weekly'];
  const weeklyVisits = visitKindsOk(weekly.visitKinds);
  for (const pl of placements(j.cla_episode, asOf, policy)) {
    const firstYearEnd = addDuration(pl.start, { amount: 12, unit: 'months' });
    const isWeekly = (e: ClaEpisode) => weekly.enabled && weekly.legalStatuses.includes(e.legal_status) && weekly.placementTypes.includes(e.placement_type);
    const firstReview = firstReviewOf.get(pl.carePeriodId);
    const next = (prev: number): Step => {
      const e = episodeOn(pl, prev);
      if (isWeekly(e)) {
        const before = firstReview === undefined || prev < firstReview;
        return [addDuration(prev, before ? weekly.untilFirstReview : weekly.afterFirstReview), 'cla-visit-weekly'];
      }
      const c = p['cla-visit'];
      const interval = prev < firstYearEnd ? c.firstYear : e.placement_intended_until_18 ? c.intendedUntil18 : c.otherwise;
      return [addDuration(prev, interval), 'cla-visit'];
    };
    const weeklyAtStart = isWeekly(pl.episodes[0]!);
    walk(ctx, {
      ref: { type: 'cla_episode', id: pl.episodes[0]!.id },
      anchor: pl.start, within: p['cla-visit-first'].within, rule: 'cla-visit-first',
      next,
      events: weeklyAtStart ? weeklyVisits : firstVisits,
      laterEvents: visits,
      from: pl.start,
      end: pl.end !== null && pl.end <= asOf ? pl.end : null,
    });
  }
}

function missing(j: ChildJourney, ctx: Ctx): void {
  const { asOf, policy } = ctx;
  const rule = policy.rules['return-home-interview'];
  const dob = day(j.child.date_of_birth);
  for (const m of j.missing_episode) {
    if (skipDone(ctx, m.rhi_date)) continue;
    const back = endAsOf(m.end_date, asOf);
    if (back === null || !rule.episodeKinds.includes(m.kind)) continue;
    if (dob !== null && ageOnDay(dob, back) >= 18) continue;
    if (m.rhi_date === null && m.rhi_offered === true && m.rhi_accepted === false) continue; // offered and declined: nothing to chase or time
    const ref: RecordRef = { type: 'missing_episode', id: m.id };
    if (m.rhi_date === null && m.rhi_offered === false) {
      // Recorded as not offered: a final outcome, missed, no longer to chase.
      emit(ctx, 'return-home-interview', addDuration(back, rule.within), null, ref, false);
      continue;
    }
    walk(ctx, {
      ref,
      anchor: back, within: rule.within, rule: 'return-home-interview',
      events: eventDays([m], (r) => r.rhi_date, asOf),
      from: back,
      end: null,
    });
  }
}

/**
 * The day a child became "eligible" (aged 16 or 17, looked after, and looked
 * after for 13 weeks in all since their 14th birthday; short breaks do not
 * count), or null if not (yet) by "as of".
 */
export function eligibleFromDay(j: ChildJourney, asOf: number, policy: Policy = DEFAULT_POLICY): number | null {
  const dob = day(j.child.date_of_birth);
  if (dob === null) return null;
  const b14 = birthdayDay(dob, 14);
  const b16 = birthdayDay(dob, 16);
  const b18 = birthdayDay(dob, 18);
  const eps = j.cla_episode
    .filter((e) => day(e.start_date)! <= asOf && !policy.general.shortBreakLegalStatuses.includes(e.legal_status))
    .map((e) => [day(e.start_date)!, Math.min(endAsOf(e.end_date, asOf) ?? asOf + 1, b18)] as const)
    .sort((a, b) => a[0] - b[0]);
  let before = 0;
  let covered = b14; // days before this were already counted
  for (const [s0, e] of eps) {
    const s = Math.max(s0, covered);
    if (e <= s) continue;
    // Looked after on days s .. e-1. Day D (>= s) has before + (D - s + 1) days counted.
    const d = Math.max(s, b16, s + (91 - before) - 1);
    if (d < e && d <= asOf) return d;
    before += e - s;
    covered = e;
  }
  return null;
}

function leavingCare(j: ChildJourney, ctx: Ctx): void {
  const { asOf, policy } = ctx;
  const p = policy.rules;
  const dob = day(j.child.date_of_birth);
  if (dob === null || !j.cla_episode.length || birthdayDay(dob, 16) > asOf) return;
  const until = birthdayDay(dob, policy.general.careLeaverUntilAge);
  // Nothing can be outstanding a year after the last birthday (a missed contact is chased for a year at most).
  if (ctx.onlyOutstanding && birthdayDay(dob, policy.general.careLeaverUntilAge + 1) <= asOf) return;
  const eligible = eligibleFromDay(j, asOf, policy);
  if (eligible === null) return;
  const ref: RecordRef = { type: 'child', id: j.child.id };
  walk(ctx, {
    ref,
    anchor: eligible, within: p['pathway-plan-first'].within, rule: 'pathway-plan-first',
    next: (prev) => [addDuration(prev, p['pathway-plan'].within), 'pathway-plan'],
    events: eventDays(j.pathway_plan, (r) => r.plan_date, asOf),
    from: birthdayDay(dob, 16),
    end: until - 1,
  });

  // In touch around each birthday, once the young person has left care after becoming eligible.
  const rule = p['care-leaver-contact'];
  const periods = j.care_period.filter((c) => day(c.start_date)! <= asOf);
  const lookedAfterOn = (d: number) => periods.some((c) => day(c.start_date)! <= d && (endAsOf(c.end_date, asOf) ?? Infinity) > d);
  const leftAfterEligible = (d: number) => periods.some((c) => {
    const e = endAsOf(c.end_date, asOf);
    return e !== null && e >= eligible && e <= d;
  });
  const contacts = eventDays(j.care_leaver_contact, (c) => c.contact_date, asOf);
  const windows: [number, number, number][] = [];
  for (const age of rule.birthdays) {
    if (age > policy.general.careLeaverUntilAge) continue;
    const b = birthdayDay(dob, age);
    const ws = addDuration(b, { amount: -rule.before.amount, unit: rule.before.unit });
    if (ws > asOf || lookedAfterOn(b) || !leftAfterEligible(Math.min(b, asOf))) continue;
    // A missed window is chased until the next birthday's window would open.
    const chaseUntil = addDuration(birthdayDay(dob, age + 1), { amount: -rule.before.amount, unit: rule.before.unit });
    windows.push([ws, addDuration(b, rule.after), chaseUntil]);
  }
  for (const [ws, due, chaseUntil] of windows) {
    const i = lowerBound(contacts, ws);
    const done = i < contacts.length && contacts[i]! <= due ? contacts[i]! : null;
    emit(ctx, 'care-leaver-contact', due, done, ref, done === null && asOf < chaseUntil, ws);
  }
}

// ---- Public API ------------------------------------------------------------------

/**
 * Every occurrence of every rule for a child up to "as of": done (on time or
 * late), missed, and the next one outstanding in each chain. Performance
 * indicators count these (e.g. reviews in time = onTime among completed).
 */
export function occurrencesForChild(journey: ChildJourney, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): Occurrence[] {
  return evaluate(journey, toDayNumber(asOf, 'as-of date'), asOf, policy, false);
}

function evaluate(journey: ChildJourney, asOfDay: number, asOfIso: IsoDate, policy: Policy, onlyOutstanding: boolean): Occurrence[] {
  const death = day(journey.child.date_of_death);
  // A child who has died: the history stands, but nothing is outstanding.
  if (onlyOutstanding && death !== null && death <= asOfDay) return [];
  const ctx: Ctx = { asOf: asOfDay, asOfIso, policy, childId: journey.child.id, out: [], onlyOutstanding };
  frontDoor(journey, ctx);
  protection(journey, ctx);
  care(journey, ctx);
  missing(journey, ctx);
  leavingCare(journey, ctx);
  if (death !== null && death <= ctx.asOf) for (const o of ctx.out) o.outstanding = false;
  return ctx.out;
}

/** The child's allocation current on the date (started on or before it, not ended by it), or null. */
export function currentAllocation(journey: Pick<ChildJourney, 'allocation'>, asOf: IsoDate): Allocation | null {
  let best: Allocation | null = null;
  for (const a of journey.allocation) {
    if (a.start_date <= asOf && (a.end_date === null || a.end_date > asOf) && (!best || a.start_date > best.start_date || (a.start_date === best.start_date && a.id > best.id))) best = a;
  }
  return best;
}

function statusOf(due: number, asOf: number, soon: number): DueStatus {
  if (due < asOf) return 'overdue';
  try {
    return workingDaysBetweenDays(asOf, due) <= soon ? 'due_soon' : 'upcoming';
  } catch (err) {
    if (err instanceof CalendarRangeError) return due - asOf <= soon ? 'due_soon' : 'upcoming';
    throw err;
  }
}

function workingDaysLate(due: number, asOf: number): number {
  try {
    return workingDaysBetweenDays(due, asOf);
  } catch (err) {
    if (err instanceof CalendarRangeError) return asOf - due;
    throw err;
  }
}

/** What is outstanding for a child as of the date: due, when, by which rule, how late. Overdue first, then by due date. */
export function dueItemsForChild(journey: ChildJourney, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): DueItem[] {
  return dueItemsAsOf(journey, toDayNumber(asOf, 'as-of date'), asOf, policy);
}

function dueItemsAsOf(journey: ChildJourney, asOfDay: number, asOf: IsoDate, policy: Policy): DueItem[] {
  const outstanding = evaluate(journey, asOfDay, asOf, policy, true);
  if (!outstanding.length) return [];
  const alloc = currentAllocation(journey, asOf);
  const items: DueItem[] = [];
  for (const o of outstanding) {
    const due = toDayNumber(o.dueDate);
    const status = statusOf(due, asOfDay, policy.general.dueSoonWorkingDays);
    const rule = RULES[o.ruleId];
    items.push({
      childId: o.childId,
      laCode: journey.child.la_code,
      ruleId: o.ruleId,
      title: rule.title,
      description: rule.description,
      dueDate: o.dueDate,
      windowStart: o.windowStart,
      status,
      daysOverdue: status === 'overdue' ? asOfDay - due : 0,
      workingDaysOverdue: status === 'overdue' ? workingDaysLate(due, asOfDay) : 0,
      relatedRecord: o.relatedRecord,
      staffId: alloc?.staff_id ?? null,
      teamId: alloc?.team_id ?? null,
    });
  }
  return items.sort(compareDueItems);
}

/** Overdue items first (most overdue first), then by due date, then child and rule. */
export function compareDueItems(a: DueItem, b: DueItem): number {
  return (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || a.childId - b.childId || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Every child's due items as of the date, in one list (sorted as compareDueItems). */
export function dueItemsForChildren(journeys: Iterable<ChildJourney>, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): DueItem[] {
  const asOfDay = toDayNumber(asOf, 'as-of date');
  const all: DueItem[] = [];
  for (const j of journeys) for (const item of dueItemsAsOf(j, asOfDay, asOf, policy)) all.push(item);
  return all.sort(compareDueItems);
}

/** Groups due items by a key (null keys are grouped under null). */
export function groupDueItems<K>(items: readonly DueItem[], key: (item: DueItem) => K): Map<K, DueItem[]> {
  const out = new Map<K, DueItem[]>();
  for (const item of items) {
    const k = key(item);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(item);
  }
  return out;
}

/** Due items of the children allocated to each worker on the date (unallocated children under null). */
export function dueItemsByWorker(journeys: Iterable<ChildJourney>, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): Map<number | null, DueItem[]> {
  return groupDueItems(dueItemsForChildren(journeys, asOf, policy), (i) => i.staffId);
}

/** Due items of the children allocated to each team on the date (unallocated children under null). */
export function dueItemsByTeam(journeys: Iterable<ChildJourney>, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): Map<number | null, DueItem[]> {
  return groupDueItems(dueItemsForChildren(journeys, asOf, policy), (i) => i.teamId);
}

/** One worker's due list. */
export function dueItemsForWorker(journeys: Iterable<ChildJourney>, staffId: number, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): DueItem[] {
  const mine = [...journeys].filter((j) => currentAllocation(j, asOf)?.staff_id === staffId);
  return dueItemsForChildren(mine, asOf, policy);
}

/** One team's due list. */
export function dueItemsForTeam(journeys: Iterable<ChildJourney>, teamId: number, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): DueItem[] {
  const ours = [...journeys].filter((j) => currentAllocation(j, asOf)?.team_id === teamId);
  return dueItemsForChildren(ours, asOf, policy);
}

export interface DueCounts {
  total: number;
  overdue: number;
  due_soon: number;
  upcoming: number;
}

export interface DueSummary extends DueCounts {
  byRule: Partial<Record<RuleId, DueCounts>>;
}

const zero = (): DueCounts => ({ total: 0, overdue: 0, due_soon: 0, upcoming: 0 });

/** Counts by status, overall and per rule. */
export function summariseDue(items: readonly DueItem[]): DueSummary {
  const s: DueSummary = { ...zero(), byRule: {} };
  for (const i of items) {
    const r = (s.byRule[i.ruleId] ??= zero());
    s.total++;
    s[i.status]++;
    r.total++;
    r[i.status]++;
  }
  return s;
}

export interface ServiceDue {
  asOf: IsoDate;
  items: DueItem[];
  service: DueSummary;
  byCouncil: Map<string, DueSummary>;
  byTeam: Map<number | null, DueSummary>;
  byWorker: Map<number | null, DueSummary>;
}

/** The whole service's due list as of a date, with summaries per council, team and worker. */
export function serviceDue(journeys: Iterable<ChildJourney>, asOf: IsoDate, policy: Policy = DEFAULT_POLICY): ServiceDue {
  const items = dueItemsForChildren(journeys, asOf, policy);
  const summarise = <K>(m: Map<K, DueItem[]>) => new Map([...m].map(([k, v]) => [k, summariseDue(v)] as const));
  return {
    asOf,
    items,
    service: summariseDue(items),
    byCouncil: summarise(groupDueItems(items, (i) => i.laCode)),
    byTeam: summarise(groupDueItems(items, (i) => i.teamId)),
    byWorker: summarise(groupDueItems(items, (i) => i.staffId)),
  };
}

// ---- Timeliness of single events (for performance indicators) -------------------

export interface Timeliness {
  dueDate: IsoDate;
  completedDate: IsoDate | null;
  /** true: done by the due date; false: done after it; null: not done. */
  onTime: boolean | null;
  /** Calendar days after the due date it was done (0 if on time or not done). */
  daysLate: number;
  /** Working days after the due date it was done (0 if on time or not done). */
  workingDaysLate: number;
}

/** Judges a completion date against a due date. */
export function judge(dueDate: IsoDate, completedDate: IsoDate | null): Timeliness {
  const due = toDayNumber(dueDate, 'due date');
  const done = day(completedDate);
  const late = done !== null && done > due;
  return {
    dueDate,
    completedDate,
    onTime: done === null ? null : !late,
    daysLate: late ? done - due : 0,
    workingDaysLate: late ? workingDaysBetweenDays(due, done) : 0,
  };
}

/** Was the contact decided within 1 working day (policy permitting)? */
export function referralDecisionTimeliness(contact: Pick<Contact, 'contact_date' | 'decision_date'>, policy: Policy = DEFAULT_POLICY): Timeliness {
  const due = addDuration(toDayNumber(contact.contact_date, 'contact date'), policy.rules['referral-decision'].within);
  return judge(fromDayNumber(due), contact.decision_date);
}

/**
 * Was the assessment authorised within 45 working days of its start?
 * `workingDaysTaken` is workingDaysBetween(start, authorised): the DfE's
 * "working days to complete" (start day = day 0).
 */
export function assessmentTimeliness(assessment: Pick<Assessment, 'start_date' | 'authorised_date'>, policy: Policy = DEFAULT_POLICY): Timeliness & { workingDaysTaken: number | null } {
  const start = toDayNumber(assessment.start_date, 'assessment start date');
  const due = addDuration(start, policy.rules['assessment-authorised'].within);
  const done = day(assessment.authorised_date);
  return { ...judge(fromDayNumber(due), assessment.authorised_date), workingDaysTaken: done === null ? null : workingDaysBetweenDays(start, done) };
}

/** Was the ICPC held within 15 working days of the strategy discussion that started the section 47 enquiry? */
export function icpcTimeliness(
  strategyDiscussion: Pick<StrategyDiscussion, 'discussion_date'>,
  icpc: Pick<Icpc, 'conference_date'> | null,
  policy: Policy = DEFAULT_POLICY,
): Timeliness & { workingDaysTaken: number | null } {
  const start = toDayNumber(strategyDiscussion.discussion_date, 'strategy discussion date');
  const due = addDuration(start, policy.rules.icpc.within);
  const done = day(icpc?.conference_date);
  return { ...judge(fromDayNumber(due), icpc?.conference_date ?? null), workingDaysTaken: done === null ? null : workingDaysBetweenDays(start, done) };
}

/** Was the return home interview held within 72 hours of the return? null if the child has not returned. */
export function returnHomeInterviewTimeliness(episode: Pick<MissingEpisode, 'end_date' | 'rhi_date'>, policy: Policy = DEFAULT_POLICY): Timeliness | null {
  if (episode.end_date === null) return null;
  const due = addDuration(toDayNumber(episode.end_date, 'return date'), policy.rules['return-home-interview'].within);
  return judge(fromDayNumber(due), episode.rhi_date);
}
