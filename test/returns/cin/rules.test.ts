/**
 * Each CIN rule: plant exactly one problem in the clean file and check that
 * exactly that rule fires (plus, where the DfE's rules overlap so that the
 * problem cannot exist without it, the named companion rules).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cinRules2026 } from '../../../src/returns/cin/rules/index.ts';
import { upnCheckLetter } from '../../../src/returns/cin/rules/child.ts';
import { validateCinXml } from '../../../src/returns/cin/validate.ts';
import { assessment, chars, child, cleanCin, cpp, episode, ids, plan, s47, toXml, validUpn, type XmlNode } from './fixture.ts';

type Plant = (d: XmlNode) => void;
const codesOf = (d: XmlNode) => [...new Set(validateCinXml(toXml(d)).failures.map((f) => f.code))].sort();
const disab = (d: XmlNode, i: number, list: string[]) => { chars(d, i)['Disabilities'] = { Disability: list }; };
const factors = (a: XmlNode, list: string[] | undefined) => { a['FactorsIdentifiedAtAssessment'] = list ? { AssessmentFactors: list } : undefined; };
const push = (e: XmlNode, key: string, v: XmlNode) => { e[key] = [...((e[key] as XmlNode[] | undefined) ?? []), v]; };
const upnWith = (la: string, serial: string, last = '1') => { const rest = `${la}${serial}${last}`; return `${upnCheckLetter(`A${rest}`) ?? 'A'}${rest}`; };
/** CH0004 (referral before the year) with an assessment completed in the year. */
const c4Assessed: Plant = (d) => push(episode(d, 3), 'Assessments', { AssessmentActualStartDate: '2024-12-02', AssessmentAuthorisationDate: '2025-04-15', FactorsIdentifiedAtAssessment: { AssessmentFactors: ['6A'] } });

const cases: [code: string, plant: Plant, companions?: string[]][] = [
  ['100', (d) => { ((d['Header'] as XmlNode)['CollectionDetails'] as XmlNode)['ReferenceDate'] = '2026-03-30'; }],
  ['2883', (d) => push(episode(d, 1), 'ChildProtectionPlans', { CPPstartDate: '2025-09-30', InitialCategoryOfAbuse: 'NEG', LatestCategoryOfAbuse: 'NEG', NumberOfPreviousCPP: '0' }), ['2885']],
  ['2886Q', (d) => { ids(d, 0)['Sex'] = 'U'; }],
  ['2887Q', (d) => disab(d, 3, ['VIS', 'BEH'])],
  ['2888Q', (d) => { disab(d, 0, ['AUT']); disab(d, 1, ['MOB']); disab(d, 3, ['VIS']); }, ['2887Q']],
  ['8500', (d) => { ids(d, 3)['LAchildID'] = undefined; }],
  ['8510', (d) => { ids(d, 3)['LAchildID'] = 'CH0001'; }],
  ['1570', (d) => { ids(d, 3)['LAchildID'] = `CH${'X'.repeat(19)}`; }],
  ['1580', (d) => { ids(d, 3)['LAchildID'] = 'CH-0004'; }],
  ['1510', (d) => { const u = ids(d, 0)['UPN'] as string; ids(d, 0)['UPN'] = (u[0] === 'B' ? 'C' : 'B') + u.slice(1); }],
  ['1520', (d) => { ids(d, 3)['UPN'] = ids(d, 0)['UPN']; }],
  ['1530', (d) => { ids(d, 0)['UPN'] = upnWith('999', '20250001'); }],
  ['1540', (d) => { ids(d, 0)['UPN'] = 'A3182025A0011'; }],
  ['1550', (d) => { ids(d, 0)['UPN'] = 'A31820250001I'; }],
  ['1560Q', (d) => { ids(d, 0)['FormerUPN'] = 'X123'; }],
  ['8520', (d) => { Object.assign(ids(d, 2), { PersonBirthDate: '2026-04-05', ExpectedPersonBirthDate: undefined, Sex: 'F' }); disab(d, 2, ['NONE']); }],
  ['8525', (d) => { ids(d, 3)['PersonBirthDate'] = undefined; }],
  ['8530Q', (d) => { ids(d, 2)['ExpectedPersonBirthDate'] = '2026-02-15'; }],
  ['4180', (d) => { ids(d, 0)['Sex'] = 'X'; }],
  ['8750', (d) => { ids(d, 2)['Sex'] = 'F'; }],
  ['8535Q', (d) => { ids(d, 2)['PersonDeathDate'] = '2026-03-01'; }],
  ['8545Q', (d) => { ids(d, 1)['PersonDeathDate'] = '2026-04-10'; }],
  ['8770Q', (d) => { ids(d, 1)['UPNunknown'] = 'UN1'; }],
  ['8772', (d) => { ids(d, 1)['UPNunknown'] = 'UN7'; }],
  ['8775Q', (d) => { ids(d, 3)['PersonBirthDate'] = '1999-01-01'; }],
  ['8590', (d) => { child(d, 3)['CINdetails'] = undefined; }],
  ['4220', (d) => { chars(d, 0)['Ethnicity'] = 'XXXX'; }],
  ['8540', (d) => disab(d, 0, ['AUT', 'LD', 'ZZZ'])],
  ['8790', (d) => disab(d, 0, ['AUT', 'LD', 'NONE'])],
  ['8794', (d) => disab(d, 0, ['AUT', 'LD', 'LD'])],
  ['8815', (d) => push(child(d, 3), 'CINdetails', { CINreferralDate: '2025-06-01', ReferralSource: '2A', PrimaryNeedCode: 'N5', ReferralNFA: '0' }), ['8816', '8820']],
  ['8816', (d) => push(child(d, 3), 'CINdetails', { CINreferralDate: '2025-06-01', ReferralSource: '2A', PrimaryNeedCode: 'N5', CINclosureDate: '2025-07-01', ReasonForClosure: 'RC7', ReferralNFA: '0' }), ['8820']],
  ['8820', (d) => { episode(d, 1, 1)['CINreferralDate'] = '2025-09-01'; }],
  ['8600', (d) => { Object.assign(episode(d, 1, 1), { CINreferralDate: '2026-04-05', CINclosureDate: undefined, ReasonForClosure: undefined }); }],
  ['8606', (d) => { ids(d, 2)['ExpectedPersonBirthDate'] = '2026-12-20'; }],
  ['8555', (d) => { ids(d, 1)['PersonDeathDate'] = '2025-10-15'; }],
  ['8610', (d) => { episode(d, 3)['PrimaryNeedCode'] = undefined; }],
  ['8650', (d) => { episode(d, 3)['PrimaryNeedCode'] = 'N10'; }],
  ['8866', (d) => { episode(d, 3)['ReferralSource'] = 'XX'; }],
  ['8568', (d) => { episode(d, 3)['ReferralNFA'] = undefined; }],
  ['8569', (d) => { Object.assign(episode(d, 1, 1), { CINreferralDate: '2025-03-01', CINclosureDate: '2025-04-01' }); }],
  ['8620', (d) => { episode(d, 1, 1)['CINclosureDate'] = '2026-04-15'; }],
  ['8630', (d) => { episode(d, 1, 1)['CINclosureDate'] = '2025-11-01'; }],
  ['8640', (d) => { episode(d, 1, 1)['ReasonForClosure'] = 'RC10'; }],
  ['8805', (d) => { episode(d, 1, 1)['ReasonForClosure'] = undefined; }],
  ['8810', (d) => { episode(d, 3)['ReasonForClosure'] = 'RC7'; }],
  ['8565', (d) => { plan(d, 1)['CINPlanEndDate'] = '2025-10-15'; }],
  ['8867', (d) => { Object.assign(episode(d, 2), { CINclosureDate: '2026-03-15', ReasonForClosure: 'RC7' }); }],
  ['8868', (d) => {
    Object.assign(episode(d, 2), { CINclosureDate: '2026-03-30', ReasonForClosure: 'RC7' });
    Object.assign(assessment(d, 2), { AssessmentAuthorisationDate: '2026-03-10' }); factors(assessment(d, 2), ['4B']);
    push(episode(d, 2), 'Section47', { S47ActualStartDate: '2026-03-20', InitialCPCtarget: '2026-04-10', ICPCnotRequired: '0' });
  }],
  ['8825Q', (d) => { episode(d, 1, 1)['ReasonForClosure'] = 'RC8'; }],
  ['8585Q', (d) => { episode(d, 1, 1)['ReasonForClosure'] = 'RC2'; }],
  ['2990', (d) => { episode(d, 1, 0)['ReasonForClosure'] = 'RC8'; }],
  ['8831', (d) => push(episode(d, 1, 1), 'Assessments', { AssessmentActualStartDate: '2025-11-03', AssessmentAuthorisationDate: '2025-11-03', FactorsIdentifiedAtAssessment: { AssessmentFactors: ['6A'] } })],
  ['4000', (d) => push(episode(d, 1, 1), 'CINPlanDates', { CINPlanStartDate: '2025-11-03' })],
  ['8832', (d) => push(episode(d, 1, 1), 'ChildProtectionPlans', { CPPstartDate: '2025-11-03', InitialCategoryOfAbuse: 'NEG', LatestCategoryOfAbuse: 'NEG', NumberOfPreviousCPP: '0' }), ['2883', '2885']],
  ['2884', (d) => { episode(d, 0)['DateOfInitialCPC'] = '2025-05-23'; }],
  ['2991Q', (d) => push(episode(d, 3), 'Section47', { S47ActualStartDate: '2025-06-01', ICPCnotRequired: '1' })],
  ['8839', (d) => {
    push(episode(d, 2), 'Section47', { S47ActualStartDate: '2026-03-25', ICPCnotRequired: '0' });
    push(episode(d, 2), 'Section47', { S47ActualStartDate: '2026-03-26', ICPCnotRequired: '0' });
  }, ['8890']],
  ['8890', (d) => {
    push(episode(d, 2), 'Section47', { S47ActualStartDate: '2026-03-16', DateOfInitialCPC: '2026-03-27', ICPCnotRequired: '0' });
    push(episode(d, 2), 'Section47', { S47ActualStartDate: '2026-03-20', ICPCnotRequired: '0' });
  }],
  ['8896', (d) => push(episode(d, 2), 'Assessments', { AssessmentActualStartDate: '2026-02-03' }), ['8863']],
  ['8863', (d) => push(episode(d, 0), 'Assessments', { AssessmentActualStartDate: '2025-06-01', AssessmentAuthorisationDate: '2025-06-20', FactorsIdentifiedAtAssessment: { AssessmentFactors: ['5A'] } })],
  ['8873', (d) => {
    Object.assign(episode(d, 2), { CINclosureDate: '2026-03-15', ReasonForClosure: 'RC7' });
    assessment(d, 2)['AssessmentAuthorisationDate'] = '2026-03-10'; factors(assessment(d, 2), ['21']);
  }],
  ['4001', (d) => push(episode(d, 0), 'CINPlanDates', { CINPlanStartDate: '2025-09-01' }), ['4016']],
  ['4003', (d) => {
    cpp(d, 0)['CPPendDate'] = '2025-09-10';
    cpp(d, 0)['Reviews'] = { CPPreviewDate: ['2025-08-20', '2025-09-15'] };
    push(episode(d, 0), 'CINPlanDates', { CINPlanStartDate: '2025-09-10', CINPlanEndDate: '2025-10-31' });
  }],
  ['4004', (d) => push(episode(d, 3), 'CINPlanDates', { CINPlanStartDate: '2025-06-01' }), ['4014']],
  ['4014', (d) => { plan(d, 3)['CINPlanEndDate'] = '2025-06-30'; push(episode(d, 3), 'CINPlanDates', { CINPlanStartDate: '2025-06-01' }); }],
  ['4016', (d) => push(episode(d, 0), 'CINPlanDates', { CINPlanStartDate: '2025-09-01', CINPlanEndDate: '2025-10-31' })],
  ['4017', (d) => {
    push(episode(d, 1), 'Section47', { S47ActualStartDate: '2025-06-01', InitialCPCtarget: '2025-06-20', DateOfInitialCPC: '2025-06-20', ICPCnotRequired: '0' });
    push(episode(d, 1), 'ChildProtectionPlans', { CPPstartDate: '2025-06-20', CPPendDate: '2025-08-15', InitialCategoryOfAbuse: 'NEG', LatestCategoryOfAbuse: 'NEG', NumberOfPreviousCPP: '0' });
  }],
  ['8935', (d) => push(episode(d, 0), 'ChildProtectionPlans', { CPPstartDate: '2025-05-23', InitialCategoryOfAbuse: 'PHY', LatestCategoryOfAbuse: 'PHY', NumberOfPreviousCPP: '1' }), ['2883', '8940']],
  ['8940', (d) => push(episode(d, 0), 'ChildProtectionPlans', { CPPstartDate: '2025-05-23', CPPendDate: '2025-06-30', InitialCategoryOfAbuse: 'PHY', LatestCategoryOfAbuse: 'PHY', NumberOfPreviousCPP: '1' }), ['2883']],
  ['1103', (d) => { assessment(d, 0)['AssessmentActualStartDate'] = '2025-04-20'; }],
  ['8608', (d) => { assessment(d, 0)['AssessmentActualStartDate'] = '2025-06-13'; }],
  ['8670Q', (d) => { assessment(d, 2)['AssessmentActualStartDate'] = '2026-01-05'; episode(d, 2)['CINreferralDate'] = '2026-01-01'; }],
  ['8696', (d) => { assessment(d, 0)['AssessmentAuthorisationDate'] = '2026-04-05'; }],
  ['8736', (d) => push(episode(d, 3), 'Assessments', { AssessmentActualStartDate: '2024-12-02' }), ['8670Q']],
  ['8897', (d) => { assessment(d, 2)['AssessmentAuthorisationDate'] = '2026-03-10'; }],
  ['8614', (d) => factors(assessment(d, 2), ['4B'])],
  ['8898', (d) => factors(assessment(d, 0), ['5A', '3A', '3A'])],
  ['8869', (d) => factors(assessment(d, 0), ['5A', '21'])],
  ['8617', (d) => factors(assessment(d, 0), ['5A', '8A'])],
  ['8899Q', (d) => factors(assessment(d, 0), ['3A'])],
  ['8945Q', (d) => factors(assessment(d, 0), ['5A', '18A'])],
  ['8950Q', (d) => factors(assessment(d, 0), ['5A', '19A'])],
  ['4008', (d) => { ids(d, 3)['PersonDeathDate'] = '2025-01-01'; }, ['4009', '8545Q']],
  ['4009', (d) => { ids(d, 3)['PersonDeathDate'] = '2025-06-01'; }],
  ['4010', (d) => { plan(d, 3)['CINPlanStartDate'] = '2026-04-02'; }],
  ['4011', (d) => { plan(d, 1)['CINPlanEndDate'] = '2025-05-01'; }],
  ['4012Q', (d) => { plan(d, 1)['CINPlanEndDate'] = '2025-05-21'; }],
  ['4013', (d) => { plan(d, 3)['CINPlanEndDate'] = '2026-04-10'; }],
  ['4015', (d) => { plan(d, 1)['CINPlanStartDate'] = '2025-04-01'; }],
  ['1104', (d) => push(episode(d, 1), 'Section47', { S47ActualStartDate: '2025-04-07', DateOfInitialCPC: '2025-04-09', ICPCnotRequired: '0' }), ['2889']],
  ['8615', (d) => { s47(d, 0)['S47ActualStartDate'] = '2025-05-26'; }],
  ['2889', (d) => { s47(d, 0)['S47ActualStartDate'] = '2025-04-28'; }],
  ['8740', (d) => { c4Assessed(d); push(episode(d, 3), 'Section47', { S47ActualStartDate: '2025-03-10', ICPCnotRequired: '0' }); }, ['8675Q']],
  ['8675Q', (d) => push(episode(d, 2), 'Section47', { S47ActualStartDate: '2026-03-02', ICPCnotRequired: '0' })],
  ['8870Q', (d) => { s47(d, 0)['InitialCPCtarget'] = '2025-05-25'; }],
  ['8715', (d) => { c4Assessed(d); push(episode(d, 3), 'Section47', { S47ActualStartDate: '2025-03-03', DateOfInitialCPC: '2025-03-05', ICPCnotRequired: '0' }); }],
  ['8875', (d) => { s47(d, 0)['DateOfInitialCPC'] = '2025-05-24'; cpp(d, 0)['CPPstartDate'] = '2025-05-24'; }],
  ['8720', (d) => { cpp(d, 0)['CPPstartDate'] = '2026-04-06'; cpp(d, 0)['Reviews'] = undefined; }],
  ['1105', (d) => { cpp(d, 0)['CPPstartDate'] = '2025-04-28'; }, ['2885']],
  ['2885', (d) => { cpp(d, 0)['CPPstartDate'] = '2025-05-27'; }],
  ['8905', (d) => { cpp(d, 0)['InitialCategoryOfAbuse'] = 'XXX'; }],
  ['8910', (d) => { cpp(d, 0)['LatestCategoryOfAbuse'] = 'XXX'; }],
  ['8730', (d) => { cpp(d, 0)['NumberOfPreviousCPP'] = undefined; }],
  ['8915', (d) => { ids(d, 0)['PersonDeathDate'] = '2025-05-20'; }, ['8920']],
  ['8920', (d) => { ids(d, 0)['PersonDeathDate'] = '2025-12-01'; }],
  ['8925', (d) => { cpp(d, 0)['CPPendDate'] = '2025-05-20'; }],
  ['8930', (d) => { cpp(d, 0)['CPPendDate'] = '2026-04-10'; }],
  ['8840', (d) => { cpp(d, 0)['CPPendDate'] = '2025-05-23'; }],
  ['8841', (d) => { cpp(d, 0)['Reviews'] = { CPPreviewDate: ['2025-05-23'] }; }],
  ['8842Q', (d) => { cpp(d, 0)['Reviews'] = { CPPreviewDate: [''] }; }],
];

test('the clean file passes every rule', () => {
  const r = validateCinXml(toXml(cleanCin()));
  assert.deepEqual(r.failures, []);
  assert.equal(r.rulesRun, cinRules2026.length);
  assert.equal(r.children, 4);
});

test('every rule has a planted-violation case', () => {
  const tested = new Set(cases.map((c) => c[0]));
  const missing = cinRules2026.map((r) => r.code).filter((c) => !tested.has(c));
  assert.deepEqual(missing, []);
  assert.equal(new Set(cinRules2026.map((r) => r.code)).size, cinRules2026.length, 'rule codes are unique');
});

for (const [code, plant, companions = []] of cases) {
  test(`rule ${code} fires on its planted violation`, () => {
    const d = cleanCin();
    plant(d);
    assert.deepEqual(codesOf(d), [code, ...companions].sort());
  });
}

test('a failure names the child, section, element, line and fields', () => {
  const d = cleanCin();
  s47(d, 0)['S47ActualStartDate'] = '2025-04-28';
  const xml = toXml(d);
  const [f] = validateCinXml(xml).failures;
  assert.ok(f);
  assert.equal(f.code, '2889');
  assert.equal(f.type, 'error');
  assert.equal(f.child, 'CH0001');
  assert.equal(f.childIndex, 1);
  assert.equal(f.section, 'Section47');
  assert.equal(f.element, 'Child[1]/CINdetails[1]/Section47[1]');
  assert.deepEqual(f.fields, ['S47ActualStartDate', 'CINreferralDate']);
  const lines = xml.split('\n');
  assert.match(lines[f.line! - 1]!, /<Section47>/);
  assert.equal(validUpn('20250001').length, 13);
});
