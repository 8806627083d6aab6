/**
 * CIN census validator: reads any CIN census XML file and runs the DfE's CIN
 * validation rules for 2025-26 (src/returns/cin/rules). Every failure names
 * the rule, the child (LAchildID), the section (module) and the element's
 * position (path with 1-based indexes, and line number) and fields.
 *
 * Malformed input never throws: an unreadable file gives one failure with
 * code 'FILE'; values of the wrong format (bad dates, non-boolean flags) give
 * failures with code 'FORMAT' and are treated as missing by the rules.
 */
import { readFile } from 'node:fs/promises';
import { cinCensusYear } from '../../domain/codes/cin.ts';
import type { CinChild, Position } from './model.ts';
import { parseCinXml } from './parse.ts';
import { cinRules2026, type CinRule } from './rules/index.ts';
import type { Failure, FileIssue, ValidationReport } from '../validation-report.ts';

export interface CinFailure {
  code: string;
  type: 'error' | 'query';
  message: string;
  /** LAchildID of the child, or null for return-level and file-level failures. */
  child: string | null;
  /** 1-based position of the child in the file. */
  childIndex: number | null;
  /** Module (table) the rule belongs to, e.g. 'CINdetails'. */
  section: string;
  /** Element path, e.g. 'Child[3]/CINdetails[1]/Section47[2]'. */
  element: string;
  line: number | null;
  fields: string[];
}

export interface CinValidationResult {
  collectionYear: number;
  children: number;
  rulesRun: number;
  /** True when the file could not be read as a CIN census at all. */
  unreadable: boolean;
  failures: CinFailure[];
}

export interface CinValidateOptions {
  /** Collection year (2026 = 2025-26). Default: the header's Year, else 2026. */
  collectionYear?: number;
  rules?: CinRule[];
}

export const CIN_DEFAULT_COLLECTION_YEAR = 2026;

export function validateCinXml(input: string | Uint8Array, options: CinValidateOptions = {}): CinValidationResult {
  const rules = options.rules ?? cinRules2026;
  const parsed = parseCinXml(input);
  if (!parsed.file) {
    const f = parsed.fatal!;
    return {
      collectionYear: options.collectionYear ?? CIN_DEFAULT_COLLECTION_YEAR, children: 0, rulesRun: 0, unreadable: true,
      failures: [{ code: 'FILE', type: 'error', message: `File cannot be read: ${f.message}`, child: null, childIndex: null, section: 'File', element: f.path, line: f.line, fields: [] }],
    };
  }
  const file = parsed.file;
  const headerYear = file.header?.year && /^\d{4}$/.test(file.header.year) ? Number(file.header.year) : null;
  const collectionYear = options.collectionYear ?? headerYear ?? CIN_DEFAULT_COLLECTION_YEAR;
  const { start, end } = cinCensusYear(collectionYear);

  const failures: CinFailure[] = [];
  const childOf = new Map<string, CinChild>();
  for (const c of file.children) childOf.set(c.path, c);
  for (const p of parsed.formatProblems) {
    const c = childOf.get(p.path.split('/')[0] ?? '') ?? null;
    failures.push({
      code: 'FORMAT', type: 'error', message: p.message, child: c?.laChildId ?? null, childIndex: c ? c.index + 1 : null,
      section: p.path.split('/').pop()?.replace(/\[\d+\]$/, '') ?? 'File', element: p.path, line: p.line, fields: p.field ? [p.field] : [],
    });
  }

  for (const r of rules) {
    const ctx = {
      file, start, end, collectionYear,
      report(child: CinChild | null, at: Position | null, fields?: string[]) {
        failures.push({
          code: r.code, type: r.type, message: r.message,
          child: child?.laChildId ?? null, childIndex: child ? child.index + 1 : null,
          section: r.section, element: at?.path ?? (child?.path ?? ''), line: at?.line ?? child?.line ?? null,
          fields: fields ?? r.fields,
        });
      },
    };
    try {
      r.check(ctx);
    } catch (err) {
      // A rule must never take the validator down; report it as an internal failure instead.
      failures.push({ code: r.code, type: 'error', message: `rule could not be evaluated: ${(err as Error).message}`, child: null, childIndex: null, section: r.section, element: '', line: null, fields: r.fields });
    }
  }
  return { collectionYear, children: file.children.length, rulesRun: rules.length, unreadable: false, failures };
}

export async function validateCinFile(path: string, options: CinValidateOptions = {}): Promise<CinValidationResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    return {
      collectionYear: options.collectionYear ?? CIN_DEFAULT_COLLECTION_YEAR, children: 0, rulesRun: 0, unreadable: true,
      failures: [{ code: 'FILE', type: 'error', message: `File cannot be read: ${why}`, child: null, childIndex: null, section: 'File', element: '', line: null, fields: [] }],
    };
  }
  return validateCinXml(bytes, options);
}

/**
 * The result in the shared report shape (src/returns/validation-report.ts):
 * table = section (module), row = line number of the element in the file.
 * A file that cannot be read becomes a file issue.
 */
export function toCinValidationReport(result: CinValidationResult, fileName: string): ValidationReport {
  const y = result.collectionYear;
  const fileIssues: FileIssue[] = [];
  const failures: Failure[] = [];
  for (const f of result.failures) {
    if (f.code === 'FILE') fileIssues.push({ file: fileName, row: f.line, message: f.message });
    else failures.push({ rule: f.code, message: f.message, table: f.section, row: f.line, child: f.child, fields: f.fields });
  }
  return {
    title: `CIN census ${y - 1}-${String(y).slice(2)}: ${fileName}`,
    failures,
    fileIssues,
    summary: {
      children: result.children,
      'rules run': result.rulesRun,
      errors: result.failures.filter((f) => f.type === 'error' && f.code !== 'FILE').length,
      queries: result.failures.filter((f) => f.type === 'query').length,
    },
  };
}
