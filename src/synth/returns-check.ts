/**
 * Builds a council's statutory returns from the record and validates them, as
 * a council would before submitting: the SSDA903 for a collection year with
 * last year's files (previous-year rules) and the Episodes of the years
 * before (the care leaver rules 1001/1002, see docs/ssda903.md `--earlier`),
 * and the CIN census. Used by test/synth/returns-clean.test.ts and
 * bench/returns-clean.ts to show the synthetic borough's returns are clean.
 */
import type { Db } from '../db/database.ts';
import { addWorkingDays } from '../domain/calendar.ts';
import { collectionDates } from '../domain/codes/ssda903.ts';
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
  cin: {
    failures: CinFailure[];
    children: number;
    unreadable: boolean;
    /** Errors (not queries): none allowed. */
    errors: CinFailure[];
    /**
     * Queries ("Please check") whose situation the record does not bear out, or of a kind not listed in
     * EXPLAINED_CIN_QUERIES: none allowed. The others are what a council would answer, not correct.
     */
    unexplainedQueries: CinFailure[];
  };
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

/**
 * CIN census queries the synthetic record raises on purpose, each checked against the record:
 *  - 8670Q: an assessment open on 31 March that started more than 45 working days before it (the generator makes
 *    ~13% of assessments late, the national timeliness figure, so some are still open at the year end);
 *  - 8675Q: likewise a section 47 enquiry with no ICPC by 31 March, started more than 15 working days before it;
 *  - 2991Q: a section 47 enquiry in the year whose episode's assessment was completed before the year began (the
 *    census carries only assessments open or completed in the year).
 */
export const EXPLAINED_CIN_QUERIES = ['8670Q', '8675Q', '2991Q'] as const;

async function unexplained(db: Db, year: number, queries: CinFailure[]): Promise<CinFailure[]> {
  const { start, end } = collectionDates(year);
  const refs = [...new Set(queries.map((f) => f.child ?? ''))];
  if (refs.length === 0) return [];
  const late = new Set((await db.selectFrom('assessment').innerJoin('child', 'child.id', 'assessment.child_id')
    .select(['child.person_ref', 'assessment.start_date']).where('child.person_ref', 'in', refs)
    .where((eb) => eb.or([eb('assessment.authorised_date', 'is', null), eb('assessment.authorised_date', '>', end)])).execute())
    .filter((a) => a.start_date <= end && addWorkingDays(a.start_date, 45) < end).map((a) => a.person_ref));
  const lateS47 = new Set((await db.selectFrom('s47_enquiry').innerJoin('child', 'child.id', 's47_enquiry.child_id')
    .leftJoin('icpc', 'icpc.s47_id', 's47_enquiry.id')
    .select(['child.person_ref', 's47_enquiry.start_date', 'icpc.conference_date']).where('child.person_ref', 'in', refs).execute())
    .filter((s) => (s.conference_date == null || s.conference_date > end) && s.start_date <= end && addWorkingDays(s.start_date, 15) < end).map((s) => s.person_ref));
  const assessedBefore = new Set((await db.selectFrom('assessment').innerJoin('child', 'child.id', 'assessment.child_id')
    .select('child.person_ref').where('child.person_ref', 'in', refs).where('assessment.authorised_date', '<', start).execute()).map((a) => a.person_ref));
  const truly: Record<string, Set<string>> = { '8670Q': late, '8675Q': lateS47, '2991Q': assessedBefore };
  return queries.filter((q) => !truly[q.code]?.has(q.child ?? ''));
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
    cin: {
      failures: cin.failures, children: cin.children, unreadable: cin.unreadable,
      errors: cin.failures.filter((f) => f.type !== 'query'),
      unexplainedQueries: await unexplained(db, year, cin.failures.filter((f) => f.type === 'query')),
    },
    ms: { build903, validate903, buildCin, validateCin },
  };
}
