/**
 * The indicator library's definitions and pure helpers: completeness, RAG at
 * and around the target, values per unit, trend periods.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AREAS, ENGLAND_2025, INDICATORS, formatValue, indicatorById, indicatorValue, monthEnd, ragFor, trendPeriodEnds, windowStart,
} from '../../../src/domain/indicators/index.ts';
import { INDICATOR_SQL } from '../../../src/services/indicators/queries.ts';

test('every indicator the issue asks for is defined once, fully, with SQL behind it', () => {
  const ids = INDICATORS.map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const required of [
    'contacts', 'referrals', 'referral-conversion', 're-referrals-12m', 'assessments-45wd', 'assessment-median-days', 's47-enquiries', 'icpc-15wd',
    'cin-rate', 'cp-rate', 'cp-repeat', 'cp-open-2y', 'cp-ended-2y', 'cp-visits-in-time', 'cp-reviews-in-time', 'cla-rate', 'cla-3-placements',
    'cla-stability', 'cla-reviews-in-time', 'cla-visits-in-time', 'cla-health-assessments', 'cla-dental', 'cla-immunisations', 'cla-sdq',
    'missing-episodes', 'rhi-offered', 'rhi-72h', 'cl-in-touch-17-18', 'cl-in-touch-19-21', 'cl-accommodation-17-18', 'cl-accommodation-19-21',
    'cl-eet-17-18', 'cl-eet-19-21', 'sw-changes-3plus', 'caseload', 'agency-rate', 'vacancy-rate', 'turnover',
  ]) {
    assert.ok(indicatorById(required), required);
  }
  for (const d of INDICATORS) {
    assert.ok(INDICATOR_SQL[d.id], `${d.id} has SQL`);
    assert.ok(d.title && d.numerator && d.denominator && d.source && d.attribution, `${d.id} is described`);
    assert.ok(AREAS.some((a) => a.id === d.area));
    if (d.higherIsBetter === null) assert.equal(d.target, null, `${d.id}: no polarity, so no target`);
  }
  assert.deepEqual(Object.keys(INDICATOR_SQL).sort(), [...ids].sort(), 'no SQL without a definition');
  for (const [id, v] of Object.entries(ENGLAND_2025)) {
    assert.ok(indicatorById(id), `England value for a known indicator: ${id}`);
    assert.match(v.source, /^DfE, /);
  }
});

test('RAG: the target itself is green, within tolerance amber, beyond red, for both polarities', () => {
  const up = { higherIsBetter: true, target: 90, tolerance: 5 };
  assert.equal(ragFor(up, 90), 'green');
  assert.equal(ragFor(up, 95), 'green');
  assert.equal(ragFor(up, 85), 'amber');
  assert.equal(ragFor(up, 84.9), 'red');
  const down = { higherIsBetter: false, target: 20, tolerance: 3 };
  assert.equal(ragFor(down, 20), 'green');
  assert.equal(ragFor(down, 23), 'amber');
  assert.equal(ragFor(down, 23.1), 'red');
  assert.equal(ragFor(down, 10), 'green');
  assert.equal(ragFor({ higherIsBetter: null, target: null, tolerance: 0 }, 5), 'none');
  assert.equal(ragFor(up, null), 'none');
  // Floating-point: 100 * 9 / 10 must be green against 90.
  assert.equal(ragFor(up, (100 * 0.9 * 10) / 10), 'green');
});

test('values per unit, and no value where there is nothing to divide by', () => {
  const f = { numerator: 3, denominator: 4, median: 31, records: 4 };
  assert.equal(indicatorValue({ unit: 'percent' }, f), 75);
  assert.equal(indicatorValue({ unit: 'ratio' }, f), 0.75);
  assert.equal(indicatorValue({ unit: 'count' }, f), 3);
  assert.equal(indicatorValue({ unit: 'rate_per_10k' }, f, 20_000), 1.5);
  assert.equal(indicatorValue({ unit: 'rate_per_10k' }, f, null), null);
  assert.equal(indicatorValue({ unit: 'median_days' }, f), 31);
  assert.equal(indicatorValue({ unit: 'percent' }, { ...f, denominator: 0 }), null);
  assert.equal(indicatorValue({ unit: 'median_days' }, { ...f, records: 0 }), null);
  assert.equal(formatValue({ unit: 'percent' }, 66.6666), '66.7%');
  assert.equal(formatValue({ unit: 'median_days' }, 45.5), '45.5 days');
  assert.equal(formatValue({ unit: 'count' }, null), 'No data');
});

test('trend periods: month ends, then the date itself; 12-month windows', () => {
  assert.deepEqual(trendPeriodEnds('2026-03-15', 3), ['2026-01-31', '2026-02-28', '2026-03-15']);
  assert.equal(trendPeriodEnds('2026-10-31', 24).length, 24);
  assert.equal(trendPeriodEnds('2026-10-31', 24)[0], '2024-11-30');
  assert.equal(monthEnd('2024-02'), '2024-02-29');
  assert.equal(windowStart('2026-03-31'), '2025-04-01');
  assert.equal(windowStart('2024-02-29'), '2023-03-01');
});
