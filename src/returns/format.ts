/**
 * Small helpers shared by the statutory returns: date arithmetic on ISO
 * 'YYYY-MM-DD' strings (no time zones involved), the DfE's dd/mm/yyyy form
 * and RFC 4180 CSV.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** 'YYYY-MM-DD' → 'DD/MM/YYYY'; null/empty → ''. */
export function ddmmyyyy(iso: string | null | undefined): string {
  if (!iso) return '';
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Adds (or, when negative, subtracts) calendar months, clamping to the month's last day (31 Aug − 6 months = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(iso: string, days: number): string {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole years between a date of birth and a date (birthday counts on the day). */
export function ageInYears(dob: string | null | undefined, at: string): number | null {
  if (!dob || dob > at) return null;
  let age = Number(at.slice(0, 4)) - Number(dob.slice(0, 4));
  if (at.slice(5) < dob.slice(5)) age -= 1;
  return age;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text (RFC 4180, CRLF line ends) from a header and rows of strings. */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

export async function writeCsvFile(folder: string, fileName: string, columns: readonly string[], rows: readonly (readonly string[])[]): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, fileName);
  await writeFile(path, toCsv(columns, rows), 'utf8');
  return path;
}

/** Rows grouped by a numeric key (e.g. child id), keeping their order. */
export function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
