/**
 * England comparison values published in 2025, shown on the dashboards as a
 * comparison line. Reference data: one value per indicator, in the
 * indicator's unit (percentages as 0–100).
 *
 * Sources (Department for Education, Explore education statistics):
 *  - CIN: "Children in need", reporting year 2025 (year ending 31 March 2025).
 *  - CLA: "Children looked after in England including adoptions", reporting year
 *    2025 (year ending 31 March 2025); care leavers and OC2 health outcomes from
 *    the same release.
 *  - WF:  "Children's social work workforce", the release published in 2025
 *    (figures at 30 September 2024).
 *
 * CAUTION (please read before publishing a report): these values were entered
 * by hand without access to the publications from the development environment,
 * so each is marked `checked: false`. A performance officer must check each
 * against the named table and set `checked: true` (the report prints
 * "unchecked" next to any unchecked value). Indicators with no national
 * publication (for example return-home interviews, visits in time, caseload by
 * our definition) have no entry and show no comparison line.
 */

export interface EnglandValue {
  value: number;
  /** Publication and table. */
  source: string;
  /** True once someone has checked the value against the publication. */
  checked: boolean;
}

const CIN = 'DfE, Children in need, reporting year 2025 (England)';
const CLA = 'DfE, Children looked after in England including adoptions, reporting year 2025 (England)';
const WF = "DfE, Children's social work workforce, release published 2025 (England, 30 September 2024)";

export const ENGLAND_2025: Readonly<Record<string, EnglandValue>> = {
  're-referrals-12m': { value: 22.4, source: `${CIN}: re-referrals within 12 months`, checked: false },
  'assessments-45wd': { value: 83.0, source: `${CIN}: assessments completed within 45 working days`, checked: false },
  'cin-rate': { value: 332.0, source: `${CIN}: children in need at 31 March per 10,000`, checked: false },
  'cp-rate': { value: 41.0, source: `${CIN}: children on a CP plan at 31 March per 10,000`, checked: false },
  'icpc-15wd': { value: 78.0, source: `${CIN}: ICPCs within 15 working days of the strategy discussion`, checked: false },
  'cp-repeat': { value: 24.0, source: `${CIN}: CP plans that were a second or subsequent plan`, checked: false },
  'cp-ended-2y': { value: 4.0, source: `${CIN}: CP plans ended that lasted 2 years or more`, checked: false },
  'cla-rate': { value: 70.0, source: `${CLA}: children looked after at 31 March per 10,000`, checked: false },
  'cla-3-placements': { value: 10.0, source: `${CLA}: children looked after with 3 or more placements during the year`, checked: false },
  'cla-stability': { value: 69.0, source: `${CLA}: long-term placement stability (under 16, looked after 2.5 years or more)`, checked: false },
  'cla-health-assessments': { value: 90.0, source: `${CLA}, OC2: health assessments up to date`, checked: false },
  'cla-dental': { value: 80.0, source: `${CLA}, OC2: teeth checked by a dentist`, checked: false },
  'cla-immunisations': { value: 82.0, source: `${CLA}, OC2: immunisations up to date`, checked: false },
  'cla-sdq': { value: 78.0, source: `${CLA}, OC2: SDQ score received (aged 5 to 16)`, checked: false },
  'cl-in-touch-17-18': { value: 90.0, source: `${CLA}: care leavers aged 17–18 in touch`, checked: false },
  'cl-in-touch-19-21': { value: 91.0, source: `${CLA}: care leavers aged 19–21 in touch`, checked: false },
  'cl-accommodation-17-18': { value: 90.0, source: `${CLA}: care leavers aged 17–18 in suitable accommodation`, checked: false },
  'cl-accommodation-19-21': { value: 88.0, source: `${CLA}: care leavers aged 19–21 in suitable accommodation`, checked: false },
  'cl-eet-17-18': { value: 66.0, source: `${CLA}: care leavers aged 17–18 in education, employment or training`, checked: false },
  'cl-eet-19-21': { value: 56.0, source: `${CLA}: care leavers aged 19–21 in education, employment or training`, checked: false },
  'agency-rate': { value: 16.0, source: `${WF}: agency worker rate (FTE)`, checked: false },
  'vacancy-rate': { value: 19.0, source: `${WF}: vacancy rate (FTE)`, checked: false },
  turnover: { value: 16.0, source: `${WF}: turnover rate (FTE)`, checked: false },
  caseload: { value: 16.5, source: `${WF}: average caseload per case-holding children and family social worker`, checked: false },
};

export function englandValue(id: string): EnglandValue | null {
  return ENGLAND_2025[id] ?? null;
}
