/**
 * What an SSDA903 rule is, the context it runs in, and date helpers on day numbers.
 */
import { partsFromDay } from '../../domain/dates.ts';
import type { Ssda903Table } from '../../domain/codes/ssda903.ts';
import type { Failure } from '../validation-report.ts';
import { daysFromCivil, type Row, type Tables } from './read.ts';
import { RULE_INFO } from './rule-info.ts';
import type { Derived, ReferenceData, ReferenceNeed } from './reference.ts';

export interface Ctx {
  readonly year: number;
  /** Collection start and end as day numbers (1 April, 31 March). */
  readonly start: number;
  readonly end: number;
  readonly cur: Tables;
  readonly prev: Tables | null;
  rows(t: Ssda903Table): readonly Row[];
  prevRows(t: Ssda903Table): readonly Row[];
  of(t: Ssda903Table, child: string): readonly Row[];
  prevOf(t: Ssda903Table, child: string): readonly Row[];
  has(t: Ssda903Table): boolean;
  hasPrev(t: Ssda903Table): boolean;
  /** The child's episodes this year, sorted by DECOM (then file order). */
  episodes(child: string): readonly Row[];
  prevEpisodes(child: string): readonly Row[];
  /** The child's episodes in the files of years before last year's, when supplied (else none), sorted by DECOM. */
  earlierEpisodes(child: string): readonly Row[];
  /** The child's Header row this year. */
  header(child: string): Row | undefined;
  /** DOB from Header. */
  dob(child: string): number | null;
  /** The child's Header row last year. */
  prevHeader(child: string): Row | undefined;
  /** The child's social worker episodes this year / last year, sorted by SW_DECOM (then file order). Built once. */
  sw(child: string): readonly Row[];
  prevSw(child: string): readonly Row[];
  /** Reference data supplied with the files (postcodes, Ofsted providers, the council's LA code). */
  readonly ref: ReferenceData;
  /** The DfE's derived PL_LA / PL_LOCATION / PL_DISTANCE of an episode row (this year's or last year's), computed once per row. */
  derived(row: Row): Derived;
}

export interface Rule {
  readonly code: string;
  readonly message: string;
  readonly tables: readonly Ssda903Table[];
  readonly fields: readonly string[];
  /** True when the rule compares with the previous year's files (skipped without them). */
  readonly previous: boolean;
  /** Reference data the rule needs; without it the rule is reported as not run. */
  readonly needs: readonly ReferenceNeed[];
  check(ctx: Ctx): Failure[];
}

export type Emit = (table: Ssda903Table, row: Row | null, fields?: readonly string[], child?: string) => void;

/** Declares a rule: message and default fields come from the DfE rule list. */
export function rule(code: string, tables: readonly Ssda903Table[], body: (ctx: Ctx, emit: Emit) => void, opts: { previous?: boolean; fields?: readonly string[]; needs?: readonly ReferenceNeed[] } = {}): Rule {
  const info = RULE_INFO[code];
  if (!info) throw new Error(`unknown SSDA903 rule ${code}`);
  const fields = opts.fields ?? info.fields;
  return {
    code, message: info.message, tables, fields, previous: opts.previous ?? false, needs: opts.needs ?? [],
    check(ctx) {
      const out: Failure[] = [];
      body(ctx, (table, row, f, child) => {
        out.push({ rule: code, message: info.message, table, row: row ? row.n : null, child: row ? row.child : (child ?? null), fields: [...(f ?? fields)] });
      });
      return out;
    },
  };
}

// ---------------------------------------------------------------------------
// Date helpers on day numbers

const DAY = 86_400_000;
export function dayToIso(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Day number → y*10000 + m*100 + d. */
export function civil(day: number): number {
  const [y, m, d] = partsFromDay(day);
  return y * 10000 + m * 100 + d;
}
const monthLength = (y: number, m: number) => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!);

/** Same calendar date n years later (29 Feb → 28 Feb in a non-leap year). */
export function addYears(day: number, n: number): number {
  const c = civil(day);
  const y = Math.floor(c / 10000) + n, m = Math.floor(c / 100) % 100, dd = c % 100;
  return daysFromCivil(y, m, Math.min(dd, monthLength(y, m)));
}
export function addMonths(day: number, n: number): number {
  const c = civil(day);
  const total = Math.floor(c / 100) % 100 - 1 + n;
  const y = Math.floor(c / 10000) + Math.floor(total / 12), m = (((total % 12) + 12) % 12) + 1;
  return daysFromCivil(y, m, Math.min(c % 100, monthLength(y, m)));
}
/** Whole years of age on a day (birthday counts on the day; 29 Feb birthdays count on 1 March in non-leap years). */
export function age(dob: number, at: number): number {
  return Math.floor((civil(at) - civil(dob)) / 10000);
}
