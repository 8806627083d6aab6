/**
 * Recording forms for the child's journey: one generic pattern. Each form is
 * field definitions (rendered as GOV.UK components by the web layer, and used
 * as the JSON API's schema) plus a `plan` that turns checked values into rows
 * to write. The runner: authorise (edit) → check fields → plan → check every
 * row against the domain invariants (src/domain/journey/invariants.ts) →
 * audit → write in one transaction. Errors come back as GOV.UK-style field
 * errors ({ field, message }) and nothing is written.
 */
import { checkChange, type Violation } from '../domain/journey/invariants.ts';
import type { ChildJourney, JourneyTable, RecordTable } from '../domain/journey/types.ts';
import { isIsoDate } from '../domain/dates.ts';
import { CIN_ASSESSMENT_FACTOR, CIN_CATEGORY_OF_ABUSE, CIN_PRIMARY_NEED, CIN_REASON_FOR_CLOSURE, CIN_REFERRAL_SOURCE } from '../domain/codes/cin.ts';
import { codesFor } from '../domain/codes/ssda903.ts';
import { auditAllowed, authoriseChild } from './children.ts';
import type { ServiceContext } from './context.ts';
import { childAccess, type AccessDecision, type ChildFacts, type PolicyUser } from './policy.ts';
import { isoToday, loadJourneys } from './record.ts';
import { applyTransferRules } from './transfers.ts';

export type FieldType = 'date' | 'select' | 'radios' | 'checkboxes' | 'text' | 'textarea' | 'yesno';
export interface Option { value: string; text: string }
export interface FieldDef { name: string; label: string; type: FieldType; hint?: string; options?: Option[]; optional?: boolean }
export type Values = Record<string, string | string[] | boolean | null>;
export interface FieldError { field: string; message: string }

type Row = Record<string, unknown> & { id: number };
/** A row to write: `id` negative for a new row (placeholders other new rows can link to), positive to update. */
export interface Write { table: RecordTable; row: Record<string, unknown> & { id: number } }
interface PlanContext { j: ChildJourney; v: Values; today: string; staffId: number | null; teamId: number | null }
export interface FormDef {
  id: string;
  title: string;
  /** Shown above the form. */
  intro?: string;
  fields: FieldDef[];
  /** Only a team manager (with edit access) may use it. */
  managerOnly?: boolean;
  /** Which form field a violation on 'table.column' belongs to. */
  fieldFor?: Record<string, string>;
  plan(p: PlanContext): Write[] | FieldError[];
}

const opts = (set: Record<string, string>): Option[] => Object.entries(set).map(([value, text]) => ({ value, text: `${value}: ${text}` }));
const codes903 = (field: Parameters<typeof codesFor>[1]): Option[] => codesFor(2026, field).map((c) => ({ value: c.code, text: `${c.code}: ${c.description}` }));
const list = (pairs: [string, string][]): Option[] => pairs.map(([value, text]) => ({ value, text }));

const rows = <T extends RecordTable>(j: ChildJourney, t: T) => j[t] as unknown as Row[];
const latest = (rs: Row[], col: string): Row | undefined => [...rs].sort((a, b) => String(a[col]).localeCompare(String(b[col])) || a.id - b.id).at(-1);
const openReferral = (j: ChildJourney) => latest(rows(j, 'referral').filter((r) => !r['nfa'] && r['closure_date'] === null), 'referral_date');
const err = (field: string, message: string): FieldError[] => [{ field, message }];
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
const NO_REFERRAL = 'There is no open referral for this child. Record a referral first.';

export const FORMS: FormDef[] = [
  {
    id: 'contact',
    title: 'Record a contact and front-door decision',
    fields: [
      { name: 'contact_date', label: 'Date of contact', type: 'date' },
      { name: 'source', label: 'Source of contact', type: 'select', options: opts(CIN_REFERRAL_SOURCE) },
      { name: 'summary', label: 'What was the worry?', type: 'textarea', hint: 'Do not include names of other people unless needed.' },
      { name: 'decision', label: 'Decision', type: 'radios', optional: true, hint: 'Leave blank if no decision has been made yet.', options: list([['nfa', 'No further action'], ['information_advice', 'Information and advice'], ['early_help', 'Early help'], ['referral', 'Referral to children’s social care'], ['strategy_discussion', 'Strategy discussion']]) },
      { name: 'decision_date', label: 'Date of decision', type: 'date', optional: true },
    ],
    plan: ({ v }) => {
      if (v['decision'] && !v['decision_date']) return err('decision_date', 'Enter the date of the decision');
      if (!v['decision'] && v['decision_date']) return err('decision', 'Select the decision, or remove the date of decision');
      return [{ table: 'contact', row: { id: -1, contact_date: v['contact_date'], source: v['source'], summary: v['summary'], decision: v['decision'] ?? null, decision_date: v['decision_date'] ?? null } }];
    },
  },
  {
    id: 'referral',
    title: 'Record a referral',
    fields: [
      { name: 'referral_date', label: 'Date of referral', type: 'date' },
      { name: 'source', label: 'Source of referral', type: 'select', options: opts(CIN_REFERRAL_SOURCE) },
      { name: 'primary_need', label: 'Primary need', type: 'select', optional: true, options: opts(CIN_PRIMARY_NEED) },
    ],
    fieldFor: { 'referral.referral_date': 'referral_date' },
    plan: ({ j, v }) => {
      const contact = latest(rows(j, 'contact').filter((c) => c['decision'] === 'referral' || c['decision'] === 'strategy_discussion'), 'contact_date');
      return [{ table: 'referral', row: { id: -1, contact_id: contact?.id ?? null, referral_date: v['referral_date'], source: v['source'], primary_need: v['primary_need'] ?? null, nfa: false, closure_date: null, closure_reason: null } }];
    },
  },
  {
    id: 'assessment-start',
    title: 'Start an assessment',
    fields: [{ name: 'start_date', label: 'Date the assessment started', type: 'date' }],
    plan: ({ j, v }) => {
      const ref = openReferral(j);
      if (!ref) return err('start_date', NO_REFERRAL);
      if (rows(j, 'assessment').some((a) => a['referral_id'] === ref.id && a['completed_date'] === null)) return err('start_date', 'An assessment is already in progress for this referral');
      return [{ table: 'assessment', row: { id: -1, referral_id: ref.id, start_date: v['start_date'], child_seen_date: null, completed_date: null, authorised_date: null, factors: [], outcome: null } }];
    },
  },
  {
    id: 'assessment-complete',
    title: 'Complete the assessment',
    fields: [
      { name: 'completed_date', label: 'Date completed', type: 'date' },
      { name: 'factors', label: 'Factors identified at the end of assessment', type: 'checkboxes', options: opts(CIN_ASSESSMENT_FACTOR) },
      { name: 'outcome', label: 'Outcome', type: 'radios', options: list([['nfa', 'No further action'], ['early_help', 'Early help'], ['cin_plan', 'Child in need plan'], ['strategy_discussion', 'Strategy discussion'], ['cla', 'Looked after'], ['other', 'Other']]) },
    ],
    fieldFor: { 'assessment.completed_date': 'completed_date' },
    plan: ({ j, v }) => {
      const a = latest(rows(j, 'assessment').filter((x) => x['completed_date'] === null), 'start_date');
      if (!a) return err('completed_date', 'There is no assessment in progress for this child');
      return [{ table: 'assessment', row: { ...a, completed_date: v['completed_date'], factors: v['factors'] ?? [], outcome: v['outcome'] } }];
    },
  },
  {
    id: 'assessment-authorise',
    title: 'Authorise the assessment',
    managerOnly: true,
    fields: [{ name: 'authorised_date', label: 'Date authorised', type: 'date' }],
    fieldFor: { 'assessment.authorised_date': 'authorised_date' },
    plan: ({ j, v, staffId }) => {
      const a = latest(rows(j, 'assessment').filter((x) => x['completed_date'] !== null && x['authorised_date'] === null), 'start_date');
      if (!a) return err('authorised_date', 'There is no completed assessment waiting for authorisation');
      if (String(v['authorised_date']) < String(a['completed_date'])) return err('authorised_date', `Date authorised must be on or after the date completed (${a['completed_date']})`);
      return [{ table: 'assessment', row: { ...a, authorised_date: v['authorised_date'], authorised_by: staffId } }];
    },
  },
  {
    id: 'strategy-discussion',
    title: 'Record a strategy discussion',
    fields: [
      { name: 'discussion_date', label: 'Date of strategy discussion', type: 'date' },
      { name: 'outcome', label: 'Outcome', type: 'radios', options: list([['s47', 'Start a section 47 enquiry'], ['no_s47', 'No section 47 enquiry']]) },
    ],
    fieldFor: { 'strategy_discussion.discussion_date': 'discussion_date' },
    plan: ({ j, v }) => {
      const ref = openReferral(j);
      if (!ref) return err('discussion_date', NO_REFERRAL);
      return [{ table: 'strategy_discussion', row: { id: -1, referral_id: ref.id, discussion_date: v['discussion_date'], outcome: v['outcome'] } }];
    },
  },
  {
    id: 's47-start',
    title: 'Start a section 47 enquiry',
    fields: [{ name: 'start_date', label: 'Date the enquiry started', type: 'date' }],
    fieldFor: { 's47_enquiry.start_date': 'start_date' },
    plan: ({ j, v }) => {
      const sd = latest(rows(j, 'strategy_discussion').filter((s) => s['outcome'] === 's47' && !rows(j, 's47_enquiry').some((e) => e['strategy_discussion_id'] === s.id)), 'discussion_date');
      if (!sd) return err('start_date', 'There is no strategy discussion that decided on a section 47 enquiry');
      return [{ table: 's47_enquiry', row: { id: -1, referral_id: sd['referral_id'], strategy_discussion_id: sd.id, start_date: v['start_date'], end_date: null, outcome: null } }];
    },
  },
  {
    id: 's47-outcome',
    title: 'Record the section 47 outcome',
    fields: [
      { name: 'end_date', label: 'Date the enquiry ended', type: 'date' },
      { name: 'outcome', label: 'Outcome', type: 'radios', options: list([['icpc', 'Initial child protection conference'], ['no_icpc_cin', 'No conference; continue as child in need'], ['nfa', 'No further action']]) },
    ],
    fieldFor: { 's47_enquiry.end_date': 'end_date' },
    plan: ({ j, v }) => {
      const e = latest(rows(j, 's47_enquiry').filter((x) => x['end_date'] === null), 'start_date');
      if (!e) return err('end_date', 'There is no open section 47 enquiry');
      return [{ table: 's47_enquiry', row: { ...e, end_date: v['end_date'], outcome: v['outcome'] } }];
    },
  },
  {
    id: 'icpc',
    title: 'Record an initial child protection conference',
    fields: [
      { name: 'conference_date', label: 'Date of conference', type: 'date' },
      { name: 'plan_decided', label: 'Did the conference decide on a child protection plan?', type: 'yesno' },
    ],
    fieldFor: { 'icpc.conference_date': 'conference_date' },
    plan: ({ j, v }) => {
      const e = latest(rows(j, 's47_enquiry').filter((x) => x['outcome'] === 'icpc' && !rows(j, 'icpc').some((i) => i['s47_id'] === x.id)), 'start_date');
      if (!e) return err('conference_date', 'There is no section 47 enquiry that decided on a conference');
      return [{ table: 'icpc', row: { id: -1, s47_id: e.id, conference_date: v['conference_date'], plan_decided: v['plan_decided'] } }];
    },
  },
  {
    id: 'cp-plan',
    title: 'Start a child protection plan',
    fields: [
      { name: 'start_date', label: 'Date the plan started', type: 'date' },
      { name: 'category', label: 'Category of abuse', type: 'radios', options: opts(CIN_CATEGORY_OF_ABUSE) },
    ],
    fieldFor: { 'cp_plan.start_date': 'start_date' },
    plan: ({ j, v }) => {
      const i = latest(rows(j, 'icpc').filter((x) => x['plan_decided'] && !rows(j, 'cp_plan').some((p) => p['icpc_id'] === x.id)), 'conference_date');
      if (!i) return err('start_date', 'There is no conference that decided on a child protection plan');
      const e = rows(j, 's47_enquiry').find((x) => x.id === i['s47_id']);
      return [{ table: 'cp_plan', row: { id: -1, referral_id: e?.['referral_id'], icpc_id: i.id, start_date: v['start_date'], end_date: null, initial_category: v['category'], latest_category: v['category'], end_reason: null } }];
    },
  },
  {
    id: 'cp-review',
    title: 'Record a child protection review',
    fields: [
      { name: 'review_date', label: 'Date of review', type: 'date' },
      { name: 'plan_continues', label: 'Does the plan continue?', type: 'yesno' },
    ],
    fieldFor: { 'cp_review.review_date': 'review_date' },
    plan: ({ j, v }) => {
      const p = latest(rows(j, 'cp_plan').filter((x) => x['end_date'] === null), 'start_date');
      if (!p) return err('review_date', 'There is no open child protection plan');
      return [{ table: 'cp_review', row: { id: -1, cp_plan_id: p.id, review_date: v['review_date'], plan_continues: v['plan_continues'], chair_staff_id: null } }];
    },
  },
  {
    id: 'visit',
    title: 'Record a visit',
    fields: [
      { name: 'visit_date', label: 'Date of visit', type: 'date' },
      { name: 'kind', label: 'Type of visit', type: 'radios', options: list([['cin', 'Child in need'], ['cp', 'Child protection'], ['cla', 'Looked after'], ['care_leaver', 'Care leaver'], ['assessment', 'Assessment']]) },
      { name: 'child_seen', label: 'Was the child seen?', type: 'yesno' },
      { name: 'seen_alone', label: 'Was the child seen alone?', type: 'yesno' },
    ],
    fieldFor: { 'visit.seen_alone': 'seen_alone', 'visit.visit_date': 'visit_date' },
    plan: ({ v, staffId }) => [{ table: 'visit', row: { id: -1, kind: v['kind'], visit_date: v['visit_date'], staff_id: staffId, child_seen: v['child_seen'], seen_alone: v['seen_alone'] } }],
  },
  {
    id: 'cin-plan',
    title: 'Start a child in need plan',
    fields: [{ name: 'start_date', label: 'Date the plan started', type: 'date' }],
    fieldFor: { 'cin_plan.start_date': 'start_date' },
    plan: ({ j, v }) => {
      const ref = openReferral(j);
      if (!ref) return err('start_date', NO_REFERRAL);
      return [{ table: 'cin_plan', row: { id: -1, referral_id: ref.id, start_date: v['start_date'], end_date: null } }];
    },
  },
  {
    id: 'care-start',
    title: 'Start of care',
    fields: [
      { name: 'start_date', label: 'Date the child became looked after', type: 'date' },
      { name: 'legal_status', label: 'Legal status', type: 'select', options: codes903('LS') },
      { name: 'category_of_need', label: 'Category of need', type: 'select', options: codes903('CIN') },
      { name: 'placement_type', label: 'Placement type', type: 'select', options: codes903('PLACE') },
      { name: 'placement_postcode', label: 'Placement postcode (first part)', type: 'text', optional: true },
    ],
    fieldFor: { 'care_period.start_date': 'start_date', 'cla_episode.start_date': 'start_date' },
    plan: ({ v }) => [
      { table: 'care_period', row: { id: -1, start_date: v['start_date'], end_date: null } },
      { table: 'cla_episode', row: { id: -2, care_period_id: -1, start_date: v['start_date'], end_date: null, reason_new_episode: 'S', legal_status: v['legal_status'], category_of_need: v['category_of_need'], placement_type: v['placement_type'], placement_postcode: v['placement_postcode'] ?? null, placement_intended_until_18: false, reason_ceased: null, reason_place_change: null } },
    ],
  },
  {
    id: 'placement-change',
    title: 'Change of placement',
    fields: [
      { name: 'change_date', label: 'Date of the change', type: 'date' },
      { name: 'placement_type', label: 'New placement type', type: 'select', options: codes903('PLACE') },
      { name: 'reason_place_change', label: 'Reason for the change', type: 'select', options: codes903('REASON_PLACE_CHANGE') },
    ],
    fieldFor: { 'cla_episode.start_date': 'change_date', 'cla_episode.end_date': 'change_date' },
    plan: ({ j, v }) => {
      const e = latest(rows(j, 'cla_episode').filter((x) => x['end_date'] === null), 'start_date');
      if (!e) return err('change_date', 'The child is not looked after: record the start of care first');
      if (String(v['change_date']) < String(e['start_date'])) return err('change_date', `Date of the change must be on or after the current episode started (${e['start_date']})`);
      const full = rows(j, 'cla_episode').find((x) => x.id === e.id)!;
      return [
        { table: 'cla_episode', row: { ...full, end_date: v['change_date'], reason_ceased: 'X1' } },
        { table: 'cla_episode', row: { ...full, id: -1, start_date: v['change_date'], end_date: null, reason_ceased: null, reason_new_episode: 'P', placement_type: v['placement_type'], reason_place_change: v['reason_place_change'] } },
      ];
    },
  },
  {
    id: 'cla-review',
    title: 'Record a looked-after review',
    fields: [
      { name: 'review_date', label: 'Date of review', type: 'date' },
      { name: 'participation', label: 'How the child participated', type: 'select', options: codes903('REVIEW_CODE') },
    ],
    fieldFor: { 'cla_review.review_date': 'review_date' },
    plan: ({ j, v }) => {
      const p = latest(rows(j, 'care_period').filter((x) => x['end_date'] === null), 'start_date');
      if (!p) return err('review_date', 'The child is not looked after');
      return [{ table: 'cla_review', row: { id: -1, care_period_id: p.id, review_date: v['review_date'], participation: v['participation'], iro_staff_id: null } }];
    },
  },
  {
    id: 'health',
    title: 'Record a health assessment or dental check',
    fields: [
      { name: 'kind', label: 'What was done', type: 'radios', options: list([['initial_health_assessment', 'Initial health assessment'], ['review_health_assessment', 'Review health assessment'], ['dental_check', 'Dental check']]) },
      { name: 'event_date', label: 'Date', type: 'date' },
    ],
    fieldFor: { 'health_event.event_date': 'event_date' },
    plan: ({ v }) => [{ table: 'health_event', row: { id: -1, kind: v['kind'], event_date: v['event_date'], score: null } }],
  },
  {
    id: 'missing',
    title: 'Record a missing episode and return home interview',
    fields: [
      { name: 'kind', label: 'Missing or away', type: 'radios', options: list([['missing', 'Missing'], ['away', 'Away from placement without authorisation']]) },
      { name: 'start_date', label: 'Date went missing', type: 'date' },
      { name: 'end_date', label: 'Date returned', type: 'date', optional: true },
      { name: 'rhi_offered', label: 'Was a return home interview offered?', type: 'yesno', optional: true },
      { name: 'rhi_accepted', label: 'Was it accepted?', type: 'yesno', optional: true },
      { name: 'rhi_date', label: 'Date of the return home interview', type: 'date', optional: true },
    ],
    fieldFor: { 'missing_episode.end_date': 'end_date', 'missing_episode.rhi_date': 'rhi_date', 'missing_episode.rhi_accepted': 'rhi_accepted', 'missing_episode.start_date': 'start_date' },
    plan: ({ v }) => [{ table: 'missing_episode', row: { id: -1, kind: v['kind'], start_date: v['start_date'], end_date: v['end_date'] ?? null, rhi_offered: v['rhi_offered'] ?? null, rhi_accepted: v['rhi_accepted'] ?? null, rhi_date: v['rhi_date'] ?? null } }],
  },
  {
    id: 'care-leaver-contact',
    title: 'Record a care leaver contact',
    fields: [
      { name: 'contact_date', label: 'Date of contact', type: 'date' },
      { name: 'in_touch', label: 'In touch', type: 'select', options: codes903('IN_TOUCH') },
      { name: 'activity', label: 'Main activity', type: 'select', optional: true, options: codes903('ACTIV') },
      { name: 'accommodation', label: 'Accommodation', type: 'select', optional: true, options: codes903('ACCOM') },
    ],
    plan: ({ v }) => [{ table: 'care_leaver_contact', row: { id: -1, contact_date: v['contact_date'], in_touch: v['in_touch'], activity: v['activity'] ?? null, accommodation: v['accommodation'] ?? null, accommodation_suitable: typeof v['accommodation'] === 'string' ? String(v['accommodation']).endsWith('1') : null } }],
  },
  {
    id: 'case-closure',
    title: 'Close the case (referral)',
    fields: [
      { name: 'closure_date', label: 'Date of closure', type: 'date' },
      { name: 'closure_reason', label: 'Reason for closure', type: 'select', options: opts(CIN_REASON_FOR_CLOSURE) },
    ],
    fieldFor: { 'referral.closure_date': 'closure_date' },
    plan: ({ j, v }) => {
      const ref = openReferral(j);
      if (!ref) return err('closure_date', 'There is no open referral to close');
      return [{ table: 'referral', row: { ...ref, closure_date: v['closure_date'], closure_reason: v['closure_reason'] } }];
    },
  },
];

export const FORM_BY_ID = new Map(FORMS.map((f) => [f.id, f]));

export class FormErrors extends Error {
  readonly statusCode = 422;
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' '));
    this.name = 'FormErrors';
  }
}

/** Checks and converts raw values (strings from a form or JSON) to typed values; field errors in field order. */
export function checkFields(form: FormDef, raw: Record<string, unknown>, today: string): { values: Values; errors: FieldError[] } {
  const values: Values = {};
  const errors: FieldError[] = [];
  for (const f of form.fields) {
    const r = raw[f.name];
    const label = f.label.replace(/\?$/, '');
    const empty = r === undefined || r === null || r === '' || (Array.isArray(r) && r.length === 0);
    if (empty) {
      values[f.name] = f.type === 'checkboxes' ? [] : null;
      if (!f.optional && f.type !== 'checkboxes') {
        const verb = f.type === 'date' || f.type === 'text' || f.type === 'textarea' ? 'Enter' : 'Select';
        errors.push({ field: f.name, message: f.type === 'yesno' ? `Select yes or no: ${label.toLowerCase()}` : `${verb} ${label.charAt(0).toLowerCase()}${label.slice(1)}` });
      }
      continue;
    }
    switch (f.type) {
      case 'date':
        if (typeof r !== 'string' || !isIsoDate(r)) errors.push({ field: f.name, message: `${label} must be a real date` });
        else if (r > today) errors.push({ field: f.name, message: `${label} must be today or in the past` });
        else values[f.name] = r;
        break;
      case 'yesno':
        if (r === true || r === 'yes') values[f.name] = true;
        else if (r === false || r === 'no') values[f.name] = false;
        else errors.push({ field: f.name, message: `Select yes or no: ${label.toLowerCase()}` });
        break;
      case 'checkboxes': {
        const arr = Array.isArray(r) ? r : [r];
        const allowed = new Set(f.options!.map((o) => o.value));
        if (!arr.every((x) => typeof x === 'string' && allowed.has(x))) errors.push({ field: f.name, message: `Select ${label.toLowerCase()} from the list` });
        else values[f.name] = arr as string[];
        break;
      }
      case 'select':
      case 'radios':
        if (typeof r !== 'string' || !f.options!.some((o) => o.value === r)) errors.push({ field: f.name, message: `Select ${label.toLowerCase()} from the list` });
        else values[f.name] = r;
        break;
      default:
        if (typeof r !== 'string') errors.push({ field: f.name, message: `${label} must be text` });
        else if (r.length > 4000) errors.push({ field: f.name, message: `${label} must be 4,000 characters or fewer` });
        else values[f.name] = r.trim();
    }
  }
  return { values, errors };
}

function violationErrors(form: FormDef, violations: Violation[]): FieldError[] {
  const out: FieldError[] = [];
  for (const v of violations) {
    const field =
      v.fields.map((f) => form.fieldFor?.[f]).find((x) => x !== undefined) ??
      v.fields.map((f) => f.split('.')[1]).find((c) => form.fields.some((x) => x.name === c)) ??
      form.fields[0]!.name;
    if (!out.some((e) => e.field === field && e.message === v.message)) out.push({ field, message: v.message });
  }
  return out;
}

function firstDate(row: Record<string, unknown> | undefined): string | null {
  if (!row) return null;
  const k = Object.keys(row).find((x) => x.endsWith('date') && typeof row[x] === 'string');
  return k ? (row[k] as string) : null;
}

/** Who may use a form on a child: edit access; for manager-only forms, the manager of the child's team. */
export function formDecision(user: PolicyUser, facts: ChildFacts, form: FormDef): AccessDecision {
  const d = childAccess(user, facts);
  if (d.level !== 'edit') return { level: 'none', role: null, reason: 'no edit access' };
  if (form.managerOnly && !user.roles.some((g) => g.role === 'team_manager' && (g.teamId ?? user.staffTeamId) === facts.allocatedTeamId)) {
    return { level: 'none', role: null, reason: 'manager sign-off only' };
  }
  return d;
}

export interface RecordResult { form: string; records: { table: string; id: number }[] }

/** Records one form for a child: authorise (edit) → check → domain invariants → audit → write in a transaction. */
export async function recordForm(ctx: ServiceContext, childId: number, formId: string, raw: Record<string, unknown>): Promise<RecordResult> {
  const form = FORM_BY_ID.get(formId);
  if (!form) throw Object.assign(new Error('There is no such form.'), { statusCode: 404 });
  const recordType = `form:${form.id}`;
  const { decision } = await authoriseChild(ctx, childId, recordType, (facts) => formDecision(ctx.user, facts, form));
  const today = isoToday(ctx);
  const { values, errors } = checkFields(form, raw, today);
  if (errors.length) throw new FormErrors(errors);
  const journey = (await loadJourneys(ctx.db, [childId])).get(childId)!;
  const planned = form.plan({ j: journey, v: values, today, staffId: ctx.user.staffId, teamId: ctx.user.staffTeamId });
  if (planned.length && 'message' in planned[0]!) throw new FormErrors(planned as FieldError[]);
  const laTables = new Set(['contact', 'referral', 'care_period']);
  const writes = (planned as Write[]).map((w) => ({ table: w.table, row: { ...w.row, child_id: childId, ...(laTables.has(w.table) ? { la_code: journey.child.la_code } : {}) } }));
  // Check each row against the journey with the rows before it in place.
  let j: ChildJourney = journey;
  const violations: Violation[] = [];
  for (const w of writes) {
    violations.push(...checkChange(j, w.table as JourneyTable, w.row as never));
    const existing = (j[w.table] as unknown as Row[]);
    const next = existing.some((r) => r.id === w.row.id) ? existing.map((r) => (r.id === w.row.id ? w.row : r)) : [...existing, w.row];
    j = { ...j, [w.table]: next } as ChildJourney;
  }
  if (violations.length) throw new FormErrors(violationErrors(form, violations));

  await auditAllowed(ctx, { childId, action: writes.some((w) => w.row.id < 0) ? 'create' : 'update', role: decision.role, recordType, detail: { tables: writes.map((w) => w.table) } });
  const records: { table: string; id: number }[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const ids = new Map<number, number>();
    const link = (v: unknown) => (typeof v === 'number' && v < 0 && ids.has(v) ? ids.get(v)! : v);
    for (const w of writes) {
      const { id, ...rest } = w.row;
      const cols: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rest)) cols[k] = k.endsWith('_id') ? link(v) : Array.isArray(v) ? v : v;
      if (id < 0) {
        const r = await trx.insertInto(w.table).values(cols as never).returning('id').executeTakeFirstOrThrow();
        ids.set(id, Number(r.id));
        records.push({ table: w.table, id: Number(r.id) });
      } else {
        await trx.updateTable(w.table).set(cols as never).where('id', '=', id).where('child_id', '=', childId).execute();
        records.push({ table: w.table, id });
      }
    }
    await applyTransferRules(trx, { childId, formId: form.id, date: firstDate(writes[0]?.row) ?? today, userId: ctx.user.id });
  });
  return { form: form.id, records };
}
