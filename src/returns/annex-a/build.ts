/**
 * Builds the Ofsted Annex A lists from the record for one council and an
 * inspection date. One set-based query per list (plus one for the episodes of
 * list 8 and the care history of list 9); rows come back in the exact column
 * order of the list definitions in ./lists.ts. Dates are dd/mm/yyyy.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ClaEpisodeTable } from '../../db/schema.ts';
import { addMonths, ageInYears, ddmmyyyy, isIsoDate } from '../format.ts';
import {
  ACCOMMODATION_LABEL, ACTIVITY_LABEL, ANNEX_A_LISTS, CASE_STATUS, CIN_CLOSURE_LABEL, CP_CATEGORY_LABEL, GENDER_LABEL,
  inTouchLabel, providerLabel, windowStart, yesNo, type AnnexAListDefinition,
} from './lists.ts';

export interface AnnexAList {
  definition: AnnexAListDefinition;
  /** First date of the window (ISO, inclusive). */
  from: string;
  /** Last date of the window: the inspection date (ISO, inclusive). */
  to: string;
  rows: string[][];
}

export interface AnnexAResult {
  laCode: string;
  inspectionDate: string;
  lists: AnnexAList[];
}

export interface AnnexAOptions {
  laCode: string;
  /** ISO 'YYYY-MM-DD'. */
  inspectionDate: string;
}

interface ChildFields {
  person_ref: string;
  sex: string;
  ethnicity: string;
  date_of_birth: string | null;
  expected_dob: string | null;
  disabilities: string[] | null;
}

const childSelect = sql`c.person_ref, c.sex, c.ethnicity, c.date_of_birth, c.expected_dob, c.disabilities`;

/** The allocation open at the date (else the latest one begun by then): team and worker names. */
function allocationAt(d: string): RawBuilder<unknown> {
  return sql`left join lateral (
      select t.name as team_name, t.kind as team_kind, s.given_name || ' ' || s.family_name as worker_name
      from allocation a join team t on t.id = a.team_id join staff s on s.id = a.staff_id
      where a.child_id = c.id and a.start_date <= ${d}
      order by (a.end_date is null or a.end_date >= ${d}) desc, a.start_date desc, a.id desc
      limit 1) al on true`;
}

function childColumns(r: ChildFields, at: string): string[] {
  const age = ageInYears(r.date_of_birth, at);
  return [
    r.person_ref,
    GENDER_LABEL[r.sex] ?? 'c) Not stated/recorded',
    r.ethnicity,
    ddmmyyyy(r.date_of_birth ?? r.expected_dob),
    age == null ? '' : String(age),
  ];
}

function disability(r: ChildFields): string {
  const list = (r.disabilities ?? []).filter((x) => x && x !== 'NONE');
  return list.length > 0 ? 'Yes' : 'No';
}

async function rows<T>(db: Db, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

export async function buildAnnexA(db: Db, options: AnnexAOptions): Promise<AnnexAResult> {
  const { laCode: la, inspectionDate: d } = options;
  if (!/^[0-9]{3}$/.test(la)) throw new RangeError(`LA code must be three digits, got "${la}"`);
  if (!isIsoDate(d)) throw new RangeError(`inspection date must be YYYY-MM-DD, got "${d}"`);
  const m6 = addMonths(d, -6);
  const m12 = addMonths(d, -12);
  const out: string[][][] = [];

  // List 1: contacts in the six months.
  {
    const rs = await rows(db, sql<ChildFields & { contact_date: string; source: string }>`
      select ${childSelect}, ct.contact_date, ct.source
      from contact ct join child c on c.id = ct.child_id
      where ct.la_code = ${la} and ct.contact_date between ${m6} and ${d}
      order by ct.contact_date, c.person_ref, ct.id`);
    out.push(rs.map((r) => [...childColumns(r, d), ddmmyyyy(r.contact_date), r.source]));
  }

  // List 2: early help episodes open at any time in the six months.
  {
    const rs = await rows(db, sql<ChildFields & { start_date: string; end_date: string | null; team_name: string | null; la_name: string }>`
      select ${childSelect}, e.start_date, e.end_date, t.name as team_name, l.name as la_name
      from early_help_episode e join child c on c.id = e.child_id
      join local_authority l on l.la_code = c.la_code
      left join team t on t.id = e.team_id
      where c.la_code = ${la} and e.start_date <= ${d} and (e.end_date is null or e.end_date >= ${m6})
      order by e.start_date, c.person_ref, e.id`);
    out.push(rs.map((r) => [
      ...childColumns(r, d), ddmmyyyy(r.start_date), ddmmyyyy(r.end_date && r.end_date <= d ? r.end_date : null),
      r.team_name ?? r.la_name,
    ]));
  }

  // List 3: referrals in the six months.
  {
    const rs = await rows(db, sql<ChildFields & { referral_date: string; source: string; nfa: boolean; n12: number; team_name: string | null; worker_name: string | null }>`
      select ${childSelect}, r.referral_date, r.source, r.nfa,
        (select count(*) from referral r2 where r2.child_id = c.id and r2.la_code = ${la} and r2.referral_date between ${m12} and ${d})::int as n12,
        al.team_name, al.worker_name
      from referral r join child c on c.id = r.child_id
      ${allocationAt(d)}
      where r.la_code = ${la} and r.referral_date between ${m6} and ${d}
      order by r.referral_date, c.person_ref, r.id`);
    out.push(rs.map((r) => [
      ...childColumns(r, d), ddmmyyyy(r.referral_date), r.source, yesNo(r.nfa), String(r.n12),
      r.team_name ?? '', r.worker_name ?? '',
    ]));
  }

  // List 4: assessments open at any time in the six months (started by the date, not authorised before the window).
  {
    const rs = await rows(db, sql<ChildFields & { start_date: string; child_seen_date: string | null; authorised_date: string | null; outcome: string | null; team_name: string | null; worker_name: string | null }>`
      select ${childSelect}, a.start_date, a.child_seen_date, a.authorised_date, a.outcome, al.team_name, al.worker_name
      from assessment a join referral r on r.id = a.referral_id join child c on c.id = a.child_id
      ${allocationAt(d)}
      where r.la_code = ${la} and a.start_date <= ${d} and (a.authorised_date is null or a.authorised_date >= ${m6})
      order by a.start_date, c.person_ref, a.id`);
    out.push(rs.map((r) => {
      const authorised = r.authorised_date && r.authorised_date <= d ? r.authorised_date : null;
      const seen = r.child_seen_date && r.child_seen_date <= d ? 'Yes' : authorised ? 'No' : 'Unknown';
      const needsSupport = authorised ? yesNo(r.outcome === 'cin_plan' || r.outcome === 'strategy_discussion' || r.outcome === 'cla') : '';
      return [
        ...childColumns(r, d), disability(r), ddmmyyyy(r.start_date), seen, ddmmyyyy(authorised), needsSupport,
        r.team_name ?? '', r.worker_name ?? '',
      ];
    }));
  }

  // List 5: section 47 enquiries begun in the six months, with their ICPCs.
  {
    const rs = await rows(db, sql<ChildFields & { start_date: string; outcome: string | null; conference_date: string | null; plan_decided: boolean | null; s47_12: number; icpc_12: number; team_name: string | null; worker_name: string | null }>`
      select ${childSelect}, s.start_date, s.outcome, i.conference_date, i.plan_decided,
        (select count(*) from s47_enquiry s2 where s2.child_id = c.id and s2.start_date between ${m12} and ${d})::int as s47_12,
        (select count(*) from icpc i2 where i2.child_id = c.id and i2.conference_date between ${m12} and ${d})::int as icpc_12,
        al.team_name, al.worker_name
      from s47_enquiry s join referral r on r.id = s.referral_id join child c on c.id = s.child_id
      left join lateral (select conference_date, plan_decided from icpc where icpc.s47_id = s.id and icpc.conference_date <= ${d}
        order by conference_date limit 1) i on true
      ${allocationAt(d)}
      where r.la_code = ${la} and s.start_date between ${m6} and ${d}
      order by s.start_date, c.person_ref, s.id`);
    out.push(rs.map((r) => [
      ...childColumns(r, d), disability(r), ddmmyyyy(r.start_date),
      r.outcome === 'icpc' || r.conference_date ? 'No' : r.outcome ? 'Yes' : '',
      ddmmyyyy(r.conference_date), r.conference_date ? yesNo(r.plan_decided) : '',
      String(r.s47_12), String(r.icpc_12), r.team_name ?? '', r.worker_name ?? '',
    ]));
  }

  // List 6: CIN episodes (non-NFA referrals) open at the date or closed in the six months.
  {
    const rs = await rows(db, sql<ChildFields & { referral_date: string; primary_need: string | null; last_seen: string | null; closure_date: string | null; closure_reason: string | null; in_care: boolean; on_cp: boolean; on_cin: boolean; open_assessment: boolean; team_name: string | null; worker_name: string | null }>`
      select ${childSelect}, r.referral_date, r.primary_need, r.closure_date, r.closure_reason,
        (select max(v.visit_date) from visit v where v.child_id = c.id and v.child_seen and v.visit_date <= ${d}) as last_seen,
        exists (select 1 from care_period p where p.child_id = c.id and p.start_date <= ${d} and (p.end_date is null or p.end_date > ${d})) as in_care,
        exists (select 1 from cp_plan p where p.child_id = c.id and p.start_date <= ${d} and (p.end_date is null or p.end_date > ${d})) as on_cp,
        exists (select 1 from cin_plan p where p.child_id = c.id and p.start_date <= ${d} and (p.end_date is null or p.end_date > ${d})) as on_cin,
        exists (select 1 from assessment a where a.referral_id = r.id and a.start_date <= ${d} and (a.authorised_date is null or a.authorised_date > ${d})) as open_assessment,
        al.team_name, al.worker_name
      from referral r join child c on c.id = r.child_id
      ${allocationAt(d)}
      where r.la_code = ${la} and not r.nfa and r.referral_date <= ${d} and (r.closure_date is null or r.closure_date >= ${m6})
      order by r.referral_date, c.person_ref, r.id`);
    out.push(rs.map((r) => {
      const closed = r.closure_date && r.closure_date <= d ? r.closure_date : null;
      const status = closed ? CASE_STATUS.closed : r.in_care ? CASE_STATUS.cla : r.on_cp ? CASE_STATUS.cp
        : r.on_cin ? CASE_STATUS.cin : r.open_assessment ? CASE_STATUS.assessment : CASE_STATUS.cin;
      return [
        ...childColumns(r, d), disability(r), ddmmyyyy(r.referral_date), r.primary_need ?? '', ddmmyyyy(r.last_seen),
        ddmmyyyy(closed), closed ? (CIN_CLOSURE_LABEL[r.closure_reason ?? ''] ?? 'i) Not Stated') : '', status,
        r.team_name ?? '', r.worker_name ?? '',
      ];
    }));
  }

  // List 7: child protection plans open at the date or ended in the six months.
  {
    const rs = await rows(db, sql<ChildFields & { start_date: string; end_date: string | null; initial_category: string; latest_category: string; last_visit: string | null; seen_alone: boolean | null; last_review: string | null; epo: boolean; previous: number; team_name: string | null; worker_name: string | null }>`
      select ${childSelect}, p.start_date, p.end_date, p.initial_category, p.latest_category,
        lv.visit_date as last_visit, lv.seen_alone,
        (select max(cr.review_date) from cp_review cr where cr.cp_plan_id = p.id and cr.review_date <= ${d}) as last_review,
        exists (select 1 from cla_episode e where e.child_id = c.id and e.legal_status in ('L1','L2')
          and e.start_date <= ${d} and (e.end_date is null or e.end_date >= ${m6})) as epo,
        (select count(*) from cp_plan p2 where p2.child_id = c.id and p2.start_date < p.start_date)::int as previous,
        al.team_name, al.worker_name
      from cp_plan p join referral r on r.id = p.referral_id join child c on c.id = p.child_id
      left join lateral (select v.visit_date, v.seen_alone from visit v where v.child_id = c.id and v.kind = 'cp' and v.child_seen
        and v.visit_date between p.start_date and ${d} order by v.visit_date desc, v.id desc limit 1) lv on true
      ${allocationAt(d)}
      where r.la_code = ${la} and p.start_date <= ${d} and (p.end_date is null or p.end_date >= ${m6})
      order by p.start_date, c.person_ref, p.id`);
    out.push(rs.map((r) => [
      ...childColumns(r, d), disability(r), ddmmyyyy(r.start_date), CP_CATEGORY_LABEL[r.initial_category] ?? '',
      CP_CATEGORY_LABEL[r.latest_category] ?? '', ddmmyyyy(r.last_visit), r.last_visit ? yesNo(r.seen_alone) : '',
      ddmmyyyy(r.last_review), ddmmyyyy(r.end_date && r.end_date <= d ? r.end_date : null), yesNo(r.epo), String(r.previous),
      r.team_name ?? '', r.worker_name ?? '',
    ]));
  }

  out.push(await list8(db, la, d, m6, m12));
  out.push(await list9(db, la, d));

  // List 10: children with a decision that they should be placed for adoption, still current or concluded in the twelve months.
  {
    const rs = await rows(db, sql<ChildFields & { decision_date: string; placement_order_date: string | null; matched_date: string | null; placed_date: string | null; adopted_date: string | null; ceased_date: string | null; ceased_reason: string | null; entered_care: string | null }>`
      select ${childSelect}, ap.decision_date, ap.placement_order_date, ap.matched_date, ap.placed_date, ap.adopted_date,
        ap.ceased_date, ap.ceased_reason,
        (select max(p.start_date) from care_period p where p.child_id = c.id and p.start_date <= ap.decision_date) as entered_care
      from adoption_plan ap join child c on c.id = ap.child_id
      where c.la_code = ${la} and ap.decision_date <= ${d}
        and (ap.adopted_date is null or ap.adopted_date >= ${m12}) and (ap.ceased_date is null or ap.ceased_date >= ${m12})
      order by ap.decision_date, c.person_ref, ap.id`);
    const upTo = (x: string | null) => ddmmyyyy(x && x <= d ? x : null);
    out.push(rs.map((r) => [
      r.person_ref, '', ...childColumns(r, d).slice(1), disability(r), ddmmyyyy(r.entered_care), ddmmyyyy(r.decision_date),
      upTo(r.placement_order_date), upTo(r.matched_date), upTo(r.placed_date), upTo(r.adopted_date), upTo(r.ceased_date),
      r.ceased_date && r.ceased_date <= d ? (r.ceased_reason ?? '') : '', '',
    ]));
  }

  // List 11: adopters are not held in the record (Hearth keeps children's records): header only.
  out.push([]);

  return {
    laCode: la,
    inspectionDate: d,
    lists: ANNEX_A_LISTS.map((definition, i) => ({
      definition, from: windowStart(definition.window, d), to: d, rows: out[i] ?? [],
    })),
  };
}

type EpisodeRow = Pick<ClaEpisodeTable, 'care_period_id' | 'start_date' | 'end_date' | 'reason_new_episode' | 'legal_status'
  | 'category_of_need' | 'placement_type' | 'placement_provider' | 'placement_postcode' | 'provider_urn' | 'reason_ceased'>;

/** List 8: periods of care open at the date or ended in the six months. */
async function list8(db: Db, la: string, d: string, m6: string, m12: string): Promise<string[][]> {
  type P = ChildFields & {
    period_id: number; start_date: string; end_date: string | null; uasc: boolean; uasc_ceased: string | null;
    earlier_period: boolean; last_review: string | null; last_iro: string | null; last_visit: string | null; last_health: string | null;
    last_dental: string | null; missing: number; away: number; rhi_offered: boolean | null; rhi_accepted: boolean | null;
    adoption: boolean; team_name: string | null; worker_name: string | null;
  };
  const periods = await rows(db, sql<P>`
    select ${childSelect}, p.id as period_id, p.start_date, p.end_date, c.uasc, c.uasc_ceased,
      exists (select 1 from care_period p2 where p2.child_id = c.id and p2.id <> p.id and p2.start_date < p.start_date
        and p2.end_date >= ${m12}) as earlier_period,
      (select max(review_date) from cla_review cr where cr.care_period_id = p.id and cr.review_date <= ${d}) as last_review,
      (select max(review_date) from cla_review cr where cr.care_period_id = p.id and cr.review_date <= ${d} and cr.iro_staff_id is not null) as last_iro,
      (select max(visit_date) from visit v where v.child_id = c.id and v.kind = 'cla' and v.child_seen and v.visit_date between p.start_date and ${d}) as last_visit,
      (select max(event_date) from health_event h where h.child_id = c.id and h.kind in ('initial_health_assessment','review_health_assessment') and h.event_date <= ${d}) as last_health,
      (select max(event_date) from health_event h where h.child_id = c.id and h.kind = 'dental_check' and h.event_date <= ${d}) as last_dental,
      (select count(*) from missing_episode m where m.child_id = c.id and m.kind = 'missing' and m.start_date between ${m12} and ${d})::int as missing,
      (select count(*) from missing_episode m where m.child_id = c.id and m.kind = 'away' and m.start_date between ${m12} and ${d})::int as away,
      lm.rhi_offered, lm.rhi_accepted,
      exists (select 1 from adoption_plan ap where ap.child_id = c.id and ap.decision_date <= ${d}
        and (ap.ceased_date is null or ap.ceased_date > ${d})) as adoption,
      al.team_name, al.worker_name
    from care_period p join child c on c.id = p.child_id
    left join lateral (select m.rhi_offered, m.rhi_accepted from missing_episode m where m.child_id = c.id and m.kind = 'missing'
      and m.start_date <= ${d} order by m.start_date desc, m.id desc limit 1) lm on true
    ${allocationAt(d)}
    where p.la_code = ${la} and p.start_date <= ${d} and (p.end_date is null or p.end_date >= ${m6})
    order by p.start_date, c.person_ref, p.id`);
  if (periods.length === 0) return [];
  const episodes = await rows(db, sql<EpisodeRow>`
    select e.care_period_id, e.start_date, e.end_date, e.reason_new_episode, e.legal_status, e.category_of_need,
      e.placement_type, e.placement_provider, e.placement_postcode, e.provider_urn, e.reason_ceased
    from cla_episode e join care_period p on p.id = e.care_period_id
    where p.la_code = ${la} and p.start_date <= ${d} and (p.end_date is null or p.end_date >= ${m6}) and e.start_date <= ${d}
    order by e.care_period_id, e.start_date, e.id`);
  const byPeriod = new Map<number, EpisodeRow[]>();
  for (const e of episodes) {
    const list = byPeriod.get(e.care_period_id) ?? [];
    list.push(e);
    byPeriod.set(e.care_period_id, list);
  }
  return periods.map((r) => {
    const eps = byPeriod.get(r.period_id) ?? [];
    const last = eps[eps.length - 1];
    let legalFrom = last?.start_date ?? null;
    let placementFrom = last?.start_date ?? null;
    for (let i = eps.length - 1; i > 0; i--) {
      if (eps[i]!.legal_status !== eps[i - 1]!.legal_status) break;
      legalFrom = eps[i - 1]!.start_date;
    }
    for (let i = eps.length - 1; i > 0; i--) {
      if (eps[i]!.reason_new_episode !== 'L') break; // only the legal status changed: same placement
      placementFrom = eps[i - 1]!.start_date;
    }
    // Placements during the twelve months: the one open at the start of the window plus each new one after.
    const inWindow = eps.filter((e) => (e.end_date == null || e.end_date >= m12));
    const placements = inWindow.filter((e, i) => i === 0 || e.reason_new_episode !== 'L').length;
    const ended = r.end_date && r.end_date <= d ? r.end_date : null;
    const uasc12 = r.uasc && (r.uasc_ceased == null || r.uasc_ceased >= m12);
    return [
      ...childColumns(r, d), yesNo(uasc12), disability(r), ddmmyyyy(r.start_date), last?.category_of_need ?? '',
      yesNo(r.earlier_period), ddmmyyyy(legalFrom), last?.legal_status ?? '', ddmmyyyy(r.last_review), ddmmyyyy(r.last_visit),
      r.adoption ? 'b) Adoption' : '', ddmmyyyy(r.last_iro), ddmmyyyy(r.last_health), ddmmyyyy(r.last_dental), String(placements),
      ddmmyyyy(ended), ended ? (last?.reason_ceased ?? '') : '', ddmmyyyy(placementFrom), last?.placement_type ?? '',
      providerLabel(last?.placement_provider ?? null), last?.placement_postcode ?? '', last?.provider_urn ?? '', '', '',
      String(r.missing), String(r.away), yesNo(r.rhi_offered), yesNo(r.rhi_accepted), r.team_name ?? '', r.worker_name ?? '',
    ];
  });
}

/**
 * List 9: care leavers at the date — aged 16 to 25, not looked after at the date, who were looked after for at
 * least 13 weeks (91 days) after their 14th birthday, some of it after their 16th (relevant under 18, former
 * relevant from 18).
 */
async function list9(db: Db, la: string, d: string): Promise<string[][]> {
  type R = ChildFields & {
    uasc: boolean; days_since_14: number; left_after_16: boolean; last_plan: string | null; in_touch: string | null;
    contact_date: string | null; activity: string | null; accommodation: string | null; accommodation_suitable: boolean | null;
    team_name: string | null; team_kind: string | null; worker_name: string | null;
  };
  const rs = await rows(db, sql<R>`
    with cl as (
      select c.id,
        sum(greatest(0, least(p.end_date, ${d}::date) - greatest(p.start_date, (c.date_of_birth + interval '14 years')::date)))::int as days_since_14,
        bool_or(p.end_date >= (c.date_of_birth + interval '16 years')::date) as left_after_16
      from child c join care_period p on p.child_id = c.id
      where c.la_code = ${la} and p.la_code = ${la} and c.date_of_birth is not null
        and c.date_of_birth <= (${d}::date - interval '16 years') and c.date_of_birth > (${d}::date - interval '26 years')
        and (c.date_of_death is null or c.date_of_death > ${d})
        and p.start_date <= ${d}
      group by c.id
      having bool_and(p.end_date is not null and p.end_date <= ${d})
    )
    select ${childSelect}, c.uasc, cl.days_since_14, cl.left_after_16,
      (select max(plan_date) from pathway_plan pp where pp.child_id = c.id and pp.plan_date <= ${d}) as last_plan,
      lc.in_touch, lc.contact_date, lc.activity, lc.accommodation, lc.accommodation_suitable,
      al.team_name, al.team_kind, al.worker_name
    from cl join child c on c.id = cl.id
    left join lateral (select * from care_leaver_contact k where k.child_id = c.id and k.contact_date <= ${d}
      order by k.contact_date desc, k.id desc limit 1) lc on true
    ${allocationAt(d)}
    where cl.days_since_14 >= 91 and cl.left_after_16
    order by c.person_ref`);
  return rs.map((r) => {
    const age = ageInYears(r.date_of_birth, d) ?? 0;
    const accommodationLetter = r.accommodation ? r.accommodation.slice(0, 1) : '';
    return [
      ...childColumns(r, d), yesNo(r.uasc), disability(r), r.team_name ?? '', r.worker_name ?? '',
      r.team_kind === 'leaving_care' ? (r.worker_name ?? '') : '',
      age < 18 ? 'a) Relevant' : 'b) Former relevant', ddmmyyyy(r.last_plan), inTouchLabel(r.in_touch),
      ddmmyyyy(r.contact_date), ACCOMMODATION_LABEL[accommodationLetter] ?? '',
      r.accommodation_suitable == null ? 'c) Not in touch or not recorded' : r.accommodation_suitable ? 'a) Suitable' : 'b) Not suitable',
      r.activity ? (ACTIVITY_LABEL[r.activity] ?? r.activity) : '',
    ];
  });
}
