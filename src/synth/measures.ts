/**
 * The headline figures of a generated borough, computed from its rows the
 * way the DfE publishes them (for the year ending on the last 31 March on
 * or before asOf). Used by tests, the benchmark and docs/synth.md.
 */
import { workingDaysBetweenDays } from '../domain/calendar.ts';
import { addMonths, toDayNumber } from '../domain/dates.ts';
import type { SynthBorough } from './generate.ts';
import type { AnyRow } from './tables.ts';

export interface Measures {
  yearEnd: string;
  referrals: number;
  cin: number;
  cp: number;
  cla: number;
  cpStarts: number;
  claStarts: number;
  reReferralRate: number;
  assessmentsWithin45: number;
  icpcWithin15: number;
  repeatCpRate: number;
  cla3PlusPlacements: number;
  longTermStability: number;
  healthAssessments: number;
  dentalChecks: number;
  swFte: number;
  agencyRate: number;
  /** FTE vacancies / (FTE vacancies + permanent FTE in post), teams with an establishment (DfE workforce census). */
  vacancyRate: number;
  caseload: number;
  swTurnover: number;
}

const num = (v: unknown) => v as number;
const str = (v: unknown) => v as string;

function groupBy(rows: AnyRow[], key: string): Map<number, AnyRow[]> {
  const m = new Map<number, AnyRow[]>();
  for (const r of rows) {
    const k = num(r[key]);
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(r);
  }
  return m;
}

/** The last 31 March on or before `asOf`. */
export function lastYearEnd(asOf: string): string {
  const y = Number(asOf.slice(0, 4));
  return asOf.slice(5) >= '03-31' ? `${y}-03-31` : `${y - 1}-03-31`;
}

const openOn = (start: unknown, end: unknown, d: string) => str(start) <= d && (end === null || str(end) > d);

export function measure(b: SynthBorough, laCode?: string): Measures {
  const T = b.tables;
  const d = lastYearEnd(b.options.asOf);
  const yStart = `${Number(d.slice(0, 4)) - 1}-04-01`;
  const inYear = (x: unknown) => x !== null && str(x) >= yStart && str(x) <= d;
  const childLa = new Map<number, string>();
  for (const c of T.child) childLa.set(num(c.id), str(c.la_code));
  const mine = (r: AnyRow) => !laCode || childLa.get(num(r.child_id)) === laCode;

  const referrals = T.referral.filter(mine);
  const refsByChild = groupBy(referrals, 'child_id');
  const yearRefs = referrals.filter((r) => inYear(r.referral_date));
  let re = 0;
  for (const r of yearRefs) {
    const prior = refsByChild.get(num(r.child_id))!;
    const rd = toDayNumber(r.referral_date);
    if (prior.some((p) => p !== r && str(p.referral_date) < str(r.referral_date) && rd - toDayNumber(p.referral_date) <= 365)) re++;
  }
  const cinChildren = new Set(referrals.filter((r) => openOn(r.referral_date, r.closure_date, d)).map((r) => num(r.child_id)));
  const cpPlans = T.cp_plan.filter(mine);
  const cp = cpPlans.filter((p) => openOn(p.start_date, p.end_date, d)).length;
  const periods = T.care_period.filter(mine);
  const claPeriods = periods.filter((p) => openOn(p.start_date, p.end_date, d));

  const assessments = T.assessment.filter((a) => mine(a) && inYear(a.authorised_date));
  const a45 = assessments.filter((a) => workingDaysBetweenDays(toDayNumber(a.start_date), toDayNumber(a.authorised_date)) <= 45).length;

  const sdById = new Map(T.strategy_discussion.map((s) => [num(s.id), s]));
  const s47ById = new Map(T.s47_enquiry.map((s) => [num(s.id), s]));
  const icpcs = T.icpc.filter((i) => mine(i) && inYear(i.conference_date));
  const i15 = icpcs.filter((i) => {
    const s47 = s47ById.get(num(i.s47_id))!;
    const sd = sdById.get(num(s47.strategy_discussion_id))!;
    return workingDaysBetweenDays(toDayNumber(sd.discussion_date), toDayNumber(i.conference_date)) <= 15;
  }).length;

  const plansByChild = groupBy(cpPlans, 'child_id');
  const yearPlans = cpPlans.filter((p) => inYear(p.start_date));
  const repeat = yearPlans.filter((p) => plansByChild.get(num(p.child_id))!.some((q) => str(q.start_date) < str(p.start_date))).length;

  const episodesByPeriod = groupBy(T.cla_episode, 'care_period_id');
  let three = 0;
  let stableDen = 0;
  let stableNum = 0;
  let healthDen = 0;
  let health = 0;
  let dental = 0;
  const healthByChild = groupBy(T.health_event, 'child_id');
  const dobOf = new Map(T.child.map((c) => [num(c.id), str(c.date_of_birth ?? c.expected_dob)]));
  const minus = (iso: string, years: number, months = 0) => addMonths(iso, -(12 * years + months));
  for (const p of claPeriods) {
    const eps = (episodesByPeriod.get(num(p.id)) ?? []).sort((x, y) => str(x.start_date).localeCompare(str(y.start_date)));
    const yearEps = eps.filter((e) => str(e.start_date) <= d && (e.end_date === null || str(e.end_date) >= yStart));
    let placements = 0;
    yearEps.forEach((e, i) => {
      if (i === 0 || e.reason_new_episode !== 'L') placements++;
    });
    if (placements >= 3) three++;
    const dob = dobOf.get(num(p.child_id))!;
    if (str(p.start_date) <= minus(d, 2, 6) && dob > minus(d, 16)) {
      stableDen++;
      // Start of the current placement: walk back over legal-status-only changes.
      let k = eps.length - 1;
      while (k > 0 && eps[k]!.reason_new_episode === 'L') k--;
      const current = eps[k]!;
      const last = eps[eps.length - 1]!;
      if (str(current.start_date) <= minus(d, 2) || ['A5', 'A6'].includes(str(last.placement_type))) stableNum++;
    }
    if (str(p.start_date) <= minus(d, 1)) {
      healthDen++;
      const ev = healthByChild.get(num(p.child_id)) ?? [];
      if (ev.some((e) => (e.kind === 'review_health_assessment' || e.kind === 'initial_health_assessment') && inYear(e.event_date))) health++;
      if (ev.some((e) => e.kind === 'dental_check' && inYear(e.event_date))) dental++;
    }
  }

  const teamLa = new Map(T.team.map((t) => [num(t.id), str(t.la_code)]));
  const teamKind = new Map(T.team.map((t) => [num(t.id), str(t.kind)]));
  const staff = T.staff.filter((s) => s.is_social_worker && (!laCode || teamLa.get(num(s.team_id)) === laCode));
  const active = staff.filter((s) => openOn(s.start_date, s.leave_date, d));
  const fte = active.reduce((n, s) => n + num(s.fte), 0);
  const agencyFte = active.filter((s) => s.agency).reduce((n, s) => n + num(s.fte), 0);
  const caseHolding = active
    .filter((s) => ['assessment', 'long_term', 'children_in_care', 'disabled_children'].includes(teamKind.get(num(s.team_id))!) && s.job_title !== 'Team Manager')
    .reduce((n, s) => n + num(s.fte), 0);
  const permanent = staff.filter((s) => !s.agency);
  const leavers = permanent.filter((s) => inYear(s.leave_date)).length;
  const headcountStart = permanent.filter((s) => openOn(s.start_date, s.leave_date, minus(d, 1))).length;
  const headcountEnd = permanent.filter((s) => openOn(s.start_date, s.leave_date, d)).length;
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  // Vacancy rate (DfE workforce census): FTE vacancies / (FTE vacancies + permanent FTE in post), per team with an
  // establishment: vacancies = establishment FTE at the date not filled by permanent social workers (agency cover counts).
  let vacancies = 0;
  let filled = 0;
  const teamIds = new Set(staff.map((s) => num(s.team_id)));
  for (const t of teamIds) {
    const est = T.team_establishment.filter((e) => num(e.team_id) === t && str(e.effective_from) <= d).sort((a, b) => (str(a.effective_from) < str(b.effective_from) ? 1 : -1))[0];
    if (!est) continue;
    const perm = active.filter((s) => num(s.team_id) === t && !s.agency).reduce((n, s) => n + num(s.fte), 0);
    vacancies += Math.max(num(est.social_worker_fte) - perm, 0);
    filled += perm;
  }
  return {
    yearEnd: d,
    referrals: yearRefs.length,
    cin: cinChildren.size,
    cp,
    cla: claPeriods.length,
    cpStarts: yearPlans.length,
    claStarts: periods.filter((p) => inYear(p.start_date)).length,
    reReferralRate: ratio(re, yearRefs.length),
    assessmentsWithin45: ratio(a45, assessments.length),
    icpcWithin15: ratio(i15, icpcs.length),
    repeatCpRate: ratio(repeat, yearPlans.length),
    cla3PlusPlacements: ratio(three, claPeriods.length),
    longTermStability: ratio(stableNum, stableDen),
    healthAssessments: ratio(health, healthDen),
    dentalChecks: ratio(dental, healthDen),
    swFte: fte,
    agencyRate: ratio(agencyFte, fte),
    vacancyRate: ratio(vacancies, vacancies + filled),
    caseload: ratio(cinChildren.size, caseHolding),
    swTurnover: ratio(leavers, (headcountStart + headcountEnd) / 2),
  };
}
