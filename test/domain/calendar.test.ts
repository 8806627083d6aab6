import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addWorkingDays, bankHolidays, CalendarRangeError, easterSunday, isBankHoliday, isWorkingDay, workingDaysBetween,
} from '../../src/domain/calendar.ts';
import { addDays, fromDayNumber, toDayNumber, weekday } from '../../src/domain/dates.ts';

/**
 * The published England and Wales bank holidays, 2015–2027, as listed on
 * GOV.UK ("UK bank holidays", England and Wales), copied here by hand so the
 * computed calendar is checked against an independent list.
 */
const PUBLISHED: Record<number, string[]> = {
  2015: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2016: ['01-01', '03-25', '03-28', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2017: ['01-02', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
  2018: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
  2019: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
};

test('bank holidays agree with the published England and Wales lists for 2015–2027', () => {
  for (const [year, dates] of Object.entries(PUBLISHED)) {
    assert.deepEqual(bankHolidays(Number(year)).map((h) => h.date), dates.map((d) => `${year}-${d}`), `year ${year}`);
  }
});

test('one-off and moved holidays', () => {
  const has = (d: string) => isBankHoliday(d);
  assert.ok(has('2002-06-03') && has('2002-06-04'), '2002 golden jubilee and moved spring bank holiday');
  assert.ok(!has('2002-05-27'), '2002 spring bank holiday moved away from the last Monday of May');
  assert.ok(has('2011-04-29'), '2011 royal wedding');
  assert.ok(has('2012-06-04') && has('2012-06-05') && !has('2012-05-28'), '2012 diamond jubilee');
  assert.ok(has('2020-05-08') && !has('2020-05-04'), '2020 VE day move');
  assert.ok(has('2022-06-02') && has('2022-06-03') && has('2022-09-19') && !has('2022-05-30'), '2022 platinum jubilee, state funeral');
  assert.ok(has('2023-05-08'), '2023 coronation');
  assert.equal(bankHolidays(2012).length, 9);
  assert.equal(bankHolidays(2011).length, 9);
});

test('titles name substitute days', () => {
  assert.deepEqual(bankHolidays(2021).slice(-2).map((h) => h.title), ['Christmas Day (substitute day)', 'Boxing Day (substitute day)']);
  assert.equal(bankHolidays(2022)[0]!.title, 'New Year’s Day (substitute day)');
  assert.deepEqual(bankHolidays(2022).slice(-2).map((h) => h.title), ['Boxing Day', 'Christmas Day (substitute day)']);
});

test('Easter Sunday for known years', () => {
  const known: Record<number, string> = {
    2000: '2000-04-23', 2008: '2008-03-23', 2011: '2011-04-24', 2019: '2019-04-21', 2038: '2038-04-25', 2100: '2100-03-28',
  };
  for (const [y, d] of Object.entries(known)) assert.equal(fromDayNumber(easterSunday(Number(y))), d);
});

test('every year 2000–2100 has 8 rule holidays (plus one-offs), all on weekdays, none twice', () => {
  for (let y = 2000; y <= 2100; y++) {
    const list = bankHolidays(y);
    const dates = list.map((h) => h.date);
    assert.equal(new Set(dates).size, dates.length, `${y}: duplicates`);
    for (const d of dates) {
      assert.ok(weekday(d) >= 1 && weekday(d) <= 5, `${y}: ${d} is a weekday`);
      assert.ok(d.startsWith(`${y}-`));
    }
    assert.ok(list.length >= 8 && list.length <= 10, `${y}: ${list.length}`);
  }
});

test('the calendar covers 2000–2100 only, with a clear error', () => {
  assert.throws(() => bankHolidays(1999), CalendarRangeError);
  assert.throws(() => bankHolidays(2101), CalendarRangeError);
  assert.throws(() => isWorkingDay('1999-12-31'), /outside the working-day calendar/);
  assert.throws(() => addWorkingDays('2100-12-30', 5), /outside the working-day calendar/);
  assert.throws(() => addWorkingDays('2024-13-01', 1), /real date written YYYY-MM-DD/);
  assert.throws(() => addWorkingDays('2024-01-01', 1.5), RangeError);
});

test('working days: the DfE convention (start is day 0) around Christmas and Easter', () => {
  // Friday 20 December 2024: 23, 24, 27, 30, 31 December.
  assert.equal(addWorkingDays('2024-12-20', 5), '2024-12-31');
  assert.equal(workingDaysBetween('2024-12-20', '2024-12-31'), 5);
  assert.equal(workingDaysBetween('2024-12-20', '2025-01-02'), 6);
  // From a Saturday: the Monday is the first working day after it.
  assert.equal(addWorkingDays('2024-12-21', 1), '2024-12-23');
  // Thursday before Easter 2025 (Good Friday 18 April, Easter Monday 21 April).
  assert.equal(addWorkingDays('2025-04-17', 1), '2025-04-22');
  assert.equal(workingDaysBetween('2025-04-17', '2025-04-22'), 1);
  // 45 working days from Friday 1 November 2024 (the assessment timescale) is Wednesday 8 January 2025.
  assert.equal(addWorkingDays('2024-11-01', 45), '2025-01-08');
  assert.equal(workingDaysBetween('2024-11-01', '2025-01-08'), 45);
  // Zero, same day, reverse.
  assert.equal(addWorkingDays('2024-12-25', 0), '2024-12-25');
  assert.equal(workingDaysBetween('2024-12-25', '2024-12-25'), 0);
  assert.equal(workingDaysBetween('2025-01-08', '2024-11-01'), -45);
  // Backwards.
  assert.equal(addWorkingDays('2024-12-27', -1), '2024-12-24');
  assert.equal(addWorkingDays('2025-01-08', -45), '2024-11-01');
  assert.equal(isWorkingDay('2025-12-26'), false);
  assert.equal(isWorkingDay('2025-12-29'), true);
  assert.equal(isWorkingDay('2025-12-27'), false);
});

// ---- Properties -------------------------------------------------------------------

const FIRST = toDayNumber('2000-01-01');
const LAST = toDayNumber('2097-12-31'); // leaves room to add 600 working days without leaving the calendar
const anyDate = fc.integer({ min: FIRST, max: LAST }).map(fromDayNumber);
/** Dates with room to count 300 working days back. */
const nearDate = fc.integer({ min: toDayNumber('2002-01-01'), max: LAST }).map(fromDayNumber);

test('property: adding then counting working days round-trips', () => {
  fc.assert(fc.property(anyDate, fc.integer({ min: 0, max: 600 }), (d, n) => workingDaysBetween(d, addWorkingDays(d, n)) === n));
});

test('property: the result of adding N >= 1 working days is a working day, and the earliest such', () => {
  fc.assert(fc.property(anyDate, fc.integer({ min: 1, max: 600 }), (d, n) => {
    const r = addWorkingDays(d, n);
    return isWorkingDay(r) && r > d && workingDaysBetween(d, addDays(r, -1)) === n - 1;
  }));
});

test('property: counting backwards from a working day round-trips', () => {
  fc.assert(fc.property(nearDate, fc.integer({ min: 1, max: 300 }), (d, n) => {
    fc.pre(isWorkingDay(d));
    const back = addWorkingDays(d, -n);
    return isWorkingDay(back) && workingDaysBetween(back, d) === n && addWorkingDays(back, n) === d;
  }));
});

test('property: working days between is antisymmetric and additive', () => {
  fc.assert(fc.property(anyDate, anyDate, anyDate, (a, b, c) =>
    workingDaysBetween(a, b) === -workingDaysBetween(b, a) &&
    workingDaysBetween(a, b) + workingDaysBetween(b, c) === workingDaysBetween(a, c)));
});

test('property: working days between agrees with counting day by day', () => {
  fc.assert(fc.property(nearDate, fc.integer({ min: 0, max: 120 }), (a, span) => {
    let count = 0;
    let d = a;
    for (let i = 0; i < span; i++) {
      d = addDays(d, 1);
      const w = weekday(d);
      if (w !== 0 && w !== 6 && !isBankHoliday(d)) count++;
    }
    return workingDaysBetween(a, d) === count;
  }));
});

test('property: weekends are never working days', () => {
  fc.assert(fc.property(anyDate, (d) => (weekday(d) === 0 || weekday(d) === 6 ? !isWorkingDay(d) : isWorkingDay(d) === !isBankHoliday(d))));
});
