/**
 * Loads SSDA903 CSV files (Hearth's own or another system's) into tables
 * indexed by CHILD. Tables are identified by their header columns, not file
 * names. Never throws for bad input: encoding problems, empty files, unknown
 * or missing columns and unparseable cells become FileIssues.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SSDA903_TABLES, tableDef, type Ssda903Table } from '../../domain/codes/ssda903.ts';
import type { FileIssue } from '../validation-report.ts';

/** One data row: trimmed cell values by column (codes upper-cased), plus parsed dates. */
export interface Row {
  /** 1-based data row number in the file (header line excluded). */
  readonly n: number;
  readonly child: string;
  readonly v: Readonly<Record<string, string>>;
  /** Date columns as day numbers (days since 1970-01-01); null when blank or unparseable. Only the row's own table's date columns are set. */
  readonly d: Readonly<Record<DateColumn, number | null>>;
}

export type DateColumn = 'DOB' | 'MC_DOB' | 'DECOM' | 'DEC' | 'REVIEW' | 'DUC' | 'DATE_INT' | 'DATE_MATCH' | 'DATE_PLACED'
  | 'DATE_PLACED_CEASED' | 'DATE_PERM' | 'MIS_START' | 'MIS_END' | 'SW_DECOM' | 'SW_DEC';

export interface TableData {
  readonly table: Ssda903Table;
  readonly file: string;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly byChild: ReadonlyMap<string, readonly Row[]>;
}

export type Tables = Partial<Record<Ssda903Table, TableData>>;

export interface LoadResult {
  tables: Tables;
  issues: FileIssue[];
}

const DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** dd/mm/yyyy → day number, or null when not a real date. */
export function parseDate(s: string): number | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const d = Number(m[1]), mo = Number(m[2]), y = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || y < 1900) return null;
  const t = Date.UTC(y, mo - 1, d);
  const dt = new Date(t);
  if (dt.getUTCDate() !== d || dt.getUTCMonth() !== mo - 1) return null;
  return t / 86_400_000;
}

/** Day number of an ISO date. */
export function isoDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

const KEEP_CASE = new Set(['CHILD', 'SW_ID']);
/** Header may carry a UASC column (as in XML-derived files). */
const OPTIONAL_COLUMNS: Partial<Record<Ssda903Table, readonly string[]>> = { Header: ['UASC'] };

function dateColumns(year: number, table: Ssda903Table): string[] {
  return tableDef(year, table).columns.filter((c) => c.format === 'date').map((c) => c.name);
}

/**
 * Builds a table from already-split rows (used by the CSV reader and by tests).
 * Columns not in the table definition are ignored; missing ones read as blank.
 */
export function tableFromRows(year: number, table: Ssda903Table, file: string, columns: readonly string[], raw: readonly (readonly string[])[], issues: FileIssue[] = []): TableData {
  const defCols = tableDef(year, table).columns.map((c) => c.name);
  const wanted = [...defCols, ...(OPTIONAL_COLUMNS[table] ?? []).filter((c) => columns.includes(c))];
  const idx = wanted.map((c) => columns.indexOf(c));
  const dates = dateColumns(year, table);
  const rows: Row[] = [];
  const byChild = new Map<string, Row[]>();
  let badDates = 0;
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    const v: Record<string, string> = {};
    for (let j = 0; j < wanted.length; j++) {
      const k = idx[j]!;
      const col = wanted[j]!;
      const cell = k < 0 ? '' : (r[k] ?? '').trim();
      v[col] = KEEP_CASE.has(col) ? cell : cell.toUpperCase();
    }
    const d = {} as Record<DateColumn, number | null>;
    for (const col of dates) {
      const s = v[col]!;
      const day = s === '' ? null : parseDate(s);
      if (s !== '' && day === null && badDates++ < 20) issues.push({ file, row: i + 1, message: `${col} '${s}' is not a date in dd/mm/yyyy form` });
      d[col as DateColumn] = day;
    }
    const row: Row = { n: i + 1, child: v.CHILD ?? '', v, d };
    rows.push(row);
    let list = byChild.get(row.child);
    if (!list) byChild.set(row.child, (list = []));
    list.push(row);
  }
  if (badDates > 20) issues.push({ file, row: null, message: `${badDates - 20} more unparseable date(s) not listed` });
  return { table, file, columns: wanted, rows, byChild };
}

/** Which table a header row belongs to: exact match first, else best overlap (≥ 60% and CHILD present). */
export function identifyTable(year: number, columns: readonly string[]): { table: Ssda903Table; missing: string[]; extra: string[] } | null {
  const set = new Set(columns);
  let best: { table: Ssda903Table; missing: string[]; extra: string[]; score: number } | null = null;
  for (const t of SSDA903_TABLES) {
    const cols = tableDef(year, t).columns.map((c) => c.name);
    const optional = OPTIONAL_COLUMNS[t] ?? [];
    const missing = cols.filter((c) => !set.has(c));
    const extra = columns.filter((c) => !cols.includes(c) && !optional.includes(c));
    const score = (cols.length - missing.length) / cols.length - extra.length / (cols.length * 4);
    if (missing.length === 0 && extra.length === 0) return { table: t, missing, extra };
    if (!best || score > best.score) best = { table: t, missing, extra, score };
  }
  if (!best || !set.has('CHILD') || best.score < 0.6) return null;
  return best;
}

/** Parses one CSV file's bytes. Adds to `tables` and `issues`; never throws. */
export function loadCsv(year: number, file: string, bytes: Uint8Array, tables: Tables, issues: FileIssue[]): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    issues.push({ file, row: null, message: `not valid UTF-8${utf16 ? ' (it looks like UTF-16)' : ''}: save the file as UTF-8 CSV and try again; file skipped` });
    return;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    issues.push({ file, row: null, message: 'file is empty; skipped' });
    return;
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    issues.push({ file, row: null, message: `not readable as CSV: ${(err as Error).message.split('\n')[0]}; file skipped` });
    return;
  }
  const header = (records[0] ?? []).map((h) => h.trim().toUpperCase());
  const id = identifyTable(year, header);
  if (!id) {
    issues.push({ file, row: null, message: `columns (${header.join(', ')}) do not match any SSDA903 table; file skipped` });
    return;
  }
  if (id.missing.length) issues.push({ file, row: null, message: `${id.table}: missing column(s) ${id.missing.join(', ')} (read as blank)` });
  if (id.extra.length) issues.push({ file, row: null, message: `${id.table}: unexpected column(s) ${id.extra.join(', ')} (ignored)` });
  if (tables[id.table]) {
    issues.push({ file, row: null, message: `a second ${id.table} file (first was ${tables[id.table]!.file}); this one skipped` });
    return;
  }
  const data = records.slice(1);
  let ragged = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i]!.length !== header.length && ragged++ < 5) issues.push({ file, row: i + 1, message: `has ${data[i]!.length} cell(s), the header has ${header.length}` });
  }
  tables[id.table] = tableFromRows(year, id.table, file, header, data, issues);
}

/** Loads every *.csv in a folder (not recursive). */
export async function loadFolder(year: number, folder: string): Promise<LoadResult> {
  const tables: Tables = {};
  const issues: FileIssue[] = [];
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) return { tables, issues: [{ file: folder, row: null, message: 'not a folder' }] };
    names = (await readdir(folder)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  } catch {
    return { tables, issues: [{ file: folder, row: null, message: 'folder not found or not readable' }] };
  }
  if (names.length === 0) issues.push({ file: folder, row: null, message: 'no .csv files found' });
  for (const name of names) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(folder, name));
    } catch {
      issues.push({ file: name, row: null, message: 'could not be read' });
      continue;
    }
    loadCsv(year, name, bytes, tables, issues);
  }
  return { tables, issues };
}
