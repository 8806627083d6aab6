/** Builds children's journeys for the domain tests: give only the fields a test is about. */
import { emptyJourney, RECORD_TABLES, type Child, type ChildJourney, type JourneyRow, type RecordTable } from '../../src/domain/journey/types.ts';

const DEFAULTS: { [T in RecordTable]: Omit<JourneyRow<T>, 'id' | 'child_id'> } = {
  allocation: { staff_id: 1, team_id: 1, start_date: '2020-01-01', end_date: null },
  contact: { contact_date: '2024-01-02', decision: null, decision_date: null },
  referral: { contact_id: null, referral_date: '2020-01-01', nfa: false, closure_date: null, closure_reason: null },
  assessment: { referral_id: 1, start_date: '2024-01-02', completed_date: null, authorised_date: null },
  strategy_discussion: { referral_id: 1, discussion_date: '2024-01-02', outcome: 's47' },
  s47_enquiry: { referral_id: 1, strategy_discussion_id: 1, start_date: '2024-01-02', end_date: null, outcome: null },
  icpc: { s47_id: 1, conference_date: '2024-01-02', plan_decided: true },
  cp_plan: { referral_id: 1, icpc_id: 1, start_date: '2024-01-02', end_date: null },
  cp_review: { cp_plan_id: 1, review_date: '2024-01-02' },
  core_group_meeting: { cp_plan_id: 1, meeting_date: '2024-01-02' },
  cin_plan: { referral_id: 1, start_date: '2024-01-02', end_date: null },
  visit: { kind: 'cp', visit_date: '2024-01-02', child_seen: true, seen_alone: false },
  care_period: { start_date: '2024-01-02', end_date: null },
  cla_episode: {
    care_period_id: 1, start_date: '2024-01-02', end_date: null, reason_new_episode: 'S', legal_status: 'C2',
    placement_type: 'U1', placement_intended_until_18: false, reason_ceased: null,
  },
  cla_review: { care_period_id: 1, review_date: '2024-01-02' },
  health_event: { kind: 'initial_health_assessment', event_date: '2024-01-02' },
  education_plan: { plan_date: '2024-01-02' },
  missing_episode: { kind: 'missing', start_date: '2024-01-02', end_date: null, rhi_offered: null, rhi_accepted: null, rhi_date: null },
  care_leaver_contact: { contact_date: '2024-01-02' },
  pathway_plan: { plan_date: '2024-01-02' },
};

export type Rows = { [T in RecordTable]?: Partial<JourneyRow<T>>[] };

/** A journey for child 1 (born 2015-06-01 unless given) with the given rows; ids count from 1 per table unless given. */
export function journey(rows: Rows = {}, child: Partial<Child> = {}): ChildJourney {
  const c: Child = { id: 1, la_code: '999', date_of_birth: '2015-06-01', expected_dob: null, date_of_death: null, ...child };
  const j = emptyJourney(c) as Record<string, unknown>;
  for (const t of RECORD_TABLES) {
    j[t] = (rows[t] ?? []).map((r, i) => ({ id: i + 1, child_id: c.id, ...DEFAULTS[t], ...r }));
  }
  return j as ChildJourney;
}
