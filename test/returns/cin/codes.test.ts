import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CIN_ASSESSMENT_FACTOR, CIN_CATEGORY_OF_ABUSE, CIN_DISABILITY, CIN_ETHNICITY, CIN_PRIMARY_NEED,
  CIN_REASON_FOR_CLOSURE, CIN_REFERRAL_SOURCE, CIN_SEX, CIN_UPN_UNKNOWN_REASON,
  cinAssessmentFactors, cinCensusYear, isCinCode, type CodeSet,
} from '../../../src/domain/codes/cin.ts';
import { cinXsdPath } from './helpers.ts';

function enumerations(xsd: string, typeName: string): string[] {
  const start = xsd.indexOf(`<xs:simpleType name="${typeName}">`);
  assert.ok(start >= 0, `type ${typeName} in XSD`);
  const body = xsd.slice(start, xsd.indexOf('</xs:simpleType>', start));
  return [...body.matchAll(/<xs:enumeration value="([^"]+)"/g)].map((m) => m[1]!);
}

test('CIN code sets match the 2026 XSD enumerations exactly', () => {
  const xsd = readFileSync(cinXsdPath, 'utf8');
  const pairs: [string, CodeSet][] = [
    ['ethnicitytype', CIN_ETHNICITY], ['sextype', CIN_SEX], ['disabilitytype', CIN_DISABILITY],
    ['referralsourcetype', CIN_REFERRAL_SOURCE], ['primaryneedcodetype', CIN_PRIMARY_NEED],
    ['reasonforclosuretype', CIN_REASON_FOR_CLOSURE], ['assessmentfactorstype', CIN_ASSESSMENT_FACTOR],
    ['categoryofabusetype', CIN_CATEGORY_OF_ABUSE], ['unknownupntype', CIN_UPN_UNKNOWN_REASON],
  ];
  for (const [type, set] of pairs) {
    assert.deepEqual(Object.keys(set).sort(), enumerations(xsd, type).sort(), type);
    for (const d of Object.values(set)) assert.ok(d.length > 0);
  }
});

test('isCinCode, versioned factors and census year', () => {
  assert.equal(isCinCode(CIN_PRIMARY_NEED, 'N4'), true);
  assert.equal(isCinCode(CIN_PRIMARY_NEED, 'N10'), false);
  assert.equal(isCinCode(CIN_PRIMARY_NEED, 'toString'), false);
  assert.equal(isCinCode(CIN_PRIMARY_NEED, null), false);
  assert.ok(cinAssessmentFactors(2022).includes('18A'));
  assert.ok(!cinAssessmentFactors(2026).includes('18A'));
  assert.ok(cinAssessmentFactors(2026).includes('18B'));
  assert.deepEqual(cinCensusYear(2026), { start: '2025-04-01', end: '2026-03-31' });
});
