/**
 * Loads SSDA903 CSV files (Hearth's own or another system's) into tables
 * indexed by CHILD. Tables are identified by their header columns, not file
 * names. Never throws for bad input: encoding problems, empty files, unknown
 * or missing columns and unparseable cells become FileIssues.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm, no Date objects). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** dd/mm/yyyy (day and month may be one digit) → day number, or null when not a real date. Parsed once per cell when reading. */
export function parseDate(s: string): number | null {
  const n = s.length;
  if (n < 8 || n > 10) return null;
  const a = s.indexOf('/');
  if (a < 1 || a > 2) return null;
  const b = s.indexOf('/', a + 1);
  if (b - a < 2 || b - a > 3 || n - b !== 5) return null;
  let d = 0, mo = 0, y = 0;
  for (let i = 0; i < n; i++) {
    if (i === a || i === b) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    if (i < a) d = d * 10 + c; else if (i < b) mo = mo * 10 + c; else y = y * 10 + c;
  }
  if (mo < 1 || mo > 12 || d < 1 || y < 1900) return null;
  if (d > (mo === 2 && isLeap(y) ? 29 : MONTH_DAYS[mo - 1]!)) return null;
  return daysFromCivil(y, mo, d);
}

/** Day number of an ISO date. */
export function isoDay(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/**
 * Splits CSV text into records (RFC 4180: quoted fields with "" escapes, CRLF or LF, empty lines skipped).
 * Throws on an unclosed quote, a quote inside an unquoted field or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  if (!text.includes('"')) {
    // fast path: no quoting anywhere
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = n;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      if (end > pos) out.push(text.slice(pos, end).split(','));
      pos = nl + 1;
    }
    return out;
  }
  let rec: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  const n = text.length;
  let atStart = true; // at the start of a field
  let recEmpty = true; // nothing seen on this line yet
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      if (!atStart) throw new Error(`Invalid Opening Quote: a quote is found inside a field at line ${line}`);
      i++;
      const startLine = line;
      for (;;) {
        if (i >= n) throw new Error(`Quote Not Closed: the parsing is finished with an opening quote at line ${startLine}`);
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`Quote Not Closed: the parsing is finished with an opening quote at line ${startLine}`);
        const chunk = text.slice(i, q);
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
        field += chunk;
        if (text.charCodeAt(q + 1) === 34) { field += '"'; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      const nx = i < n ? text.charCodeAt(i) : 10;
      if (nx !== 44 && nx !== 10 && nx !== 13) throw new Error(`Invalid Closing Quote: got "${text[i]}" at line ${line} instead of delimiter or record end`);
      atStart = false; recEmpty = false;
      continue;
    }
    if (c === 44 /* , */) { rec.push(field); field = ''; atStart = true; recEmpty = false; i++; continue; }
    if (c === 10 || c === 13) {
      if (!recEmpty || field !== '') { rec.push(field); out.push(rec); }
      rec = []; field = ''; atStart = true; recEmpty = true;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++; line++;
      continue;
    }
    // unquoted run up to the next delimiter, line end or quote
    let j = i + 1;
    while (j < n) { const cj = text.charCodeAt(j); if (cj === 44 || cj === 10 || cj === 13 || cj === 34) break; j++; }
    field += text.slice(i, j);
    atStart = false; recEmpty = false;
    i = j;
    if (i < n && text.charCodeAt(i) === 34) throw new Error(`Invalid Opening Quote: a quote is found inside a field at line ${line}`);
  }
  if (!recEmpty || field !== '') { rec.push(field); out.push(rec); }
  return out;
}

const KEEP_CASE = new Set(['CHILD', 'SW_ID']);
/** Header may carry a UASC column (as in XML-derived files). */
const OPTIONAL_COLUMNS: Partial<Record<Ssda903Table, readonly string[]>> = { Header: ['UASC'] };

interface RowReader {
  /** One split CSV record → Row (cells trimmed, codes upper-cased, date cells parsed once into day numbers). */
  read(r: readonly string[], n: number): Row;
  /** Date columns of the row that are filled but not dates, or null. */
  badDates(row: Row): string[] | null;
}
const READERS = new Map<string, RowReader>();

/**
 * Generated row reader with a fixed property order, so every row of a table shares one object shape and the code is
 * compiled once per column layout (cached). Property names are the table definition's column names, never file
 * content. CHILD and SW_ID keep their case.
 */
function rowReader(wanted: readonly string[], idx: readonly number[], dates: readonly string[]): RowReader {
  const key = `${wanted.join(',')}|${idx.join(',')}|${dates.join(',')}`;
  let reader = READERS.get(key);
  if (reader) return reader;
  const q = (c: string) => JSON.stringify(c);
  const props = wanted.map((c, j) => {
    const k = idx[j]!;
    const cell = k < 0 ? '""' : `(r[${k}] ?? "").trim()${KEEP_CASE.has(c) ? '' : '.toUpperCase()'}`;
    return `${q(c)}: ${cell}`;
  });
  const dprops = dates.map((c) => `${q(c)}: v[${q(c)}] === "" ? null : parseDate(v[${q(c)}])`);
  const read = new Function('parseDate', `return function read(r, n) {
    const v = { ${props.join(', ')} };
    const d = { ${dprops.join(', ')} };
    return { n, child: ${wanted.includes('CHILD') ? 'v.CHILD' : '""'}, v, d };
  }`)(parseDate) as RowReader['read'];
  const checks = dates.map((c) => `if (row.v[${q(c)}] !== "" && row.d[${q(c)}] === null) (b ??= []).push(${q(c)});`);
  const badDates = new Function('row', `let b = null; ${checks.join(' ')} return b;`) as RowReader['badDates'];
  READERS.set(key, (reader = { read, badDates }));
  return reader;
}

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
  const reader = rowReader(wanted, idx, dates);
  const rows: Row[] = [];
  const byChild = new Map<string, Row[]>();
  let badDates = 0;
  for (let i = 0; i < raw.length; i++) {
    const row = reader.read(raw[i]!, i + 1);
    const bad = reader.badDates(row);
    if (bad !== null) {
      for (const col of bad) if (badDates++ < 20) issues.push({ file, row: i + 1, message: `${col} '${row.v[col]}' is not a date in dd/mm/yyyy form` });
    }
    rows.push(row);
    const list = byChild.get(row.child);
    if (list) list.push(row); else byChild.set(row.child, [row]);
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
    records = parseCsv(text);
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
