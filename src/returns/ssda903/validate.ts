/**
 * The SSDA903 validator: runs every implemented DfE rule over a set of
 * loaded tables (and optionally the previous year's) and returns failures.
 * Entry points: validate903Folder (files on disk, for the CLI) and
 * validate903Tables (already-loaded tables, e.g. from an upload).
 */
import { collectionDates, columnsOf, type Ssda903Table } from '../../domain/codes/ssda903.ts';
import type { Failure, FileIssue, NotRun, ValidationReport } from '../validation-report.ts';
import { sortFailures } from '../validation-report.ts';
import { isoDay, loadFolder, type Row, type TableData, type Tables } from './read.ts';
export type { Rule, Ctx } from './rule.ts';
import type { Ctx } from './rule.ts';
import { RULES } from './rules/index.ts';
import { deriveEpisode, loadReference, missingNeeds, NEED_LABEL, type Derived, type ReferenceData, type ReferenceFiles } from './reference.ts';

// ---------------------------------------------------------------------------

const EMPTY: readonly Row[] = [];

/** Each child's rows sorted by a date column (blank first, then file order); lists already in order are shared, not copied. */
function sortedBy(t: TableData | undefined, col: 'DECOM' | 'SW_DECOM', blank: number): Map<string, readonly Row[]> {
  const m = new Map<string, readonly Row[]>();
  if (!t) return m;
  const key = (r: Row) => r.d[col] ?? blank;
  for (const [child, rows] of t.byChild) {
    let ordered = true;
    for (let i = 1; i < rows.length && ordered; i++) if (key(rows[i - 1]!) > key(rows[i]!)) ordered = false;
    m.set(child, ordered ? rows : [...rows].sort((a, b) => key(a) - key(b) || a.n - b.n));
  }
  return m;
}

function firstByChild(t: TableData | undefined): Map<string, Row> {
  const m = new Map<string, Row>();
  for (const r of t?.rows ?? EMPTY) if (!m.has(r.child)) m.set(r.child, r);
  return m;
}

/** A value computed on first use. */
function lazy<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}

export function makeContext(year: number, cur: Tables, prev: Tables | null, ref: ReferenceData = {}, earlier: readonly Tables[] = []): Ctx {
  const { start, end } = collectionDates(year);
  const eps = sortedBy(cur.Episodes, 'DECOM', -1e9);
  const prevEps = sortedBy(prev?.Episodes, 'DECOM', -1e9);
  // Episodes of the years before last year's (when supplied), each child's rows of all those files by DECOM.
  const earlierEps = lazy(() => {
    const m = new Map<string, Row[]>();
    for (const t of earlier) for (const [child, rows] of t.Episodes?.byChild ?? []) (m.get(child) ?? m.set(child, []).get(child)!).push(...rows);
    for (const rows of m.values()) rows.sort((a, b) => (a.d.DECOM ?? -1e9) - (b.d.DECOM ?? -1e9));
    return m;
  });
  const headerBy = firstByChild(cur.Header);
  const prevHeaderBy = lazy(() => firstByChild(prev?.Header));
  const sw = lazy(() => sortedBy(cur.SWEpisodes, 'SW_DECOM', 0));
  const prevSw = lazy(() => sortedBy(prev?.SWEpisodes, 'SW_DECOM', 0));
  const derived = new Map<Row, Derived>();
  return {
    year, start: isoDay(start), end: isoDay(end), cur, prev,
    rows: (t) => cur[t]?.rows ?? EMPTY,
    prevRows: (t) => prev?.[t]?.rows ?? EMPTY,
    of: (t, c) => cur[t]?.byChild.get(c) ?? EMPTY,
    prevOf: (t, c) => prev?.[t]?.byChild.get(c) ?? EMPTY,
    has: (t) => cur[t] !== undefined,
    hasPrev: (t) => prev?.[t] !== undefined,
    episodes: (c) => eps.get(c) ?? EMPTY,
    prevEpisodes: (c) => prevEps.get(c) ?? EMPTY,
    earlierEpisodes: (c) => (earlier.length ? earlierEps().get(c) ?? EMPTY : EMPTY),
    header: (c) => headerBy.get(c),
    dob: (c) => headerBy.get(c)?.d.DOB ?? null,
    prevHeader: (c) => prevHeaderBy().get(c),
    sw: (c) => sw().get(c) ?? EMPTY,
    prevSw: (c) => prevSw().get(c) ?? EMPTY,
    ref,
    derived(r) {
      let v = derived.get(r);
      if (!v) derived.set(r, (v = deriveEpisode(ref, r)));
      return v;
    },
  };
}

export interface ValidateOptions {
  /** Run only these rule codes (default: all implemented). */
  only?: readonly string[];
  /** Reference data supplied with the files; rules needing data that is absent are reported as not run. */
  reference?: ReferenceData;
  /**
   * Files of the collection years before last year's, newest first. Only their Episodes are used: by the care
   * leaver rules (1001, 1002) whose DfE note says two years' files give false positives for care that ended earlier.
   */
  earlier?: readonly Tables[];
}

export interface Ssda903Result {
  failures: Failure[];
  rulesRun: number;
  rulesSkipped: string[];
  /** Rules not run for want of reference data. */
  notRun: NotRun[];
}

/** Runs the rules over loaded tables. Never throws on data: a rule that crashes is reported as a failure of that rule's run. */
export function runRules(ctx: Ctx, options: ValidateOptions = {}): Ssda903Result {
  const failures: Failure[] = [];
  const skipped: string[] = [];
  const notRun: NotRun[] = [];
  let run = 0;
  for (const r of RULES) {
    if (options.only && !options.only.includes(r.code)) continue;
    const lacking = missingNeeds(ctx.ref, r.needs);
    if (lacking.length) { notRun.push({ rule: r.code, message: r.message, needs: lacking.map((n) => NEED_LABEL[n]) }); continue; }
    if (r.previous && !ctx.prev) { skipped.push(r.code); continue; }
    run++;
    try {
      for (const f of r.check(ctx)) failures.push(f);
    } catch (err) {
      failures.push({ rule: r.code, message: `internal error running rule ${r.code}: ${(err as Error).message}`, table: r.tables[0] ?? '', row: null, child: null, fields: [] });
    }
  }
  return { failures: sortFailures(failures), rulesRun: run, rulesSkipped: skipped, notRun };
}

function yearLabel(year: number): string {
  return `${year - 1}-${String(year).slice(2)}`;
}

/** Validates already-loaded tables (the function for an upload page). */
export async function validate903Tables(year: number, cur: Tables, prev: Tables | null, fileIssues: FileIssue[] = [], options: ValidateOptions = {}): Promise<ValidationReport> {
  const ctx = makeContext(year, cur, prev, options.reference, options.earlier);
  const res = runRules(ctx, options);
  return {
    title: `SSDA903 ${yearLabel(year)} validation`,
    failures: res.failures,
    fileIssues,
    summary: {
      'tables (this year)': Object.keys(cur).join(', ') || 'none',
      ...(prev ? { 'tables (previous year)': Object.keys(prev).join(', ') || 'none' } : {}),
      ...(options.earlier?.length ? { 'earlier years (episodes)': options.earlier.length } : {}),
      'rules run': res.rulesRun,
      ...(res.rulesSkipped.length ? { 'rules needing previous year (skipped)': res.rulesSkipped.length } : {}),
    },
    ...(res.notRun.length ? { notRun: res.notRun } : {}),
  };
}

/** Loads a folder of 903 CSVs (and optionally last year's, and earlier years' folders newest first) and validates them. */
export async function validate903Folder(year: number, folder: string, previousFolder?: string, options: ValidateOptions & { referenceFiles?: ReferenceFiles; earlierFolders?: readonly string[] } = {}): Promise<ValidationReport> {
  // reference files first: a bad one is an error (ReferenceDataError) before any work
  if (options.referenceFiles) options = { ...options, reference: { ...options.reference, ...(await loadReference(options.referenceFiles)) } };
  const cur = await loadFolder(year, folder);
  const issues = [...cur.issues];
  // Every child's return starts from Header: say so plainly rather than leave it to the rules' failures.
  const noHeader = (t: Tables, f: string) => { if (Object.keys(t).length > 0 && !t.Header) issues.push({ file: f, row: null, message: `no Header file (columns ${columnsOf(year, 'Header').join(', ')}): every child in the other tables needs a Header row` }); };
  noHeader(cur.tables, folder);
  let prev: Tables | null = null;
  if (previousFolder) {
    const p = await loadFolder(year - 1, previousFolder);
    prev = p.tables;
    for (const i of p.issues) issues.push({ ...i, file: `previous/${i.file}` });
    noHeader(p.tables, previousFolder);
  }
  if (options.earlierFolders?.length) {
    const earlier: Tables[] = [...(options.earlier ?? [])];
    for (const [k, f] of options.earlierFolders.entries()) {
      const e = await loadFolder(year - 2 - k, f);
      earlier.push(e.tables);
      for (const i of e.issues) issues.push({ ...i, file: `earlier/${year - 2 - k}/${i.file}` });
    }
    options = { ...options, earlier };
  }
  return validate903Tables(year, cur.tables, prev, issues, options);
}
