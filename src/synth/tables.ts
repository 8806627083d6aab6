/**
 * The tables the generator fills, in foreign-key order, with each column's
 * PostgreSQL type (used by the loader's unnest casts). `text[]` columns are
 * carried as comma-joined text and split on insert.
 */
export const TABLE_COLUMNS = {
  local_authority: { la_code: 'text', name: 'text', population_0_17: 'int', contract_start: 'date' },
  team: { id: 'bigint', la_code: 'text', parent_team_id: 'bigint', name: 'text', kind: 'text', caseload_amber: 'int', caseload_red: 'int' },
  team_establishment: { id: 'bigint', team_id: 'bigint', effective_from: 'date', social_worker_fte: 'numeric' },
  staff: {
    id: 'bigint', staff_ref: 'text', swe_number: 'text', given_name: 'text', family_name: 'text', job_title: 'text',
    is_social_worker: 'boolean', fte: 'numeric', agency: 'boolean', start_date: 'date', leave_date: 'date', leave_reason: 'text', team_id: 'bigint',
  },
  child: {
    id: 'bigint', la_code: 'text', person_ref: 'text', upn: 'text', upn_unknown: 'text', former_upn: 'text', nhs_number: 'text', given_name: 'text',
    family_name: 'text', date_of_birth: 'date', expected_dob: 'date', sex: 'text', ethnicity: 'text', disabilities: 'text[]',
    uasc: 'boolean', uasc_ceased: 'date', date_of_death: 'date', restricted: 'boolean',
  },
  related_person: {
    id: 'bigint', child_id: 'bigint', related_child_id: 'bigint', given_name: 'text', family_name: 'text', date_of_birth: 'date',
    relationship: 'text', parental_responsibility: 'boolean', lives_with_child: 'boolean',
  },
  address: { id: 'bigint', child_id: 'bigint', line1: 'text', town: 'text', postcode: 'text', start_date: 'date', end_date: 'date' },
  allocation: {
    id: 'bigint', child_id: 'bigint', staff_id: 'bigint', team_id: 'bigint', start_date: 'date', end_date: 'date', start_reason: 'text', end_reason: 'text',
  },
  team_transfer: { id: 'bigint', child_id: 'bigint', from_team_id: 'bigint', to_team_id: 'bigint', transfer_date: 'date', rule: 'text' },
  contact: {
    id: 'bigint', child_id: 'bigint', la_code: 'text', contact_date: 'date', source: 'text', summary: 'text', decision: 'text', decision_date: 'date', decided_by: 'bigint',
  },
  early_help_episode: { id: 'bigint', child_id: 'bigint', start_date: 'date', end_date: 'date', origin: 'text', end_reason: 'text', team_id: 'bigint' },
  referral: {
    id: 'bigint', child_id: 'bigint', la_code: 'text', contact_id: 'bigint', referral_date: 'date', source: 'text', primary_need: 'text',
    nfa: 'boolean', closure_date: 'date', closure_reason: 'text',
  },
  assessment: {
    id: 'bigint', referral_id: 'bigint', child_id: 'bigint', start_date: 'date', child_seen_date: 'date', completed_date: 'date',
    authorised_date: 'date', authorised_by: 'bigint', factors: 'text[]', outcome: 'text',
  },
  strategy_discussion: { id: 'bigint', referral_id: 'bigint', child_id: 'bigint', discussion_date: 'date', outcome: 'text' },
  s47_enquiry: { id: 'bigint', referral_id: 'bigint', child_id: 'bigint', strategy_discussion_id: 'bigint', start_date: 'date', end_date: 'date', outcome: 'text' },
  icpc: { id: 'bigint', s47_id: 'bigint', child_id: 'bigint', conference_date: 'date', plan_decided: 'boolean', chair_staff_id: 'bigint' },
  cp_plan: {
    id: 'bigint', referral_id: 'bigint', child_id: 'bigint', icpc_id: 'bigint', start_date: 'date', end_date: 'date',
    initial_category: 'text', latest_category: 'text', end_reason: 'text',
  },
  cp_review: { id: 'bigint', cp_plan_id: 'bigint', child_id: 'bigint', review_date: 'date', plan_continues: 'boolean', chair_staff_id: 'bigint' },
  core_group_meeting: { id: 'bigint', cp_plan_id: 'bigint', child_id: 'bigint', meeting_date: 'date' },
  cin_plan: { id: 'bigint', referral_id: 'bigint', child_id: 'bigint', start_date: 'date', end_date: 'date' },
  visit: { id: 'bigint', child_id: 'bigint', kind: 'text', visit_date: 'date', staff_id: 'bigint', child_seen: 'boolean', seen_alone: 'boolean' },
  care_period: { id: 'bigint', child_id: 'bigint', la_code: 'text', start_date: 'date', end_date: 'date' },
  cla_episode: {
    id: 'bigint', care_period_id: 'bigint', child_id: 'bigint', start_date: 'date', end_date: 'date', reason_new_episode: 'text',
    legal_status: 'text', category_of_need: 'text', placement_type: 'text', placement_provider: 'text', placement_postcode: 'text',
    home_postcode: 'text', provider_urn: 'text', placement_intended_until_18: 'boolean', reason_ceased: 'text', reason_place_change: 'text',
  },
  cla_review: { id: 'bigint', care_period_id: 'bigint', child_id: 'bigint', review_date: 'date', participation: 'text', iro_staff_id: 'bigint' },
  health_event: { id: 'bigint', child_id: 'bigint', kind: 'text', event_date: 'date', score: 'int' },
  education_plan: { id: 'bigint', child_id: 'bigint', plan_date: 'date' },
  missing_episode: {
    id: 'bigint', child_id: 'bigint', kind: 'text', start_date: 'date', end_date: 'date', rhi_offered: 'boolean', rhi_accepted: 'boolean', rhi_date: 'date',
  },
  care_leaver_contact: {
    id: 'bigint', child_id: 'bigint', contact_date: 'date', in_touch: 'text', activity: 'text', accommodation: 'text', accommodation_suitable: 'boolean',
  },
  pathway_plan: { id: 'bigint', child_id: 'bigint', plan_date: 'date' },
  adoption_plan: {
    id: 'bigint', child_id: 'bigint', decision_date: 'date', placement_order_date: 'date', matched_date: 'date', placed_date: 'date',
    adopted_date: 'date', ceased_date: 'date', ceased_reason: 'text', adopters_count: 'int', adopters_sex: 'text',
    adopters_legal_status: 'text', foster_carer_adoption: 'boolean',
  },
  previous_permanence: { child_id: 'bigint', arrangement: 'text', la_code: 'text', permanence_date: 'date' },
} as const;

export type TableName = keyof typeof TABLE_COLUMNS;
export type Row<T extends TableName> = { [C in keyof (typeof TABLE_COLUMNS)[T]]: unknown };
/** Tables in the order they must be loaded (parents before children). */
export const TABLE_ORDER = Object.keys(TABLE_COLUMNS) as TableName[];
/** Rows are plain objects; columns typed loosely (the loader casts). */
export type AnyRow = Record<string, unknown>;
