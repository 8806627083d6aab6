/**
 * The working-day calendar for England: weekends and England and Wales bank
 * holidays, computed by rule for every year from 2000 to 2100, plus the
 * one-off holidays and moved holidays proclaimed so far.
 *
 * THE WORKING-DAY CONVENTION (the DfE's, as used in the CIN census guidance
 * and its timeliness measures): "within N working days of X" counts the
 * working days AFTER X. X itself is day 0, whether or not it is a working day.
 *  - `workingDaysBetween(a, b)` is the number of working days d with
 *    a < d <= b (start exclusive, end inclusive). It is negative, with the same
 *    magnitude, when b is before a, and 0 when a = b.
 *  - `addWorkingDays(a, n)` for n > 0 is the n-th working day after a: the
 *    earliest date b with workingDaysBetween(a, b) = n; always a working day.
 *    For n = 0 it is a itself. For n < 0 it is the |n|-th working day before a.
 *  - So an assessment that started on a Friday and was authorised on the 45th
 *    working day after it, `addWorkingDays(start, 45)`, is in time; one
 *    authorised the next working day is late. workingDaysBetween(start,
 *    authorised) is the "working days taken" the DfE reports.
 *
 * Rules (England and Wales):
 *  - New Year's Day, 1 January; if a Saturday or Sunday, the next Monday.
 *  - Good Friday and Easter Monday (Western Easter).
 *  - Early May bank holiday: first Monday in May (moved to Friday 8 May in 2020 for VE day).
 *  - Spring bank holiday: last Monday in May (moved for the jubilees: 4 June 2002,
 *    4 June 2012, 2 June 2022).
 *  - Summer bank holiday: last Monday in August.
 *  - Christmas Day and Boxing Day; when either falls at a weekend the substitute
 *    days are the next weekdays not already holidays (Christmas on a Saturday:
 *    Monday 27 and Tuesday 28; on a Sunday: Boxing Day Monday 26 and Christmas
 *    substitute Tuesday 27; on a Friday: Boxing Day substitute Monday 28).
 *  - One-off holidays: 3 June 2002 (Golden Jubilee), 29 April 2011 (royal
 *    wedding), 5 June 2012 (Diamond Jubilee), 3 June 2022 (Platinum Jubilee),
 *    19 September 2022 (state funeral of Queen Elizabeth II), 8 May 2023
 *    (coronation of King Charles III).
 * A future proclamation (a new one-off day or a moved holiday) is added to
 * ONE_OFF_HOLIDAYS / MOVED_HOLIDAYS below.
 *
 * Holidays are computed once per year and cached; the working-day functions
 * use a table of running working-day counts over 2000–2100 (built once, on
 * first use, about 37,000 entries), so each call is a lookup or a binary search.
 */
import { UserFacingError } from '../errors.ts';
import { dayFromParts, fromDayNumber, partsFromDay, toDayNumber, weekdayOfDay, type IsoDate } from './dates.ts';

export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2100;

/** A date outside the years the calendar covers (2000–2100). */
export class CalendarRangeError extends UserFacingError {}

export interface BankHoliday {
  date: IsoDate;
  title: string;
}

/** Holidays moved from their usual date by proclamation: year → which holiday → its date that year. */
const MOVED_HOLIDAYS: Readonly<Record<number, { earlyMay?: IsoDate; spring?: IsoDate }>> = {
  2002: { spring: '2002-06-04' },
  2012: { spring: '2012-06-04' },
  2020: { earlyMay: '2020-05-08' },
  2022: { spring: '2022-06-02' },
};

/** Extra, one-off bank holidays. */
const ONE_OFF_HOLIDAYS: readonly BankHoliday[] = [
  { date: '2002-06-03', title: 'Golden Jubilee of Queen Elizabeth II' },
  { date: '2011-04-29', title: 'Wedding of Prince William and Catherine Middleton' },
  { date: '2012-06-05', title: 'Diamond Jubilee of Queen Elizabeth II' },
  { date: '2022-06-03', title: 'Platinum Jubilee of Queen Elizabeth II' },
  { date: '2022-09-19', title: 'State funeral of Queen Elizabeth II' },
  { date: '2023-05-08', title: 'Coronation of King Charles III' },
];

/** Easter Sunday (Gregorian, anonymous algorithm) as a day number. */
export function easterSunday(year: number): number {
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
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromParts(year, month, day);
}

function firstMonday(year: number, month: number): number {
  const first = dayFromParts(year, month, 1);
  return first + ((8 - weekdayOfDay(first)) % 7);
}

function lastMonday(year: number, month: number): number {
  const next = dayFromParts(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
  const last = next - 1;
  return last - ((weekdayOfDay(last) + 6) % 7);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
    throw new CalendarRangeError(`the working-day calendar covers ${CALENDAR_FIRST_YEAR} to ${CALENDAR_LAST_YEAR} (got ${year})`);
  }
}

function computeBankHolidays(year: number): BankHoliday[] {
  const out: BankHoliday[] = [];
  const add = (day: number, title: string) => out.push({ date: fromDayNumber(day), title });
  const sub = ' (substitute day)';

  const newYear = dayFromParts(year, 1, 1);
  const nyw = weekdayOfDay(newYear);
  if (nyw === 6) add(newYear + 2, `New Year’s Day${sub}`);
  else if (nyw === 0) add(newYear + 1, `New Year’s Day${sub}`);
  else add(newYear, 'New Year’s Day');

  const easter = easterSunday(year);
  add(easter - 2, 'Good Friday');
  add(easter + 1, 'Easter Monday');

  const moved = MOVED_HOLIDAYS[year] ?? {};
  if (moved.earlyMay) out.push({ date: moved.earlyMay, title: 'Early May bank holiday' });
  else add(firstMonday(year, 5), 'Early May bank holiday');
  if (moved.spring) out.push({ date: moved.spring, title: 'Spring bank holiday' });
  else add(lastMonday(year, 5), 'Spring bank holiday');
  add(lastMonday(year, 8), 'Summer bank holiday');

  const christmas = dayFromParts(year, 12, 25);
  switch (weekdayOfDay(christmas)) {
    case 6: // Saturday
      add(christmas + 2, `Christmas Day${sub}`);
      add(christmas + 3, `Boxing Day${sub}`);
      break;
    case 0: // Sunday
      add(christmas + 1, 'Boxing Day');
      add(christmas + 2, `Christmas Day${sub}`);
      break;
    case 5: // Friday: Boxing Day is a Saturday
      add(christmas, 'Christmas Day');
      add(christmas + 3, `Boxing Day${sub}`);
      break;
    default:
      add(christmas, 'Christmas Day');
      add(christmas + 1, 'Boxing Day');
  }

  for (const h of ONE_OFF_HOLIDAYS) if (h.date.startsWith(`${year}-`)) out.push(h);
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const holidayCache = new Map<number, readonly BankHoliday[]>();

/** England and Wales bank holidays in `year` (2000–2100), in date order. */
export function bankHolidays(year: number): readonly BankHoliday[] {
  checkYear(year);
  let list = holidayCache.get(year);
  if (!list) {
    list = Object.freeze(computeBankHolidays(year).map((h) => Object.freeze(h)));
    holidayCache.set(year, list);
  }
  return list;
}

// ---- Working-day table -----------------------------------------------------

const FIRST_DAY = dayFromParts(CALENDAR_FIRST_YEAR, 1, 1);
const LAST_DAY = dayFromParts(CALENDAR_LAST_YEAR, 12, 31);

interface Table {
  /** 1 for a working day, 0 otherwise, indexed by day - FIRST_DAY. */
  working: Uint8Array;
  /** Running count: cum[i] = working days in [FIRST_DAY, FIRST_DAY + i]. */
  cum: Int32Array;
}

let table: Table | undefined;

function getTable(): Table {
  if (table) return table;
  const n = LAST_DAY - FIRST_DAY + 1;
  const working = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const w = weekdayOfDay(FIRST_DAY + i);
    working[i] = w === 0 || w === 6 ? 0 : 1;
  }
  for (let y = CALENDAR_FIRST_YEAR; y <= CALENDAR_LAST_YEAR; y++) {
    for (const h of bankHolidays(y)) working[toDayNumber(h.date) - FIRST_DAY] = 0;
  }
  const cum = new Int32Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) {
    running += working[i]!;
    cum[i] = running;
  }
  table = { working, cum };
  return table;
}

function index(day: number, what: string): number {
  if (!(day >= FIRST_DAY && day <= LAST_DAY)) {
    const shown = Number.isInteger(day) ? fromDayNumber(day) : String(day);
    throw new CalendarRangeError(`${what} ${shown} is outside the working-day calendar (${CALENDAR_FIRST_YEAR}-01-01 to ${CALENDAR_LAST_YEAR}-12-31)`);
  }
  return day - FIRST_DAY;
}

/** Is this day number a working day (not a weekend, not a bank holiday)? */
export function isWorkingDayNumber(day: number): boolean {
  return getTable().working[index(day, 'date')] === 1;
}

/** Working days d with a < d <= b (negative when b < a); see the convention above. */
export function workingDaysBetweenDays(a: number, b: number): number {
  const { cum } = getTable();
  return cum[index(b, 'date')]! - cum[index(a, 'date')]!;
}

/** Smallest table index i with cum[i] >= target (target within the table's counts). */
function firstIndexWithCount(cum: Int32Array, target: number, what: string): number {
  let lo = 0;
  let hi = cum.length - 1;
  if (target > cum[hi]! || target < 1) {
    throw new CalendarRangeError(`${what} falls outside the working-day calendar (${CALENDAR_FIRST_YEAR}-01-01 to ${CALENDAR_LAST_YEAR}-12-31)`);
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The n-th working day after (n > 0) or before (n < 0) a day number; the day itself for n = 0. */
export function addWorkingDaysToDay(day: number, n: number): number {
  if (!Number.isInteger(n)) throw new RangeError(`the number of working days must be a whole number (got ${n})`);
  const { cum } = getTable();
  const i = index(day, 'date');
  if (n === 0) return day;
  if (n > 0) return FIRST_DAY + firstIndexWithCount(cum, cum[i]! + n, 'the result');
  // n < 0: the working day w with exactly |n| working days in [w, day).
  const before = i === 0 ? 0 : cum[i - 1]!;
  return FIRST_DAY + firstIndexWithCount(cum, before + n + 1, 'the result');
}

/** Is this date a working day in England (Monday to Friday and not a bank holiday)? */
export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(toDayNumber(date));
}

/** Is this date an England and Wales bank holiday? */
export function isBankHoliday(date: IsoDate): boolean {
  const day = toDayNumber(date);
  const [y] = partsFromDay(day);
  return bankHolidays(y).some((h) => h.date === date);
}

/**
 * The n-th working day after `date` (n > 0), before it (n < 0), or `date`
 * itself (n = 0). See the convention at the top of this file.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(addWorkingDaysToDay(toDayNumber(date), n));
}

/** The number of working days after `from` up to and including `to` (negative if `to` is earlier). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  return workingDaysBetweenDays(toDayNumber(from, 'first date'), toDayNumber(to, 'second date'));
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  const day = toDayNumber(date);
  return isWorkingDayNumber(day) ? date : addWorkingDays(date, 1);
}
