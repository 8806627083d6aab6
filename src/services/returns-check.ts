/**
 * "Check a statutory return" (issue 7): validate SSDA903 CSVs or a CIN census
 * XML file uploaded through the web app, or the returns Hearth builds from its
 * own record, and keep the *report* (never the files) for the user who ran the
 * check, for 24 hours, so the results page and its CSV / JSON downloads can be
 * served after the upload.
 *
 * Who: performance officers (they build the returns) and heads of service.
 * Aggregate-only roles never: reports hold child identifiers (CHILD,
 * LAchildID). "Check Hearth's own return" is limited to the councils of the
 * role it rests on, and building a return from the record reads every child's
 * data, so it is audited as an export before anything is built (if the audit
 * write fails, nothing is built). Opening a stored report of Hearth's own
 * return is audited as a read. A stored report is only ever returned to the
 * user who made it: anyone else gets "not found".
 */
import { randomBytes } from 'node:crypto';
import { FIRST_YEAR, LATEST_YEAR } from '../domain/codes/ssda903.ts';
import { buildCinCensus } from '../returns/cin/build.ts';
import { toCinValidationReport, validateCinXml } from '../returns/cin/validate.ts';
import { buildSsda903 } from '../returns/ssda903/build.ts';
import { loadCsv, tableFromRows, type Tables } from '../returns/ssda903/read.ts';
import { validate903Tables } from '../returns/ssda903/validate.ts';
import { checkLaCode, decodeReference, parsePostcodes, parseProviders, ReferenceDataError, type ProviderInfo, type ReferenceData } from '../returns/ssda903/reference.ts';
import type { FileIssue, ValidationReport } from '../returns/validation-report.ts';
import type { Ssda903Table } from '../domain/codes/ssda903.ts';
import { recordOrFail } from './audit.ts';
import { ForbiddenError, NotFoundError, type ServiceContext } from './context.ts';
import type { PolicyUser, Role } from './policy.ts';

/** Roles that may check returns, most open first (the audit records the first one the user holds). */
export const RETURNS_CHECK_ROLES: readonly Role[] = ['head_of_service', 'performance_officer'];
/** How long a stored report is kept. */
export const RUN_TTL_HOURS = 24;
/** Years offered and accepted for SSDA903 (the year the collection ends: 2026 = 2025-26). */
export const SSDA903_YEARS: readonly number[] = Array.from({ length: LATEST_YEAR - FIRST_YEAR + 1 }, (_, i) => LATEST_YEAR - i);
/** Years the CIN census validator knows (its rules are the 2025-26 rules). */
export const CIN_YEARS: readonly number[] = [2026, 2025];

export type ReturnKind = 'ssda903' | 'cin';
export const RUN_ID = /^[A-Za-z0-9_-]{22}$/;

/** A request the service cannot act on (shown as a 400). */
export class CheckInputError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'CheckInputError';
  }
}

/** Whether the user may use the "Check a statutory return" pages at all. */
export function canCheckReturns(user: PolicyUser): boolean {
  return user.roles.some((g) => RETURNS_CHECK_ROLES.includes(g.role));
}

/** The role the access rests on (for the audit trail), or null. */
function checkRole(user: PolicyUser): Role | null {
  return RETURNS_CHECK_ROLES.find((r) => user.roles.some((g) => g.role === r)) ?? null;
}

/** Councils whose own returns the user may build and check: null = every council; [] = none. */
export function returnCouncils(user: PolicyUser): string[] | null {
  const grants = user.roles.filter((g) => RETURNS_CHECK_ROLES.includes(g.role));
  if (grants.some((g) => g.laCode === null)) return null;
  return [...new Set(grants.map((g) => g.laCode as string))].sort();
}

function requireChecker(ctx: ServiceContext): Role {
  const role = checkRole(ctx.user);
  if (!role) throw new ForbiddenError('Only performance officers and heads of service can check statutory returns.');
  return role;
}

/** One uploaded file: its name (as the user's computer called it) and bytes. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** Reference data uploaded with SSDA903 files (each part optional). */
export interface ReferenceUploads {
  postcodes?: UploadedFile;
  providers?: readonly UploadedFile[];
  /** The council's LA code in ONS form, as typed. */
  laCode?: string;
}

/** A reference input that cannot be used: which input, and the validator's own message. */
export interface ReferenceProblem {
  input: 'postcodes' | 'providers' | 'la';
  message: string;
}

const byName = (a: UploadedFile, b: UploadedFile) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Reads uploaded reference data with the CLI's own functions (`checkLaCode`, `decodeReference`,
 * `parsePostcodes`, `parseProviders`, as `loadReference` does for `--la-code`, `--postcodes` and
 * `--providers`): the same data and the same messages. Provider lists are read in name order (the
 * first list holding a URN wins, as with `--providers` given in that order). Every problem is
 * returned (one per input) so the form can show them all; with any problem nothing is validated.
 */
export function readReferenceUploads(up: ReferenceUploads): ReadReference {
  const reference: { postcodes?: ReturnType<typeof parsePostcodes>; providers?: Map<string, ProviderInfo>; la?: string } = {};
  const problems: ReferenceProblem[] = [];
  const attempt = (input: ReferenceProblem['input'], read: () => void) => {
    try {
      read();
    } catch (err) {
      if (!(err instanceof ReferenceDataError)) throw err;
      problems.push({ input, message: err.message });
    }
  };
  const la = up.laCode?.trim();
  if (la) attempt('la', () => { reference.la = checkLaCode(la); });
  if (up.postcodes) { const f = up.postcodes; attempt('postcodes', () => { reference.postcodes = parsePostcodes(decodeReference(f.bytes, f.name), f.name); }); }
  if (up.providers?.length) {
    const files = [...up.providers].sort(byName);
    attempt('providers', () => {
      const m = new Map<string, ProviderInfo>();
      for (const f of files) parseProviders(decodeReference(f.bytes, f.name), f.name, m);
      reference.providers = m;
    });
  }
  const files = [
    ...(up.postcodes ? [`postcode look-up: ${up.postcodes.name}`] : []),
    ...[...(up.providers ?? [])].sort(byName).map((f) => `Ofsted provider list: ${f.name}`),
    ...(reference.la ? [`council’s LA code: ${reference.la}`] : []),
  ];
  return { reference, problems, files };
}

/** Uploaded reference data as read: the data, any problems, and lines for the results page's "Files read". */
export interface ReadReference {
  reference: ReferenceData;
  problems: ReferenceProblem[];
  files: string[];
}

/**
 * Validates uploaded SSDA903 CSVs exactly as `hearth validate 903 <folder> [--previous <folder>]
 * [--postcodes <file>] [--providers <file>]... [--la-code <code>]` does for a folder holding the same
 * files: files read in name order, tables recognised by their columns, last year's file issues
 * prefixed `previous/`, reference data as read by `readReferenceUploads`.
 */
export async function validate903Upload(year: number, current: UploadedFile[], previous: UploadedFile[] | null, reference: ReadReference | null = null): Promise<{ report: ValidationReport; facts: RunFacts }> {
  const load = (y: number, files: UploadedFile[]) => {
    const tables: Tables = {};
    const issues: FileIssue[] = [];
    for (const f of [...files].sort(byName)) loadCsv(y, f.name, f.bytes, tables, issues);
    return { tables, issues };
  };
  if (reference?.problems.length) throw new CheckInputError(`The reference data cannot be used: ${reference.problems.map((p) => p.message).join('; ')}`);
  const cur = load(year, current);
  const issues = [...cur.issues];
  let prev: Tables | null = null;
  if (previous && previous.length) {
    const p = load(year - 1, previous);
    prev = p.tables;
    for (const i of p.issues) issues.push({ ...i, file: `previous/${i.file}` });
  }
  const report = await validate903Tables(year, cur.tables, prev, issues, reference ? { reference: reference.reference } : {});
  const files = [...current.map((f) => f.name).sort(), ...(previous ?? []).map((f) => `previous/${f.name}`).sort(), ...(reference?.files ?? [])];
  return { report, facts: { files, children: childrenIn(cur.tables) } };
}

/** Distinct children (CHILD) across this year's tables. */
function childrenIn(tables: Tables): number {
  const ids = new Set<string>();
  for (const t of Object.values(tables)) for (const c of t!.byChild.keys()) if (c !== '') ids.add(c);
  return ids.size;
}

/** Validates an uploaded CIN census XML file exactly as `hearth validate cin <file>` does. */
export function validateCinUpload(file: UploadedFile, year: number | null): { report: ValidationReport; facts: RunFacts; collectionYear: number } {
  const result = validateCinXml(file.bytes, year === null ? {} : { collectionYear: year });
  return { report: toCinValidationReport(result, file.name), facts: { files: [file.name], children: result.children }, collectionYear: result.collectionYear };
}

/** What the results page shows beside the report: the files read and how many children they hold. */
export interface RunFacts {
  files: string[];
  children: number;
}

export interface StoredRunSummary {
  id: string;
  kind: ReturnKind;
  source: 'upload' | 'hearth';
  laCode: string | null;
  collectionYear: number;
  title: string;
  failureCount: number;
  fileIssueCount: number;
  createdAt: Date;
  expiresAt: Date;
}

export interface StoredRun extends StoredRunSummary {
  facts: RunFacts;
  report: ValidationReport;
}

async function saveRun(ctx: ServiceContext, run: { kind: ReturnKind; source: 'upload' | 'hearth'; laCode: string | null; collectionYear: number; facts: RunFacts; report: ValidationReport }): Promise<string> {
  const id = randomBytes(16).toString('base64url');
  const now = ctx.clock();
  const expires = new Date(now.getTime() + RUN_TTL_HOURS * 3_600_000);
  await ctx.db.transaction().execute(async (tx) => {
    // Purge expired reports (everyone's) on every write: they hold child identifiers.
    await tx.deleteFrom('validation_run').where('expires_at', '<=', now).execute();
    await tx.insertInto('validation_run').values({
      id,
      user_id: ctx.user.id,
      kind: run.kind,
      source: run.source,
      la_code: run.laCode,
      collection_year: run.collectionYear,
      title: run.report.title,
      failure_count: run.report.failures.length,
      file_issue_count: run.report.fileIssues.length,
      facts: JSON.stringify(run.facts),
      report: JSON.stringify(run.report),
      created_at: now,
      expires_at: expires,
    }).execute();
  });
  return id;
}

/**
 * Stores the report of an uploaded file check. The upload is audited (no child id: the files are not
 * Hearth's record) before the report is stored; if the audit write fails, nothing is stored.
 */
export async function saveUploadRun(ctx: ServiceContext, kind: ReturnKind, collectionYear: number, report: ValidationReport, facts: RunFacts): Promise<string> {
  const role = requireChecker(ctx);
  await recordOrFail(ctx.audit, {
    occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, role, action: 'create', childId: null,
    recordType: 'validation_run', recordId: null, requestId: ctx.requestId, outcome: 'allowed',
    detail: { kind, source: 'upload', collectionYear, files: facts.files.length, failures: report.failures.length, fileIssues: report.fileIssues.length },
  });
  return saveRun(ctx, { kind, source: 'upload', laCode: null, collectionYear, facts, report });
}

/**
 * Builds a council's return from the record (SSDA903: this year's and last year's tables, so the
 * previous-year rules run; CIN census: the XML), validates it and stores the report. Authorised by
 * role and council, and audited as an export before anything is read; a refusal is audited too.
 */
export async function checkHearthReturn(ctx: ServiceContext, options: { kind: ReturnKind; laCode: string; collectionYear: number; reference?: ReadReference | null }): Promise<string> {
  const { kind, laCode, collectionYear: year } = options;
  const reference = options.reference ?? null;
  const role = requireChecker(ctx);
  const councils = returnCouncils(ctx.user);
  const recordType = kind === 'ssda903' ? 'ssda903_return' : 'cin_census_return';
  const base = {
    occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, childId: null, recordType,
    recordId: `${laCode}/${year}`, requestId: ctx.requestId,
  };
  if (councils !== null && !councils.includes(laCode)) {
    await recordOrFail(ctx.audit, { ...base, role: ctx.user.roles.map((r) => r.role).join(',') || null, action: 'denied', outcome: 'denied', detail: { reason: 'council not in the user’s scope', purpose: 'validation' } });
    throw new ForbiddenError('You can only check the returns of the councils your role covers.');
  }
  const council = await ctx.db.selectFrom('local_authority').select('la_code').where('la_code', '=', laCode).executeTakeFirst();
  if (!council) throw new NotFoundError(`There is no council with LA code ${laCode}.`);
  const years = kind === 'ssda903' ? SSDA903_YEARS : CIN_YEARS;
  if (!years.includes(year)) throw new CheckInputError(`The ${kind === 'cin' ? 'CIN census' : 'SSDA903'} return cannot be checked for collection year ${year}.`);
  if (reference && kind !== 'ssda903') throw new CheckInputError('Reference data is used only for SSDA903.');
  if (reference?.problems.length) throw new CheckInputError(`The reference data cannot be used: ${reference.problems.map((p) => p.message).join('; ')}`);
  await recordOrFail(ctx.audit, { ...base, role, action: 'export', outcome: 'allowed', detail: { purpose: 'validation', laCode, collectionYear: year } });

  let report: ValidationReport;
  let facts: RunFacts;
  if (kind === 'ssda903') {
    const tables = async (y: number): Promise<Tables> => {
      const built = await buildSsda903(ctx.db, { laCode, collectionYear: y });
      const out: Tables = {};
      for (const [name, t] of Object.entries(built)) out[name as Ssda903Table] = tableFromRows(y, name as Ssda903Table, `${name}.csv`, t!.columns, t!.rows);
      return out;
    };
    const cur = await tables(year);
    const prev = year - 1 >= FIRST_YEAR ? await tables(year - 1) : null;
    report = await validate903Tables(year, cur, prev, [], reference ? { reference: reference.reference } : {});
    report.title = `${report.title}: Hearth's return for council ${laCode}`;
    facts = { files: [...Object.keys(cur).map((t) => `${t} (built from the record)`), ...(reference?.files ?? [])], children: childrenIn(cur) };
  } else {
    const xml = await buildCinCensus(ctx.db, { laCode, collectionYear: year, generatedAt: ctx.clock() });
    const result = validateCinXml(xml, { collectionYear: year });
    report = toCinValidationReport(result, `Hearth CIN census ${laCode}`);
    facts = { files: ['CIN census XML (built from the record)'], children: result.children };
  }
  return saveRun(ctx, { kind, source: 'hearth', laCode, collectionYear: year, facts, report });
}

function toSummary(r: { id: string; kind: string; source: string; la_code: string | null; collection_year: number; title: string; failure_count: number; file_issue_count: number; created_at: Date | string; expires_at: Date | string }): StoredRunSummary {
  return {
    id: r.id, kind: r.kind as ReturnKind, source: r.source as 'upload' | 'hearth', laCode: r.la_code, collectionYear: r.collection_year,
    title: r.title, failureCount: r.failure_count, fileIssueCount: r.file_issue_count, createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at),
  };
}

/**
 * One of the user's own unexpired reports. Anyone else's, an expired one and an unknown id all give
 * the same "not found". Opening a report of Hearth's own return is audited as a read.
 */
export async function getValidationRun(ctx: ServiceContext, id: string): Promise<StoredRun> {
  const role = requireChecker(ctx);
  const notFound = () => new NotFoundError('There is no such report. Reports are kept for 24 hours and only for the person who ran the check.');
  if (!RUN_ID.test(id)) throw notFound();
  const row = await ctx.db.selectFrom('validation_run').selectAll()
    .where('id', '=', id).where('user_id', '=', ctx.user.id).where('expires_at', '>', ctx.clock())
    .executeTakeFirst();
  if (!row) throw notFound();
  const run = toSummary(row);
  if (run.source === 'hearth') {
    const councils = returnCouncils(ctx.user);
    if (councils !== null && !councils.includes(run.laCode!)) throw notFound();
    await recordOrFail(ctx.audit, {
      occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, role, action: 'read', childId: null,
      recordType: 'validation_report', recordId: `${run.laCode}/${run.collectionYear}`, requestId: ctx.requestId, outcome: 'allowed',
      detail: { kind: run.kind },
    });
  }
  return { ...run, facts: JSON.parse(row.facts) as RunFacts, report: JSON.parse(row.report) as ValidationReport };
}

/** The user's own unexpired reports, newest first (titles and counts only). */
export async function listValidationRuns(ctx: ServiceContext, limit = 20): Promise<StoredRunSummary[]> {
  requireChecker(ctx);
  const rows = await ctx.db.selectFrom('validation_run')
    .select(['id', 'kind', 'source', 'la_code', 'collection_year', 'title', 'failure_count', 'file_issue_count', 'created_at', 'expires_at'])
    .where('user_id', '=', ctx.user.id).where('expires_at', '>', ctx.clock())
    .orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map(toSummary);
}

/** The councils offered on the "Check Hearth's own return" form. */
export async function councilsForCheck(ctx: ServiceContext): Promise<{ laCode: string; name: string }[]> {
  requireChecker(ctx);
  const scope = returnCouncils(ctx.user);
  let q = ctx.db.selectFrom('local_authority').select(['la_code', 'name']).orderBy('name');
  if (scope !== null) {
    if (scope.length === 0) return [];
    q = q.where('la_code', 'in', scope);
  }
  return (await q.execute()).map((r) => ({ laCode: r.la_code, name: r.name }));
}
