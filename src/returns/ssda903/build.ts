/**
 * Builds the SSDA903 (children looked after) return for one council and
 * collection year (1 April – 31 March, named by the year it ends) from the
 * record: every table in the DfE's column names and order for that year
 * (src/domain/codes/ssda903.ts), dates dd/mm/yyyy, codes as stored. A handful
 * of set-based queries for the whole council, not one per child.
 *
 * Inclusion (per the DfE guidance, simplified where the record has no field):
 * - Episodes: every episode of a period of care in the council open at any time in the year.
 * - Header: every child in Episodes, plus every care leaver in OC3.
 * - Reviews, UASC, Missing, SWEpisodes, PlacedAdoption: for children in Episodes, events in (or open during) the year;
 *   SW episodes of a child who left care end (at the latest) when care ended.
 * - OC2: children looked after continuously for at least 12 months at 31 March (not under V3/V4 short breaks).
 * - OC3: care leavers (13 weeks looked after after their 14th birthday, some of it after their 16th) whose 17th
 *   to 21st birthday falls in the year and who are not looked after on it.
 * - AD1: children adopted (adoption order) in the year.
 * - PrevPerm: children starting a period of care in the year with a recorded previous permanence arrangement.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { LATEST_YEAR, codeSet, collectionDates, columnsOf, tablesFor, tableDef, type Ssda903Table } from '../../domain/codes/ssda903.ts';
import { addMonths, ageInYears, ddmmyyyy, writeCsvFile } from '../format.ts';

export interface Ssda903BuildOptions {
  laCode: string;
  /** The year the collection ends: 2026 = 1 April 2025 – 31 March 2026. */
  collectionYear: number;
}

export interface Ssda903TableOut {
  columns: string[];
  rows: string[][];
}

export type Ssda903BuildResult = Partial<Record<Ssda903Table, Ssda903TableOut>>;

const PLACE_SUCCESSOR: Readonly<Record<string, string>> = { H5: 'K3', P2: 'K3' };

const flag = (b: boolean) => (b ? '1' : '0');

/** SW_ID: the Social Work England number (SW…); staff who are not registered social workers get XX + their staff reference. */
export function swId(swe: string | null, staffRef: string): string {
  if (swe) return swe.replace(/[^A-Za-z0-9]/g, '');
  return `XX${staffRef.replace(/[^A-Za-z0-9]/g, '')}`;
}

function addYearsIso(iso: string, n: number): string {
  return addMonths(iso, 12 * n);
}

export async function buildSsda903(db: Db, options: Ssda903BuildOptions): Promise<Ssda903BuildResult> {
  const { laCode: la, collectionYear: year } = options;
  if (!/^[0-9]{3}$/.test(la)) throw new RangeError(`LA code must be three digits, got "${la}"`);
  if (!Number.isInteger(year) || year < 2017 || year > 2100) throw new RangeError(`collection year must be a year from 2017, got ${year}`);
  const { start, end } = collectionDates(year);
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;

  const cla = sql`(select distinct e.child_id from cla_episode e join care_period p on p.id = e.care_period_id
    where p.la_code = ${la} and e.start_date <= ${end} and (e.end_date is null or e.end_date >= ${start}))`;

  type ChildRow = { id: number; person_ref: string; sex: string; date_of_birth: string | null; ethnicity: string; upn: string | null; upn_unknown: string | null; uasc: boolean; uasc_ceased: string | null; date_of_death?: string | null };
  type EpisodeRow = { child_id: number; care_period_id: number; start_date: string; end_date: string | null; reason_new_episode: string; legal_status: string; category_of_need: string; placement_type: string; placement_provider: string | null; reason_ceased: string | null; reason_place_change: string | null; home_postcode: string | null; placement_postcode: string | null; provider_urn: string | null };

  const [claChildren, episodes, reviews, missing, allocations, adoptions, prevPerm, health, periods] = await Promise.all([
    q(sql<ChildRow>`select c.id, c.person_ref, c.sex, c.date_of_birth, c.ethnicity, c.upn, c.upn_unknown, c.uasc, c.uasc_ceased
      from child c where c.id in ${cla}`),
    q(sql<EpisodeRow>`select e.child_id, e.care_period_id, e.start_date, e.end_date, e.reason_new_episode, e.legal_status, e.category_of_need,
        e.placement_type, e.placement_provider, e.reason_ceased, e.reason_place_change, e.home_postcode, e.placement_postcode, e.provider_urn
      from cla_episode e join care_period p on p.id = e.care_period_id
      where p.la_code = ${la} and e.start_date <= ${end} and (e.end_date is null or e.end_date >= ${start})
      order by e.child_id, e.start_date, e.id`),
    q(sql<{ child_id: number; review_date: string; participation: string }>`
      select r.child_id, r.review_date, r.participation from cla_review r join care_period p on p.id = r.care_period_id
      where p.la_code = ${la} and r.review_date between ${start} and ${end} order by r.child_id, r.review_date, r.id`),
    q(sql<{ child_id: number; kind: string; start_date: string; end_date: string | null }>`
      select m.child_id, m.kind, m.start_date, m.end_date from missing_episode m
      where m.child_id in ${cla} and m.start_date <= ${end} and (m.end_date is null or m.end_date >= ${start})
      order by m.child_id, m.start_date, m.id`),
    q(sql<{ child_id: number; start_date: string; end_date: string | null; end_reason: string | null; swe_number: string | null; staff_ref: string }>`
      select a.child_id, a.start_date, a.end_date, a.end_reason, s.swe_number, s.staff_ref from allocation a join staff s on s.id = a.staff_id
      where a.child_id in ${cla} and a.start_date <= ${end} and (a.end_date is null or a.end_date >= ${start})
      order by a.child_id, a.start_date, a.id`),
    q(sql<{ child_id: number; decision_date: string; matched_date: string | null; placed_date: string | null; adopted_date: string | null; ceased_date: string | null; ceased_reason: string | null; adopters_count: number | null; adopters_sex: string | null; adopters_legal_status: string | null; foster_carer_adoption: boolean | null }>`
      select a.child_id, a.decision_date, a.matched_date, a.placed_date, a.adopted_date, a.ceased_date, a.ceased_reason, a.adopters_count,
        a.adopters_sex, a.adopters_legal_status, a.foster_carer_adoption
      from adoption_plan a where a.child_id in ${cla} order by a.child_id, a.decision_date, a.id`),
    q(sql<{ child_id: number; arrangement: string; la_code: string | null; permanence_date: string | null }>`
      select pp.child_id, pp.arrangement, pp.la_code, pp.permanence_date from previous_permanence pp
      where pp.child_id in (select p.child_id from care_period p where p.la_code = ${la} and p.start_date between ${start} and ${end})`),
    q(sql<{ child_id: number; kind: string; event_date: string; score: number | null }>`
      select h.child_id, h.kind, h.event_date, h.score from health_event h
      where h.child_id in ${cla} and h.event_date <= ${end} order by h.child_id, h.event_date, h.id`),
    q(sql<{ child_id: number; start_date: string; end_date: string | null }>`
      select p.child_id, p.start_date, p.end_date from care_period p where p.la_code = ${la} order by p.child_id, p.start_date`),
  ]);

  const byChild = <T extends { child_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) (m.get(r.child_id) ?? m.set(r.child_id, []).get(r.child_id)!).push(r);
    return m;
  };
  const child = new Map(claChildren.map((c) => [c.id, c]));
  const epBy = byChild(episodes);
  const periodBy = byChild(periods);
  const healthBy = byChild(health);
  const inYear = (d: string | null) => d != null && d >= start && d <= end;
  const withinYear = (d: string | null) => (d != null && d <= end ? d : null);
  const dob = (id: number) => ddmmyyyy(child.get(id)?.date_of_birth ?? null);
  const refOf = (id: number) => child.get(id)?.person_ref ?? '';
  const order = (a: { ref: string }, b: { ref: string }) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

  const out: Ssda903BuildResult = {};
  const table = (t: Ssda903Table, rows: string[][]) => {
    if (tablesFor(year).includes(t)) out[t] = { columns: [...columnsOf(year, t)], rows };
  };

  // Episodes. A placement code withdrawn since the episode began (H5, P2 from 2025) is reported as its successor
  // (K3, supported accommodation), as the DfE asks for episodes still open in a later year.
  const places = codeSet(year, 'PLACE');
  const placeFor = (code: string) => (places.has(code) ? code : PLACE_SUCCESSOR[code] ?? code);
  // The record keeps the reason for a placement change on the episode that begins with it; the 903 reports it on
  // the episode that ended (REC X1) when the next episode is a change of placement (RNE P, B, T or U).
  const nextEpisode = new Map<EpisodeRow, EpisodeRow>();
  for (const list of epBy.values()) list.forEach((e, i) => { if (list[i + 1] && list[i + 1]!.care_period_id === e.care_period_id) nextEpisode.set(e, list[i + 1]!); });
  const episodeRows = episodes.map((e) => {
    const dec = withinYear(e.end_date);
    const next = nextEpisode.get(e);
    const changeReason = dec && e.reason_ceased === 'X1' && next && ['P', 'B', 'T', 'U'].includes(next.reason_new_episode) ? (next.reason_place_change ?? '') : '';
    return { ref: refOf(e.child_id), row: [
      refOf(e.child_id), ddmmyyyy(e.start_date), e.reason_new_episode, e.legal_status, e.category_of_need, placeFor(e.placement_type),
      e.placement_provider ?? '', ddmmyyyy(dec), dec ? (e.reason_ceased ?? '') : '',
      changeReason,
      // a UASC child has no home postcode reported, so no distance is derived (rule 406; 392b asks for none)
      child.get(e.child_id)?.uasc ? '' : e.home_postcode ?? '', e.placement_postcode ?? '', e.provider_urn ?? '',
    ], start: e.start_date };
  });
  table('Episodes', episodeRows.sort((a, b) => order(a, b) || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)).map((r) => r.row));

  // OC3: care leavers with their 17th–21st birthday in the year.
  const leaverCandidates = await q(sql<ChildRow>`
    select c.id, c.person_ref, c.sex, c.date_of_birth, c.ethnicity, c.upn, c.upn_unknown, c.uasc, c.uasc_ceased, c.date_of_death
    from child c where c.la_code = ${la} and c.date_of_birth is not null
      and c.date_of_birth > (${start}::date - interval '22 years') and c.date_of_birth <= (${end}::date - interval '17 years')
      and c.id in (select child_id from care_period where la_code = ${la})
      and (c.date_of_death is null or c.date_of_death > ${start})`);
  const contacts = leaverCandidates.length === 0 ? [] : await q(sql<{ child_id: number; contact_date: string; in_touch: string; activity: string | null; accommodation: string | null }>`
    select k.child_id, k.contact_date, k.in_touch, k.activity, k.accommodation from care_leaver_contact k
    where k.child_id in (select c.id from child c where c.la_code = ${la} and c.date_of_birth is not null
      and c.date_of_birth > (${start}::date - interval '22 years') and c.date_of_birth <= (${end}::date - interval '17 years'))
      and k.contact_date <= ${addMonths(end, 1)} order by k.child_id, k.contact_date, k.id`);
  const contactBy = byChild(contacts);
  const oc3: { ref: string; row: string[]; c: ChildRow }[] = [];
  for (const c of leaverCandidates) {
    const birth = c.date_of_birth!;
    const birthday = [17, 18, 19, 20, 21].map((n) => addYearsIso(birth, n)).find(inYear);
    if (!birthday) continue;
    // Someone who died before the birthday is no care leaver (rule 1000).
    if (c.date_of_death != null && c.date_of_death <= birthday) continue;
    const ps = periodBy.get(c.id) ?? [];
    const f14 = addYearsIso(birth, 14);
    const f16 = addYearsIso(birth, 16);
    // Time looked after before the birthday: after the 14th birthday at least 13 weeks, some of it after the 16th.
    const days = ps.reduce((sum, p) => {
      if (p.start_date >= birthday) return sum;
      const from = p.start_date > f14 ? p.start_date : f14;
      const to = p.end_date == null || p.end_date > birthday ? birthday : p.end_date;
      return sum + Math.max(0, (Date.parse(to) - Date.parse(from)) / 86_400_000);
    }, 0);
    const after16 = ps.some((p) => p.start_date < birthday && (p.end_date ?? birthday) >= f16);
    const inCareOnBirthday = ps.some((p) => p.start_date <= birthday && (p.end_date == null || p.end_date > birthday));
    // Looked after again after the birthday within the year: not required for 17- and 18-year-olds (rule 1016).
    const backInCare = ps.some((p) => p.start_date > birthday && p.start_date <= end);
    if (days < 91 || !after16 || inCareOnBirthday || backInCare) continue;
    // The contact nearest the birthday: the latest from three months before to one month after it.
    const near = (contactBy.get(c.id) ?? []).filter((k) => k.contact_date >= addMonths(birthday, -3) && k.contact_date <= addMonths(birthday, 1)).at(-1);
    const inTouch = near?.in_touch ?? 'NO';
    oc3.push({ ref: c.person_ref, c, row: [c.person_ref, ddmmyyyy(birth), inTouch, near?.activity ?? '0', near?.accommodation ?? '0'] });
  }
  oc3.sort(order);
  for (const o of oc3) if (!child.has(o.c.id)) child.set(o.c.id, o.c);

  // Header: children in Episodes and OC3.
  const upnSet = codeSet(year, 'UPN_UNKNOWN');
  const sexCode = (s: string) => (year >= 2025 ? s : s === 'M' ? '1' : s === 'F' ? '2' : s);
  // UPN, or the reason it is unknown: the recorded reason when it is a 903 code (UN1–UN5), else derived —
  // UN1 under school age (under 5 at the start of the year), UN2 for an unaccompanied asylum-seeking child, UN5 otherwise.
  const upnFor = (c: ChildRow): string => {
    if (c.upn) return c.upn;
    if (c.upn_unknown && upnSet.has(c.upn_unknown)) return c.upn_unknown;
    if ((ageInYears(c.date_of_birth, start) ?? 0) < 5) return 'UN1';
    return c.uasc ? 'UN2' : 'UN5';
  };
  const headerIds = [...new Set([...episodes.map((e) => e.child_id), ...oc3.map((o) => o.c.id)])];
  table('Header', headerIds.map((id) => child.get(id)!).map((c) => ({ ref: c.person_ref, row: [
    c.person_ref, sexCode(c.sex), ddmmyyyy(c.date_of_birth), c.ethnicity,
    upnFor(c), c.sex === 'F' && epBy.has(c.id) ? '0' : '', '',
  ] })).sort(order).map((r) => r.row));

  table('Reviews', reviews.map((r) => [refOf(r.child_id), dob(r.child_id), ddmmyyyy(r.review_date), r.participation])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)));

  // DUC: the date UASC status ceased; for a child still UASC, the 18th birthday, when it will (rules 205B, 304).
  table('UASC', claChildren.filter((c) => c.uasc).map((c) => ({ ref: c.person_ref, row: [
    c.person_ref, sexCode(c.sex), ddmmyyyy(c.date_of_birth),
    ddmmyyyy(c.uasc_ceased ?? (c.date_of_birth ? addYearsIso(c.date_of_birth, 18) : null)),
  ] })).sort(order).map((r) => r.row));

  // OC2: looked after continuously for 12 months at 31 March.
  const twelveBefore = addMonths(end, -12);
  const oc2: { ref: string; row: string[] }[] = [];
  for (const c of claChildren) {
    const eps = epBy.get(c.id) ?? [];
    const openAtEnd = (periodBy.get(c.id) ?? []).find((p) => p.start_date <= twelveBefore && (p.end_date == null || p.end_date > end));
    if (!openAtEnd) continue;
    if (eps.some((e) => e.legal_status === 'V3' || e.legal_status === 'V4')) continue;
    const hs = (healthBy.get(c.id) ?? []).filter((h) => h.event_date > twelveBefore);
    const has = (kind: string) => hs.some((h) => h.kind === kind);
    const age = ageInYears(c.date_of_birth, end) ?? 0;
    const sdq = hs.filter((h) => h.kind === 'sdq' && h.score != null).at(-1);
    const sdqApplies = age >= 4 && age <= 16;
    const misuse = has('substance_misuse');
    oc2.push({ ref: c.person_ref, row: [
      c.person_ref, ddmmyyyy(c.date_of_birth),
      sdqApplies && sdq ? String(sdq.score) : '', age < 4 ? '' : sdqApplies ? (sdq ? '' : 'SDQ4') : 'SDQ1',
      age >= 10 ? flag(has('conviction')) : '', age < 5 ? flag(has('review_health_assessment') || has('initial_health_assessment')) : '',
      flag(has('immunisations_up_to_date')), flag(has('dental_check')),
      flag(has('review_health_assessment') || has('initial_health_assessment')), flag(misuse),
      misuse ? flag(has('intervention_substance_misuse')) : '', misuse ? flag(has('intervention_offered')) : '',
    ] });
  }
  table('OC2', oc2.sort(order).map((r) => r.row));
  table('OC3', oc3.map((r) => r.row));

  // AD1: adopted in the year.
  const lsAdoptr = codeSet(year, 'LS_ADOPTR');
  table('AD1', adoptions.filter((a) => inYear(a.adopted_date)).map((a) => ({ ref: refOf(a.child_id), row: [
    refOf(a.child_id), dob(a.child_id), ddmmyyyy(a.decision_date), ddmmyyyy(a.matched_date), flag(a.foster_carer_adoption === true),
    a.adopters_count == null ? '' : String(a.adopters_count), a.adopters_sex ?? '',
    a.adopters_legal_status && lsAdoptr.has(a.adopters_legal_status) ? a.adopters_legal_status : (a.adopters_legal_status ?? ''),
  ] })).sort(order).map((r) => r.row));

  // PlacedAdoption: decisions that the child should be placed for adoption, current at some time in the year
  // (an adoption order before the year fulfilled the decision: a child back in care after it has none).
  table('PlacedAdoption', adoptions.filter((a) => a.decision_date <= end && (a.ceased_date == null || a.ceased_date >= start) && (a.adopted_date == null || a.adopted_date >= start))
    .map((a) => {
      const ceased = withinYear(a.ceased_date);
      return { ref: refOf(a.child_id), row: [refOf(a.child_id), dob(a.child_id), ddmmyyyy(a.decision_date), ddmmyyyy(ceased), ceased ? (a.ceased_reason ?? '') : ''] };
    }).sort(order).map((r) => r.row));

  table('PrevPerm', prevPerm.filter((p) => child.has(p.child_id)).map((p) => ({ ref: refOf(p.child_id), row: [
    refOf(p.child_id), dob(p.child_id), p.arrangement, p.la_code ?? '', ddmmyyyy(p.permanence_date),
  ] })).sort(order).map((r) => r.row));

  table('Missing', missing.map((m) => ({ ref: refOf(m.child_id), row: [
    refOf(m.child_id), dob(m.child_id), m.kind === 'away' ? 'A' : 'M', ddmmyyyy(m.start_date), ddmmyyyy(withinYear(m.end_date)),
  ] })).sort(order).map((r) => r.row));

  const swReasons = codeSet(year, 'SW_REASON');
  // SW episodes cover the time in care: for a child not looked after at 31 March, allocations end (at the latest)
  // when care ended, with reason CHCHAN (the child's circumstances changed); later allocations are not reported.
  const careEnd = new Map<number, string>();
  for (const [id, ps] of periodBy) {
    const last = ps.at(-1);
    if (last?.end_date && last.end_date <= end) careEnd.set(id, last.end_date);
  }
  table('SWEpisodes', allocations.filter((a) => !careEnd.has(a.child_id) || a.start_date < careEnd.get(a.child_id)!).map((a) => {
    const stop = careEnd.get(a.child_id);
    const clipped = stop && (a.end_date == null || a.end_date > stop);
    if (clipped) a = { ...a, end_date: stop, end_reason: 'CHCHAN' };
    const ended = withinYear(a.end_date);
    return { ref: refOf(a.child_id), row: [
      refOf(a.child_id), dob(a.child_id), swId(a.swe_number, a.staff_ref), ddmmyyyy(a.start_date), ddmmyyyy(ended),
      ended ? (a.end_reason && swReasons.has(a.end_reason) ? a.end_reason : 'OTHERS') : '',
    ] };
  }).sort(order).map((r) => r.row));

  // Every table of the year is present, even when empty, in the DfE's order.
  const ordered: Ssda903BuildResult = {};
  for (const t of tablesFor(year)) ordered[t] = out[t] ?? { columns: [...columnsOf(year, t)], rows: [] };
  return ordered;
}

/** Writes one CSV per table, named by the DfE's file stems (header.csv, episodes.csv, …). */
export async function writeSsda903Csv(folder: string, result: Ssda903BuildResult, collectionYear: number = LATEST_YEAR): Promise<string[]> {
  const paths: string[] = [];
  for (const [t, data] of Object.entries(result) as [Ssda903Table, Ssda903TableOut][]) {
    paths.push(await writeCsvFile(folder, `${tableDef(collectionYear, t).fileName}.csv`, data.columns, data.rows));
  }
  return paths;
}
