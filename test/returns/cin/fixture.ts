/**
 * A clean, hand-made CIN census file (collection year 2026) as a plain object,
 * and its XML. Tests deep-copy it, plant one problem, serialise and validate.
 */
import { upnCheckLetter } from '../../../src/returns/cin/rules/child.ts';

export type XmlValue = string | XmlNode | XmlValue[] | undefined;
export interface XmlNode { [name: string]: XmlValue }

/** Element order from CIN_schema_2026.xsd. */
const ORDER: Record<string, string[]> = {
  Message: ['Header', 'Children'],
  Header: ['CollectionDetails', 'Source'],
  CollectionDetails: ['Collection', 'Year', 'ReferenceDate'],
  Source: ['SourceLevel', 'LEA', 'SoftwareCode', 'Release', 'SerialNo', 'DateTime'],
  Children: ['Child'],
  Child: ['ChildIdentifiers', 'ChildCharacteristics', 'CINdetails'],
  ChildIdentifiers: ['LAchildID', 'UPN', 'FormerUPN', 'UPNunknown', 'PersonBirthDate', 'ExpectedPersonBirthDate', 'Sex', 'PersonDeathDate'],
  ChildCharacteristics: ['Ethnicity', 'Disabilities'],
  Disabilities: ['Disability'],
  CINdetails: ['CINreferralDate', 'ReferralSource', 'PrimaryNeedCode', 'CINclosureDate', 'ReasonForClosure', 'DateOfInitialCPC', 'Assessments', 'CINPlanDates', 'Section47', 'ReferralNFA', 'ChildProtectionPlans'],
  Assessments: ['AssessmentActualStartDate', 'AssessmentInternalReviewDate', 'AssessmentAuthorisationDate', 'FactorsIdentifiedAtAssessment'],
  FactorsIdentifiedAtAssessment: ['AssessmentFactors'],
  CINPlanDates: ['CINPlanStartDate', 'CINPlanEndDate'],
  Section47: ['S47ActualStartDate', 'InitialCPCtarget', 'DateOfInitialCPC', 'ICPCnotRequired'],
  ChildProtectionPlans: ['CPPstartDate', 'CPPendDate', 'InitialCategoryOfAbuse', 'LatestCategoryOfAbuse', 'NumberOfPreviousCPP', 'Reviews'],
  Reviews: ['CPPreviewDate'],
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function write(name: string, v: XmlValue, indent: string, out: string[]): void {
  if (v === undefined) return;
  if (Array.isArray(v)) {
    for (const item of v) write(name, item, indent, out);
    return;
  }
  if (typeof v === 'string') {
    out.push(`${indent}<${name}>${esc(v)}</${name}>`);
    return;
  }
  out.push(`${indent}<${name}>`);
  const order = ORDER[name] ?? Object.keys(v);
  for (const k of Object.keys(v)) if (!order.includes(k)) throw new Error(`unknown element ${k} in ${name}`);
  for (const k of order) write(k, v[k], indent + '  ', out);
  out.push(`${indent}</${name}>`);
}

export function toXml(doc: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write('Message', doc, '', out);
  return out.join('\n') + '\n';
}

/** A valid UPN for LA 318 with the given 8-digit serial. */
export function validUpn(serial: string): string {
  const rest = `318${serial}1`;
  return `${upnCheckLetter(`A${rest}`)}${rest}`;
}

export function cleanCin(): XmlNode {
  return {
    Header: {
      CollectionDetails: { Collection: 'CIN', Year: '2026', ReferenceDate: '2026-03-31' },
      Source: { SourceLevel: 'L', LEA: '318', SoftwareCode: 'Hearth', Release: '0.1.0', SerialNo: '001', DateTime: '2026-04-10T09:00:00Z' },
    },
    Children: {
      Child: [
        {
          ChildIdentifiers: { LAchildID: 'CH0001', UPN: validUpn('20250001'), PersonBirthDate: '2015-06-01', Sex: 'F' },
          ChildCharacteristics: { Ethnicity: 'WBRI', Disabilities: { Disability: ['AUT', 'LD'] } },
          CINdetails: [{
            CINreferralDate: '2025-05-01', ReferralSource: '2A', PrimaryNeedCode: 'N1',
            Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: '2025-06-12', FactorsIdentifiedAtAssessment: { AssessmentFactors: ['5A', '3A'] } }],
            Section47: [{ S47ActualStartDate: '2025-05-05', InitialCPCtarget: '2025-05-26', DateOfInitialCPC: '2025-05-23', ICPCnotRequired: '0' }],
            ReferralNFA: '0',
            ChildProtectionPlans: [{ CPPstartDate: '2025-05-23', InitialCategoryOfAbuse: 'NEG', LatestCategoryOfAbuse: 'EMO', NumberOfPreviousCPP: '0', Reviews: { CPPreviewDate: ['2025-08-20'] } }],
          }],
        },
        {
          ChildIdentifiers: { LAchildID: 'CH0002', UPNunknown: 'UN2', PersonBirthDate: '2012-02-10', Sex: 'M' },
          ChildCharacteristics: { Ethnicity: 'BAFR', Disabilities: { Disability: ['MOB', 'HAND', 'PC'] } },
          CINdetails: [
            {
              CINreferralDate: '2025-04-10', ReferralSource: '6', PrimaryNeedCode: 'N4', CINclosureDate: '2025-09-30', ReasonForClosure: 'RC7',
              Assessments: [{ AssessmentActualStartDate: '2025-04-11', AssessmentAuthorisationDate: '2025-05-20', FactorsIdentifiedAtAssessment: { AssessmentFactors: ['6A', '1B'] } }],
              CINPlanDates: [{ CINPlanStartDate: '2025-05-21', CINPlanEndDate: '2025-09-30' }],
              ReferralNFA: '0',
            },
            { CINreferralDate: '2025-11-03', ReferralSource: '1A', CINclosureDate: '2025-11-03', ReasonForClosure: 'RC7', ReferralNFA: '1' },
          ],
        },
        {
          ChildIdentifiers: { LAchildID: 'CH0003', ExpectedPersonBirthDate: '2026-05-10', Sex: 'U' },
          ChildCharacteristics: { Ethnicity: 'NOBT' },
          CINdetails: [{
            CINreferralDate: '2026-02-01', ReferralSource: '3B', PrimaryNeedCode: 'N2',
            Assessments: [{ AssessmentActualStartDate: '2026-02-02' }],
            ReferralNFA: '0',
          }],
        },
        {
          ChildIdentifiers: { LAchildID: 'CH0004', UPN: validUpn('20250004'), PersonBirthDate: '2008-01-15', Sex: 'F' },
          ChildCharacteristics: { Ethnicity: 'AIND', Disabilities: { Disability: ['VIS', 'BEH', 'COMM'] } },
          CINdetails: [{
            CINreferralDate: '2024-12-01', ReferralSource: '5A', PrimaryNeedCode: 'N5',
            CINPlanDates: [{ CINPlanStartDate: '2025-01-15' }],
            ReferralNFA: '0',
          }],
        },
      ],
    },
  };
}

/** Path helpers for planting problems. */
export const child = (doc: XmlNode, i: number) => ((doc['Children'] as XmlNode)['Child'] as XmlNode[])[i]!;
export const ids = (doc: XmlNode, i: number) => child(doc, i)['ChildIdentifiers'] as XmlNode;
export const chars = (doc: XmlNode, i: number) => child(doc, i)['ChildCharacteristics'] as XmlNode;
export const episode = (doc: XmlNode, i: number, e = 0) => (child(doc, i)['CINdetails'] as XmlNode[])[e]!;
export const assessment = (doc: XmlNode, i: number, e = 0, a = 0) => (episode(doc, i, e)['Assessments'] as XmlNode[])[a]!;
export const s47 = (doc: XmlNode, i: number, e = 0, s = 0) => (episode(doc, i, e)['Section47'] as XmlNode[])[s]!;
export const cpp = (doc: XmlNode, i: number, e = 0, p = 0) => (episode(doc, i, e)['ChildProtectionPlans'] as XmlNode[])[p]!;
export const plan = (doc: XmlNode, i: number, e = 0, p = 0) => (episode(doc, i, e)['CINPlanDates'] as XmlNode[])[p]!;
