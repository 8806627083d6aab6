/**
 * A child's journey as the domain rules see it: the child's row and, for each
 * record table, the child's rows, with the database's own table and column
 * names (src/db/migrations/0001_record.ts) and ISO date strings, so the
 * service layer can pass query results straight in:
 *
 *   journey.cp_plan = await db.selectFrom('cp_plan')
 *     .select(JOURNEY_COLUMNS.cp_plan).where('child_id', '=', id).execute();
 *
 * Only the columns the rules need are required (JOURNEY_COLUMNS); extra
 * columns are harmless. The row types are derived from the generated schema
 * types (src/db/schema.ts), so a renamed column breaks the type-check here.
 * Rows may come in any order.
 */
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The columns the domain reads from each table (also what the service layer should select). */
export const JOURNEY_COLUMNS = {
  child: ['id', 'la_code', 'date_of_birth', 'expected_dob', 'date_of_death'],
  allocation: ['id', 'child_id', 'staff_id', 'team_id', 'start_date', 'end_date'],
  contact: ['id', 'child_id', 'contact_date', 'decision', 'decision_date'],
  referral: ['id', 'child_id', 'contact_id', 'referral_date', 'nfa', 'closure_date', 'closure_reason'],
  assessment: ['id', 'referral_id', 'child_id', 'start_date', 'completed_date', 'authorised_date'],
  strategy_discussion: ['id', 'referral_id', 'child_id', 'discussion_date', 'outcome'],
  s47_enquiry: ['id', 'referral_id', 'child_id', 'strategy_discussion_id', 'start_date', 'end_date', 'outcome'],
  icpc: ['id', 's47_id', 'child_id', 'conference_date', 'plan_decided'],
  cp_plan: ['id', 'referral_id', 'child_id', 'icpc_id', 'start_date', 'end_date'],
  cp_review: ['id', 'cp_plan_id', 'child_id', 'review_date'],
  core_group_meeting: ['id', 'cp_plan_id', 'child_id', 'meeting_date'],
  cin_plan: ['id', 'referral_id', 'child_id', 'start_date', 'end_date'],
  visit: ['id', 'child_id', 'kind', 'visit_date', 'child_seen', 'seen_alone'],
  care_period: ['id', 'child_id', 'start_date', 'end_date'],
  cla_episode: [
    'id', 'care_period_id', 'child_id', 'start_date', 'end_date', 'reason_new_episode', 'legal_status',
    'placement_type', 'placement_intended_until_18', 'reason_ceased',
  ],
  cla_review: ['id', 'care_period_id', 'child_id', 'review_date'],
  health_event: ['id', 'child_id', 'kind', 'event_date'],
  education_plan: ['id', 'child_id', 'plan_date'],
  missing_episode: ['id', 'child_id', 'kind', 'start_date', 'end_date', 'rhi_offered', 'rhi_accepted', 'rhi_date'],
  care_leaver_contact: ['id', 'child_id', 'contact_date'],
  pathway_plan: ['id', 'child_id', 'plan_date'],
} as const satisfies { [T in keyof Database]?: readonly (keyof Database[T] & string)[] };

export type JourneyTable = keyof typeof JOURNEY_COLUMNS;
/** The record tables: every journey table except `child` itself. */
export type RecordTable = Exclude<JourneyTable, 'child'>;
export const RECORD_TABLES = Object.keys(JOURNEY_COLUMNS).filter((t) => t !== 'child') as RecordTable[];

/** A row of `T` with the columns the domain needs, typed as the database returns them. */
export type JourneyRow<T extends JourneyTable> = Readonly<Pick<Selectable<Database[T]>, Extract<(typeof JOURNEY_COLUMNS)[T][number], keyof Selectable<Database[T]>>>>;

export type Child = JourneyRow<'child'>;
export type Allocation = JourneyRow<'allocation'>;
export type Contact = JourneyRow<'contact'>;
export type Referral = JourneyRow<'referral'>;
export type Assessment = JourneyRow<'assessment'>;
export type StrategyDiscussion = JourneyRow<'strategy_discussion'>;
export type S47Enquiry = JourneyRow<'s47_enquiry'>;
export type Icpc = JourneyRow<'icpc'>;
export type CpPlan = JourneyRow<'cp_plan'>;
export type CpReview = JourneyRow<'cp_review'>;
export type CoreGroupMeeting = JourneyRow<'core_group_meeting'>;
export type CinPlan = JourneyRow<'cin_plan'>;
export type Visit = JourneyRow<'visit'>;
export type CarePeriod = JourneyRow<'care_period'>;
export type ClaEpisode = JourneyRow<'cla_episode'>;
export type ClaReview = JourneyRow<'cla_review'>;
export type HealthEvent = JourneyRow<'health_event'>;
export type EducationPlan = JourneyRow<'education_plan'>;
export type MissingEpisode = JourneyRow<'missing_episode'>;
export type CareLeaverContact = JourneyRow<'care_leaver_contact'>;
export type PathwayPlan = JourneyRow<'pathway_plan'>;

/** Everything the rules need to know about one child. */
export type ChildJourney = { readonly child: Child } & { readonly [T in RecordTable]: readonly JourneyRow<T>[] };

/** A journey with no records yet, for a child. */
export function emptyJourney(child: Child): ChildJourney {
  const j: Record<string, unknown> = { child };
  for (const t of RECORD_TABLES) j[t] = [];
  return j as ChildJourney;
}

/** A pointer to one record: its table and id. */
export interface RecordRef {
  readonly type: JourneyTable;
  readonly id: number;
}
