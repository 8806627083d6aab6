/**
 * The DfE children's social care data feed payload, built from the record for
 * one council, following components.schemas.CSC of the DfE's openapi.json:
 * one object per child (la_child_id, child_details, health_and_wellbeing,
 * social_care_episodes[] with workers, assessments, CIN plans, section 47
 * enquiries, CP plans, looked-after placements, adoption and care leaver
 * facts). Absent values are omitted rather than sent as null. Queries are
 * set-based (one per record type for the whole council).
 */
import { groupBy } from '../format.ts';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface DfeWorker { worker_id: string; start_date?: string; end_date?: string }
export interface DfeAssessment { child_and_family_assessment_id: string; start_date?: string; authorisation_date?: string; factors?: string[]; purge?: boolean }
export interface DfeCinPlan { child_in_need_plan_id: string; start_date?: string; end_date?: string; purge?: boolean }
export interface DfeS47 { section_47_assessment_id: string; start_date?: string; icpc_required_flag?: boolean; icpc_date?: string; end_date?: string; purge?: boolean }
export interface DfeCpPlan { child_protection_plan_id: string; start_date?: string; end_date?: string; purge?: boolean }
export interface DfePlacement {
  child_looked_after_placement_id: string; start_date?: string; start_reason?: string; placement_type?: string; postcode?: string;
  end_date?: string; end_reason?: string; change_reason?: string; purge?: boolean;
}
export interface DfeEpisode {
  social_care_episode_id: string;
  referral_date?: string;
  referral_source?: string;
  referral_no_further_action_flag?: boolean;
  closure_date?: string;
  closure_reason?: string;
  care_worker_details?: DfeWorker[];
  child_and_family_assessments?: DfeAssessment[];
  child_in_need_plans?: DfeCinPlan[];
  section_47_assessments?: DfeS47[];
  child_protection_plans?: DfeCpPlan[];
  child_looked_after_placements?: DfePlacement[];
  adoption?: { initial_decision_date?: string; matched_date?: string; placed_date?: string; purge?: boolean };
  care_leavers?: { contact_date?: string; activity?: string; accommodation?: string; purge?: boolean };
  purge?: boolean;
}
export interface DfeChild {
  la_child_id: string;
  mis_child_id?: string;
  purge?: boolean;
  child_details?: {
    unique_pupil_number?: string; former_unique_pupil_number?: string; unique_pupil_number_unknown_reason?: string;
    first_name?: string; surname?: string; date_of_birth?: string; expected_date_of_birth?: string; sex?: string;
    ethnicity?: string; disabilities?: string[]; postcode?: string; uasc_flag?: boolean; uasc_end_date?: string; purge?: boolean;
  };
  health_and_wellbeing?: { sdq_assessments?: { date: string; score: number }[]; purge?: boolean };
  social_care_episodes?: DfeEpisode[];
}

/** A child's payload and the keys of the sub-records it carries (so a later run can purge the ones that disappear). */
export interface BuiltChild {
  ref: string;
  payload: DfeChild;
  ids: string[];
}

/** la_child_id must match ^[A-Za-z0-9]+$ and be at most 20 characters. */
export function dfeChildId(personRef: string, id: number): string {
  return /^[A-Za-z0-9]{1,20}$/.test(personRef) ? personRef : `H${id}`;
}

/** worker_id: the SWE number where there is one, else the staff reference; ^[A-Za-z0-9_-]*$, at most 12. */
export function dfeWorkerId(swe: string | null, staffRef: string): string {
  return (swe || staffRef).replace(/[^A-Za-z0-9_-]/g, '').slice(0, 12);
}

function put<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | null | undefined): void {
  if (v !== null && v !== undefined && v !== '') o[k] = v;
}

function postcode(p: string | null | undefined): string | undefined {
  if (!p) return undefined;
  const t = p.trim().toUpperCase();
  return t.length <= 8 ? t : t.replace(/\s+/g, '').slice(0, 8);
}

const overlaps = (aStart: string, aEnd: string | null, bStart: string, bEnd: string | null) =>
  aStart <= (bEnd ?? '9999-12-31') && bStart <= (aEnd ?? '9999-12-31');

/**
 * Builds every in-scope child's payload for the council: children with a
 * referral or a period of care in the council. Returned in la_child_id order.
 */
export async function buildDfePayloads(db: Db, laCode: string): Promise<BuiltChild[]> {
  const inScope = sql`(select child_id from referral where la_code = ${laCode} union select child_id from care_period where la_code = ${laCode})`;
  const children = (await sql<{
    id: number; person_ref: string; upn: string | null; former_upn: string | null; upn_unknown: string | null; given_name: string;
    family_name: string; date_of_birth: string | null; expected_dob: string | null; sex: string; ethnicity: string;
    disabilities: string[] | null; uasc: boolean; uasc_ceased: string | null; postcode: string | null;
  }>`
    select c.id, c.person_ref, c.upn, c.former_upn, c.upn_unknown, c.given_name, c.family_name, c.date_of_birth, c.expected_dob,
      c.sex, c.ethnicity, c.disabilities, c.uasc, c.uasc_ceased, ad.postcode
    from child c
    left join lateral (select a.postcode from address a where a.child_id = c.id
      order by (a.end_date is null) desc, a.start_date desc, a.id desc limit 1) ad on true
    where c.la_code = ${laCode} and c.id in ${inScope}
    order by c.id`.execute(db)).rows;
  if (children.length === 0) return [];

  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const [sdq, referrals, assessments, cinPlans, s47s, cpPlans, allocations, periods, episodes, adoptions, leaverContacts] = await Promise.all([
    q(sql<{ child_id: number; event_date: string; score: number | null }>`
      select h.child_id, h.event_date, h.score from health_event h
      where h.kind = 'sdq' and h.score is not null and h.child_id in ${inScope} order by h.child_id, h.event_date, h.id`),
    q(sql<{ id: number; child_id: number; referral_date: string; source: string; nfa: boolean; closure_date: string | null; closure_reason: string | null }>`
      select id, child_id, referral_date, source, nfa, closure_date, closure_reason from referral
      where la_code = ${laCode} order by child_id, referral_date, id`),
    q(sql<{ id: number; referral_id: number; start_date: string; authorised_date: string | null; factors: string[] | null }>`
      select a.id, a.referral_id, a.start_date, a.authorised_date, a.factors from assessment a join referral r on r.id = a.referral_id
      where r.la_code = ${laCode} order by a.start_date, a.id`),
    q(sql<{ id: number; referral_id: number; start_date: string; end_date: string | null }>`
      select p.id, p.referral_id, p.start_date, p.end_date from cin_plan p join referral r on r.id = p.referral_id
      where r.la_code = ${laCode} order by p.start_date, p.id`),
    q(sql<{ id: number; referral_id: number; start_date: string; end_date: string | null; outcome: string | null; icpc_date: string | null }>`
      select s.id, s.referral_id, s.start_date, s.end_date, s.outcome,
        (select min(i.conference_date) from icpc i where i.s47_id = s.id) as icpc_date
      from s47_enquiry s join referral r on r.id = s.referral_id
      where r.la_code = ${laCode} order by s.start_date, s.id`),
    q(sql<{ id: number; referral_id: number; start_date: string; end_date: string | null }>`
      select p.id, p.referral_id, p.start_date, p.end_date from cp_plan p join referral r on r.id = p.referral_id
      where r.la_code = ${laCode} order by p.start_date, p.id`),
    q(sql<{ child_id: number; start_date: string; end_date: string | null; swe_number: string | null; staff_ref: string }>`
      select a.child_id, a.start_date, a.end_date, s.swe_number, s.staff_ref from allocation a join staff s on s.id = a.staff_id
      where a.child_id in ${inScope} order by a.child_id, a.start_date, a.id`),
    q(sql<{ id: number; child_id: number; start_date: string; end_date: string | null }>`
      select id, child_id, start_date, end_date from care_period where la_code = ${laCode} order by child_id, start_date, id`),
    q(sql<{ id: number; child_id: number; care_period_id: number; start_date: string; end_date: string | null; reason_new_episode: string; placement_type: string; placement_postcode: string | null; reason_ceased: string | null; reason_place_change: string | null }>`
      select e.id, e.child_id, e.care_period_id, e.start_date, e.end_date, e.reason_new_episode, e.placement_type,
        e.placement_postcode, e.reason_ceased, e.reason_place_change
      from cla_episode e join care_period p on p.id = e.care_period_id
      where p.la_code = ${laCode} order by e.child_id, e.start_date, e.id`),
    q(sql<{ child_id: number; decision_date: string; matched_date: string | null; placed_date: string | null }>`
      select child_id, decision_date, matched_date, placed_date from adoption_plan where child_id in ${inScope}
      order by child_id, decision_date, id`),
    q(sql<{ child_id: number; contact_date: string; activity: string | null; accommodation: string | null }>`
      select distinct on (child_id) child_id, contact_date, activity, accommodation from care_leaver_contact
      where child_id in ${inScope} order by child_id, contact_date desc, id desc`),
  ]);

  const sdqBy = groupBy(sdq, (r) => r.child_id);
  const refBy = groupBy(referrals, (r) => r.child_id);
  const asBy = groupBy(assessments, (r) => r.referral_id);
  const cinBy = groupBy(cinPlans, (r) => r.referral_id);
  const s47By = groupBy(s47s, (r) => r.referral_id);
  const cpBy = groupBy(cpPlans, (r) => r.referral_id);
  const allocBy = groupBy(allocations, (r) => r.child_id);
  const periodBy = groupBy(periods, (r) => r.child_id);
  const epBy = groupBy(episodes, (r) => r.care_period_id);
  const adoptBy = groupBy(adoptions, (r) => r.child_id);
  const leaverBy = new Map(leaverContacts.map((r) => [r.child_id, r]));

  const out: BuiltChild[] = [];
  for (const c of children) {
    const ref = dfeChildId(c.person_ref, c.id);
    const ids: string[] = [];
    const details: NonNullable<DfeChild['child_details']> = {};
    if (c.upn && c.upn.length === 13) details.unique_pupil_number = c.upn;
    if (c.former_upn && c.former_upn.length === 13 && c.former_upn !== c.upn) details.former_unique_pupil_number = c.former_upn;
    if (!details.unique_pupil_number) put(details, 'unique_pupil_number_unknown_reason', c.upn_unknown);
    details.first_name = c.given_name;
    details.surname = c.family_name;
    put(details, 'date_of_birth', c.date_of_birth);
    if (!c.date_of_birth) put(details, 'expected_date_of_birth', c.expected_dob);
    details.sex = c.sex;
    details.ethnicity = c.ethnicity;
    details.disabilities = [...new Set(c.disabilities ?? [])].slice(0, 12);
    put(details, 'postcode', postcode(c.postcode));
    details.uasc_flag = c.uasc;
    if (c.uasc) put(details, 'uasc_end_date', c.uasc_ceased);

    const payload: DfeChild = { la_child_id: ref, mis_child_id: `H${c.id}`, child_details: details };
    const sdqs = sdqBy.get(c.id) ?? [];
    if (sdqs.length) {
      payload.health_and_wellbeing = { sdq_assessments: sdqs.map((s) => ({ date: s.event_date, score: s.score! })) };
      ids.push('hw');
    }

    // Social care episodes: one per referral; a period of care with no referral of its own becomes its own episode.
    const refs = refBy.get(c.id) ?? [];
    const eps: { ep: DfeEpisode; start: string; end: string | null }[] = [];
    for (const r of refs) {
      const ep: DfeEpisode = { social_care_episode_id: `R${r.id}`, referral_date: r.referral_date, referral_source: r.source, referral_no_further_action_flag: r.nfa };
      put(ep, 'closure_date', r.closure_date);
      put(ep, 'closure_reason', r.closure_reason);
      const a = asBy.get(r.id);
      if (a) ep.child_and_family_assessments = a.map((x) => {
        const o: DfeAssessment = { child_and_family_assessment_id: String(x.id), start_date: x.start_date };
        put(o, 'authorisation_date', x.authorised_date);
        if (x.authorised_date && x.factors?.length) o.factors = [...new Set(x.factors)].slice(0, 41);
        return o;
      });
      const n = cinBy.get(r.id);
      if (n) ep.child_in_need_plans = n.map((x) => {
        const o: DfeCinPlan = { child_in_need_plan_id: String(x.id), start_date: x.start_date };
        put(o, 'end_date', x.end_date);
        return o;
      });
      const s = s47By.get(r.id);
      if (s) ep.section_47_assessments = s.map((x) => {
        const o: DfeS47 = { section_47_assessment_id: String(x.id), start_date: x.start_date };
        if (x.outcome || x.icpc_date) o.icpc_required_flag = x.outcome === 'icpc' || x.icpc_date != null;
        put(o, 'icpc_date', x.icpc_date);
        put(o, 'end_date', x.end_date);
        return o;
      });
      const p = cpBy.get(r.id);
      if (p) ep.child_protection_plans = p.map((x) => {
        const o: DfeCpPlan = { child_protection_plan_id: String(x.id), start_date: x.start_date };
        put(o, 'end_date', x.end_date);
        return o;
      });
      eps.push({ ep, start: r.referral_date, end: r.closure_date });
    }
    const carePeriods = periodBy.get(c.id) ?? [];
    for (const p of carePeriods) {
      // The episode whose referral most recently precedes the start of care; else the care period stands alone.
      let host = [...eps].reverse().find((e) => e.start <= p.start_date && e.ep.social_care_episode_id.startsWith('R'));
      if (!host) {
        const ep: DfeEpisode = { social_care_episode_id: `C${p.id}`, referral_date: p.start_date };
        put(ep, 'closure_date', p.end_date);
        host = { ep, start: p.start_date, end: p.end_date };
        eps.push(host);
      }
      const placements = (epBy.get(p.id) ?? []).map((e, i) => {
        const o: DfePlacement = {
          child_looked_after_placement_id: String(e.id), start_date: e.start_date, start_reason: e.reason_new_episode, placement_type: e.placement_type,
        };
        put(o, 'postcode', postcode(e.placement_postcode));
        put(o, 'end_date', e.end_date);
        put(o, 'end_reason', e.reason_ceased);
        if (i > 0) put(o, 'change_reason', e.reason_place_change);
        return o;
      });
      if (placements.length) host.ep.child_looked_after_placements = [...(host.ep.child_looked_after_placements ?? []), ...placements];
    }
    eps.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.ep.social_care_episode_id.localeCompare(b.ep.social_care_episode_id)));

    // Workers: each allocation overlapping the episode.
    const allocs = allocBy.get(c.id) ?? [];
    for (const e of eps) {
      const workers = allocs.filter((a) => overlaps(a.start_date, a.end_date, e.start, e.end)).map((a) => {
        const o: DfeWorker = { worker_id: dfeWorkerId(a.swe_number, a.staff_ref), start_date: a.start_date };
        put(o, 'end_date', a.end_date);
        return o;
      });
      if (workers.length) e.ep.care_worker_details = workers;
    }
    // Adoption (the latest decision) and care leaver facts (the latest contact) go on the latest episode.
    const latest = eps[eps.length - 1];
    const adoption = (adoptBy.get(c.id) ?? []).at(-1);
    if (latest && adoption) {
      const o: NonNullable<DfeEpisode['adoption']> = { initial_decision_date: adoption.decision_date };
      put(o, 'matched_date', adoption.matched_date);
      put(o, 'placed_date', adoption.placed_date);
      latest.ep.adoption = o;
    }
    const leaver = leaverBy.get(c.id);
    if (latest && leaver) {
      const o: NonNullable<DfeEpisode['care_leavers']> = { contact_date: leaver.contact_date };
      put(o, 'activity', leaver.activity?.slice(0, 2));
      put(o, 'accommodation', leaver.accommodation?.slice(0, 1));
      latest.ep.care_leavers = o;
    }
    if (eps.length) payload.social_care_episodes = eps.map((e) => e.ep);
    for (const { ep } of eps) {
      const k = `e:${ep.social_care_episode_id}`;
      ids.push(k);
      for (const x of ep.child_and_family_assessments ?? []) ids.push(`${k}/a:${x.child_and_family_assessment_id}`);
      for (const x of ep.child_in_need_plans ?? []) ids.push(`${k}/n:${x.child_in_need_plan_id}`);
      for (const x of ep.section_47_assessments ?? []) ids.push(`${k}/s:${x.section_47_assessment_id}`);
      for (const x of ep.child_protection_plans ?? []) ids.push(`${k}/p:${x.child_protection_plan_id}`);
      for (const x of ep.child_looked_after_placements ?? []) ids.push(`${k}/l:${x.child_looked_after_placement_id}`);
      if (ep.adoption) ids.push(`${k}/ad`);
      if (ep.care_leavers) ids.push(`${k}/cl`);
    }
    out.push({ ref, payload, ids });
  }
  out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return out;
}
