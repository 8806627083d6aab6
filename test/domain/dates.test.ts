import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays, addMonths, addYears, ageAt, birthday, daysBetween, fromDayNumber, InvalidDateError, isIsoDate, toDayNumber, weekday,
} from '../../src/domain/dates.ts';

test('ISO dates are validated', () => {
  for (const ok of ['2024-02-29', '2000-01-01', '2100-12-31', '0001-01-01', '9999-12-31']) assert.ok(isIsoDate(ok), ok);
  for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-1-01', '2024-01-32', '20240101', '2024-01-01T00:00:00Z', '', ' 2024-01-01', '2024/01/01', 'abcd-ef-gh', null, undefined, 20240101]) {
    assert.ok(!isIsoDate(bad), String(bad));
  }
  assert.throws(() => toDayNumber('2023-02-29', 'start date'), (e: unknown) => e instanceof InvalidDateError && /start date must be a real date written YYYY-MM-DD/.test(e.message));
  assert.throws(() => addDays('31/01/2024', 1), InvalidDateError);
});

test('day numbers are UTC days since 1970-01-01', () => {
  assert.equal(toDayNumber('1970-01-01'), 0);
  assert.equal(toDayNumber('2000-03-01'), Date.UTC(2000, 2, 1) / 86_400_000);
  assert.equal(fromDayNumber(-1), '1969-12-31');
  assert.equal(weekday('2024-12-25'), 3); // a Wednesday
});

test('addMonths clamps to the end of a shorter month', () => {
  assert.equal(addMonths('2024-08-31', 6), '2025-02-28');
  assert.equal(addMonths('2023-08-31', 6), '2024-02-29');
  assert.equal(addMonths('2024-11-30', 3), '2025-02-28');
  assert.equal(addMonths('2024-05-31', 3), '2024-08-31');
  assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
  assert.equal(addMonths('2024-12-15', 1), '2025-01-15');
  assert.equal(addYears('2024-02-29', 1), '2025-02-28');
  assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
});

test('ages and birthdays (29 February birthdays fall on 1 March in other years)', () => {
  assert.equal(ageAt('2008-06-15', '2024-06-14'), 15);
  assert.equal(ageAt('2008-06-15', '2024-06-15'), 16);
  assert.equal(ageAt('2008-02-29', '2026-02-28'), 17);
  assert.equal(ageAt('2008-02-29', '2026-03-01'), 18);
  assert.equal(ageAt('2008-02-29', '2028-02-29'), 20);
  assert.equal(birthday('2008-02-29', 18), '2026-03-01');
  assert.equal(ageAt('2024-01-01', '2023-12-31'), -1);
});

const day = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2200-12-31') });

test('property: day numbers and ISO strings round-trip and agree with Date', () => {
  fc.assert(fc.property(day, (n) => {
    const iso = fromDayNumber(n);
    return toDayNumber(iso) === n && new Date(n * 86_400_000).toISOString().slice(0, 10) === iso;
  }));
});

test('property: addMonths keeps the day or clamps it, and moves the month exactly', () => {
  fc.assert(fc.property(day, fc.integer({ min: -60, max: 60 }), (n, m) => {
    const from = fromDayNumber(n);
    const to = addMonths(from, m);
    const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
    const d0 = Number(from.slice(8));
    const d1 = Number(to.slice(8));
    return months === m && (d1 === d0 || (d1 < d0 && addDays(to, 1).slice(8) === '01'));
  }));
});

test('property: age goes up by one exactly on each birthday', () => {
  fc.assert(fc.property(day, fc.integer({ min: 1, max: 25 }), (n, age) => {
    const dob = fromDayNumber(n);
    const b = birthday(dob, age);
    return ageAt(dob, b) === age && ageAt(dob, addDays(b, -1)) === age - 1;
  }));
});
