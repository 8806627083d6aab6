/**
 * Shared output for statutory-return validators (SSDA903, CIN census, ...):
 * a list of failures rendered as a terminal table, CSV or JSON. Generic:
 * nothing here knows about a particular return.
 */
import { toCsv } from './format.ts';

export interface Failure {
  /** Rule code, e.g. '103' or 'INT01'. */
  rule: string;
  /** The rule's message, exactly as the DfE publishes it. */
  message: string;
  /** Table (CSV returns) or section/module (XML returns) the failure is in. */
  table: string;
  /** 1-based data row number in the file as read (header line excluded); null for file- or child-level failures. */
  row: number | null;
  /** Child identifier, when known. */
  child: string | null;
  /** Fields involved. */
  fields: string[];
}

/** A problem with an input file itself (encoding, columns, empty file). */
export interface FileIssue {
  file: string;
  /** 1-based data row when the issue is in one row. */
  row: number | null;
  message: string;
}

/** A rule that was not run because reference data it needs was not supplied (never a silent pass). */
export interface NotRun {
  rule: string;
  message: string;
  /** What is missing, e.g. 'postcode look-up (--postcodes)'. */
  needs: string[];
}

export interface ValidationReport {
  /** What was validated, e.g. 'SSDA903 2024-25'. */
  title: string;
  failures: Failure[];
  fileIssues: FileIssue[];
  /** Extra facts worth printing (tables found, rules run). */
  summary?: Record<string, string | number>;
  /** Rules not run for want of reference data; listed in every output format. */
  notRun?: NotRun[];
}

const notRunText = (n: NotRun) => `not run: needs ${n.needs.join(' and ')}`;

export type ReportFormat = 'table' | 'csv' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'csv', 'json'];

/** Stable ordering: table, row, rule. */
export function sortFailures(failures: Failure[]): Failure[] {
  return failures.sort((a, b) =>
    a.table < b.table ? -1 : a.table > b.table ? 1
      : (a.row ?? 0) - (b.row ?? 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

const CSV_COLUMNS = ['rule', 'message', 'table', 'row', 'child', 'fields'] as const;

export function reportToCsv(report: ValidationReport): string {
  const rows = report.failures.map((f) => [f.rule, f.message, f.table, f.row == null ? '' : String(f.row), f.child ?? '', f.fields.join(' ')]);
  for (const i of report.fileIssues) rows.push(['FILE', i.message, i.file, i.row == null ? '' : String(i.row), '', '']);
  for (const n of report.notRun ?? []) rows.push([n.rule, notRunText(n), '', '', '', '']);
  return toCsv(CSV_COLUMNS, rows);
}

export function reportToJson(report: ValidationReport): string {
  return JSON.stringify({
    title: report.title,
    summary: report.summary ?? {},
    fileIssues: report.fileIssues,
    failureCount: report.failures.length,
    failures: report.failures,
    ...(report.notRun?.length ? { notRun: report.notRun.map((n) => ({ ...n, status: notRunText(n) })) } : {}),
  }, null, 2) + '\n';
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

/** A plain-text table for a terminal, followed by a per-rule count. */
export function reportToTable(report: ValidationReport, maxMessage = 70): string {
  const out: string[] = [report.title];
  if (report.summary) for (const [k, v] of Object.entries(report.summary)) out.push(`  ${k}: ${v}`);
  if (report.fileIssues.length) {
    out.push('', `File issues (${report.fileIssues.length}):`);
    for (const i of report.fileIssues) out.push(`  ${i.file}${i.row == null ? '' : ` row ${i.row}`}: ${i.message}`);
  }
  if (report.notRun?.length) {
    out.push('', `Rules not run (${report.notRun.length}):`);
    for (const n of report.notRun) out.push(`  ${n.rule}: ${notRunText(n)}`);
  }
  out.push('');
  if (report.failures.length === 0) {
    out.push('No rule failures.');
    return out.join('\n') + '\n';
  }
  const header = ['Rule', 'Table', 'Row', 'Child', 'Fields', 'Message'];
  const rows = report.failures.map((f) => [f.rule, f.table, f.row == null ? '' : String(f.row), f.child ?? '', f.fields.join(','), truncate(f.message, maxMessage)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  out.push(line(header), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out.push(line(r));
  const counts = new Map<string, number>();
  for (const f of report.failures) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  out.push('', `${report.failures.length} failure(s) across ${counts.size} rule(s): ` +
    [...counts].map(([r, n]) => `${r}×${n}`).join(', '));
  return out.join('\n') + '\n';
}

export function renderReport(report: ValidationReport, format: ReportFormat): string {
  return format === 'csv' ? reportToCsv(report) : format === 'json' ? reportToJson(report) : reportToTable(report);
}
