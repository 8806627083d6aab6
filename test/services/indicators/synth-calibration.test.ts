/**
 * On a small synthetic borough, the headline indicators computed in SQL land
 * where the generator's own measures (src/synth/measures.ts, calibrated to the
 * national rates) put them, and within the generator's calibration tolerances.
 * (The large, 5-year check is in bench/indicators.ts.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { indicatorById, indicatorValue } from '../../../src/domain/indicators/index.ts';
import { computeIndicator, serviceFigure } from '../../../src/services/indicators/compute.ts';
import { generateBorough, type SynthBorough } from '../../../src/synth/generate.ts';
import { loadBorough } from '../../../src/synth/load.ts';
import { measure } from '../../../src/synth/measures.ts';
import { freshDatabase } from '../../helpers/db.ts';

const AS_OF = '2026-03-31';
let h: DatabaseHandle;
let b: SynthBorough;
before(async () => {
  h = await freshDatabase();
  b = generateBorough({ size: 'small', years: 2, seed: 7, asOf: AS_OF, scale: 0.4 });
  await loadBorough(h.db, b);
});
after(() => h.close());

async function percent(id: string): Promise<number> {
  const [p] = await computeIndicator(h.db, id, { asAt: AS_OF });
  return indicatorValue(indicatorById(id)!, serviceFigure(p!))!;
}

test('headline indicators match the generator’s measures and its national calibration ranges', async () => {
  const m = measure(b);
  // [indicator, generator's measure (as a percentage), allowed gap in points, calibration range]
  const cases: [string, number, number, [number, number]][] = [
    ['re-referrals-12m', 100 * m.reReferralRate, 1, [15, 29]],
    ['assessments-45wd', 100 * m.assessmentsWithin45, 1, [80, 92]],
    ['icpc-15wd', 100 * m.icpcWithin15, 1, [65, 92]],
    ['cp-repeat', 100 * m.repeatCpRate, 1, [12, 36]],
    ['cla-3-placements', 100 * m.cla3PlusPlacements, 2, [2, 18]],
    ['cla-health-assessments', 100 * m.healthAssessments, 1, [75, 100]], // few children at this scale
    ['agency-rate', 100 * m.agencyRate, 0.5, [5, 40]], // few workers at this scale: wide range
    ['vacancy-rate', 100 * m.vacancyRate, 0.5, [8, 30]], // the generator's establishment; England 18.9% (2023)
  ];
  for (const [id, expected, gap, [lo, hi]] of cases) {
    const v = await percent(id);
    assert.ok(Math.abs(v - expected) <= gap, `${id}: SQL ${v.toFixed(1)} vs generator ${expected.toFixed(1)}`);
    assert.ok(v >= lo && v <= hi, `${id}: ${v.toFixed(1)} outside the national range [${lo}, ${hi}]`);
  }
  const [cin] = await computeIndicator(h.db, 'cin-rate', { asAt: AS_OF });
  assert.ok(Math.abs(serviceFigure(cin!).numerator - m.cin) <= m.cin * 0.01, `CIN ${serviceFigure(cin!).numerator} vs ${m.cin}`);
  const [cla] = await computeIndicator(h.db, 'cla-rate', { asAt: AS_OF });
  assert.equal(serviceFigure(cla!).numerator, m.cla);
});
