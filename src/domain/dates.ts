/**
 * ISO calendar dates ('YYYY-MM-DD') and day numbers.
 *
 * Hearth's dates are plain calendar dates, exactly as PostgreSQL returns a
 * `date` column: no time and no time zone. All arithmetic is done on UTC day
 * numbers (whole days since 1970-01-01), never on local time, so a date never
 * shifts by a day with the clock's zone or summer time. Nothing here reads the
 * clock: "today" is always a parameter.
 *
 * Conventions:
 *  - `addMonths` keeps the day of the month and clamps it to the end of a
 *    shorter month: 31 August + 6 months = 28 February (29th in a leap year).
 *    "Within 3 months of X" therefore means "on or before addMonths(X, 3)".
 *  - A birthday on 29 February falls on 1 March in a year that is not a leap
 *    year (the usual English convention), for `birthday` and `ageAt`.
 */
import { UserFacingError } from '../errors.ts';

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

/** A date that is not a real 'YYYY-MM-DD' calendar date. */
export class InvalidDateError extends UserFacingError {}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Day number (days since 1970-01-01) of a proleptic Gregorian date; month 1–12. */
export function dayFromParts(year: number, month: number, day: number): number {
  // H. Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1–12, day] of a day number. */
export function partsFromDay(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** The day number of an ISO date, or NaN when `s` is not a real 'YYYY-MM-DD' date (years 0001–9999). */
export function tryDayNumber(s: unknown): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  // NaN fails every comparison, so a non-digit falls through to NaN below.
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return dayFromParts(year, month, day);
}

/** True when `s` is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(s: unknown): s is IsoDate {
  return !Number.isNaN(tryDayNumber(s));
}

/**
 * The day number of an ISO date. Throws InvalidDateError, naming `what`, for
 * anything else (a wrong format, 2023-02-29, a Date object, null).
 */
export function toDayNumber(s: unknown, what = 'date'): number {
  const n = tryDayNumber(s);
  if (Number.isNaN(n)) {
    const shown = typeof s === 'string' ? `"${s}"` : String(s);
    throw new InvalidDateError(`${what} must be a real date written YYYY-MM-DD, for example 2024-03-31 (got ${shown})`);
  }
  return n;
}

/** The ISO date of a day number. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`not a whole day number: ${dayNumber}`);
  const [y, m, d] = partsFromDay(dayNumber);
  if (y < 1 || y > 9999) throw new RangeError(`date out of range (year ${y})`);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Day of the week of a day number: 0 = Sunday, 1 = Monday, … 6 = Saturday. */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return weekdayOfDay(toDayNumber(date));
}

/** Day number `months` calendar months after (or before) a day number, clamped to the month's end. */
export function addMonthsToDay(dayNumber: number, months: number): number {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number (got ${months})`);
  const [y, m, d] = partsFromDay(dayNumber);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return dayFromParts(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number (got ${days})`);
  return fromDayNumber(toDayNumber(date) + days);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return fromDayNumber(addMonthsToDay(toDayNumber(date), months));
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Compares two ISO dates (valid ISO dates compare correctly as strings). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Day number of the `age`th birthday of someone born on `dobDay` (29 February → 1 March in other years). */
export function birthdayDay(dobDay: number, age: number): number {
  const [y, m, d] = partsFromDay(dobDay);
  const year = y + age;
  if (m === 2 && d === 29 && !isLeapYear(year)) return dayFromParts(year, 3, 1);
  return dayFromParts(year, m, d);
}

/** The date of someone's `age`th birthday. */
export function birthday(dateOfBirth: IsoDate, age: number): IsoDate {
  return fromDayNumber(birthdayDay(toDayNumber(dateOfBirth, 'date of birth'), age));
}

/** Age in whole years on a day number (negative before birth is reported as -1). */
export function ageOnDay(dobDay: number, onDay: number): number {
  if (onDay < dobDay) return -1;
  const [y] = partsFromDay(dobDay);
  const [y2] = partsFromDay(onDay);
  let age = y2 - y;
  if (birthdayDay(dobDay, age) > onDay) age--;
  return age;
}

/** Age in whole years on `date` (a person is a year older on their birthday). -1 before birth. */
export function ageAt(dateOfBirth: IsoDate, date: IsoDate): number {
  return ageOnDay(toDayNumber(dateOfBirth, 'date of birth'), toDayNumber(date));
}
