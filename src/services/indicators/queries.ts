/**
 * The SQL behind each indicator in src/domain/indicators/library.ts, as the
 * set of "units" the indicator counts: one row per record (a referral, a
 * child open at the date, a review, a worker...) per period, with
 *   p_end     the period's end date
 *   la_code   the council
 *   child_id  the child (null for workforce rows)
 *   at        the attribution date: the team and worker are those of the
 *             child's allocation open on this date (ignored when team_id is set);
 *             it must lie within the row's period (p_start..p_end), as
 *             compute.ts reads only the allocations overlapping the periods
 *   team_id, staff_id  set directly for workforce rows, otherwise null
 *   num, den  what the row adds to the numerator and denominator
 *   val       the per-record value a median is taken over (median_days), else null
 * Each query reads the CTE `periods (p_end, p_start)`: p_start is the first day
 * of the 12 months ending on p_end. src/services/indicators/compute.ts wraps
 * these in one query per indicator that groups by council, team and worker for
 * every period at once; the drill-down lists the children of the same rows.
 *
 * {{first_start}}, {{first_end}} and {{last_end}} are replaced by date literals
 * (compute.ts): the earliest p_start and the earliest and latest p_end. Adding
 * "could fall in some period" conditions with them lets the planner estimate
 * and pre-filter the rows before the join to the periods; they never change
 * which rows match.
 *
 * {{in_period:X}} marks the condition "record date X lies in the period" of a
 * flow indicator (one whose rows are records dated in the 12 months, each with
 * a num and den that do not depend on the period). compute.ts fills it in as
 * X between p.p_start and p.p_end, or, for a trend, as X = p.p_end with
 * periods of one day each: every record is then counted once, on its own day,
 * and the daily sums are added up over each period's 12 months (FLOW below).
 *
 * Working days: calendar_day.wd_number is the running count of England working
 * days, so working days after a up to and including b = wd(b) - wd(a).
 * Plain SQL accepted by PostgreSQL and PGlite alike.
 */

const NO_TEAM = 'null::bigint as team_id, null::bigint as staff_id';
const NO_VAL = 'null::numeric as val';

/** Children in need at p_end: one row per child with a referral open at the date (not NFA). */
const CIN_OPEN = `(select distinct on (p.p_end, r.child_id) p.p_end, p.p_start, r.la_code, r.child_id
    from periods p join referral r on not r.nfa and r.referral_date <= p.p_end and (r.closure_date is null or r.closure_date > p.p_end)
      and r.referral_date <= {{last_end}} and (r.closure_date is null or r.closure_date > {{first_end}})
    order by p.p_end, r.child_id, r.referral_date desc, r.id desc)`;

/** Children looked after at p_end: one row per open period of care. */
const CLA_OPEN = `(select p.p_end, p.p_start, cp.id as care_period_id, cp.la_code, cp.child_id, cp.start_date
    from periods p join care_period cp on cp.start_date <= p.p_end and (cp.end_date is null or cp.end_date > p.p_end)
      and cp.start_date <= {{last_end}} and (cp.end_date is null or cp.end_date > {{first_end}}))`;

/** Plans open at p_end, with the council of the child. */
const CP_OPEN = `(select p.p_end, p.p_start, pl.id as plan_id, pl.start_date, c.la_code, pl.child_id
    from periods p join cp_plan pl on pl.start_date <= p.p_end and (pl.end_date is null or pl.end_date > p.p_end)
      and pl.start_date <= {{last_end}} and (pl.end_date is null or pl.end_date > {{first_end}})
    join child c on c.id = pl.child_id)`;

/** Start of the child's current placement within a period of care: the latest episode started by a placement change (not a legal-status-only change, reason L). */
const CURRENT_PLACEMENT_START = (period: string, at: string) => `(select max(e.start_date) from cla_episode e
    where e.care_period_id = ${period} and e.start_date <= ${at} and (e.reason_new_episode <> 'L' or e.start_date = (select min(e0.start_date) from cla_episode e0 where e0.care_period_id = ${period})))`;

/** Assessments authorised in any of the periods, each with its working days from start to authorisation (computed once per assessment, not per period). */
const ASSESSMENTS = `select r.la_code, a.child_id, a.authorised_date, ca.wd_number - cs.wd_number as wd
    from assessment a join referral r on r.id = a.referral_id
      join calendar_day cs on cs.d = a.start_date join calendar_day ca on ca.d = a.authorised_date
    where a.authorised_date between {{first_start}} and {{last_end}} offset 0`;

/** One measure's columns: what a row adds to the numerator and denominator, and its value for a median. */
const one = (num: string, den = '1', val = 'null::numeric') => `${num} as num, ${den} as den, ${val} as val`;

/** Several measures over the same rows (a family, see FAMILIES): columns num_i, den_i, val_i. */
const many = (ms: readonly (readonly [num: string, den?: string, val?: string])[]) =>
  ms.map(([num, den = '1', val = 'null::numeric'], i) => `${num} as num_${i}, ${den} as den_${i}, ${val} as val_${i}`).join(', ');

const healthHad = (kinds: string[]) => `case when exists (select 1 from health_event h where h.child_id = o.child_id and h.kind in (${kinds.map((k) => `'${k}'`).join(',')})
        and h.event_date between o.p_start and o.p_end) then 1 else 0 end`;

/** Referrals starting in the period, each with num = 1 if the child had another referral in the 12 months before. */
const referralsQuery = (measures: string) => `select p.p_end, r.la_code, r.child_id, r.referral_date as at, ${NO_TEAM}, ${measures}
    from periods p join (select r.la_code, r.child_id, r.referral_date,
        case when exists (select 1 from referral r0 where r0.child_id = r.child_id and r0.id <> r.id
          and r0.referral_date < r.referral_date and r0.referral_date >= (r.referral_date - interval '12 months')::date) then 1 else 0 end as num
      from referral r where r.referral_date between {{first_start}} and {{last_end}} offset 0) r
      on {{in_period:r.referral_date}}`;

/** CP plans open at the date, with the last working-day number the child was seen on a CP visit (or the plan started) and the date's. */
const cpOpenQuery = (measures: string) => `select o.p_end, o.la_code, o.child_id, o.p_end as at, ${NO_TEAM}, ${measures}
    from ${CP_OPEN} o
      join calendar_day ce on ce.d = o.p_end
      join calendar_day cl on cl.d = greatest(o.start_date, coalesce((select max(v.visit_date) from visit v where v.child_id = o.child_id
        and v.kind = 'cp' and v.child_seen and v.visit_date <= o.p_end), o.start_date))`;
const CP_OPEN_2Y = `case when o.start_date <= (o.p_end - interval '2 years')::date then 1 else 0 end`;
const CP_VISITED = 'case when ce.wd_number - cl.wd_number <= 10 then 1 else 0 end';

/** Periods of care open at the date. */
const claOpenQuery = (measures: string) => `select o.p_end, o.la_code, o.child_id, o.p_end as at, ${NO_TEAM}, ${measures}
    from ${CLA_OPEN} o`;
const THREE_PLACEMENTS = `case when (select count(*) from (select e.reason_new_episode, row_number() over (order by e.start_date, e.id) as rn
          from cla_episode e where e.child_id = o.child_id and e.start_date <= o.p_end and (e.end_date is null or e.end_date >= o.p_start)) y
        where y.rn = 1 or y.reason_new_episode <> 'L') >= 3 then 1 else 0 end`;

const ASSESSED_IN_45 = 'case when a.wd <= 45 then 1 else 0 end';
const assessmentsQuery = (measures: string) => `select p.p_end, a.la_code, a.child_id, a.authorised_date as at, ${NO_TEAM}, ${measures}
    from periods p join (${ASSESSMENTS}) a on {{in_period:a.authorised_date}}`;

const THREE_WORKERS = 'case when count(distinct al.staff_id) >= 3 then 1 else 0 end';
/** Children in need at the date with the number of different workers allocated in the 12 months. */
const cinWorkersQuery = (measures: string) => `select o.p_end, o.la_code, o.child_id, o.p_end as at, ${NO_TEAM}, ${measures}
    from ${CIN_OPEN} o left join allocation al on al.child_id = o.child_id
      and al.start_date <= o.p_end and (al.end_date is null or al.end_date >= o.p_start)
    group by o.p_end, o.la_code, o.child_id`;

const RHI_OFFERED = 'case when m.rhi_offered then 1 else 0 end';
const RHI_72H = 'case when m.rhi_accepted and m.rhi_date is not null and m.rhi_date <= m.end_date + 3 then 1 else 0 end';
const rhiQuery = (measures: string) => `select p.p_end, c.la_code, m.child_id, m.end_date as at, ${NO_TEAM}, ${measures}
    from periods p join missing_episode m on m.kind = 'missing' and {{in_period:m.end_date}} join child c on c.id = m.child_id`;

const CL_IN_TOUCH = `case when y.in_touch = 'YES' then 1 else 0 end`;
const CL_SUITABLE = `case when coalesce(y.suitable, false) then 1 else 0 end`;
const CL_EET = `case when left(coalesce(y.activity, ''), 1) in ('F','P') then 1 else 0 end`;
const HEALTH_ASSESSMENT = ['initial_health_assessment', 'review_health_assessment'];

function healthQuery(measures: string, ageFilter = ''): string {
  return `select o.p_end, o.la_code, o.child_id, o.p_end as at, ${NO_TEAM},
      ${measures}
    from ${CLA_OPEN} o join child c on c.id = o.child_id
    where o.start_date <= (o.p_end - interval '1 year')::date ${ageFilter}`;
}

/**
 * Care leavers by the DfE's SSDA903 OC3 definition (docs/indicators.md): one row per young person per birthday
 * (the 17th or 18th for lo..hi = 17..18; the 19th, 20th or 21st for 19..21) falling in the period, for a young
 * person who was a relevant or former relevant child: looked after for at least 13 weeks (91 days) after their
 * 14th birthday, and still looked after on or after their 16th (short breaks, legal status V3/V4, not counted),
 * and who is not looked after on the birthday. The figures are those of the young person's latest contact from
 * 3 months before to 1 month after the birthday (both inclusive); with none there, they count in the denominator
 * only (not known to be in touch). Young people whose contact says they have died (DIED) or returned home to
 * parents for 6 months or more (RHOM), or who died before the birthday, are left out, as in the DfE's tables; the
 * same cohort and contact window as the OC3 table of the SSDA903 return (src/returns/ssda903/build.ts). Attributed
 * on the birthday. `measures`: the num, den and val columns (one() or many(), the numerators reading y). Each
 * row depends only on the birthday, so the trend is summed from daily totals ({{in_period}}).
 */
function careLeaverQuery(lo: number, hi: number, measures: string): string {
  return `select p.p_end, y.la_code, y.child_id, y.birthday as at, ${NO_TEAM}, ${measures}
    from periods p join (
      select b.child_id, b.la_code, b.birthday, l.in_touch, l.activity, l.accommodation_suitable as suitable
      from (select c.child_id, c.la_code, c.died, (c.dob + make_interval(years => k))::date as birthday
          from (select ch.id as child_id, ch.la_code, ch.date_of_birth as dob, ch.date_of_death as died
              from child ch join cla_episode e on e.child_id = ch.id and e.legal_status not in ('V3','V4')
              where ch.date_of_birth > ({{first_start}} - interval '${hi + 1} years')::date and ch.date_of_birth <= ({{last_end}} - interval '${lo} years')::date
                and (e.end_date is null or e.end_date > (ch.date_of_birth + interval '14 years')::date)
              group by ch.id, ch.la_code, ch.date_of_birth, ch.date_of_death
              having sum(coalesce(e.end_date, (ch.date_of_birth + interval '18 years')::date) - greatest(e.start_date, (ch.date_of_birth + interval '14 years')::date)) >= 91
                and bool_or(e.end_date is null or e.end_date >= (ch.date_of_birth + interval '16 years')::date)) c
          cross join generate_series(${lo}, ${hi}) k) b
      left join lateral (select clc.in_touch, clc.activity, clc.accommodation_suitable from care_leaver_contact clc
          where clc.child_id = b.child_id and clc.contact_date between (b.birthday - interval '3 months')::date and (b.birthday + interval '1 month')::date
          order by clc.contact_date desc, clc.id desc limit 1) l on true
      where b.birthday between {{first_start}} and {{last_end}} and (b.died is null or b.died > b.birthday)
        and not exists (select 1 from care_period cp where cp.child_id = b.child_id and cp.start_date <= b.birthday and (cp.end_date is null or cp.end_date > b.birthday))
    ) y on {{in_period:y.birthday}}
    where y.in_touch is null or y.in_touch not in ('DIED','RHOM')`;
}

/** Social workers in post at a date (start on or before, not left on or before). */
const inPost = (s: string, at: string) => `${s}.is_social_worker and ${s}.start_date <= ${at} and (${s}.leave_date is null or ${s}.leave_date > ${at})`;
const CASE_HOLDING = `t.kind in ('assessment','long_term','children_in_care','disabled_children') and s.job_title <> 'Team Manager'`;

/** Indicators whose every row sets team_id and staff_id itself (workforce): they need no attribution to an allocation. */
export const SELF_ATTRIBUTED: ReadonlySet<string> = new Set(['caseload', 'agency-rate', 'vacancy-rate', 'turnover']);

export const INDICATOR_SQL: Readonly<Record<string, string>> = {
  contacts: `select p.p_end, c.la_code, c.child_id, c.contact_date as at, ${NO_TEAM}, 1 as num, 0 as den, ${NO_VAL}
    from periods p join contact c on {{in_period:c.contact_date}}`,

  referrals: `select p.p_end, r.la_code, r.child_id, r.referral_date as at, ${NO_TEAM}, 1 as num, 0 as den, ${NO_VAL}
    from periods p join referral r on {{in_period:r.referral_date}}`,

  'referral-conversion': `select p.p_end, c.la_code, c.child_id, c.decision_date as at, ${NO_TEAM},
      case when c.decision in ('referral','strategy_discussion') then 1 else 0 end as num, 1 as den, ${NO_VAL}
    from periods p join contact c on {{in_period:c.decision_date}}`,

  're-referrals-12m': referralsQuery(one('r.num')),

  'assessments-45wd': assessmentsQuery(one(ASSESSED_IN_45)),

  'assessment-median-days': assessmentsQuery(one('0', '1', 'a.wd::numeric')),

  'cin-rate': `select o.p_end, o.la_code, o.child_id, o.p_end as at, ${NO_TEAM}, 1 as num, 0 as den, ${NO_VAL} from ${CIN_OPEN} o`,

  'sw-changes-3plus': cinWorkersQuery(one(THREE_WORKERS)),

  's47-enquiries': `select p.p_end, c.la_code, s.child_id, s.start_date as at, ${NO_TEAM}, 1 as num, 0 as den, ${NO_VAL}
    from periods p join s47_enquiry s on {{in_period:s.start_date}} join child c on c.id = s.child_id`,

  'icpc-15wd': `select p.p_end, i.la_code, i.child_id, i.conference_date as at, ${NO_TEAM},
      case when i.wd <= 15 then 1 else 0 end as num, 1 as den, ${NO_VAL}
    from periods p join (select c.la_code, i.child_id, i.conference_date, ci.wd_number - cd.wd_number as wd
        from icpc i join s47_enquiry s on s.id = i.s47_id join strategy_discussion sd on sd.id = s.strategy_discussion_id
          join child c on c.id = i.child_id
          join calendar_day cd on cd.d = sd.discussion_date join calendar_day ci on ci.d = i.conference_date
        where i.conference_date between {{first_start}} and {{last_end}} offset 0) i
      on {{in_period:i.conference_date}}`,

  'cp-rate': `select o.p_end, o.la_code, o.child_id, o.p_end as at, ${NO_TEAM}, 1 as num, 0 as den, ${NO_VAL} from ${CP_OPEN} o`,

  'cp-repeat': `select p.p_end, c.la_code, pl.child_id, pl.start_date as at, ${NO_TEAM},
      case when exists (select 1 from cp_plan q where q.child_id = pl.child_id and q.start_date < pl.start_date) then 1 else 0 end as num, 1 as den, ${NO_VAL}
    from periods p join cp_plan pl on {{in_period:pl.start_date}} join child c on c.id = pl.child_id`,

  'cp-open-2y': cpOpenQuery(one(CP_OPEN_2Y)),

  'cp-ended-2y': `select p.p_end, c.la_code, pl.child_id, pl.end_date as at, ${NO_TEAM},
      case when pl.end_date >= (pl.start_date + interval '2 years')::date then 1 else 0 end as num, 1 as den, ${NO_VAL}
    from periods p join cp_plan pl on {{in_period:pl.end_date}} join child c on c.id = pl.child_id`,

  'cp-visits-in-time': cpOpenQuery(one(CP_VISITED)),

  'cp-reviews-in-time': `select p.p_end, c.la_code, x.child_id, x.review_date as at, ${NO_TEAM},
      case when x.review_date <= x.due then 1 else 0 end as num, 1 as den, ${NO_VAL}
    from (select rv.child_id, rv.review_date,
            case when lag(rv.review_date) over w is null then (pl.start_date + interval '3 months')::date
                 else (lag(rv.review_date) over w + interval '6 months')::date end as due
          from cp_review rv join cp_plan pl on pl.id = rv.cp_plan_id
          window w as (partition by rv.cp_plan_id order by rv.review_date, rv.id)) x
      join periods p on {{in_period:x.review_date}}
      join child c on c.id = x.child_id`,

  'cla-rate': claOpenQuery(one('1', '0')),

  'cla-3-placements': claOpenQuery(one(THREE_PLACEMENTS)),

  'cla-stability': `select o.p_end, o.la_code, o.child_id, o.p_end as at, ${NO_TEAM},
      case when ${CURRENT_PLACEMENT_START('o.care_period_id', 'o.p_end')} <= (o.p_end - interval '2 years')::date
        or (select e.placement_type from cla_episode e where e.care_period_id = o.care_period_id and e.start_date <= o.p_end
            order by e.start_date desc, e.id desc limit 1) in ('A5','A6') then 1 else 0 end as num,
      1 as den, ${NO_VAL}
    from ${CLA_OPEN} o join child c on c.id = o.child_id
    where c.date_of_birth > (o.p_end - interval '16 years')::date
      and o.start_date <= (o.p_end - interval '2 years 6 months')::date`,

  'cla-reviews-in-time': `select p.p_end, x.la_code, x.child_id, x.review_date as at, ${NO_TEAM},
      case when (x.n = 1 and cr.wd_number - cs.wd_number <= 20)
             or (x.n = 2 and x.review_date <= (x.prev + interval '3 months')::date)
             or (x.n > 2 and x.review_date <= (x.prev + interval '6 months')::date) then 1 else 0 end as num,
      1 as den, ${NO_VAL}
    from (select rv.child_id, rv.review_date, cp.la_code, cp.start_date,
            row_number() over w as n, lag(rv.review_date) over w as prev
          from cla_review rv join care_period cp on cp.id = rv.care_period_id
          window w as (partition by rv.care_period_id order by rv.review_date, rv.id)) x
      join periods p on {{in_period:x.review_date}}
      join calendar_day cs on cs.d = x.start_date join calendar_day cr on cr.d = x.review_date`,

  'cla-visits-in-time': `select y.p_end, y.la_code, y.child_id, y.p_end as at, ${NO_TEAM},
      case when y.last_visit is null then (y.placement_start + 7) >= y.p_end
           when y.until18 and y.placement_start <= (y.p_end - interval '1 year')::date then (y.last_visit + interval '3 months')::date >= y.p_end
           else y.last_visit + 42 >= y.p_end end::int as num,
      1 as den, ${NO_VAL}
    from (select z.*, (select max(v.visit_date) from visit v where v.child_id = z.child_id and v.kind = 'cla' and v.child_seen
                        and v.visit_date >= z.placement_start and v.visit_date <= z.p_end) as last_visit
          from (select o.p_end, o.la_code, o.child_id, ${CURRENT_PLACEMENT_START('o.care_period_id', 'o.p_end')} as placement_start,
                  e.placement_intended_until_18 as until18, e.legal_status
                from ${CLA_OPEN} o
                join lateral (select * from cla_episode e where e.care_period_id = o.care_period_id and e.start_date <= o.p_end
                  order by e.start_date desc, e.id desc limit 1) e on true) z
          where z.legal_status not in ('V3','V4')) y`,

  'cla-health-assessments': healthQuery(one(healthHad(HEALTH_ASSESSMENT))),
  'cla-dental': healthQuery(one(healthHad(['dental_check']))),
  'cla-immunisations': healthQuery(one(healthHad(['immunisations_up_to_date']))),
  'cla-sdq': healthQuery(one(healthHad(['sdq'])), `and c.date_of_birth <= (o.p_end - interval '4 years')::date and c.date_of_birth > (o.p_end - interval '17 years')::date`),

  'missing-episodes': `select p.p_end, c.la_code, m.child_id, m.start_date as at, ${NO_TEAM}, 1 as num, 0 as den, ${NO_VAL}
    from periods p join missing_episode m on m.kind = 'missing' and {{in_period:m.start_date}} join child c on c.id = m.child_id`,

  'rhi-offered': rhiQuery(one(RHI_OFFERED)),

  'rhi-72h': rhiQuery(one(RHI_72H)),

  'cl-in-touch-17-18': careLeaverQuery(17, 18, one(CL_IN_TOUCH)),
  'cl-in-touch-19-21': careLeaverQuery(19, 21, one(CL_IN_TOUCH)),
  'cl-accommodation-17-18': careLeaverQuery(17, 18, one(CL_SUITABLE)),
  'cl-accommodation-19-21': careLeaverQuery(19, 21, one(CL_SUITABLE)),
  'cl-eet-17-18': careLeaverQuery(17, 18, one(CL_EET)),
  'cl-eet-19-21': careLeaverQuery(19, 21, one(CL_EET)),

  caseload: `select p.p_end, t.la_code, al.child_id, p.p_end as at, al.team_id, al.staff_id, 1 as num, 0 as den, ${NO_VAL}
      from periods p join allocation al on al.start_date <= p.p_end and (al.end_date is null or al.end_date > p.p_end)
          and al.start_date <= {{last_end}} and (al.end_date is null or al.end_date > {{first_end}})
        join staff s on s.id = al.staff_id join team t on t.id = al.team_id
      where ${inPost('s', 'p.p_end')} and ${CASE_HOLDING}
        and exists (select 1 from referral r where r.child_id = al.child_id and not r.nfa and r.referral_date <= p.p_end and (r.closure_date is null or r.closure_date > p.p_end))
    union all
    select p.p_end, t.la_code, null, p.p_end, s.team_id, s.id, 0, s.fte, ${NO_VAL}
      from periods p join staff s on ${inPost('s', 'p.p_end')} join team t on t.id = s.team_id
      where ${CASE_HOLDING}`,

  'agency-rate': `select p.p_end, t.la_code, null::bigint as child_id, p.p_end as at, s.team_id, s.id as staff_id,
      case when s.agency then s.fte else 0 end as num, s.fte as den, ${NO_VAL}
    from periods p join staff s on ${inPost('s', 'p.p_end')} join team t on t.id = s.team_id`,

  // DfE workforce census: vacancies / (vacancies + permanent FTE in post), vacancies = establishment not filled by
  // permanent social workers (agency cover counts as vacant); per team, so the denominator is greatest(establishment, permanent).
  'vacancy-rate': `select v.p_end, v.la_code, null::bigint as child_id, v.p_end as at, v.team_id, null::bigint as staff_id,
      greatest(v.est - v.perm, 0) as num, greatest(v.est, v.perm) as den, ${NO_VAL}
    from (select p.p_end, t.la_code, t.id as team_id, e.social_worker_fte as est,
        coalesce((select sum(s.fte) from staff s where s.team_id = t.id and not s.agency and ${inPost('s', 'p.p_end')}), 0) as perm
      from periods p join team t on true
        join lateral (select te.social_worker_fte from team_establishment te where te.team_id = t.id and te.effective_from <= p.p_end
          order by te.effective_from desc, te.id desc limit 1) e on true) v`,

  turnover: `select p.p_end, t.la_code, null::bigint as child_id, p.p_end as at, s.team_id, s.id as staff_id,
      case when s.leave_date between p.p_start and p.p_end then 1 else 0 end as num,
      (case when ${inPost('s', '(p.p_start - 1)')} then 0.5 else 0 end) + (case when ${inPost('s', 'p.p_end')} then 0.5 else 0 end) as den, ${NO_VAL}
    from periods p join staff s on s.is_social_worker and not s.agency and s.start_date <= p.p_end and (s.leave_date is null or s.leave_date >= (p.p_start - 1))
      join team t on t.id = s.team_id`,
};

/**
 * Flow indicators whose trend can be summed from daily totals: their units mark the period condition with
 * {{in_period:X}} and read nothing else of the period (no p_start). For a median, compute.ts sums daily
 * histograms of the values instead (a median of the days' medians is not the period's median).
 */
export const FLOW: ReadonlySet<string> = new Set(
  Object.entries(INDICATOR_SQL)
    .filter(([, text]) => text.includes('{{in_period:'))
    .map(([id, text]) => {
      if (text.replace(/\{\{in_period:[^}]*\}\}/g, '').includes('p_start')) throw new Error(`indicator ${id}: a flow query reads p_start`);
      return id;
    }),
);

/**
 * Families: indicators that count the same rows with the same attribution date and differ only in what a row adds
 * to the numerator, denominator and median. The family's SQL is the members' query with their measures side by
 * side (num_i, den_i, val_i for the i-th member), built by the same functions as each member's own query, so the
 * rows, the attribution and the grouping are worked out once for all of them (computeIndicators, one date or a
 * snapshot trend). test/services/indicators/compute.test.ts checks each member's figures against its own query.
 */
export const FAMILIES: readonly { readonly ids: readonly string[]; readonly sql: string }[] = [
  { ids: ['referrals', 're-referrals-12m'], sql: referralsQuery(many([['1', '0'], ['r.num']])) },
  { ids: ['cp-rate', 'cp-open-2y', 'cp-visits-in-time'], sql: cpOpenQuery(many([['1', '0'], [CP_OPEN_2Y], [CP_VISITED]])) },
  { ids: ['cla-rate', 'cla-3-placements'], sql: claOpenQuery(many([['1', '0'], [THREE_PLACEMENTS]])) },
  { ids: ['assessments-45wd', 'assessment-median-days'], sql: assessmentsQuery(many([[ASSESSED_IN_45], ['0', '1', 'a.wd::numeric']])) },
  { ids: ['cin-rate', 'sw-changes-3plus'], sql: cinWorkersQuery(many([['1', '0'], [THREE_WORKERS]])) },
  { ids: ['cla-health-assessments', 'cla-dental', 'cla-immunisations'], sql: healthQuery(many([[healthHad(HEALTH_ASSESSMENT)], [healthHad(['dental_check'])], [healthHad(['immunisations_up_to_date'])]])) },
  { ids: ['rhi-offered', 'rhi-72h'], sql: rhiQuery(many([[RHI_OFFERED], [RHI_72H]])) },
  { ids: ['cl-in-touch-17-18', 'cl-accommodation-17-18', 'cl-eet-17-18'], sql: careLeaverQuery(17, 18, many([[CL_IN_TOUCH], [CL_SUITABLE], [CL_EET]])) },
  { ids: ['cl-in-touch-19-21', 'cl-accommodation-19-21', 'cl-eet-19-21'], sql: careLeaverQuery(19, 21, many([[CL_IN_TOUCH], [CL_SUITABLE], [CL_EET]])) },
];
