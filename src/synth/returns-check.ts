/**
 * Builds a council's statutory returns from the record and validates them, as
 * a council would before submitting: the SSDA903 for a collection year with
 * last year's files (previous-year rules) and the Episodes of the years
 * before (the care leaver rules 1001/1002, see docs/ssda903.md `--earlier`),
 * and the CIN census. Used by test/synth/returns-clean.test.ts and
 * bench/returns-clean.ts to show the synthetic borough's returns are clean.
 */
import type { Db } from '../db/database.ts';
import type { Ssda903Table } from '../domain/codes/ssda903.ts';
import { buildCinCensus } from '../returns/cin/build.ts';
import { validateCinXml, type CinFailure } from '../returns/cin/validate.ts';
import { buildSsda903 } from '../returns/ssda903/build.ts';
import { tableFromRows, type Tables } from '../returns/ssda903/read.ts';
import { validate903Tables } from '../returns/ssda903/validate.ts';
import type { Failure, FileIssue, NotRun } from '../returns/validation-report.ts';
import type { ReferenceData } from '../returns/ssda903/reference.ts';

export interface ReturnsCheckOptions {
  laCode: string;
  /** The collection year (named by the year it ends). */
  collectionYear: number;
  /** How many years before last year's to build for the care leaver rules (default 4: a 21-year-old who left care at 16). */
  earlierYears?: number;
  /** The CIN census header's generated-at time (default: the day after the year ends). */
  generatedAt?: Date;
  /** SSDA903 reference data (postcodes, Ofsted providers, LA code; for a synthetic borough see reference.ts); without it 20 rules are not run. */
  reference?: ReferenceData;
}

export interface ReturnsCheckResult {
  ssda903: { failures: Failure[]; fileIssues: FileIssue[]; notRun: NotRun[]; rows: Record<string, number>; previousRows: Record<string, number> };
  cin: { failures: CinFailure[]; children: number; unreadable: boolean };
  /** Milliseconds spent building (database) and validating, per return. */
  ms: { build903: number; validate903: number; buildCin: number; validateCin: number };
}

/** The 903 tables of one year, as the validator reads them from files. */
export async function ssda903Tables(db: Db, laCode: string, year: number): Promise<Tables> {
  const built = await buildSsda903(db, { laCode, collectionYear: year });
  const out: Tables = {};
  for (const [name, t] of Object.entries(built)) out[name as Ssda903Table] = tableFromRows(year, name as Ssda903Table, `${name}.csv`, t!.columns, t!.rows);
  return out;
}

export async function checkReturns(db: Db, options: ReturnsCheckOptions): Promise<ReturnsCheckResult> {
  const { laCode, collectionYear: year } = options;
  const earlierYears = options.earlierYears ?? 4;
  let t = performance.now();
  const cur = await ssda903Tables(db, laCode, year);
  const prev = await ssda903Tables(db, laCode, year - 1);
  const earlier: Tables[] = [];
  for (let k = 0; k < earlierYears; k++) {
    const e = await ssda903Tables(db, laCode, year - 2 - k);
    // only Episodes are read from earlier years
    earlier.push(e.Episodes ? { Episodes: e.Episodes } : {});
  }
  const build903 = performance.now() - t;
  t = performance.now();
  const report = await validate903Tables(year, cur, prev, [], { earlier, ...(options.reference ? { reference: options.reference } : {}) });
  const validate903 = performance.now() - t;

  t = performance.now();
  const xml = await buildCinCensus(db, { laCode, collectionYear: year, generatedAt: options.generatedAt ?? new Date(Date.UTC(year, 3, 1, 12)) });
  const buildCin = performance.now() - t;
  t = performance.now();
  const cin = validateCinXml(xml, { collectionYear: year });
  const validateCin = performance.now() - t;

  const count = (ts: Tables) => Object.fromEntries(Object.entries(ts).map(([k, v]) => [k, v!.rows.length]));
  return {
    ssda903: { failures: report.failures, fileIssues: report.fileIssues, notRun: report.notRun ?? [], rows: count(cur), previousRows: count(prev) },
    cin: { failures: cin.failures, children: cin.children, unreadable: cin.unreadable },
    ms: { build903, validate903, buildCin, validateCin },
  };
}
