/**
 * Day arithmetic for the generator. Dates are whole day numbers (days since
 * 1970-01-01, UTC) while generating, and ISO 'YYYY-MM-DD' strings in rows.
 *
 * Working days exclude weekends and England and Wales bank holidays (computed
 * by rule, including substitute days). This is a local helper: when
 * src/domain/calendar.ts exists the generator's figures should agree with it.
 */

const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Weekday 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

function firstMonday(year: number, month: number): number {
  let d = Math.floor(Date.UTC(year, month, 1) / MS_PER_DAY);
  while (weekday(d) !== 1) d++;
  return d;
}

function lastMonday(year: number, month: number): number {
  let d = Math.floor(Date.UTC(year, month + 1, 0) / MS_PER_DAY);
  while (weekday(d) !== 1) d--;
  return d;
}

/** England and Wales bank holidays in a year (rule-based; one-off extra days are not included). */
export function bankHolidays(year: number): number[] {
  const out: number[] = [];
  let ny = Math.floor(Date.UTC(year, 0, 1) / MS_PER_DAY);
  while (weekday(ny) === 0 || weekday(ny) === 6) ny++;
  out.push(ny);
  const easter = easterSunday(year);
  out.push(easter - 2, easter + 1);
  out.push(firstMonday(year, 4), lastMonday(year, 4), lastMonday(year, 7));
  const xmas = Math.floor(Date.UTC(year, 11, 25) / MS_PER_DAY);
  const wx = weekday(xmas);
  if (wx === 6) out.push(xmas + 2, xmas + 3);
  else if (wx === 0) out.push(xmas + 1, xmas + 2);
  else if (wx === 5) out.push(xmas, xmas + 3);
  else out.push(xmas, xmas + 1);
  return out;
}

/** Fast working-day arithmetic over a fixed range of days (prefix counts). */
export class WorkingDays {
  private readonly from: number;
  private readonly prefix: Int32Array;
  private readonly working: Uint8Array;

  constructor(fromDay: number, toDay: number) {
    this.from = fromDay;
    const n = toDay - fromDay + 1;
    this.working = new Uint8Array(n);
    const holidays = new Set<number>();
    for (let y = yearOf(fromDay) - 1; y <= yearOf(toDay) + 1; y++) for (const h of bankHolidays(y)) holidays.add(h);
    this.prefix = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const d = fromDay + i;
      const wd = weekday(d);
      const w = wd !== 0 && wd !== 6 && !holidays.has(d) ? 1 : 0;
      this.working[i] = w;
      this.prefix[i + 1] = this.prefix[i]! + w;
    }
  }

  isWorkingDay(day: number): boolean {
    const i = day - this.from;
    if (i < 0 || i >= this.working.length) {
      const wd = weekday(day);
      return wd !== 0 && wd !== 6;
    }
    return this.working[i] === 1;
  }

  /** Working days after `a` up to and including `b` (0 when b <= a). */
  between(a: number, b: number): number {
    if (b <= a) return 0;
    const ia = Math.max(0, Math.min(this.working.length, a - this.from + 1));
    const ib = Math.max(0, Math.min(this.working.length, b - this.from + 1));
    return this.prefix[ib]! - this.prefix[ia]!;
  }

  /** The day `n` working days after `day` (n >= 0; 0 gives the next working day on or after `day`). */
  add(day: number, n: number): number {
    let d = day;
    if (n <= 0) {
      while (!this.isWorkingDay(d)) d++;
      return d;
    }
    let left = n;
    while (left > 0) {
      d++;
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }
}
