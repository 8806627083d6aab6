/**
 * SW12STG2: a child looked after on 31 March has social worker episodes for the whole year, or, when care began
 * during the year, from the start of care (a child first known then cannot have earlier ones).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate903Tables } from '../../../src/returns/ssda903/validate.ts';
import { d, fxTables, YEAR } from './fixture.ts';

const ep = (child: string, decom: string) => ({ CHILD: child, DECOM: d(decom), RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U4', PLACE_PROVIDER: 'PR1', DEC: '', REC: '', REASON_PLACE_CHANGE: '', HOME_POST: 'KT1 1AA', PL_POST: 'KT2 5BB', URN: '' });
const sw = (child: string, from: string) => ({ CHILD: child, DOB: d('2012-01-01'), SW_ID: 'SW001', SW_DECOM: d(from), SW_DEC: '', SW_REASON: '' });

async function flagged(episodeStart: string, swStart: string): Promise<boolean> {
  const { cur } = fxTables({ cur: { Episodes: [ep('C1', episodeStart)], SWEpisodes: [sw('C1', swStart)] }, prev: {} });
  const report = await validate903Tables(YEAR, cur, null, [], { only: ['SW12STG2'] });
  return report.failures.some((f) => f.rule === 'SW12STG2');
}

test('SW12STG2: looked after all year, SW episodes must start by 1 April', async () => {
  assert.equal(await flagged('2020-01-01', '2024-04-01'), false);
  assert.equal(await flagged('2020-01-01', '2024-03-01'), false);
  assert.equal(await flagged('2020-01-01', '2024-04-02'), true);
});

test('SW12STG2: came into care during the year, SW episodes must start by the start of care', async () => {
  assert.equal(await flagged('2024-09-01', '2024-09-01'), false);
  assert.equal(await flagged('2024-09-01', '2024-06-15'), false);
  assert.equal(await flagged('2024-09-01', '2024-09-02'), true);
});
