/**
 * The child's journey invariants: what must always be true of a child's
 * record, whatever form or import wrote it. `checkJourney` lists every
 * violation in a journey; `checkChange` (and the focused `checkNew…` helpers)
 * checks a journey as it would be after writing one row, and reports only the
 * violations that involve that row, so the service layer can refuse a write
 * before making it.
 *
 * Each violation names its rule (an id from INVARIANTS), the fields involved
 * as 'table.column', the records involved, and a plain-English message in the
 * style of a GOV.UK error message.
 *
 * Intervals: a record that runs from a start date to an end date (null: still
 * open) occupies [start, end). One may end on the day the next starts (a CP
 * plan ending and a new one starting the same day, SSDA903 episodes that
 * follow each other); any longer overlap is a violation.
 */
import { UserFacingError } from '../../errors.ts';
import { isIsoDate } from '../dates.ts';
import { JOURNEY_COLUMNS, RECORD_TABLES, type ChildJourney, type JourneyRow, type JourneyTable, type RecordRef, type RecordTable } from './types.ts';

export const INVARIANTS = {
  'date-format': 'Every date is a real date written YYYY-MM-DD.',
  'dates-in-order': 'Within a record, later dates are not before earlier ones (an end is not before its start).',
  'record-belongs-to-child': 'Every record in a child’s journey is that child’s.',
  'linked-record-exists': 'A record links only to records of the same child that exist (an assessment to its referral, an ICPC to its enquiry…).',
  'child-date-of-birth': 'A child has a date of birth or an expected date of birth; a date of death is not before the date of birth.',
  'within-referral': 'Work under a referral (assessments, strategy discussions, enquiries, plans) starts on or after the referral date and not after the referral was closed.',
  's47-follows-strategy-discussion': 'A section 47 enquiry follows a strategy discussion that decided on one, and starts on or after it.',
  'icpc-follows-s47': 'An initial child protection conference follows the section 47 enquiry it belongs to.',
  'cp-plan-requires-icpc': 'A child protection plan starts from an initial child protection conference that decided on a plan, on or after the conference.',
  'one-cp-plan-at-a-time': 'A child has at most one child protection plan at a time.',
  'one-referral-at-a-time': 'A child has at most one open referral (children in need episode) at a time.',
  'one-care-period-at-a-time': 'A child has at most one period of care at a time.',
  'one-care-episode-at-a-time': 'A child has at most one care episode at a time.',
  'one-allocation-at-a-time': 'A child has at most one allocated worker at a time.',
  'episode-within-care-period': 'A care episode lies within its period of care.',
  'event-within-record': 'Reviews and core groups fall within the plan or period of care they belong to.',
  'referral-closure-reason': 'A closed referral has a closure reason, and only a closed one has.',
  'episode-ceased-reason': 'A care episode that has ended has a reason it ceased, and only an ended one has.',
  'contact-decision': 'A contact decision has a decision date, and a decision date has a decision.',
  'return-interview': 'A return home interview can be accepted only if it was offered, and held only after the child returned.',
  'seen-alone-requires-seen': 'A visit can record the child seen alone only if the child was seen.',
  'not-before-birth': 'A child cannot come into care, be seen, go missing or have a health event before they are born.',
  'not-after-death': 'Nothing new starts for a child after their death.',
} as const;

export type InvariantId = keyof typeof INVARIANTS;

export interface Violation {
  rule: InvariantId;
  message: string;
  /** The fields involved, as 'table.column'. */
  fields: string[];
  /** The records involved (the first is the one at fault where that is clear). */
  records: RecordRef[];
}

/** A write refused because it would break a journey invariant. */
export class JourneyInvariantError extends UserFacingError {
  constructor(readonly violations: Violation[]) {
    super(violations.map((v) => v.message).join(' '));
  }
}

type AnyRow = Record<string, unknown> & { id: number };

const ref = (type: JourneyTable, row: { id: number }): RecordRef => ({ type, id: row.id });
const isDate = (v: unknown): v is string => typeof v === 'string' && isIsoDate(v);

/** Human names of record types, for messages. */
const NAMES: Record<JourneyTable, string> = {
  child: 'child',
  allocation: 'allocation',
  contact: 'contact',
  referral: 'referral',
  assessment: 'assessment',
  strategy_discussion: 'strategy discussion',
  s47_enquiry: 'section 47 enquiry',
  icpc: 'initial child protection conference',
  cp_plan: 'child protection plan',
  cp_review: 'child protection review',
  core_group_meeting: 'core group meeting',
  cin_plan: 'child in need plan',
  visit: 'visit',
  care_period: 'period of care',
  cla_episode: 'care episode',
  cla_review: 'looked-after review',
  health_event: 'health event',
  education_plan: 'personal education plan',
  missing_episode: 'missing episode',
  care_leaver_contact: 'care leaver contact',
  pathway_plan: 'pathway plan',
};

const LABELS: Record<string, string> = { rhi_date: 'return home interview date', expected_dob: 'expected date of birth' };
const label = (column: string) => LABELS[column] ?? column.replace(/_/g, ' ');

/** Pairs of date columns within one row: the second must not be before the first. */
const DATE_ORDER: { [T in JourneyTable]?: [string, string][] } = {
  child: [['date_of_birth', 'date_of_death']],
  allocation: [['start_date', 'end_date']],
  contact: [['contact_date', 'decision_date']],
  referral: [['referral_date', 'closure_date']],
  assessment: [['start_date', 'completed_date'], ['completed_date', 'authorised_date'], ['start_date', 'authorised_date']],
  s47_enquiry: [['start_date', 'end_date']],
  cp_plan: [['start_date', 'end_date']],
  cin_plan: [['start_date', 'end_date']],
  care_period: [['start_date', 'end_date']],
  cla_episode: [['start_date', 'end_date']],
  missing_episode: [['start_date', 'end_date'], ['end_date', 'rhi_date']],
};

/** Links to other records: column → table it points at. */
const LINKS: { [T in RecordTable]?: [string, RecordTable][] } = {
  referral: [['contact_id', 'contact']],
  assessment: [['referral_id', 'referral']],
  strategy_discussion: [['referral_id', 'referral']],
  s47_enquiry: [['referral_id', 'referral'], ['strategy_discussion_id', 'strategy_discussion']],
  icpc: [['s47_id', 's47_enquiry']],
  cp_plan: [['referral_id', 'referral'], ['icpc_id', 'icpc']],
  cp_review: [['cp_plan_id', 'cp_plan']],
  core_group_meeting: [['cp_plan_id', 'cp_plan']],
  cin_plan: [['referral_id', 'referral']],
  cla_episode: [['care_period_id', 'care_period']],
  cla_review: [['care_period_id', 'care_period']],
};

class Checker {
  readonly out: Violation[] = [];
  readonly byId = new Map<RecordTable, Map<number, AnyRow>>();

  constructor(readonly j: ChildJourney) {
    for (const t of RECORD_TABLES) this.byId.set(t, new Map((j[t] as readonly AnyRow[]).map((r) => [r.id, r])));
  }

  add(rule: InvariantId, message: string, fields: string[], records: RecordRef[]): void {
    this.out.push({ rule, message, fields, records });
  }

  rows<T extends RecordTable>(t: T): readonly (JourneyRow<T> & AnyRow)[] {
    return this.j[t] as readonly (JourneyRow<T> & AnyRow)[];
  }

  get<T extends RecordTable>(t: T, id: unknown): (JourneyRow<T> & AnyRow) | undefined {
    return this.byId.get(t)!.get(id as number) as (JourneyRow<T> & AnyRow) | undefined;
  }

  // -- rules --

  dateFormats(): void {
    const check = (t: JourneyTable, row: AnyRow) => {
      for (const col of JOURNEY_COLUMNS[t] as readonly string[]) {
        if (!(col.endsWith('_date') || col.startsWith('date_of') || col === 'expected_dob')) continue;
        const v = row[col];
        if (v != null && !isDate(v)) {
          this.add('date-format', `The ${label(col)} of the ${NAMES[t]} must be a real date, for example 2024-03-31`, [`${t}.${col}`], [ref(t, row)]);
        }
      }
    };
    check('child', this.j.child as unknown as AnyRow);
    for (const t of RECORD_TABLES) for (const r of this.rows(t)) check(t, r);
  }

  dateOrder(): void {
    const check = (t: JourneyTable, row: AnyRow) => {
      for (const [a, b] of DATE_ORDER[t] ?? []) {
        const x = row[a];
        const y = row[b];
        if (isDate(x) && isDate(y) && y < x) {
          this.add('dates-in-order', `The ${label(b)} of the ${NAMES[t]} must be the same as or after the ${label(a)}`, [`${t}.${a}`, `${t}.${b}`], [ref(t, row)]);
        }
      }
    };
    check('child', this.j.child as unknown as AnyRow);
    for (const t of RECORD_TABLES) for (const r of this.rows(t)) check(t, r);
  }

  ownershipAndLinks(): void {
    const childId = this.j.child.id;
    for (const t of RECORD_TABLES) {
      for (const r of this.rows(t)) {
        if (r.child_id !== childId) {
          this.add('record-belongs-to-child', `This ${NAMES[t]} belongs to another child`, [`${t}.child_id`], [ref(t, r)]);
        }
        for (const [col, target] of LINKS[t] ?? []) {
          const v = r[col];
          if (v == null && col === 'contact_id') continue; // a referral need not come from a recorded contact
          if (!this.get(target, v)) {
            this.add('linked-record-exists', `The ${NAMES[t]} must belong to a ${NAMES[target]} of this child`, [`${t}.${col}`], [ref(t, r)]);
          }
        }
      }
    }
  }

  child(): void {
    const c = this.j.child;
    if (c.date_of_birth == null && c.expected_dob == null) {
      this.add('child-date-of-birth', 'Enter the child’s date of birth or expected date of birth', ['child.date_of_birth', 'child.expected_dob'], [ref('child', c)]);
    }
  }

  withinReferral(): void {
    const under: [RecordTable, string][] = [
      ['assessment', 'start_date'], ['strategy_discussion', 'discussion_date'], ['s47_enquiry', 'start_date'],
      ['cp_plan', 'start_date'], ['cin_plan', 'start_date'],
    ];
    for (const [t, col] of under) {
      for (const r of this.rows(t)) {
        const ref0 = this.get('referral', r.referral_id);
        const d = r[col];
        if (!ref0 || !isDate(d)) continue;
        if (isDate(ref0.referral_date) && d < ref0.referral_date) {
          this.add('within-referral', `The ${label(col)} of the ${NAMES[t]} must be the same as or after the referral date`, [`${t}.${col}`, 'referral.referral_date'], [ref(t, r), ref('referral', ref0)]);
        }
        if (isDate(ref0.closure_date) && d > ref0.closure_date) {
          this.add('within-referral', `The ${label(col)} of the ${NAMES[t]} must be before the referral was closed`, [`${t}.${col}`, 'referral.closure_date'], [ref(t, r), ref('referral', ref0)]);
        }
      }
    }
  }

  protectionChain(): void {
    for (const s of this.rows('s47_enquiry')) {
      const sd = this.get('strategy_discussion', s.strategy_discussion_id);
      if (!sd) continue;
      if (sd.outcome === 'no_s47') {
        this.add('s47-follows-strategy-discussion', 'A section 47 enquiry can only start from a strategy discussion that decided on one', ['s47_enquiry.strategy_discussion_id', 'strategy_discussion.outcome'], [ref('s47_enquiry', s), ref('strategy_discussion', sd)]);
      }
      if (isDate(s.start_date) && isDate(sd.discussion_date) && s.start_date < sd.discussion_date) {
        this.add('s47-follows-strategy-discussion', 'The start date of the section 47 enquiry must be the same as or after the strategy discussion', ['s47_enquiry.start_date', 'strategy_discussion.discussion_date'], [ref('s47_enquiry', s), ref('strategy_discussion', sd)]);
      }
    }
    for (const i of this.rows('icpc')) {
      const s = this.get('s47_enquiry', i.s47_id);
      if (s && isDate(i.conference_date) && isDate(s.start_date) && i.conference_date < s.start_date) {
        this.add('icpc-follows-s47', 'The date of the initial child protection conference must be the same as or after the start of the section 47 enquiry', ['icpc.conference_date', 's47_enquiry.start_date'], [ref('icpc', i), ref('s47_enquiry', s)]);
      }
    }
    for (const p of this.rows('cp_plan')) {
      const i = this.get('icpc', p.icpc_id);
      if (!i) {
        this.add('cp-plan-requires-icpc', 'A child protection plan can only start from an initial child protection conference', ['cp_plan.icpc_id'], [ref('cp_plan', p)]);
        continue;
      }
      if (!i.plan_decided) {
        this.add('cp-plan-requires-icpc', 'A child protection plan can only start from a conference that decided the child needs a plan', ['cp_plan.icpc_id', 'icpc.plan_decided'], [ref('cp_plan', p), ref('icpc', i)]);
      }
      if (isDate(p.start_date) && isDate(i.conference_date) && p.start_date < i.conference_date) {
        this.add('cp-plan-requires-icpc', 'The start date of the child protection plan must be the same as or after the conference date', ['cp_plan.start_date', 'icpc.conference_date'], [ref('cp_plan', p), ref('icpc', i)]);
      }
    }
  }

  /** No two records of a table overlap as [start, end). */
  noOverlap(rule: InvariantId, t: RecordTable, startCol: string, endCol: string, what: string): void {
    const rows = this.rows(t).filter((r) => isDate(r[startCol])).slice().sort((a, b) => ((a[startCol] as string) < (b[startCol] as string) ? -1 : (a[startCol] as string) > (b[startCol] as string) ? 1 : a.id - b.id));
    let widest: AnyRow | null = null; // the earlier record that reaches furthest
    const endOf = (r: AnyRow) => (isDate(r[endCol]) ? (r[endCol] as string) : '9999-12-31');
    for (const r of rows) {
      if (widest && (r[startCol] as string) < endOf(widest) && endOf(r) > (r[startCol] as string)) {
        this.add(rule, `${what} overlaps another: it must start on or after the day the other ends`, [`${t}.${startCol}`, `${t}.${endCol}`], [ref(t, r), ref(t, widest)]);
      }
      if (!widest || endOf(r) > endOf(widest)) widest = r;
    }
  }

  within(t: RecordTable, col: string, parentCol: string, parent: RecordTable, startCol: string, endCol: string): void {
    for (const r of this.rows(t)) {
      const p = this.get(parent, r[parentCol]);
      const d = r[col];
      if (!p || !isDate(d)) continue;
      const s = p[startCol];
      const e = p[endCol];
      if ((isDate(s) && d < s) || (isDate(e) && d > e)) {
        this.add('event-within-record', `The ${label(col)} of the ${NAMES[t]} must be within the ${NAMES[parent]} it belongs to`, [`${t}.${col}`, `${parent}.${startCol}`, `${parent}.${endCol}`], [ref(t, r), ref(parent, p)]);
      }
    }
  }

  care(): void {
    for (const e of this.rows('cla_episode')) {
      const p = this.get('care_period', e.care_period_id);
      if (!p || !isDate(e.start_date)) continue;
      const before = isDate(p.start_date) && e.start_date < p.start_date;
      const after = isDate(p.end_date) && (e.end_date == null ? true : isDate(e.end_date) && e.end_date > p.end_date);
      if (before || after) {
        this.add('episode-within-care-period', 'The care episode must start and end within its period of care', ['cla_episode.start_date', 'cla_episode.end_date', 'care_period.start_date', 'care_period.end_date'], [ref('cla_episode', e), ref('care_period', p)]);
      }
      if ((e.end_date == null) !== (e.reason_ceased == null)) {
        this.add('episode-ceased-reason', e.end_date == null ? 'Remove the reason the episode ceased, or enter the date it ended' : 'Enter the reason the care episode ceased', ['cla_episode.end_date', 'cla_episode.reason_ceased'], [ref('cla_episode', e)]);
      }
    }
  }

  reasons(): void {
    for (const r of this.rows('referral')) {
      if ((r.closure_date == null) !== (r.closure_reason == null || r.closure_reason === '')) {
        this.add('referral-closure-reason', r.closure_date == null ? 'Remove the closure reason, or enter the date the referral was closed' : 'Enter the reason the referral was closed', ['referral.closure_date', 'referral.closure_reason'], [ref('referral', r)]);
      }
    }
    for (const c of this.rows('contact')) {
      if ((c.decision == null) !== (c.decision_date == null)) {
        this.add('contact-decision', c.decision == null ? 'Enter the decision made on the contact' : 'Enter the date of the contact decision', ['contact.decision', 'contact.decision_date'], [ref('contact', c)]);
      }
    }
    for (const m of this.rows('missing_episode')) {
      if (m.rhi_accepted === true && m.rhi_offered !== true) {
        this.add('return-interview', 'A return home interview can only be accepted if it was offered', ['missing_episode.rhi_offered', 'missing_episode.rhi_accepted'], [ref('missing_episode', m)]);
      }
      if (m.rhi_date != null && m.end_date == null) {
        this.add('return-interview', 'Enter the date the child returned before the date of the return home interview', ['missing_episode.end_date', 'missing_episode.rhi_date'], [ref('missing_episode', m)]);
      }
    }
    for (const v of this.rows('visit')) {
      if (v.seen_alone && !v.child_seen) {
        this.add('seen-alone-requires-seen', 'A child can only be seen alone if they were seen', ['visit.child_seen', 'visit.seen_alone'], [ref('visit', v)]);
      }
    }
  }

  lifeDates(): void {
    const { date_of_birth: dob, date_of_death: dod } = this.j.child;
    const born: [RecordTable, string, string?][] = [
      ['care_period', 'start_date'], ['cla_episode', 'start_date'], ['missing_episode', 'start_date'], ['health_event', 'event_date'], ['visit', 'visit_date', 'child_seen'],
    ];
    if (isDate(dob)) {
      for (const [t, col, only] of born) {
        for (const r of this.rows(t)) {
          const d = r[col];
          if (isDate(d) && d < dob && (!only || r[only])) {
            this.add('not-before-birth', `The ${label(col)} of the ${NAMES[t]} must be the same as or after the child’s date of birth`, [`${t}.${col}`, 'child.date_of_birth'], [ref(t, r), ref('child', this.j.child)]);
          }
        }
      }
    }
    const starts: [RecordTable, string][] = [
      ['contact', 'contact_date'], ['referral', 'referral_date'], ['assessment', 'start_date'], ['s47_enquiry', 'start_date'], ['cp_plan', 'start_date'],
      ['cin_plan', 'start_date'], ['care_period', 'start_date'], ['cla_episode', 'start_date'], ['visit', 'visit_date'], ['missing_episode', 'start_date'],
    ];
    if (isDate(dod)) {
      for (const [t, col] of starts) {
        for (const r of this.rows(t)) {
          const d = r[col];
          if (isDate(d) && d > dod) {
            this.add('not-after-death', `The ${label(col)} of the ${NAMES[t]} must be the same as or before the child’s date of death`, [`${t}.${col}`, 'child.date_of_death'], [ref(t, r), ref('child', this.j.child)]);
          }
        }
      }
    }
  }

  run(): Violation[] {
    this.dateFormats();
    this.dateOrder();
    this.ownershipAndLinks();
    this.child();
    this.withinReferral();
    this.protectionChain();
    this.noOverlap('one-cp-plan-at-a-time', 'cp_plan', 'start_date', 'end_date', 'This child protection plan');
    this.noOverlap('one-referral-at-a-time', 'referral', 'referral_date', 'closure_date', 'This referral');
    this.noOverlap('one-care-period-at-a-time', 'care_period', 'start_date', 'end_date', 'This period of care');
    this.noOverlap('one-care-episode-at-a-time', 'cla_episode', 'start_date', 'end_date', 'This care episode');
    this.noOverlap('one-allocation-at-a-time', 'allocation', 'start_date', 'end_date', 'This allocation');
    this.within('cp_review', 'review_date', 'cp_plan_id', 'cp_plan', 'start_date', 'end_date');
    this.within('core_group_meeting', 'meeting_date', 'cp_plan_id', 'cp_plan', 'start_date', 'end_date');
    this.within('cla_review', 'review_date', 'care_period_id', 'care_period', 'start_date', 'end_date');
    this.care();
    this.reasons();
    this.lifeDates();
    return this.out;
  }
}

/** Every invariant violation in a child's journey (an empty list when the record is consistent). */
export function checkJourney(journey: ChildJourney): Violation[] {
  return new Checker(journey).run();
}

/** Throws JourneyInvariantError if the journey breaks any invariant. */
export function assertJourney(journey: ChildJourney): void {
  const v = checkJourney(journey);
  if (v.length) throw new JourneyInvariantError(v);
}

/** The id used for a row not saved yet. */
export const UNSAVED_ID = -1;

type Change<T extends JourneyTable> = Omit<JourneyRow<T>, 'id'> & { id?: number };

/**
 * Checks one row about to be written (a new one, without an id or with
 * UNSAVED_ID, or a changed one with its id): the journey with that row in
 * place, reporting only the violations that involve the row. An empty list
 * means the write keeps the journey consistent (as far as that row goes).
 */
export function checkChange<T extends JourneyTable>(journey: ChildJourney, table: T, row: Change<T>): Violation[] {
  const id = row.id ?? UNSAVED_ID;
  const full = { ...row, id };
  let next: ChildJourney;
  if (table === 'child') {
    next = { ...journey, child: full as unknown as ChildJourney['child'] };
  } else {
    const rows = journey[table as RecordTable] as readonly { id: number }[];
    const replaced = rows.some((r) => r.id === id) ? rows.map((r) => (r.id === id ? full : r)) : [...rows, full];
    next = { ...journey, [table]: replaced } as ChildJourney;
  }
  return checkJourney(next).filter((v) => v.records.some((r) => r.type === table && r.id === id));
}

/** Before starting (or changing) a child protection plan. */
export const checkNewCpPlan = (journey: ChildJourney, plan: Change<'cp_plan'>) => checkChange(journey, 'cp_plan', plan);
/** Before opening (or changing) a care episode. */
export const checkNewCareEpisode = (journey: ChildJourney, episode: Change<'cla_episode'>) => checkChange(journey, 'cla_episode', episode);
/** Before opening (or changing) a period of care. */
export const checkNewCarePeriod = (journey: ChildJourney, period: Change<'care_period'>) => checkChange(journey, 'care_period', period);
/** Before recording (or closing) a referral. */
export const checkReferral = (journey: ChildJourney, referral: Change<'referral'>) => checkChange(journey, 'referral', referral);
/** Before recording an ICPC. */
export const checkNewIcpc = (journey: ChildJourney, icpc: Change<'icpc'>) => checkChange(journey, 'icpc', icpc);
/** Before recording a section 47 enquiry. */
export const checkNewS47 = (journey: ChildJourney, enquiry: Change<'s47_enquiry'>) => checkChange(journey, 's47_enquiry', enquiry);
/** Before recording a new allocation. */
export const checkNewAllocation = (journey: ChildJourney, allocation: Change<'allocation'>) => checkChange(journey, 'allocation', allocation);
