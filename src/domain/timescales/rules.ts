/**
 * The statutory timescale rules, as data: each rule's id, what it asks, its
 * source, and default parameters that a council's local policy may override
 * (`resolvePolicy`). The evaluation of the rules against a child's record is
 * in src/domain/due.ts; docs/domain.md lists every rule for readers.
 *
 * Units and conventions (see also src/domain/calendar.ts and dates.ts):
 *  - working_days: counted after the start date (start = day 0), the DfE's
 *    convention: "within 45 working days of X" is due on addWorkingDays(X, 45).
 *  - days / weeks: calendar days after the start date (1 week = 7 days).
 *  - months: calendar months with end-of-month clamping ("within 3 months of
 *    31 May" = on or before 31 August; of 30 November = on or before 28/29 February).
 *  - hours: the record holds dates, not times, so hours become whole calendar
 *    days, rounded up (72 hours = 3 days: a return on Monday needs its
 *    interview by Thursday).
 * "Within" and "at most every" both mean: on the due date is on time, the day
 * after is late.
 */
import { UserFacingError } from '../../errors.ts';
import { addMonthsToDay } from '../dates.ts';
import { addWorkingDaysToDay } from '../calendar.ts';

export type DurationUnit = 'working_days' | 'days' | 'weeks' | 'months' | 'hours';

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

const DURATION_UNITS: readonly DurationUnit[] = ['working_days', 'days', 'weeks', 'months', 'hours'];

export const workingDays = (amount: number): Duration => ({ amount, unit: 'working_days' });
export const days = (amount: number): Duration => ({ amount, unit: 'days' });
export const weeks = (amount: number): Duration => ({ amount, unit: 'weeks' });
export const months = (amount: number): Duration => ({ amount, unit: 'months' });
export const hours = (amount: number): Duration => ({ amount, unit: 'hours' });

/** The day number a duration after a day number (see the unit conventions above). */
export function addDuration(day: number, d: Duration): number {
  switch (d.unit) {
    case 'working_days':
      return addWorkingDaysToDay(day, d.amount);
    case 'days':
      return day + d.amount;
    case 'weeks':
      return day + 7 * d.amount;
    case 'months':
      return addMonthsToDay(day, d.amount);
    case 'hours':
      return day + Math.ceil(d.amount / 24);
  }
}

/** "45 working days", "3 months", "72 hours". */
export function describeDuration(d: Duration): string {
  const unit = d.unit === 'working_days' ? 'working day' : d.unit.slice(0, -1);
  return `${d.amount} ${unit}${d.amount === 1 ? '' : 's'}`;
}

// ---- Parameters of each rule -----------------------------------------------

interface Base {
  /** A council may switch a rule off (it then yields no due items and no timeliness). */
  readonly enabled: boolean;
}
interface Within extends Base {
  readonly within: Duration;
}

export interface RuleParams {
  'referral-decision': Within;
  'assessment-authorised': Within;
  icpc: Within;
  'core-group': Within;
  'cp-review-first': Within;
  'cp-review': Within;
  'cp-visit': Within & { readonly visitKinds: readonly string[] };
  'cla-review-first': Within;
  'cla-review-second': Within;
  'cla-review': Within;
  'cla-visit-first': Within & { readonly visitKinds: readonly string[] };
  'cla-visit': Base & {
    readonly firstYear: Duration;
    readonly intendedUntil18: Duration;
    readonly otherwise: Duration;
    readonly visitKinds: readonly string[];
  };
  'cla-visit-weekly': Base & {
    readonly untilFirstReview: Duration;
    readonly afterFirstReview: Duration;
    readonly legalStatuses: readonly string[];
    readonly placementTypes: readonly string[];
    readonly visitKinds: readonly string[];
  };
  'health-initial': Within;
  'health-review-under-5': Within;
  'health-review': Within;
  'dental-check': Within;
  'pep-initial': Within;
  'pep-review': Base & { readonly termStarts: readonly string[] };
  'return-home-interview': Within & { readonly episodeKinds: readonly string[] };
  'pathway-plan-first': Within;
  'pathway-plan': Within;
  'care-leaver-contact': Base & { readonly before: Duration; readonly after: Duration; readonly birthdays: readonly number[] };
}

export type RuleId = keyof RuleParams;

/** Settings that several rules share. */
export interface GeneralPolicy {
  /** An item due within this many working days of "as of" is 'due_soon' (else 'upcoming'). */
  readonly dueSoonWorkingDays: number;
  /** A statutory visit counts only if the child was seen. */
  readonly visitsRequireChildSeen: boolean;
  /** SSDA903 legal statuses of short-break care, to which the CLA review, visit, health and PEP rules do not apply (reg. 48 modifies them). */
  readonly shortBreakLegalStatuses: readonly string[];
  /** SSDA903 reasons for a new episode that start a new placement (reg. 28 "start of any placement"); 'L' (legal status change only) does not. */
  readonly newPlacementReasons: readonly string[];
  /** Personal education plans apply from this age (local policy; compulsory school age is 5) ... */
  readonly pepFromAge: number;
  /** ... until this birthday. */
  readonly pepUntilAge: number;
  /** Care-leaver rules (pathway plans, contacts) stop at this birthday (21; 25 for those who ask for support to 25). */
  readonly careLeaverUntilAge: number;
}

export interface Policy {
  readonly general: GeneralPolicy;
  readonly rules: { readonly [K in RuleId]: RuleParams[K] };
}

export interface RuleDefinition<K extends RuleId = RuleId> {
  readonly id: K;
  /** Short name for lists and columns. */
  readonly title: string;
  /** What the rule asks, in plain English. */
  readonly description: string;
  /** The statutory (or guidance) source. */
  readonly source: string;
  /** The record the rule hangs on (DueItem.relatedRecord.type). */
  readonly relatedTable: string;
  readonly defaults: RuleParams[K];
}

const WT = 'Working Together to Safeguard Children 2023, ch. 3';
const CPR = 'Care Planning, Placement and Case Review (England) Regulations 2010';
const HEALTH = 'Promoting the health and well-being of looked-after children (statutory guidance, March 2015)';
const VISIT_KINDS_CLA = ['cla'] as const;

/** Every rule, with its defaults. */
export const RULES: { readonly [K in RuleId]: RuleDefinition<K> } = {
  'referral-decision': {
    id: 'referral-decision',
    title: 'Contact decision',
    description: 'Decide what happens next (no further action, advice, early help, referral or strategy discussion) within 1 working day of the contact.',
    source: `${WT} (decision within one working day of a referral being received)`,
    relatedTable: 'contact',
    defaults: { enabled: true, within: workingDays(1) },
  },
  'assessment-authorised': {
    id: 'assessment-authorised',
    title: 'Assessment authorised',
    description: 'Complete and authorise the single assessment within 45 working days of its start.',
    source: `${WT} (maximum timeframe for assessment: 45 working days, which Working Together counts from the point of referral); DfE CIN census guidance (duration from the assessment start date, as counted here)`,
    relatedTable: 'assessment',
    defaults: { enabled: true, within: workingDays(45) },
  },
  icpc: {
    id: 'icpc',
    title: 'Initial child protection conference',
    description: 'Hold the initial child protection conference within 15 working days of the strategy discussion that started the section 47 enquiry.',
    source: WT,
    relatedTable: 's47_enquiry',
    defaults: { enabled: true, within: workingDays(15) },
  },
  'core-group': {
    id: 'core-group',
    title: 'First core group',
    description: 'Hold the first core group meeting within 10 working days of the initial child protection conference.',
    source: WT,
    relatedTable: 'cp_plan',
    defaults: { enabled: true, within: workingDays(10) },
  },
  'cp-review-first': {
    id: 'cp-review-first',
    title: 'First child protection review',
    description: 'Hold the first child protection review conference within 3 months of the initial conference.',
    source: WT,
    relatedTable: 'cp_plan',
    defaults: { enabled: true, within: months(3) },
  },
  'cp-review': {
    id: 'cp-review',
    title: 'Child protection review',
    description: 'Hold each further child protection review within 6 months of the previous one.',
    source: WT,
    relatedTable: 'cp_plan',
    defaults: { enabled: true, within: months(6) },
  },
  'cp-visit': {
    id: 'cp-visit',
    title: 'Child protection visit',
    description: 'Visit and see a child on a child protection plan at the local frequency: the first visit within 10 working days of the plan starting, then within 10 working days of the last visit.',
    source: `${WT} (visits as set out in the plan); frequency set by local policy`,
    relatedTable: 'cp_plan',
    defaults: { enabled: true, within: workingDays(10), visitKinds: ['cp'] },
  },
  'cla-review-first': {
    id: 'cla-review-first',
    title: 'First looked-after review',
    description: 'Hold the first review within 20 working days of the child becoming looked after.',
    source: `${CPR}, reg. 33(1) (first review within 20 working days of becoming looked after)`,
    relatedTable: 'care_period',
    defaults: { enabled: true, within: workingDays(20) },
  },
  'cla-review-second': {
    id: 'cla-review-second',
    title: 'Second looked-after review',
    description: 'Hold the second review within 3 months of the first.',
    source: `${CPR}, reg. 33(2) (second review not more than three months after the first)`,
    relatedTable: 'care_period',
    defaults: { enabled: true, within: months(3) },
  },
  'cla-review': {
    id: 'cla-review',
    title: 'Looked-after review',
    description: 'Hold each further review within 6 months of the previous one.',
    source: `${CPR}, reg. 33(2) (subsequent reviews at intervals of not more than six months)`,
    relatedTable: 'care_period',
    defaults: { enabled: true, within: months(6) },
  },
  'cla-visit-first': {
    id: 'cla-visit-first',
    title: 'First placement visit',
    description: 'Visit the child within 1 week of the start of any placement.',
    source: `${CPR}, reg. 28(2)(a)`,
    relatedTable: 'cla_episode',
    defaults: { enabled: true, within: weeks(1), visitKinds: VISIT_KINDS_CLA },
  },
  'cla-visit': {
    id: 'cla-visit',
    title: 'Looked-after visit',
    description: 'Visit the child at intervals of not more than 6 weeks in the first year of a placement; after that, not more than 3 months where the placement is intended to last until 18, otherwise not more than 6 weeks.',
    source: `${CPR}, reg. 28(2)(b)–(c)`,
    relatedTable: 'cla_episode',
    defaults: { enabled: true, firstYear: weeks(6), intendedUntil18: months(3), otherwise: weeks(6), visitKinds: VISIT_KINDS_CLA },
  },
  'cla-visit-weekly': {
    id: 'cla-visit-weekly',
    title: 'Weekly visit (interim care order at home)',
    description: 'Where the child is on an interim care order and living with a parent, visit at least once a week until the first review, then at intervals of not more than 4 weeks.',
    source: `${CPR}, reg. 28(4) (interim care order, living with a parent: weekly until the first review, then not more than four weeks)`,
    relatedTable: 'cla_episode',
    defaults: {
      enabled: true,
      untilFirstReview: weeks(1),
      afterFirstReview: weeks(4),
      // SSDA903: C1 interim care order; P1 placed with own parent(s) or other person(s) with parental responsibility.
      legalStatuses: ['C1'],
      placementTypes: ['P1'],
      visitKinds: VISIT_KINDS_CLA,
    },
  },
  'health-initial': {
    id: 'health-initial',
    title: 'Initial health assessment',
    description: 'Complete the initial health assessment within 20 working days of the child becoming looked after.',
    source: `${HEALTH} (20 working days); ${CPR}, reg. 7 (health care)`,
    relatedTable: 'care_period',
    defaults: { enabled: true, within: workingDays(20) },
  },
  'health-review-under-5': {
    id: 'health-review-under-5',
    title: 'Review health assessment (under 5)',
    description: 'Review the child’s health at least every 6 months while the child is under 5.',
    source: `${CPR}, reg. 7 (health care); ${HEALTH}`,
    relatedTable: 'care_period',
    defaults: { enabled: true, within: months(6) },
  },
  'health-review': {
    id: 'health-review',
    title: 'Review health assessment',
    description: 'Review the child’s health at least every 12 months from the age of 5.',
    source: `${CPR}, reg. 7 (health care); ${HEALTH}`,
    relatedTable: 'care_period',
    defaults: { enabled: true, within: months(12) },
  },
  'dental-check': {
    id: 'dental-check',
    title: 'Dental check',
    description: 'The child has a dental check at least every 12 months while looked after (first within 12 months of becoming looked after).',
    source: `${HEALTH}; SSDA903 OC2 (teeth checked in the year)`,
    relatedTable: 'care_period',
    defaults: { enabled: true, within: months(12) },
  },
  'pep-initial': {
    id: 'pep-initial',
    title: 'Personal education plan',
    description: 'Start the personal education plan when the child comes into care, in time for the first review (20 working days; local policy may set fewer).',
    source: 'Promoting the education of looked-after and previously looked-after children (DfE statutory guidance, 2018); local policy',
    relatedTable: 'care_period',
    defaults: { enabled: true, within: workingDays(20) },
  },
  'pep-review': {
    id: 'pep-review',
    title: 'PEP review',
    description: 'Review the personal education plan every term: by the end of the term after the term of the last plan.',
    source: 'Promoting the education of looked-after and previously looked-after children (DfE statutory guidance, 2018); term dates by local policy',
    relatedTable: 'care_period',
    // Terms as month-day starts: spring from 1 January, summer from 1 April, autumn from 1 September.
    defaults: { enabled: true, termStarts: ['01-01', '04-01', '09-01'] },
  },
  'return-home-interview': {
    id: 'return-home-interview',
    title: 'Return home interview',
    description: 'Offer an independent return home interview within 72 hours of the child’s return from a missing episode.',
    source: 'Children who run away or go missing from home or care (DfE statutory guidance, 2014)',
    relatedTable: 'missing_episode',
    defaults: { enabled: true, within: hours(72), episodeKinds: ['missing'] },
  },
  'pathway-plan-first': {
    id: 'pathway-plan-first',
    title: 'First pathway plan',
    description: 'Assess the needs of an eligible child and prepare the pathway plan within 3 months of the child becoming eligible (16, with 13 weeks looked after since 14).',
    source: `${CPR}, reg. 42(1) (needs assessment within 3 months of reaching 16 or becoming eligible), regs. 40 (13 weeks, from 14) and 43 (pathway plan); Children Act 1989, Schedule 2 para. 19B`,
    relatedTable: 'child',
    defaults: { enabled: true, within: months(3) },
  },
  'pathway-plan': {
    id: 'pathway-plan',
    title: 'Pathway plan review',
    description: 'Review the pathway plan at intervals of not more than 6 months.',
    source: 'Care Leavers (England) Regulations 2010, reg. 7; Children Act 1989, s. 23E',
    relatedTable: 'child',
    defaults: { enabled: true, within: months(6) },
  },
  'care-leaver-contact': {
    id: 'care-leaver-contact',
    title: 'Care leaver in touch',
    description: 'Be in touch with the care leaver around their 17th to 21st birthdays: between 3 months before and 1 month after each birthday.',
    source: 'DfE SSDA903 guidance (care leaver information, OC3: contact around the birthday); Children Act 1989, s. 23C',
    relatedTable: 'child',
    defaults: { enabled: true, before: months(3), after: months(1), birthdays: [17, 18, 19, 20, 21] },
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export const DEFAULT_GENERAL_POLICY: GeneralPolicy = {
  dueSoonWorkingDays: 5,
  visitsRequireChildSeen: true,
  shortBreakLegalStatuses: ['V3', 'V4'],
  newPlacementReasons: ['S', 'P', 'T', 'B', 'U'],
  pepFromAge: 3,
  pepUntilAge: 18,
  careLeaverUntilAge: 21,
};

export const DEFAULT_POLICY: Policy = deepFreeze({
  general: DEFAULT_GENERAL_POLICY,
  rules: Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].defaults])) as Policy['rules'],
});

// ---- Local overrides ---------------------------------------------------------

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A council's local policy: any subset of the general settings and of each rule's parameters. */
export interface PolicyOverrides {
  general?: Partial<Mutable<GeneralPolicy>>;
  rules?: { [K in RuleId]?: Partial<Mutable<RuleParams[K]>> };
}

/** Local policy that does not fit the rule table: lists every problem found. */
export class PolicyError extends UserFacingError {
  constructor(readonly problems: string[]) {
    super(`Local policy is not valid: ${problems.join('; ')}`);
  }
}

function isDuration(v: unknown): v is Duration {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return Object.keys(d).length === 2 && Number.isInteger(d.amount) && (d.amount as number) >= 0 &&
    DURATION_UNITS.includes(d.unit as DurationUnit);
}

/** Checks one override value against the default value of the same key (same shape). */
function checkValue(path: string, value: unknown, like: unknown, problems: string[]): void {
  if (typeof like === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${path} must be true or false`);
  } else if (typeof like === 'number') {
    if (!Number.isInteger(value) || (value as number) < 0) problems.push(`${path} must be a whole number of 0 or more`);
  } else if (Array.isArray(like)) {
    const elem = typeof like[0];
    if (!Array.isArray(value) || value.some((x) => typeof x !== elem)) problems.push(`${path} must be a list of ${elem}s`);
    else if (path.endsWith('.termStarts') && (value.length === 0 || value.some((x) => !/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.test(x as string)))) {
      problems.push(`${path} must list term start days as MM-DD`);
    }
  } else if (isDuration(like)) {
    if (!isDuration(value)) problems.push(`${path} must be a duration like { "amount": 10, "unit": "working_days" } (units: ${DURATION_UNITS.join(', ')})`);
  }
}

function mergeSection(path: string, base: object, over: unknown, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  if (over === undefined) return out;
  if (typeof over !== 'object' || over === null || Array.isArray(over)) {
    problems.push(`${path} must be an object`);
    return out;
  }
  for (const [key, value] of Object.entries(over)) {
    if (!(key in base)) {
      problems.push(`${path}.${key} is not a setting (known: ${Object.keys(base).join(', ')})`);
      continue;
    }
    if (value === undefined) continue;
    const like = (base as Record<string, unknown>)[key];
    const before = problems.length;
    checkValue(`${path}.${key}`, value, like, problems);
    if (problems.length === before) out[key] = structuredClone(value); // never freeze the caller's objects
  }
  return out;
}

/**
 * Merges a council's overrides onto a base policy (the national defaults
 * unless given). Only known rules and settings may be overridden, each with a
 * value of the same kind as its default; any problem throws PolicyError
 * listing them all. The result is frozen.
 */
export function resolvePolicy(overrides: PolicyOverrides = {}, base: Policy = DEFAULT_POLICY): Policy {
  const problems: string[] = [];
  if (typeof overrides !== 'object' || overrides === null) throw new PolicyError(['the policy must be an object']);
  for (const key of Object.keys(overrides)) {
    if (key !== 'general' && key !== 'rules') problems.push(`"${key}" is not a policy section (use "general" and "rules")`);
  }
  const general = mergeSection('general', base.general, overrides.general, problems);
  const rules: Record<string, unknown> = {};
  const ruleOverrides = (overrides.rules ?? {}) as Record<string, unknown>;
  for (const id of Object.keys(ruleOverrides)) {
    if (!(id in RULES)) problems.push(`rules.${id} is not a rule (known: ${RULE_IDS.join(', ')})`);
  }
  for (const id of RULE_IDS) rules[id] = mergeSection(`rules.${id}`, base.rules[id], ruleOverrides[id], problems);
  if (problems.length) throw new PolicyError(problems);
  return deepFreeze({ general, rules } as unknown as Policy);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
