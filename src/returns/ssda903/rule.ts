/**
 * What an SSDA903 rule is, the context it runs in, and date helpers on day numbers.
 */
import type { Ssda903Table } from '../../domain/codes/ssda903.ts';
import type { Failure } from '../validation-report.ts';
import type { Row, Tables } from './read.ts';
import { RULE_INFO } from './rule-info.ts';

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
  /** The child's Header row this year. */
  header(child: string): Row | undefined;
  /** DOB from Header. */
  dob(child: string): number | null;
}

export interface Rule {
  readonly code: string;
  readonly message: string;
  readonly tables: readonly Ssda903Table[];
  readonly fields: readonly string[];
  /** True when the rule compares with the previous year's files (skipped without them). */
  readonly previous: boolean;
  check(ctx: Ctx): Failure[];
}

export type Emit = (table: Ssda903Table, row: Row | null, fields?: readonly string[], child?: string) => void;

/** Declares a rule: message and default fields come from the DfE rule list. */
export function rule(code: string, tables: readonly Ssda903Table[], body: (ctx: Ctx, emit: Emit) => void, opts: { previous?: boolean; fields?: readonly string[] } = {}): Rule {
  const info = RULE_INFO[code];
  if (!info) throw new Error(`unknown SSDA903 rule ${code}`);
  const fields = opts.fields ?? info.fields;
  return {
    code, message: info.message, tables, fields, previous: opts.previous ?? false,
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
/** Same calendar date n years later (29 Feb → 28 Feb / 1 Mar as JS Date rolls: we clamp to 28 Feb). */
export function addYears(day: number, n: number): number {
  const d = new Date(day * DAY);
  const y = d.getUTCFullYear() + n, m = d.getUTCMonth(), dd = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(dd, last)) / DAY;
}
export function addMonths(day: number, n: number): number {
  const d = new Date(day * DAY);
  const total = d.getUTCMonth() + n;
  const y = d.getUTCFullYear() + Math.floor(total / 12), m = ((total % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY;
}
/** Whole years of age on a day (birthday counts on the day). */
export function age(dob: number, at: number): number {
  const a = new Date(dob * DAY), b = new Date(at * DAY);
  let y = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) y--;
  return y;
}

