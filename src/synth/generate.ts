/**
 * The synthetic borough generator: a pure, deterministic, in-memory
 * simulation of one or more councils' children's social care over a number
 * of years ending at `asOf`.
 *
 * Children arrive as referrals (a Poisson process, started long enough
 * before the window that children already open at its start have their
 * real earlier history), and each child's journey is simulated on its own
 * random stream: contact → referral → assessment → strategy discussion →
 * s47 → ICPC → CP plan / CIN plan → care (SSDA903 episodes) → care leaver,
 * with re-referrals. Children whose whole journey ended before the window
 * are dropped. Visits, reviews, health events and the like are only
 * generated inside the window. Anything dated after `asOf` is cut off (so
 * open cases have no end date).
 *
 * Staff work in slots per team; each slot is a chain of holders (permanent
 * or agency) with turnover, so there are leavers and agency workers over
 * time, and children's allocations change when a worker leaves.
 */
import * as C from './codes.ts';
import { CALENDAR_FIRST_YEAR, addWorkingDaysToDay } from '../domain/calendar.ts';
import { addMonthsToDay, birthdayDay, dayFromParts, fromDayNumber, partsFromDay, toDayNumber, weekdayOfDay } from '../domain/dates.ts';
import * as N from './names.ts';
import { agencyUrn, ownAreaPostcode } from './reference.ts';
import { Random, mixSeed } from './random.ts';
import { TABLE_ORDER, type AnyRow, type TableName } from './tables.ts';

export type SynthSize = 'small' | 'large';

export interface GenerateOptions {
  size: SynthSize;
  years: number;
  seed: number;
  /** DfE LA codes; the size's figures are split evenly between them. */
  councils?: string[];
  /** Last day of the history (ISO date); defaults to today. */
  asOf?: string;
  /** Multiplies every flow and staff count (e.g. 0.2 for quick tests). */
  scale?: number;
}

export interface SynthBorough {
  options: Required<Omit<GenerateOptions, 'councils'>> & { councils: string[] };
  windowStart: string;
  /** Rows per table, in load (foreign-key) order, ids assigned. */
  tables: Record<TableName, AnyRow[]>;
}

/** Published 2025 figures the two sizes are calibrated to (per whole size). */
export const SIZE_TARGETS = {
  small: { like: 'Reading', population: 39_000, referrals: 2_350, cin: 1_700, cp: 275, cla: 272, fte: 127, caseload: 17, agency: 0.23 },
  large: { like: 'Birmingham', population: 290_000, referrals: 16_300, cin: 9_300, cp: 1_680, cla: 2_320, fte: 770, caseload: 17, agency: 0.23 },
} as const;

/** Known council names (others get a generic name). */
export const COUNCIL_NAMES: Record<string, string> = {
  '872': 'Reading',
  '330': 'Birmingham',
  '318': 'Richmond upon Thames',
  '314': 'Kingston upon Thames',
  '868': 'Windsor and Maidenhead',
};
export const DEFAULT_COUNCILS: Record<SynthSize, string[]> = { small: ['872'], large: ['330'] };

/**
 * Tuning knobs per size (journey probabilities and durations), calibrated so
 * the stocks at 31 March land near the targets. See docs/synth.md.
 */
const TUNING = {
  small: { arrivalFactor: 0.62, strategy: 0.2, cpDurationMedian: 205, cinDurationMedian: 245, claDirect: 0.021, cpToCare: 0.1 },
  large: { arrivalFactor: 0.655, strategy: 0.18, cpDurationMedian: 200, cinDurationMedian: 170, claDirect: 0.03, cpToCare: 0.11 },
} as const;

type Tuning = (typeof TUNING)[SynthSize];
type TeamKind = 'front_door' | 'assessment' | 'long_term' | 'children_in_care' | 'leaving_care' | 'disabled_children' | 'early_help' | 'iro' | 'quality_assurance' | 'performance';

interface Stint {
  staffId: number;
  start: number;
  end: number; // Infinity while in post
}

interface TeamInfo {
  id: number;
  kind: TeamKind;
  stints: Stint[];
  managers: Stint[];
}

interface Council {
  index: number;
  laCode: string;
  teams: Map<TeamKind, TeamInfo[]>;
}

const INF = Number.POSITIVE_INFINITY;
const YEAR = 365.25;
const FIRST_DAY_2024_25 = dayFromParts(2024, 4, 1);
const CALENDAR_FIRST_DAY = dayFromParts(CALENDAR_FIRST_YEAR, 1, 1);

/**
 * The n-th working day after `day` (n >= 1), by the England calendar in
 * src/domain/calendar.ts. That calendar starts in 2000; the earliest history
 * of a long run (21 years before a window of up to 20 years) can be earlier,
 * and there only weekends are skipped.
 */
function addWd(day: number, n: number): number {
  if (day >= CALENDAR_FIRST_DAY) return addWorkingDaysToDay(day, n);
  let d = day;
  for (let left = n; left > 0; ) {
    d++;
    const w = weekdayOfDay(d);
    if (w !== 0 && w !== 6) left--;
  }
  return d;
}

/** Collection year of a day number: the year ending 31 March (2025-06-01 is in 2026). */
function collectionYearOfDay(day: number): number {
  const [y, m] = partsFromDay(day);
  return m >= 4 ? y + 1 : y;
}

class Ids {
  private readonly next = new Map<string, number>();
  take(table: string): number {
    const n = (this.next.get(table) ?? 0) + 1;
    this.next.set(table, n);
    return n;
  }
  snapshot(): Map<string, number> {
    return new Map(this.next);
  }
  restore(s: Map<string, number>): void {
    this.next.clear();
    for (const [k, v] of s) this.next.set(k, v);
  }
}

export function generateBorough(options: GenerateOptions): SynthBorough {
  const size = options.size;
  if (size !== 'small' && size !== 'large') throw new Error(`unknown size "${String(size)}"`);
  const years = options.years;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new Error('years must be a whole number from 1 to 20');
  const seed = options.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error('seed must be a whole number from 0 to 4294967295');
  const councils = options.councils?.length ? options.councils : DEFAULT_COUNCILS[size];
  for (const c of councils) if (!/^[0-9]{3}$/.test(c)) throw new Error(`council code "${c}" is not a three-digit DfE LA code`);
  if (new Set(councils).size !== councils.length) throw new Error('council codes must not repeat');
  const asOfIso = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfIso) || Number.isNaN(Date.parse(asOfIso))) throw new Error(`as-of date "${asOfIso}" is not a YYYY-MM-DD date`);
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 4)) throw new Error('scale must be between 0 and 4');

  const asOf = toDayNumber(asOfIso, 'as-of date');
  const windowStart = addMonthsToDay(asOf, -12 * years) + 1;
  const simStart = windowStart - Math.round(21 * YEAR);
  const isoCache: string[] = [];
  const isoBase = simStart - 8000;
  const iso = (d: number): string => {
    const i = d - isoBase;
    return (isoCache[i] ??= fromDayNumber(d));
  };

  const tables = Object.fromEntries(TABLE_ORDER.map((t) => [t, [] as AnyRow[]])) as Record<TableName, AnyRow[]>;
  const ids = new Ids();
  const upnSerials = new Map<string, number>();
  const target = SIZE_TARGETS[size];
  const tune = TUNING[size];
  const share = scale / councils.length;
  let staffSeq = 0;
  /** Funded social-worker FTE per team: the sum of its posts (slots). */
  const slotFte = new Map<number, number>();

  const built: Council[] = councils.map((laCode, index) => {
    const rng = new Random(mixSeed(seed, 1, index));
    tables.local_authority.push({
      la_code: laCode,
      name: COUNCIL_NAMES[laCode] ?? `Council ${laCode}`,
      population_0_17: Math.round(target.population * share),
      contract_start: iso(windowStart),
    });
    return buildTeamsAndStaff(laCode, index, rng);
  });

  function buildTeamsAndStaff(laCode: string, index: number, rng: Random): Council {
    const laName = COUNCIL_NAMES[laCode] ?? `Council ${laCode}`;
    const teams = new Map<TeamKind, TeamInfo[]>();
    const serviceId = ids.take('team');
    tables.team.push({ id: serviceId, la_code: laCode, parent_team_id: null, name: `${laName} Children's Services`, kind: 'service', caseload_amber: null, caseload_red: null });
    const swFte = target.fte * share;
    // Social-worker FTE by team kind; slots are ~0.95 FTE and ~96% filled.
    const plan: [TeamKind, string, number, number | null, number | null, boolean][] = [
      ['front_door', 'Front Door and MASH', 0.08, null, null, true],
      ['assessment', 'Assessment Team', 0.22, 18, 22, true],
      ['long_term', 'Child Protection and Court Team', 0.36, 18, 22, true],
      ['children_in_care', 'Children in Care Team', 0.16, 16, 20, true],
      ['disabled_children', "Disabled Children's Team", 0.06, 18, 22, true],
      ['leaving_care', 'Leaving Care Team', 0.05, 22, 26, false],
      ['iro', 'Independent Reviewing Service', 0.05, 60, 75, true],
      ['early_help', 'Early Help Team', 0.12, 15, 20, false],
      ['quality_assurance', 'Quality Assurance', 0.02, null, null, true],
      ['performance', 'Performance and Information', 0.015, null, null, false],
    ];
    for (const [kind, label, frac, amber, red, sw] of plan) {
      const slots = Math.max(2, Math.round((swFte * frac) / 0.99));
      const nTeams = ['front_door', 'leaving_care', 'iro', 'quality_assurance', 'performance', 'disabled_children'].includes(kind) ? 1 : Math.max(1, Math.round(slots / 10));
      const list: TeamInfo[] = [];
      for (let t = 0; t < nTeams; t++) {
        const id = ids.take('team');
        tables.team.push({ id, la_code: laCode, parent_team_id: serviceId, name: nTeams > 1 ? `${label} ${t + 1}` : label, kind, caseload_amber: amber, caseload_red: red });
        const team: TeamInfo = { id, kind, stints: [], managers: [] };
        const perTeam = Math.max(1, Math.round(slots / nTeams));
        for (let s = 0; s < perTeam; s++) team.stints.push(...slotChain(rng, laCode, index, id, kind, sw, false));
        team.managers.push(...slotChain(rng, laCode, index, id, kind, true, true));
        // The funded establishment: the team's social-worker posts (each slot's FTE, the manager's included), from
        // the earliest date anyone is in post. The posts do not change over the history, so one row per team.
        if (slotFte.has(id)) tables.team_establishment.push({ id: ids.take('team_establishment'), team_id: id, effective_from: iso(simStart - 3650), social_worker_fte: Math.round(slotFte.get(id)! * 100) / 100 });
        list.push(team);
      }
      teams.set(kind, list);
    }
    return { index, laCode, teams };
  }

  /** One post in a team, held by a chain of people from before the history starts to asOf. */
  function slotChain(rng: Random, laCode: string, councilIndex: number, teamId: number, kind: TeamKind, sw: boolean, manager: boolean): Stint[] {
    const out: Stint[] = [];
    const fte = manager ? 1 : rng.weighted([[1, 85], [0.8, 8], [0.6, 7]] as const);
    if (sw) slotFte.set(teamId, (slotFte.get(teamId) ?? 0) + fte);
    let t = simStart;
    let first = true;
    while (t <= asOf) {
      // A post falling vacant is covered by an agency worker a little over half the time: on `large` (seed 1)
      // agency ≈ 17.5% of FTE in post and vacancies (agency cover included) ≈ 18.4% of posts, near England's
      // 17.8% and 18.9% (workforce census 2023).
      const agency = !manager && rng.chance(0.56);
      const tenure = agency ? rng.exponential(1.0 * YEAR) + 30 : rng.exponential(5.5 * YEAR) + 60;
      // The first holder was already in post when the record begins.
      const start = first ? t - Math.floor(rng.next() * tenure) : t;
      const end = first ? t + Math.ceil(tenure - (t - start)) : t + Math.ceil(tenure);
      first = false;
      const staffId = ids.take('staff');
      staffSeq++;
      const sex = rng.chance(0.82) ? 'F' : 'M';
      tables.staff.push({
        id: staffId,
        staff_ref: `S${laCode}${String(staffSeq).padStart(6, '0')}`,
        swe_number: sw ? `SW${String(100000 + staffSeq)}` : null,
        given_name: N.givenName(rng, sex),
        family_name: N.familyName(rng),
        job_title: jobTitle(rng, kind, manager),
        is_social_worker: sw,
        fte,
        agency,
        start_date: iso(Math.max(start, simStart - 3650)),
        leave_date: end <= asOf ? iso(end) : null,
        leave_reason: end <= asOf ? (agency ? 'end_of_agency_contract' : rng.weighted(C.STAFF_LEAVE_REASONS)) : null,
        team_id: teamId,
      });
      out.push({ staffId, start: Math.max(start, simStart - 3650), end: end <= asOf ? end : INF });
      void councilIndex;
      t = end + (manager ? rng.int(0, 20) : rng.int(0, 45));
    }
    return out;
  }

  function jobTitle(rng: Random, kind: TeamKind, manager: boolean): string {
    if (manager) return kind === 'iro' ? 'IRO Service Manager' : 'Team Manager';
    switch (kind) {
      case 'iro':
        return rng.chance(0.6) ? 'Independent Reviewing Officer' : 'Child Protection Chair';
      case 'leaving_care':
        return 'Personal Adviser';
      case 'early_help':
        return 'Early Help Practitioner';
      case 'quality_assurance':
        return 'Quality Assurance Officer';
      case 'performance':
        return 'Performance Analyst';
      default:
        return rng.weighted([['Social Worker', 55], ['Senior Social Worker', 25], ['Advanced Practitioner', 8], ['Newly Qualified Social Worker (ASYE)', 12]] as const);
    }
  }

  function activeIn(stints: Stint[], day: number, rng: Random, exclude = -1): Stint | undefined {
    let count = 0;
    let chosen: Stint | undefined;
    for (const s of stints) {
      if (s.start <= day && s.end > day && s.staffId !== exclude) {
        count++;
        if (rng.next() * count < 1) chosen = s;
      }
    }
    return chosen;
  }

  function teamFor(council: Council, kind: TeamKind, childKey: number): TeamInfo {
    const list = council.teams.get(kind)!;
    return list[childKey % list.length]!;
  }

  function staffAt(council: Council, kind: TeamKind, day: number, rng: Random, manager = false): number | null {
    const team = teamFor(council, kind, rng.int(0, 99));
    const s = activeIn(manager ? team.managers : team.stints, day, rng) ?? activeIn(team.managers, day, rng);
    return s ? s.staffId : null;
  }

  // ---------------------------------------------------------------- children

  const teamKindById = new Map<number, string>();
  for (const t of tables.team) teamKindById.set(t.id as number, t.kind as string);
  function kindOfTeam(id: number): string {
    return teamKindById.get(id) ?? 'team';
  }


  for (const council of built) {
    const arrivals = new Random(mixSeed(seed, 2, council.index));
    const perYear = target.referrals * share * tune.arrivalFactor;
    let t = simStart;
    let seq = 0;
    for (;;) {
      t += arrivals.exponential(YEAR / perYear);
      const day = Math.floor(t);
      if (day > asOf) break;
      seq++;
      simulateChild(council, new Random(mixSeed(seed, 3, council.index, seq)), day, seq);
    }
    // Children known only through contacts (no referral), inside the window.
    const contactOnly = Math.round(target.referrals * share * years * 0.9);
    const rngC = new Random(mixSeed(seed, 4, council.index));
    for (let i = 0; i < contactOnly; i++) contactOnlyChild(council, new Random(mixSeed(seed, 5, council.index, i)), windowStart + Math.floor(rngC.next() * (asOf - windowStart + 1)));
  }

  interface Buffer {
    rows: [TableName, AnyRow][];
    last: number;
  }

  function push(buf: Buffer, table: TableName, row: AnyRow): AnyRow {
    buf.rows.push([table, row]);
    return row;
  }

  function commit(buf: Buffer): void {
    for (const [t, r] of buf.rows) tables[t].push(r);
  }

  function nextUpnSerial(laCode: string, year: number): number {
    const key = `${laCode}/${year}`;
    const n = upnSerials.get(key) ?? 0;
    upnSerials.set(key, n + 1);
    return n;
  }

  function newChild(council: Council, rng: Random, buf: Buffer, dob: number, firstDay: number, opts: { uasc?: boolean } = {}): AnyRow {
    const id = ids.take('child');
    const born = dob <= asOf;
    // An unborn child's sex is not known (U; CIN rule 8750).
    const sex = !born ? 'U' : opts.uasc ? (rng.chance(0.9) ? 'M' : 'F') : firstDay >= FIRST_DAY_2024_25 && rng.chance(0.004) ? 'U' : rng.chance(0.52) ? 'M' : 'F';
    const family = N.familyName(rng);
    const disabilities: string[] = [];
    if (rng.chance(0.09)) {
      disabilities.push(rng.pick(C.DISABILITIES));
      if (rng.chance(0.3)) {
        const d2 = rng.pick(C.DISABILITIES);
        if (!disabilities.includes(d2)) disabilities.push(d2);
      }
    }
    const ethnicity = opts.uasc ? rng.weighted(C.ETHNICITY_UASC) : rng.weighted(C.ETHNICITY);
    // A UPN from age 3 (nursery), unique in the council (CIN rule 1520); without one, the reason (CIN 8770Q):
    // UN1 under 6 and not yet in school, UN2 an asylum-seeking child who has never attended a state school here.
    const age3 = birthdayDay(dob, 3);
    const hasUpn = born && age3 <= asOf && !opts.uasc;
    const child: AnyRow = {
      id,
      la_code: council.laCode,
      person_ref: `P${council.laCode}${String(id).padStart(7, '0')}`,
      upn: hasUpn ? N.upn(council.laCode, partsFromDay(age3)[0], nextUpnSerial(council.laCode, partsFromDay(age3)[0])) : null,
      upn_unknown: hasUpn ? null : opts.uasc ? 'UN2' : 'UN1',
      former_upn: null,
      nhs_number: born ? N.nhsNumber(rng) : null,
      given_name: born ? N.givenName(rng, sex as 'M' | 'F' | 'U') : 'Unborn',
      family_name: family,
      date_of_birth: born ? iso(dob) : null,
      expected_dob: born ? null : iso(dob),
      sex,
      ethnicity,
      disabilities: disabilities.join(','),
      uasc: Boolean(opts.uasc),
      uasc_ceased: opts.uasc && birthdayDay(dob, 18) <= asOf ? iso(birthdayDay(dob, 18)) : null,
      date_of_death: null,
      restricted: rng.chance(0.003),
    };
    push(buf, 'child', child);
    // Family and home.
    const motherDob = dob - Math.round(rng.int(17, 40) * YEAR) - rng.int(0, 364);
    push(buf, 'related_person', {
      id: ids.take('related_person'), child_id: id, related_child_id: null, given_name: N.givenName(rng, 'F'), family_name: rng.chance(0.7) ? family : N.familyName(rng),
      date_of_birth: iso(motherDob), relationship: 'mother', parental_responsibility: true, lives_with_child: !opts.uasc && rng.chance(0.85),
    });
    if (!opts.uasc && rng.chance(0.75)) {
      push(buf, 'related_person', {
        id: ids.take('related_person'), child_id: id, related_child_id: null, given_name: N.givenName(rng, 'M'), family_name: family,
        date_of_birth: iso(motherDob - rng.int(0, 3000)), relationship: 'father', parental_responsibility: rng.chance(0.7), lives_with_child: rng.chance(0.4),
      });
    }
    if (!opts.uasc && rng.chance(0.15)) {
      push(buf, 'related_person', {
        id: ids.take('related_person'), child_id: id, related_child_id: null, given_name: N.givenName(rng, 'F'), family_name: N.familyName(rng),
        date_of_birth: iso(motherDob - Math.round(rng.int(18, 30) * YEAR)), relationship: 'grandparent', parental_responsibility: false, lives_with_child: rng.chance(0.2),
      });
    }
    let from = Math.min(firstDay, Math.max(dob, firstDay - rng.int(30, 3000)));
    const moves = rng.chance(0.3) ? rng.int(1, 2) : 0;
    for (let m = 0; m <= moves; m++) {
      const a = N.address(rng, council.index);
      const end = m < moves ? Math.min(asOf, from + rng.int(200, 1500)) : null;
      push(buf, 'address', { id: ids.take('address'), child_id: id, line1: a.line1, town: a.town, postcode: a.postcode, start_date: iso(from), end_date: end === null ? null : iso(end) });
      if (end === null || end >= asOf) break;
      from = end + 1;
    }
    return child;
  }

  function contactOnlyChild(council: Council, rng: Random, day: number): void {
    const buf: Buffer = { rows: [], last: day };
    const age = rng.int(0, 17);
    const dob = day - Math.round(age * YEAR) - rng.int(0, 364);
    const child = newChild(council, rng, buf, dob, day);
    const n = rng.chance(0.25) ? 2 : 1;
    let d = day;
    for (let i = 0; i < n && d <= asOf; i++) {
      const decision = rng.weighted([['nfa', 45], ['information_advice', 32], ['early_help', 23]] as const);
      const decided = Math.min(asOf, d + rng.int(0, 1));
      push(buf, 'contact', {
        id: ids.take('contact'), child_id: child.id, la_code: council.laCode, contact_date: iso(d), source: rng.weighted(C.CONTACT_SOURCE), summary: '',
        decision, decision_date: iso(decided), decided_by: staffAt(council, 'front_door', decided, rng),
      });
      if (decision === 'early_help') earlyHelp(council, rng, buf, child.id as number, decided, 'contact');
      d += rng.int(30, 400);
    }
    commit(buf);
  }

  function earlyHelp(council: Council, rng: Random, buf: Buffer, childId: number, start: number, origin: 'contact' | 'step_down' | 'other'): void {
    if (start > asOf) return;
    const end = start + Math.round(rng.logNormal(150, 0.5));
    const team = teamFor(council, 'early_help', childId);
    push(buf, 'early_help_episode', {
      id: ids.take('early_help_episode'), child_id: childId, start_date: iso(start), end_date: end <= asOf ? iso(end) : null, origin,
      end_reason: end <= asOf ? rng.weighted([['needs_met', 65], ['step_up', 8], ['moved_away', 5], ['declined', 10], ['other', 12]] as const) : null, team_id: team.id,
    });
    buf.last = Math.max(buf.last, Math.min(end, asOf + 1));
  }

  /** The child's allocation segments: which kind of team holds the case when. */
  interface Segment {
    kind: TeamKind;
    start: number;
    end: number;
  }

  interface Journey {
    council: Council;
    rng: Random;
    buf: Buffer;
    child: AnyRow;
    childId: number;
    dob: number;
    home: string;
    segments: Segment[];
    visits: AnyRow[];
    hadCpPlan: boolean;
    everInCare: boolean;
    disabled: boolean;
    died: number | null;
    /** Adopted from care: the record ends there (an adopted child who is referred again has a new identity). */
    adopted: boolean;
  }

  function age(j: Journey, day: number): number {
    return (day - j.dob) / YEAR;
  }
  function birthday(j: Journey, years: number): number {
    return birthdayDay(j.dob, years);
  }

  function setSegment(j: Journey, kind: TeamKind, day: number): void {
    const last = j.segments[j.segments.length - 1];
    if (last && last.end === INF) {
      if (last.kind === kind) return;
      // A case that moves on the day it arrived was never held by the first team.
      if (last.start === day) {
        last.kind = kind;
        return;
      }
      last.end = day;
    }
    j.segments.push({ kind, start: day, end: INF });
  }
  function closeSegments(j: Journey, day: number): void {
    const last = j.segments[j.segments.length - 1];
    if (last && last.end === INF) last.end = day;
  }

  function caseKind(j: Journey, kind: TeamKind): TeamKind {
    return j.disabled && (kind === 'long_term' || kind === 'assessment') ? 'disabled_children' : kind;
  }

  function inWindow(day: number): boolean {
    return day >= windowStart && day <= asOf;
  }

  function visitsEvery(j: Journey, kind: 'cin' | 'cp' | 'cla' | 'care_leaver', from: number, to: number, meanGap: number): void {
    const a = age(j, from);
    let d = Math.max(from + Math.round(meanGap * 0.5), windowStart);
    if (d < from) d = from;
    const stop = Math.min(to, asOf);
    while (d <= stop) {
      if (d >= windowStart) {
        // A visit before the birth (a pre-birth plan) sees the parents, never the child.
        const seen = d >= j.dob && j.rng.chance(0.93);
        j.visits.push({ id: 0, child_id: j.childId, kind, visit_date: iso(d), staff_id: null, child_seen: seen, seen_alone: seen && a >= 4 && j.rng.chance(0.62) });
      }
      d += Math.max(3, Math.round(j.rng.normal(meanGap, meanGap * 0.2)));
    }
  }

  function simulateChild(council: Council, rng: Random, firstDay: number, seq: number): void {
    const snap = ids.snapshot();
    const buf: Buffer = { rows: [], last: firstDay };
    const uasc = rng.chance(0.006);
    const ageYears = uasc ? rng.int(14, 17) : rng.weighted([[-1, 2], [0, 11], [1, 5], [2, 5], [3, 5], [4, 5], [5, 5], [6, 5], [7, 5], [8, 5], [9, 5], [10, 5.5], [11, 5.5], [12, 6], [13, 6.5], [14, 7], [15, 7], [16, 5], [17, 3]] as const);
    const dob = ageYears < 0 ? firstDay + rng.int(20, 150) : firstDay - Math.round(ageYears * YEAR) - rng.int(0, 364);
    const child = newChild(council, rng, buf, dob, firstDay, { uasc });
    const homeRow = buf.rows.find(([t]) => t === 'address');
    const j: Journey = {
      council, rng, buf, child, childId: child.id as number, dob, home: homeRow ? (homeRow[1].postcode as string) : N.postcode(rng, council.index),
      segments: [], visits: [], hadCpPlan: false, everInCare: false, disabled: (child.disabilities as string).length > 0 && rng.chance(0.6), died: null, adopted: false,
    };
    let r = firstDay;
    const eighteen = birthday(j, 18);
    let first = true;
    while (r <= asOf && r < eighteen - 30) {
      const res = referral(j, r, first && uasc);
      first = false;
      if (res.closure === INF || j.died !== null || j.adopted) break;
      if (res.leftCareAt18) break;
      const since = res.closure - r;
      const soon = j.hadCpPlan ? 0.45 : 0.28;
      const later = j.hadCpPlan ? 0.5 : 0.2;
      if (since < 330 && rng.chance(soon)) r = res.closure + rng.int(7, Math.max(8, 365 - since));
      else if (rng.chance(later)) r = res.closure + 365 + Math.round(rng.exponential(2 * YEAR));
      else break;
    }
    // Extra contacts that did not lead to a referral.
    const extra = rng.poisson(0.7);
    for (let i = 0; i < extra; i++) {
      const d = firstDay + rng.int(-400, 1500);
      if (d > asOf || d < Math.max(dob, simStart) || d >= eighteen || (j.died !== null && d > j.died)) continue;
      const decision = rng.weighted([['nfa', 60], ['information_advice', 40]] as const);
      push(buf, 'contact', {
        id: ids.take('contact'), child_id: j.childId, la_code: council.laCode, contact_date: iso(d), source: rng.weighted(C.CONTACT_SOURCE), summary: '',
        decision, decision_date: iso(d), decided_by: staffAt(council, 'front_door', d, rng),
      });
      buf.last = Math.max(buf.last, d);
    }
    if (buf.last < windowStart) {
      ids.restore(snap);
      return;
    }
    allocate(j, seq);
    commit(buf);
  }

  interface ReferralResult {
    closure: number;
    leftCareAt18: boolean;
  }

  function referral(j: Journey, r: number, uascEntry: boolean): ReferralResult {
    const { rng, council, buf } = j;
    const a = age(j, r);
    const cDay = Math.max(r - rng.int(0, 2), Math.min(r, j.dob));
    const strategyPath = !uascEntry && rng.chance(Math.min(0.7, tune.strategy * (j.hadCpPlan ? 3.5 : 1) * (a >= 16 ? 0.5 : 1)));
    const contactId = ids.take('contact');
    push(buf, 'contact', {
      id: contactId, child_id: j.childId, la_code: council.laCode, contact_date: iso(cDay), source: rng.weighted(C.CONTACT_SOURCE), summary: '',
      decision: strategyPath && rng.chance(0.4) ? 'strategy_discussion' : 'referral', decision_date: iso(r), decided_by: staffAt(council, 'front_door', r, rng),
    });
    const ref: AnyRow = {
      id: ids.take('referral'), child_id: j.childId, la_code: council.laCode, contact_id: contactId, referral_date: iso(r),
      source: uascEntry ? rng.pick(C.REFERRAL_SOURCE_UASC) : rng.weighted(C.REFERRAL_SOURCE), primary_need: null, nfa: false, closure_date: null, closure_reason: null,
    };
    push(buf, 'referral', ref);
    const refId = ref.id as number;
    let closure = INF;
    let closureReason: string = C.CLOSURE.ceased;
    let leftCareAt18 = false;
    let s47Held = false;
    let assessmentRow: AnyRow | null = null;
    const close = (day: number, reason: string) => {
      closure = day;
      closureReason = reason;
    };
    setSegment(j, caseKind(j, 'assessment'), r);

    if (uascEntry) {
      ref.primary_need = 'N1';
      const res = care(j, r, refId, 'uasc');
      ref.primary_need = 'N8';
      if (res.end === INF) return finish();
      leftCareAt18 = res.at18;
      close(res.end, res.closure);
      return finish();
    }

    if (rng.chance(0.065)) {
      ref.nfa = true;
      ref.primary_need = 'N0';
      // Closed on the day or the next: an NFA referral is not still open a year later (CIN rule 8569).
      close(r + Math.min(1, rng.int(0, 3)), C.CLOSURE.ceased);
      return finish();
    }

    // Single assessment.
    const aStart = r + rng.int(0, 2);
    const within = rng.chance(0.87);
    const wdays = within ? 6 + Math.floor(39 * Math.sqrt(rng.next())) : rng.int(46, 85);
    const authorised = addWd(aStart, wdays);
    const completed = Math.max(aStart, authorised - rng.int(0, 3));
    const seen = Math.min(completed, addWd(aStart, rng.int(1, 8)));
    const factors = new Set<string>();
    const nf = rng.int(1, 3);
    for (let i = 0; i < nf; i++) factors.add(rng.weighted(C.ASSESSMENT_FACTORS));
    // A disabled child's assessment records the disability (CIN query 8899Q).
    if ((j.child.disabilities as string).length > 0) factors.add(rng.weighted(C.ASSESSMENT_FACTORS_DISABLED));
    const assessment: AnyRow = {
      id: ids.take('assessment'), referral_id: refId, child_id: j.childId, start_date: iso(aStart), child_seen_date: seen <= asOf ? iso(seen) : null,
      completed_date: completed <= asOf ? iso(completed) : null, authorised_date: authorised <= asOf ? iso(authorised) : null,
      authorised_by: authorised <= asOf ? staffAt(council, caseKind(j, 'assessment'), authorised, rng, true) : null,
      factors: [...factors].join(','), outcome: null,
    };
    push(buf, 'assessment', assessment);
    assessmentRow = assessment;
    if (seen <= asOf && seen >= windowStart) j.visits.push({ id: 0, child_id: j.childId, kind: 'assessment', visit_date: iso(seen), staff_id: null, child_seen: seen >= j.dob, seen_alone: seen >= j.dob && a >= 5 && rng.chance(0.6) });
    const setOutcome = (o: string) => {
      if (authorised <= asOf) assessment.outcome = o;
    };

    if (strategyPath) {
      const sd = r + rng.int(0, 8);
      const s47 = rng.chance(0.88);
      const sdId = ids.take('strategy_discussion');
      if (sd > asOf) return finish();
      push(buf, 'strategy_discussion', { id: sdId, referral_id: refId, child_id: j.childId, discussion_date: iso(sd), outcome: s47 ? 's47' : 'no_s47' });
      setOutcome('strategy_discussion');
      ref.primary_need = 'N1';
      if (!s47) return afterAssessment(Math.max(authorised, sd), rng.chance(0.5) ? 'cin' : 'nfa');
      const outcome = rng.weighted(j.hadCpPlan ? ([['icpc', 85], ['no_icpc_cin', 10], ['nfa', 5]] as const) : ([['icpc', 74], ['no_icpc_cin', 16], ['nfa', 10]] as const));
      const icpcDay = rng.chance(0.83) ? addWd(sd, rng.int(4, 15)) : addWd(sd, rng.int(16, 32));
      const s47End = outcome === 'icpc' ? Math.min(icpcDay, addWd(sd, rng.int(3, 12))) : addWd(sd, rng.int(5, 20));
      const s47Id = ids.take('s47_enquiry');
      s47Held = true;
      push(buf, 's47_enquiry', {
        id: s47Id, referral_id: refId, child_id: j.childId, strategy_discussion_id: sdId, start_date: iso(sd),
        end_date: s47End <= asOf ? iso(s47End) : null, outcome: s47End <= asOf ? outcome : null,
      });
      if (outcome !== 'icpc') return afterAssessment(Math.max(authorised, s47End), outcome === 'nfa' ? 'nfa' : 'cin');
      if (icpcDay > asOf) return finish();
      const plan = rng.chance(0.88);
      const icpcId = ids.take('icpc');
      push(buf, 'icpc', { id: icpcId, s47_id: s47Id, child_id: j.childId, conference_date: iso(icpcDay), plan_decided: plan, chair_staff_id: staffAt(council, 'iro', icpcDay, rng) });
      if (!plan) return afterAssessment(Math.max(icpcDay, authorised), rng.chance(0.7) ? 'cin' : 'nfa');
      return cpPlan(icpcDay, icpcId);
    }

    // Not a strategy path: the assessment's outcome decides.
    const direct = rng.chance(tune.claDirect * (a >= 13 ? 1.3 : 1));
    if (direct) {
      setOutcome('cla');
      ref.primary_need = rng.weighted(C.PRIMARY_NEED_CIN);
      const entry = Math.min(authorised, r + rng.int(0, 20));
      return careThen(entry);
    }
    const o = rng.weighted([['nfa', 40], ['early_help', 13], ['cin', 45], ['other', 2]] as const);
    ref.primary_need = j.disabled && rng.chance(0.6) ? 'N2' : rng.weighted(C.PRIMARY_NEED_CIN);
    return afterAssessment(authorised, o === 'other' ? 'nfa' : o);

    function afterAssessment(day: number, what: 'nfa' | 'early_help' | 'cin'): ReferralResult {
      if (ref.primary_need === null) ref.primary_need = rng.weighted(C.PRIMARY_NEED_CIN);
      if (what === 'nfa') {
        if (assessment.outcome === null) setOutcome('nfa');
        // RC8 is "closed after assessment, no further action": not after a section 47 enquiry (CIN rule 2990).
        close(day, s47Held ? C.CLOSURE.ceased : C.CLOSURE.nfaAfterAssessment);
      } else if (what === 'early_help') {
        setOutcome('early_help');
        close(day, C.CLOSURE.earlyHelp);
        earlyHelp(council, rng, buf, j.childId, day, 'contact');
      } else {
        if (assessment.outcome === null) setOutcome('cin_plan');
        return cinPlan(day);
      }
      return finish();
    }

    function cinPlan(start: number, medianScale = 1): ReferralResult {
      if (start > asOf) return finish();
      setSegment(j, caseKind(j, 'long_term'), start);
      let end = start + Math.max(40, Math.round(rng.logNormal(tune.cinDurationMedian * medianScale, 0.75)));
      end = Math.min(end, birthday(j, 18) - 1);
      // No plan that would start and end on the same day (CIN query 4012Q): about to turn 18, the case closes.
      if (end <= start) {
        close(start, C.CLOSURE.adultServices);
        return finish();
      }
      push(buf, 'cin_plan', { id: ids.take('cin_plan'), referral_id: refId, child_id: j.childId, start_date: iso(start), end_date: end <= asOf ? iso(end) : null });
      visitsEvery(j, 'cin', start, end, 30);
      if (end > asOf) return finish();
      const next = rng.weighted([['close', 89], ['care', 2], ['eh', 9]] as const);
      if (next === 'care' && end < birthday(j, 17)) return careThen(end);
      if (next === 'eh') earlyHelp(council, rng, buf, j.childId, end, 'step_down');
      close(end, end >= birthday(j, 18) - 1 ? C.CLOSURE.adultServices : C.CLOSURE.ceased);
      return finish();
    }

    function cpPlan(start: number, icpcId: number): ReferralResult {
      setSegment(j, caseKind(j, 'long_term'), start);
      const category = rng.weighted(C.CP_CATEGORY);
      const planId = ids.take('cp_plan');
      const plan: AnyRow = {
        id: planId, referral_id: refId, child_id: j.childId, icpc_id: icpcId, start_date: iso(start), end_date: null,
        initial_category: category, latest_category: rng.chance(0.9) ? category : rng.weighted(C.CP_CATEGORY), end_reason: null,
      };
      push(buf, 'cp_plan', plan);
      j.hadCpPlan = true;
      const wanted = start + Math.max(40, Math.round(rng.logNormal(tune.cpDurationMedian, 0.6)));
      // Reviews at 3 months, then every 6 months; the plan ends at a review.
      let review = start + 91 + rng.int(-7, 5);
      let end = INF;
      const lastDay = birthday(j, 18) - 1;
      while (review <= asOf + 800) {
        const ends = review >= wanted || review >= lastDay;
        const rd = Math.min(review, lastDay);
        if (rd <= asOf && rd >= windowStart) {
          push(buf, 'cp_review', { id: ids.take('cp_review'), cp_plan_id: planId, child_id: j.childId, review_date: iso(rd), plan_continues: !ends, chair_staff_id: staffAt(council, 'iro', rd, rng) });
        }
        if (ends) {
          end = Math.max(rd, start);
          break;
        }
        review += 182 + rng.int(-10, 5);
      }
      for (let m = addWd(start, 10); m <= Math.min(end, asOf); m += 42 + rng.int(-7, 7)) {
        if (m >= windowStart) push(buf, 'core_group_meeting', { id: ids.take('core_group_meeting'), cp_plan_id: planId, child_id: j.childId, meeting_date: iso(m) });
      }
      visitsEvery(j, 'cp', start, end, 14);
      if (end > asOf) return finish();
      plan.end_date = iso(end);
      if (end >= lastDay) {
        plan.end_reason = 'child_reached_18';
        close(end, C.CLOSURE.adultServices);
        return finish();
      }
      const next = rng.weighted([['care', tune.cpToCare], ['cin', 0.55], ['close', 0.45 - tune.cpToCare]] as const);
      if (next === 'care') {
        plan.end_reason = 'child_looked_after';
        return careThen(end);
      }
      if (next === 'cin') {
        plan.end_reason = 'step_down_to_cin';
        return cinPlan(end, 0.6);
      }
      plan.end_reason = 'no_longer_at_risk';
      close(end, rng.chance(0.9) ? C.CLOSURE.ceased : C.CLOSURE.otherLa);
      return finish();
    }

    function careThen(entry: number): ReferralResult {
      // A pre-birth decision to accommodate takes effect at the birth: nobody is looked after before being born
      // (SSDA903 rules 301/302).
      entry = Math.max(entry, j.dob);
      if (entry > asOf) return finish();
      const res = care(j, entry, refId, 'general');
      if (res.end === INF) return finish();
      if (res.returnedHome && res.end < birthday(j, 17)) return cinPlan(res.end, 0.5);
      leftCareAt18 = res.at18;
      close(res.end, res.closure);
      return finish();
    }

    function finish(): ReferralResult {
      if (closure !== INF && closure > asOf) closure = INF;
      // A case is not closed with its assessment still open (CIN rules 8565, 8867): when a plan or care ends first
      // (at 18, say), the assessment is completed and authorised on the day the case closes.
      if (closure !== INF && assessmentRow && (assessmentRow.authorised_date === null || (assessmentRow.authorised_date as string) > iso(closure))) {
        const day = Math.max(closure, toDayNumber(assessmentRow.start_date));
        assessmentRow.authorised_date = iso(day);
        if (assessmentRow.completed_date === null || (assessmentRow.completed_date as string) > iso(day)) assessmentRow.completed_date = iso(day);
        assessmentRow.authorised_by ??= staffAt(council, caseKind(j, 'assessment'), day, rng, true);
        if (assessmentRow.child_seen_date !== null && (assessmentRow.child_seen_date as string) > iso(day)) assessmentRow.child_seen_date = iso(day);
        closure = day;
      }
      if (closure !== INF) {
        ref.closure_date = iso(closure);
        ref.closure_reason = closureReason;
        if (!leftCareAt18) closeSegments(j, closure);
        buf.last = Math.max(buf.last, closure);
      } else {
        buf.last = Math.max(buf.last, asOf + 1);
      }
      if (ref.primary_need === null) ref.primary_need = 'N0';
      return { closure, leftCareAt18 };
    }
  }

  interface CareResult {
    end: number;
    closure: string;
    returnedHome: boolean;
    at18: boolean;
  }

  function care(j: Journey, entry: number, _refId: number, kind: 'general' | 'uasc'): CareResult {
    const { rng, council, buf } = j;
    const a = age(j, entry);
    setSegment(j, 'children_in_care', entry);
    const eighteen = birthday(j, 18);
    // How the period will end, and when.
    type Exit = 'home' | 'adoption' | 'sgo' | 'cao' | 'eighteen' | 'other';
    let exit: Exit;
    if (kind === 'uasc') exit = rng.chance(0.9) ? 'eighteen' : 'other';
    else if (a < 1) exit = rng.weighted([['adoption', 34], ['home', 24], ['sgo', 22], ['cao', 4], ['eighteen', 12], ['other', 4]] as const);
    else if (a < 5) exit = rng.weighted([['adoption', 18], ['home', 38], ['sgo', 20], ['cao', 4], ['eighteen', 15], ['other', 5]] as const);
    else if (a < 10) exit = rng.weighted([['home', 48], ['sgo', 14], ['cao', 4], ['eighteen', 28], ['other', 6]] as const);
    else if (a < 16) exit = rng.weighted([['home', 50], ['sgo', 5], ['cao', 2], ['eighteen', 33], ['other', 10]] as const);
    else exit = rng.weighted([['home', 22], ['eighteen', 68], ['other', 10]] as const);
    let end: number;
    switch (exit) {
      case 'home': end = entry + Math.max(7, Math.round(rng.logNormal(200, 0.9))); break;
      case 'adoption': end = entry + Math.round(rng.normal(820, 150)); break;
      case 'sgo': case 'cao': end = entry + Math.max(120, Math.round(rng.logNormal(600, 0.4))); break;
      case 'eighteen': end = eighteen; break;
      default: end = entry + Math.max(7, Math.round(rng.logNormal(300, 0.8)));
    }
    if (end >= eighteen) {
      end = eighteen;
      exit = 'eighteen';
    }
    end = Math.max(end, entry + 1);
    let died = false;
    if (rng.chance(0.002)) {
      died = true;
      end = entry + rng.int(10, Math.max(11, end - entry));
      // No adoption for a child who dies in care (SSDA903 rules 151, 602).
      if (exit === 'adoption') exit = 'other';
    }
    const periodId = ids.take('care_period');
    push(buf, 'care_period', { id: periodId, child_id: j.childId, la_code: council.laCode, start_date: iso(entry), end_date: end <= asOf ? iso(end) : null });
    // The SSDA903 asks for the previous permanence arrangement (Z1 when there was none) at every new period of care.
    if (!j.everInCare) {
      // An earlier adoption, SGO or residence order was made before this care began, after the birth (rule 632).
      const permDay = entry - rng.int(300, 2000);
      const arr = permDay > j.dob ? rng.weighted(C.PREVIOUS_PERMANENCE) : 'Z1';
      push(buf, 'previous_permanence', { child_id: j.childId, arrangement: arr, la_code: arr === 'Z1' ? null : council.laCode, permanence_date: arr === 'Z1' ? null : iso(permDay) });
    }
    j.everInCare = true;

    // Adoption plan. Adopted by the current foster carers (placement A5, AD1 FOSTER_CARE 1) or not (A6).
    let placedForAdoption = INF;
    let fosterCarerAdoption = exit === 'adoption' && rng.chance(0.15);
    let adoptionRow: AnyRow | null = null;
    if (exit === 'adoption') {
      const decision = entry + rng.int(110, 200);
      const order = decision + rng.int(120, 240);
      const matched = order + rng.int(60, 150);
      // Never before the decision that the child should be placed (SSDA903 rule 553); when care ends too soon
      // after the decision for that, the child is simply not placed (the E1 change below needs placedForAdoption < end).
      placedForAdoption = Math.max(decision + 30, Math.min(matched + rng.int(14, 50), end - 70));
      const ceases = rng.chance(0.08);
      if (decision <= asOf) {
        push(buf, 'adoption_plan', {
          id: ids.take('adoption_plan'), child_id: j.childId, decision_date: iso(decision),
          placement_order_date: order <= asOf && !ceases ? iso(order) : null, matched_date: matched <= asOf && !ceases ? iso(matched) : null,
          placed_date: placedForAdoption <= asOf && !ceases ? iso(placedForAdoption) : null, adopted_date: end <= asOf && !ceases ? iso(end) : null,
          ceased_date: ceases && decision + 250 <= asOf ? iso(decision + 250) : null, ceased_reason: ceases && decision + 250 <= asOf ? rng.pick(C.REASON_PLACED_CEASED) : null,
          adopters_count: ceases ? null : null, adopters_sex: null, adopters_legal_status: null, foster_carer_adoption: null,
        });
        const row = buf.rows[buf.rows.length - 1]![1];
        adoptionRow = row;
        if (!ceases && matched <= asOf) {
          const sex = rng.weighted(C.ADOPTERS_SEX);
          row.adopters_count = sex.length === 2 && sex[1] !== '1' ? 2 : 1;
          row.adopters_sex = sex;
          row.adopters_legal_status = rng.weighted(C.adoptersLegalStatus(sex));
          row.foster_carer_adoption = fosterCarerAdoption;
        }
      }
      if (ceases) {
        placedForAdoption = INF;
        exit = 'sgo';
      }
    }

    // Placement changes: most children are settled, some move often.
    const stable = kind === 'uasc' ? rng.chance(0.7) : rng.chance(0.83);
    const rate = stable ? 0.06 : 2.0;
    // Changes after entry: placement moves, legal status changes, the adoption placement. Changes on the same
    // day are merged (a placement move and a legal change together is RNE B).
    type Change = { day: number; place: boolean; legalTo: string | null; adopt: boolean };
    const changes: Change[] = [];
    let t = entry;
    for (;;) {
      const firstYear = t - entry < 365;
      t += Math.max(7, Math.round(rng.exponential(YEAR / (rate * (firstYear ? 1.4 : 1)))));
      if (t >= end || t > asOf) break;
      if (t >= placedForAdoption - 14) break;
      changes.push({ day: t, place: true, legalTo: null, adopt: false });
    }
    // Legal status: police protection (L1) lasts at most 3 days and an emergency protection order (L2) at most
    // 21, then the child is accommodated (V2) or an interim care order (C1) is made; an interim order becomes a
    // full care order (C2) unless the child goes home first. PACE accommodation (J2) only from age 10.
    let legal = kind === 'uasc' ? 'V2' : rng.weighted(C.LEGAL_STATUS_ENTRY);
    if (a >= 17 && legal !== 'V2') legal = 'V2';
    if (legal === 'J2' && a < 10) legal = 'V2';
    const legalChange = (day: number, to: string) => {
      if (day < end && day <= asOf && day < placedForAdoption) changes.push({ day, place: false, legalTo: to, adopt: false });
    };
    let afterEmergency = legal;
    if (legal === 'L1' || legal === 'L2') {
      afterEmergency = rng.chance(legal === 'L1' ? 0.6 : 0.7) ? 'C1' : 'V2';
      legalChange(entry + (legal === 'L1' ? rng.int(1, 3) : rng.int(3, 21)), afterEmergency);
    }
    // PACE accommodation lasts hours or days at most (SSDA903 rule 364: no more than 21 days).
    if (legal === 'J2') legalChange(entry + rng.int(1, 3), 'V2');
    if (afterEmergency === 'C1' && exit !== 'home') legalChange(entry + rng.int(150, 330), 'C2');
    if (placedForAdoption < end && placedForAdoption <= asOf) changes.push({ day: placedForAdoption, place: true, legalTo: 'E1', adopt: true });
    changes.sort((x, y) => x.day - y.day);
    const uniq: Change[] = [];
    for (const c of changes) {
      const last = uniq[uniq.length - 1];
      if (last && last.day === c.day) {
        last.place ||= c.place;
        last.adopt ||= c.adopt;
        if (c.legalTo && !last.adopt) last.legalTo = c.legalTo;
      } else uniq.push({ ...c });
    }

    const need = kind === 'uasc' ? 'N8' : rng.weighted(C.CLA_NEED);
    // Placed with parents (P1) only under a care order: never while accommodated (V2, rule 378) or in an emergency.
    const placementKind = (day: number, ls: string): C.PlacementKind => {
      const ag = age(j, day);
      const k = placementKindByAge(ag);
      return k === 'parents' && ls !== 'C1' && ls !== 'C2' ? 'foster' : k;
    };
    const placementKindByAge = (ag: number): C.PlacementKind => {
      if (kind === 'uasc') return ag >= 16 ? (rng.chance(0.7) ? 'independent' : 'foster') : rng.chance(0.8) ? 'foster' : 'residential';
      if (ag < 10) return rng.weighted([['foster', 88], ['parents', 4], ['residential', 2], ['other', 6]] as const);
      if (ag < 16) return rng.weighted([['foster', 70], ['residential', 22], ['other', 5], ['parents', 3]] as const);
      return rng.weighted([['foster', 45], ['independent', 33], ['residential', 17], ['other', 5]] as const);
    };
    let place = { type: '', provider: null as string | null, postcode: '', urn: null as string | null };
    const newPlacement = (day: number, ls: string, adopt: boolean) => {
      const k = placementKind(day, ls);
      const y = collectionYearOfDay(day);
      const type = adopt ? (fosterCarerAdoption ? 'A5' : 'A6') : rng.weighted(C.placementOptionsForAge(k, y, age(j, day)));
      // (random draws in the same order as before: provider, postcode, residential URN)
      const provider = C.placementProvider(rng, k, type);
      let postcode = k === 'parents' ? j.home : rng.chance(0.65) ? N.postcode(rng, council.index) : N.distantPostcode(rng);
      // A children's home has its own URN; foster care, adoption and supported accommodation carry their provider's
      // (the council's service for PR1, an agency otherwise: SSDA903 rule 218); places Ofsted does not register none.
      const urn = k === 'residential' && !C.NO_OFSTED_URN.has(type) ? `SC${String(rng.int(400000, 999999))}`
        : provider && !/^(P1|P3|R1|R2|R5|T[0-4]|Z1\d?)$/.test(type) ? agencyUrn(council.laCode, provider) : null;
      // The council's own provision other than foster care and adoption is in its own area (rule 1015).
      if (provider === 'PR1' && !/^[UA]\d$/.test(type)) postcode = ownAreaPostcode(postcode, council.index);
      place = { type, provider, postcode, urn };
    };
    newPlacement(entry, legal, false);
    let epStart = entry;
    let rne = 'S';
    let changeReason: string | null = null;
    for (let i = 0; i <= uniq.length; i++) {
      const next = uniq[i];
      const epEnd = next ? next.day : end;
      const rec = next ? C.REASON_CEASED.transfer : recFor(rng, exit, died, epEnd, place.type);
      const row: AnyRow = {
        id: ids.take('cla_episode'), care_period_id: periodId, child_id: j.childId, start_date: iso(epStart), end_date: epEnd <= asOf ? iso(epEnd) : null,
        reason_new_episode: rne, legal_status: legal, category_of_need: need, placement_type: place.type, placement_provider: place.provider,
        placement_postcode: place.postcode, home_postcode: j.home, provider_urn: place.urn,
        placement_intended_until_18: exit === 'eighteen' && epStart - entry > 365 && place.type.startsWith('U'),
        reason_ceased: epEnd <= asOf ? rec : null, reason_place_change: changeReason,
      };
      push(buf, 'cla_episode', row);
      if (!next || next.day > asOf) break;
      changeReason = null;
      const legalChanged = next.legalTo !== null && next.legalTo !== legal;
      if (next.legalTo) legal = next.legalTo;
      if (next.adopt && fosterCarerAdoption && !place.type.startsWith('U')) {
        // Adoption by the current carers only from a foster placement (SSDA903 rule 336): otherwise new adopters.
        fosterCarerAdoption = false;
        if (adoptionRow?.foster_carer_adoption === true) adoptionRow.foster_carer_adoption = false;
      }
      if (next.adopt) {
        // Placed for adoption: with the current foster carers the carers stay the same (U with the change to E1,
        // T without one); otherwise new carers (B, or P). SSDA903 rules 434–436.
        rne = fosterCarerAdoption ? (legalChanged ? 'U' : 'T') : (legalChanged ? 'B' : 'P');
        newPlacement(next.day, legal, true);
        changeReason = 'PLACE';
      } else if (next.place) {
        rne = next.legalTo ? 'B' : 'P';
        // A move is to a different placement (rules 435/436): placed with parents twice is the same home.
        const was = place;
        for (let k = 0; k < 20 && place.type === was.type && place.postcode === was.postcode && place.urn === was.urn && place.provider === was.provider; k++) newPlacement(next.day, legal, false);
        changeReason = rng.weighted(C.REASON_PLACE_CHANGE);
      } else {
        rne = 'L';
      }
      epStart = next.day;
    }
    if (exit === 'adoption' && !died && end <= asOf) j.adopted = true;
    if (died && end <= asOf) {
      j.died = end;
      j.child.date_of_death = iso(Math.max(end, j.dob));
    }

    // Reviews: 20 working days, then 3 months, then every 6 months.
    let rv = addWd(entry, 20);
    let step = 0;
    while (rv <= Math.min(end, asOf)) {
      if (rv >= windowStart) {
        push(buf, 'cla_review', {
          id: ids.take('cla_review'), care_period_id: periodId, child_id: j.childId, review_date: iso(rv),
          participation: age(j, rv) < 4 ? 'PN0' : rng.weighted(C.PARTICIPATION), iro_staff_id: staffAt(council, 'iro', rv, rng),
        });
      }
      rv += (step === 0 ? 91 : 182) + rng.int(-10, 3);
      step++;
    }
    visitsEvery(j, 'cla', entry, end, 40);
    healthAndEducation(j, entry, end);
    if (age(j, entry) >= 11 || end - entry > 3 * YEAR) missing(j, entry, end);

    const at18 = exit === 'eighteen' && !died;
    const longEnough = end - Math.max(entry, birthday(j, 14)) >= 91;
    if (!died && age(j, end) >= 16 && longEnough) careLeaver(j, end, at18);
    buf.last = Math.max(buf.last, end > asOf ? asOf + 1 : end);
    return {
      end: end > asOf ? INF : end,
      closure: died ? C.CLOSURE.died : exit === 'adoption' ? C.CLOSURE.adopted : exit === 'sgo' ? C.CLOSURE.sgo : exit === 'cao' ? C.CLOSURE.childArrangements : exit === 'eighteen' ? C.CLOSURE.ceased : C.CLOSURE.ceased,
      returnedHome: exit === 'home' && !died,
      at18,
    };
  }

  function recFor(rng: Random, exit: string, died: boolean, day: number, placeType: string): string {
    if (died) return C.REASON_CEASED.died;
    switch (exit) {
      case 'home': return C.REASON_CEASED.home;
      case 'adoption': return C.REASON_CEASED.adoption;
      case 'sgo': return rng.weighted(C.sgoReasonCeased(collectionYearOfDay(day), placeType.startsWith('U')));
      case 'cao': return C.REASON_CEASED.cao;
      case 'eighteen': return C.REASON_CEASED.eighteen;
      default: return C.REASON_CEASED.other;
    }
  }

  function healthAndEducation(j: Journey, entry: number, end: number): void {
    const { rng, buf } = j;
    const stop = Math.min(end, asOf);
    const ev = (kind: string, day: number, score: number | null = null) => {
      if (day >= windowStart && day <= stop) push(buf, 'health_event', { id: ids.take('health_event'), child_id: j.childId, kind, event_date: iso(day), score });
    };
    ev('initial_health_assessment', addWd(entry, rng.int(10, 35)));
    // Yearly checks after each full year in care.
    for (let y = entry + 300; y <= stop; y += 365) {
      const a = age(j, y);
      if (rng.chance(0.905)) ev('review_health_assessment', y + rng.int(0, 60));
      if (a < 5 && rng.chance(0.8)) ev('review_health_assessment', y + 182 + rng.int(0, 30));
      if (a >= 1 && rng.chance(0.815)) ev('dental_check', y + rng.int(0, 60));
      if (rng.chance(0.85)) ev('immunisations_up_to_date', y + rng.int(0, 60));
      if (a >= 4 && a < 17 && rng.chance(0.78)) ev('sdq', y + rng.int(0, 60), Math.max(0, Math.min(40, Math.round(rng.normal(13.5, 6)))));
      if (a >= 12 && rng.chance(0.04)) ev('substance_misuse', y + rng.int(0, 300));
      if (a >= 10 && rng.chance(0.03)) ev('conviction', y + rng.int(0, 300));
    }
    // Termly personal education plans for school-age children.
    for (let d = entry + rng.int(10, 60); d <= stop; d += 120 + rng.int(-10, 10)) {
      const a = age(j, d);
      if (a >= 3 && a < 18 && d >= windowStart) push(buf, 'education_plan', { id: ids.take('education_plan'), child_id: j.childId, plan_date: iso(d) });
    }
  }

  function missing(j: Journey, entry: number, end: number): void {
    const { rng, buf } = j;
    if (!rng.chance(0.13)) return;
    const perYear = rng.logNormal(2.5, 0.8);
    let d = entry;
    let back = entry;
    for (;;) {
      // Episodes do not overlap (SSDA903 rule 574): the next one starts after the last one ended.
      d = Math.max(d, back) + Math.max(1, Math.round(rng.exponential(YEAR / perYear)));
      // A child missing when care ends would leave care with REC E8 (SSDA903 rule 580): these episodes are over by
      // the day before care ends.
      if (d >= end || d > asOf) break;
      if (age(j, d) < 10 || d < windowStart) continue;
      back = Math.min(end - 1, d + rng.weighted([[0, 40], [1, 35], [2, 12], [3, 8], [7, 5]] as const));
      const ended = back <= asOf;
      const offered = ended && rng.chance(0.9);
      const accepted = offered && rng.chance(0.65);
      const rhi = accepted ? back + rng.weighted([[0, 20], [1, 35], [2, 25], [3, 10], [6, 10]] as const) : null;
      push(buf, 'missing_episode', {
        id: ids.take('missing_episode'), child_id: j.childId, kind: rng.chance(0.85) ? 'missing' : 'away', start_date: iso(d), end_date: ended ? iso(back) : null,
        rhi_offered: ended ? offered : null, rhi_accepted: ended ? accepted : null, rhi_date: rhi !== null && rhi <= asOf ? iso(rhi) : null,
      });
    }
  }

  function careLeaver(j: Journey, left: number, at18: boolean): void {
    const { rng, buf } = j;
    const b16 = birthday(j, 16);
    const b21 = birthday(j, 21);
    for (let d = Math.max(b16, left - 365) + rng.int(0, 40); d < b21 && d <= asOf; d += 182 + rng.int(-10, 10)) {
      if (d >= windowStart) push(buf, 'pathway_plan', { id: ids.take('pathway_plan'), child_id: j.childId, plan_date: iso(d) });
    }
    for (let y = 17; y <= 21; y++) {
      // Around the birthday, inside the OC3 window (3 months before to 1 month after); for a birthday on or after
      // leaving care (no OC3 information for one still looked after on the birthday), so a contact for the 18th
      // birthday of a young person leaving care that day may come in the months before it.
      const d = birthday(j, y) + rng.int(-60, 28);
      if (birthday(j, y) < left || d > asOf || d < windowStart) continue;
      const inTouch = rng.weighted(C.IN_TOUCH);
      const yes = inTouch === 'YES';
      // Not a foyer for a contact at the 17th or 18th birthday: the young person is under 18 at the start of
      // that collection year (SSDA903 rule 347); not staying put with former foster carers (Z) at 17 (rule 3001).
      let accType = rng.weighted(C.ACCOMMODATION_TYPE);
      while ((accType === 'T' && y <= 18) || (accType === 'Z' && y === 17)) accType = rng.weighted(C.ACCOMMODATION_TYPE);
      const suitable = rng.chance(0.88);
      push(buf, 'care_leaver_contact', {
        id: ids.take('care_leaver_contact'), child_id: j.childId, contact_date: iso(d), in_touch: inTouch,
        activity: yes ? rng.weighted(C.activityOptions(collectionYearOfDay(d))) : '0', accommodation: yes ? `${accType}${suitable ? 1 : 2}` : '0', accommodation_suitable: yes ? suitable : null,
      });
    }
    if (at18) {
      // The leaving care team holds the case from 18 to 21.
      setSegment(j, 'leaving_care', left);
      closeSegments(j, b21);
      visitsEvery(j, 'care_leaver', left, b21, 60);
      buf.last = Math.max(buf.last, Math.min(b21, asOf + 1));
    }
  }

  function allocate(j: Journey, seq: number): void {
    const { rng, buf, council } = j;
    const allocs: { staffId: number; start: number; end: number }[] = [];
    let prevTeam: number | null = null;
    for (const seg of j.segments) {
      if (seg.start > asOf) break;
      const team = teamFor(council, seg.kind, seq);
      const segEnd = seg.end > asOf ? INF : seg.end;
      // A case opened and closed on one day is not allocated (SSDA903 SW09STG2: no social worker episode under a day).
      if (seg.end <= seg.start) continue;
      if (prevTeam !== null && prevTeam !== team.id && allocs.length && allocs[allocs.length - 1]!.end === seg.start) {
        push(buf, 'team_transfer', { id: ids.take('team_transfer'), child_id: j.childId, from_team_id: prevTeam, to_team_id: team.id, transfer_date: iso(seg.start), rule: `${kindOfTeam(prevTeam)}_to_${seg.kind}` });
      }
      let cur = seg.start;
      let startReason: string = allocs.length && allocs[allocs.length - 1]!.end === seg.start ? C.ALLOCATION_REASON.transfer : C.ALLOCATION_REASON.newCase;
      let excl = -1;
      for (;;) {
        const s = activeIn(team.stints, cur, rng, excl) ?? activeIn(team.managers, cur, rng, excl) ?? activeIn(team.stints, cur, rng) ?? activeIn(team.managers, cur, rng);
        if (!s) break;
        const manage = cur + Math.max(1, Math.round(rng.exponential(3 * YEAR)));
        const stop = Math.min(segEnd, s.end, manage);
        const endReason = stop === segEnd ? (segEnd === INF ? null : seg === j.segments[j.segments.length - 1] || j.segments[j.segments.indexOf(seg) + 1]?.start !== seg.end ? C.ALLOCATION_REASON.caseClosed : C.ALLOCATION_REASON.transfer) : stop === s.end ? C.ALLOCATION_REASON.workerLeft : C.ALLOCATION_REASON.managerDecision;
        const realStop = stop > asOf ? INF : stop;
        buf.rows.push(['allocation', {
          id: ids.take('allocation'), child_id: j.childId, staff_id: s.staffId, team_id: team.id, start_date: iso(cur), end_date: realStop === INF ? null : iso(realStop),
          start_reason: startReason, end_reason: realStop === INF ? null : endReason,
        }]);
        allocs.push({ staffId: s.staffId, start: cur, end: realStop });
        if (realStop === INF || stop === segEnd) break;
        startReason = stop === s.end ? C.ALLOCATION_REASON.workerLeft : C.ALLOCATION_REASON.managerDecision;
        excl = s.staffId;
        cur = stop;
      }
      prevTeam = team.id;
    }
    // Visits are made by the worker allocated on the day.
    if (j.visits.length) {
      j.visits.sort((x, y) => (x.visit_date as string).localeCompare(y.visit_date as string));
      let k = 0;
      for (const v of j.visits) {
        const d = toDayNumber(v.visit_date);
        while (k < allocs.length - 1 && allocs[k]!.end <= d) k++;
        const al = allocs[k];
        v.staff_id = al && al.start <= d ? al.staffId : null;
        v.id = ids.take('visit');
        buf.rows.push(['visit', v]);
      }
    }
  }

  return {
    options: { size, years, seed, councils, asOf: asOfIso, scale },
    windowStart: iso(windowStart),
    tables,
  };
}

/** Row counts per table. */
export function tableCounts(b: SynthBorough): Record<string, number> {
  return Object.fromEntries(TABLE_ORDER.map((t) => [t, b.tables[t].length]));
}
