import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as C from '../../src/synth/codes.ts';
import { codeSet } from '../../src/domain/codes/ssda903.ts';
import { CIN_CODE_SETS, cinAssessmentFactors, isCinCode } from '../../src/domain/codes/cin.ts';

test('every weighted SSDA903 code is a valid code for each collection year it is drawn in', () => {
  for (let year = 2004; year <= 2027; year++) {
    for (const { field, codes } of C.SSDA903_WEIGHTED) {
      const valid = codeSet(year, field);
      for (const code of codes(year)) assert.ok(valid.has(code), `${field} ${code} is not a 903 code in ${year}`);
    }
  }
});

test('every weighted CIN census code is in the domain code sets, and retired assessment factors are not drawn', () => {
  const check = (set: keyof typeof CIN_CODE_SETS, codes: readonly string[]) => {
    for (const c of codes) assert.ok(isCinCode(CIN_CODE_SETS[set], c), `${set} ${c}`);
  };
  check('ethnicity', C.ETHNICITY.map(([c]) => c));
  check('ethnicity', C.ETHNICITY_UASC.map(([c]) => c));
  check('disability', C.DISABILITIES);
  check('referralSource', C.REFERRAL_SOURCE.map(([c]) => c));
  check('referralSource', C.REFERRAL_SOURCE_UASC);
  check('primaryNeed', C.PRIMARY_NEED_CIN.map(([c]) => c));
  check('categoryOfAbuse', C.CP_CATEGORY.map(([c]) => c));
  check('reasonForClosure', Object.values(C.CLOSURE));
  const current = new Set(cinAssessmentFactors(2026));
  for (const [f] of [...C.ASSESSMENT_FACTORS, ...C.ASSESSMENT_FACTORS_DISABLED]) assert.ok(current.has(f), `assessment factor ${f}`);
  assert.ok(!C.DISABILITIES.includes('NONE' as never));
});
