/**
 * The indicator library's definitions and pure helpers: completeness, RAG at
 * and around the target, values per unit, trend periods.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AREAS, ENGLAND, ENGLAND_NOT_CHECKED, INDICATORS, englandText, formatValue, indicatorById, indicatorValue, monthEnd, ragFor, trendPeriodEnds, windowStart,
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
});

test('England comparators: only values checked against a named DfE page, each with its year and the figures as printed', () => {
  for (const [id, v] of Object.entries(ENGLAND)) {
    assert.ok(indicatorById(id), `England value for a known indicator: ${id}`);
    assert.match(v.source, /^DfE, /, id);
    assert.match(v.url, /^https:\/\/explore-education-statistics\.service\.gov\.uk\//, id);
    assert.equal(v.checked, true, `${id}: unchecked values are not kept`);
    assert.ok(v.year >= 2023 && v.year <= 2025, `${id}: year ${v.year}`);
    assert.ok(v.period.includes(String(v.year)), `${id}: the period names the same year`);
    assert.ok(v.source.includes(`reporting year ${v.year}`), `${id}: the release is for the year claimed`);
    // A published value appears in the quoted source text as printed (whole numbers may be printed without ".0").
    const printed = [v.value.toFixed(1), String(v.value)];
    assert.ok(printed.some((x) => v.quote.includes(x)), `${id}: ${v.value} is in the quote`);
  }
  for (const id of Object.keys(ENGLAND_NOT_CHECKED)) {
    assert.ok(indicatorById(id), `not-checked entry for a known indicator: ${id}`);
    assert.ok(!(id in ENGLAND), `${id} is either checked or not, not both`);
  }
  // The values as checked on 2026-11-23 (a change here needs a new check against the source).
  const expected: Record<string, [number, number]> = {
    're-referrals-12m': [22.6, 2025], 'cin-rate': [330.3, 2025], 'icpc-15wd': [81.4, 2025], 'cp-ended-2y': [4.4, 2025],
    'cla-rate': [67, 2025], 'cla-stability': [68, 2024],
    'agency-rate': [17.8, 2023], 'vacancy-rate': [18.9, 2023], turnover: [15.9, 2023], caseload: [16.0, 2023],
  };
  assert.deepEqual(Object.fromEntries(Object.entries(ENGLAND).map(([id, v]) => [id, [v.value, v.year]])), expected);
  // The one derived value: ICPCs in 0–10 plus 11–15 working days, of all ICPCs (C4, 2025).
  assert.equal(ENGLAND['icpc-15wd']!.basis, 'derived');
  assert.equal(Math.round(((6240 + 52430) / 72100) * 1000) / 10, ENGLAND['icpc-15wd']!.value);
  for (const n of ['6240', '52430', '72100']) assert.ok(ENGLAND['icpc-15wd']!.quote.includes(n));
});

test('England comparison text names the year, says when a value is worked out, and never shows an unchecked figure', () => {
  const text = (id: string) => englandText(indicatorById(id)!);
  assert.equal(text('re-referrals-12m'), '22.6% (England 2025)');
  assert.equal(text('cin-rate'), '330.3 (England 2025)');
  assert.equal(text('icpc-15wd'), '81.4% (England 2025, worked out from published counts)');
  assert.equal(text('cla-stability'), '68.0% (England 2024)');
  assert.equal(text('turnover'), '15.9% (England 2023)');
  assert.equal(text('caseload'), '16.0 (England 2023)');
  assert.equal(text('cp-rate'), 'Not yet checked');
  assert.equal(text('cl-eet-19-21'), 'Not yet checked');
  assert.equal(text('rhi-72h'), 'Not published');
  for (const d of INDICATORS) {
    const t = englandText(d);
    assert.doesNotMatch(t, /unchecked/, d.id);
    const v = ENGLAND[d.id];
    if (v) assert.ok(t.includes(`(England ${v.year}`), `${d.id}: ${t} names the year of the value`);
    else assert.match(t, /^Not (yet checked|published)$/, d.id);
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
