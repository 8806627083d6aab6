/**
 * The indicator library: each performance indicator's definition (numerator,
 * denominator, window, exclusions), polarity, unit, source, default target and
 * RAG tolerance. Pure data. The SQL for each is in
 * src/services/indicators/queries.ts under the same id; docs/indicators.md
 * explains each one.
 *
 * Conventions used by every definition:
 *  - "open at D": started on or before D and not ended on or before D (an
 *    episode that ends on D is not open at D, as in the DfE's 31 March counts).
 *  - "in the 12 months to D": on a date from D minus 12 months plus 1 day to D,
 *    both inclusive (1 April to 31 March for the year ending 31 March).
 *  - working days: England working days from the domain calendar
 *    (src/domain/calendar.ts); "within N working days of X" counts the working
 *    days after X (X is day 0), so the Nth working day after X is in time.
 *  - team and worker: the allocation open on the attribution date named in
 *    each definition (children with none are "not allocated").
 */
import type { IndicatorArea, IndicatorDefinition } from './types.ts';

const CIN_CENSUS = 'DfE CIN census (Children in need statistics)';
const SSDA903 = 'DfE SSDA903 (Children looked after statistics)';
const OC2 = 'DfE SSDA903 OC2 outcomes (children looked after for 12 months or more)';
const OC3 = 'DfE SSDA903 OC3 care leavers';
const WORKFORCE = "DfE Children's social work workforce census";
const LOCAL = 'Local performance standard';
const OFSTED = 'Ofsted ILACS / Annex A';

const byAllocationAt = (what: string) => `the child's allocated worker and team on ${what}`;

export const INDICATORS: readonly IndicatorDefinition[] = [
  // Front door and children in need
  {
    id: 'contacts', title: 'Contacts', area: 'front_door', unit: 'count', window: 'rolling_12_months',
    numerator: 'contacts received in the 12 months', denominator: '—', exclusions: [],
    higherIsBetter: null, source: `${OFSTED} (list 1)`, target: null, tolerance: 0, attribution: byAllocationAt('the contact date'),
  },
  {
    id: 'referrals', title: 'Referrals', area: 'front_door', unit: 'count', window: 'rolling_12_months',
    numerator: 'referrals (CIN episodes) starting in the 12 months, including those ending in no further action', denominator: '—', exclusions: [],
    higherIsBetter: null, source: CIN_CENSUS, target: null, tolerance: 0, attribution: byAllocationAt('the referral date'),
  },
  {
    id: 'referral-conversion', title: 'Contacts leading to a referral', area: 'front_door', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, contacts whose decision was a referral or a strategy discussion',
    denominator: 'contacts decided in the 12 months', exclusions: ['contacts not yet decided'],
    higherIsBetter: null, source: `${LOCAL} (front-door conversion)`, target: null, tolerance: 0, attribution: byAllocationAt('the decision date'),
  },
  {
    id: 're-referrals-12m', title: 'Re-referrals within 12 months', area: 'front_door', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, referrals of a child who had another referral in the 12 months before this one (earlier date)',
    denominator: 'referrals starting in the 12 months', exclusions: [],
    higherIsBetter: false, source: CIN_CENSUS, target: 20, tolerance: 3, attribution: byAllocationAt('the referral date'),
  },
  {
    id: 'assessments-45wd', title: 'Assessments authorised within 45 working days', area: 'front_door', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, assessments authorised within 45 working days of the start (working days after the start date, the 45th in time)',
    denominator: 'single assessments authorised in the 12 months', exclusions: ['assessments not yet authorised'],
    higherIsBetter: true, source: CIN_CENSUS, target: 90, tolerance: 5, attribution: byAllocationAt('the authorisation date'),
  },
  {
    id: 'assessment-median-days', title: 'Median working days to authorise an assessment', area: 'front_door', unit: 'median_days', window: 'rolling_12_months',
    numerator: 'median of working days from start to authorisation', denominator: 'single assessments authorised in the 12 months',
    exclusions: ['assessments not yet authorised'],
    higherIsBetter: false, source: CIN_CENSUS, target: 35, tolerance: 5, attribution: byAllocationAt('the authorisation date'),
  },
  {
    id: 'cin-rate', title: 'Children in need per 10,000', area: 'front_door', unit: 'rate_per_10k', window: 'at_date',
    numerator: 'children with a referral (CIN episode) open at the date, not ended in no further action (includes children on CP plans and looked after)',
    denominator: 'children aged 0–17 in the council (local_authority.population_0_17), per 10,000', exclusions: ['referrals that were no further action'],
    higherIsBetter: null, source: CIN_CENSUS, target: null, tolerance: 0, attribution: byAllocationAt('the date'),
  },
  {
    id: 'sw-changes-3plus', title: 'Children with 3 or more social workers in the year', area: 'front_door', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, children with 3 or more different allocated workers in allocations overlapping the 12 months',
    denominator: 'children in need at the date', exclusions: [],
    higherIsBetter: false, source: `${LOCAL} (Ofsted: children tell inspectors how many workers they had)`, target: 10, tolerance: 5, attribution: byAllocationAt('the date'),
  },
  // Child protection
  {
    id: 's47-enquiries', title: 'Section 47 enquiries started', area: 'child_protection', unit: 'count', window: 'rolling_12_months',
    numerator: 'section 47 enquiries starting in the 12 months', denominator: '—', exclusions: [],
    higherIsBetter: null, source: CIN_CENSUS, target: null, tolerance: 0, attribution: byAllocationAt('the start date'),
  },
  {
    id: 'icpc-15wd', title: 'ICPCs within 15 working days of the strategy discussion', area: 'child_protection', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, conferences held within 15 working days of the strategy discussion that started the section 47 enquiry',
    denominator: 'initial child protection conferences held in the 12 months', exclusions: [],
    higherIsBetter: true, source: CIN_CENSUS, target: 85, tolerance: 5, attribution: byAllocationAt('the conference date'),
  },
  {
    id: 'cp-rate', title: 'Children on a child protection plan per 10,000', area: 'child_protection', unit: 'rate_per_10k', window: 'at_date',
    numerator: 'children with a CP plan open at the date', denominator: 'children aged 0–17 in the council, per 10,000', exclusions: [],
    higherIsBetter: null, source: CIN_CENSUS, target: null, tolerance: 0, attribution: byAllocationAt('the date'),
  },
  {
    id: 'cp-repeat', title: 'CP plans that are a second or subsequent plan', area: 'child_protection', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, plans for a child who had an earlier CP plan at any time (ever)', denominator: 'CP plans starting in the 12 months', exclusions: [],
    higherIsBetter: false, source: CIN_CENSUS, target: 20, tolerance: 4, attribution: byAllocationAt('the plan start date'),
  },
  {
    id: 'cp-open-2y', title: 'CP plans open 2 years or more', area: 'child_protection', unit: 'percent', window: 'at_date',
    numerator: 'of those, plans that started 2 years or more before the date (on or before the same date two years earlier)',
    denominator: 'CP plans open at the date', exclusions: [],
    higherIsBetter: false, source: CIN_CENSUS, target: 2, tolerance: 2, attribution: byAllocationAt('the date'),
  },
  {
    id: 'cp-ended-2y', title: 'CP plans ended after 2 years or more', area: 'child_protection', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, plans that had lasted 2 years or more (ended on or after the second anniversary of the start)',
    denominator: 'CP plans ending in the 12 months', exclusions: [],
    higherIsBetter: false, source: CIN_CENSUS, target: 3, tolerance: 2, attribution: byAllocationAt('the plan end date'),
  },
  {
    id: 'cp-visits-in-time', title: 'Children on CP plans visited in time', area: 'child_protection', unit: 'percent', window: 'at_date',
    numerator: 'of those, children seen on a CP visit within the last 10 working days (counted from the later of the last such visit and the plan start)',
    denominator: 'children with a CP plan open at the date', exclusions: ['visits where the child was not seen'],
    higherIsBetter: true, source: `${LOCAL} (10 working days; src/domain/timescales rule cp-visit)`, target: 90, tolerance: 5, attribution: byAllocationAt('the date'),
  },
  {
    id: 'cp-reviews-in-time', title: 'CP reviews held in time', area: 'child_protection', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, reviews held within 3 months of the plan start (first review) or 6 months of the previous review',
    denominator: 'CP review conferences held in the 12 months', exclusions: [],
    higherIsBetter: true, source: `${CIN_CENSUS}; Working Together to Safeguard Children 2023`, target: 95, tolerance: 3, attribution: byAllocationAt('the review date'),
  },
  // Children looked after
  {
    id: 'cla-rate', title: 'Children looked after per 10,000', area: 'looked_after', unit: 'rate_per_10k', window: 'at_date',
    numerator: 'children with a period of care open at the date', denominator: 'children aged 0–17 in the council, per 10,000', exclusions: [],
    higherIsBetter: null, source: SSDA903, target: null, tolerance: 0, attribution: byAllocationAt('the date'),
  },
  {
    id: 'cla-3-placements', title: 'Children looked after with 3 or more placements in the year', area: 'looked_after', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, children with 3 or more placements in the 12 months: episodes overlapping the 12 months (an episode ending on the first day counts), each a placement unless it is a change of legal status only (reason for new episode L) after the first',
    denominator: 'children looked after at the date', exclusions: [],
    higherIsBetter: false, source: SSDA903, target: 10, tolerance: 2, attribution: byAllocationAt('the date'),
  },
  {
    id: 'cla-stability', title: 'Long-term placement stability', area: 'looked_after', unit: 'percent', window: 'at_date',
    numerator: 'of those, children in the same placement for 2 years or more (legal-status-only changes ignored), or placed for adoption (A5/A6)',
    denominator: 'children looked after at the date, under 16 at the date, looked after continuously for 2.5 years or more',
    exclusions: ['children aged 16 or over at the date (a child whose 16th birthday is the date is excluded)'],
    higherIsBetter: true, source: SSDA903, target: 70, tolerance: 5, attribution: byAllocationAt('the date'),
  },
  {
    id: 'cla-reviews-in-time', title: 'Looked-after reviews held in time', area: 'looked_after', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, reviews held in time: the first within 20 working days of the period of care starting, the second within 3 months of the first, later ones within 6 months of the previous',
    denominator: 'looked-after reviews held in the 12 months', exclusions: [],
    higherIsBetter: true, source: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33', target: 95, tolerance: 3, attribution: byAllocationAt('the review date'),
  },
  {
    id: 'cla-visits-in-time', title: 'Children looked after visited in time', area: 'looked_after', unit: 'percent', window: 'at_date',
    numerator: 'of those, children not overdue a statutory visit at the date: seen within 1 week of the current placement starting, then within 6 weeks of the last visit (3 months once the placement has lasted a year and is intended to last until 18)',
    denominator: 'children looked after at the date', exclusions: ['short breaks (legal status V3, V4)', 'visits where the child was not seen'],
    higherIsBetter: true, source: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg. 28', target: 95, tolerance: 3, attribution: byAllocationAt('the date'),
  },
  ...(['health-assessments', 'dental', 'immunisations', 'sdq'] as const).map((k): IndicatorDefinition => {
    const what = {
      'health-assessments': { title: 'Health assessments up to date', event: 'an initial or review health assessment', target: 95 },
      dental: { title: 'Dental checks', event: 'a dental check', target: 90 },
      immunisations: { title: 'Immunisations up to date', event: 'a record that immunisations are up to date', target: 90 },
      sdq: { title: 'SDQ completed', event: 'an SDQ score', target: 85 },
    }[k];
    return {
      id: `cla-${k}`, title: what.title, area: 'looked_after', unit: 'percent', window: 'rolling_12_months',
      numerator: `of those, children with ${what.event} recorded in the 12 months`,
      denominator: `children looked after at the date who had been looked after continuously for 12 months or more${k === 'sdq' ? ', aged 4 to 16 at the date' : ''}`,
      exclusions: k === 'sdq' ? ['children under 4 or 17 and over at the date'] : [],
      higherIsBetter: true, source: OC2, target: what.target, tolerance: 5, attribution: byAllocationAt('the date'),
    };
  }),
  {
    id: 'missing-episodes', title: 'Missing episodes', area: 'looked_after', unit: 'count', window: 'rolling_12_months',
    numerator: 'missing episodes (not "away from placement without authorisation") starting in the 12 months', denominator: '—', exclusions: ['absences recorded as away'],
    higherIsBetter: null, source: `${SSDA903} (missing)`, target: null, tolerance: 0, attribution: byAllocationAt('the start date'),
  },
  {
    id: 'rhi-offered', title: 'Return-home interviews offered', area: 'looked_after', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, episodes after which a return-home interview was offered', denominator: 'missing episodes ending in the 12 months',
    exclusions: ['absences recorded as away'],
    higherIsBetter: true, source: 'Statutory guidance on children who run away or go missing from home or care (2014)', target: 100, tolerance: 5, attribution: byAllocationAt('the return date'),
  },
  {
    id: 'rhi-72h', title: 'Return-home interviews accepted and held within 72 hours', area: 'looked_after', unit: 'percent', window: 'rolling_12_months',
    numerator: 'of those, episodes with a return-home interview accepted and held within 3 days of the return (72 hours, counted in whole days)',
    denominator: 'missing episodes ending in the 12 months', exclusions: ['absences recorded as away'],
    higherIsBetter: true, source: 'Statutory guidance on children who run away or go missing from home or care (2014)', target: 80, tolerance: 10, attribution: byAllocationAt('the return date'),
  },
  // Care leavers
  ...(['17-18', '19-21'] as const).flatMap((ages): IndicatorDefinition[] => {
    const birthdays = ages === '17-18' ? '17th or 18th' : '19th, 20th or 21st';
    const den = `young people whose ${birthdays} birthday fell in the 12 months, who were looked after for at least 13 weeks after their 14th birthday and still on or after their 16th (relevant and former relevant children), and who were not looked after on the birthday`;
    const window = 'latest contact from 3 months before to 1 month after the birthday (both inclusive; none there counts as not in touch)';
    const base = {
      area: 'care_leavers' as IndicatorArea, unit: 'percent' as const, window: 'rolling_12_months' as const, denominator: den,
      exclusions: [
        'young people still looked after on the birthday (SSDA903 rules 1007, 1016)',
        'young people whose contact says they have died (DIED) or returned home to parents for 6 months or more (RHOM)',
        'time in short breaks (legal status V3, V4) does not count towards the 13 weeks',
      ],
      source: `${OC3}: IN_TOUCH, ACTIV and ACCOM describe the young person around their birthday in the collection year; DfE "Children looked after in England" methodology (care leavers: looked after at least 13 weeks after 14, ending after 16, now 17 to 21) and its tables' exclusions (died, returned home 6 months or more)`,
      tolerance: 5, attribution: byAllocationAt('the birthday'),
    };
    return [
      { ...base, id: `cl-in-touch-${ages}`, title: `Care leavers aged ${ages} in touch`, numerator: `of those, young people whose ${window} says they are in touch (YES)`, higherIsBetter: true, target: 95 },
      { ...base, id: `cl-accommodation-${ages}`, title: `Care leavers aged ${ages} in suitable accommodation`, numerator: `of those, young people whose ${window} records suitable accommodation`, higherIsBetter: true, target: 90 },
      { ...base, id: `cl-eet-${ages}`, title: `Care leavers aged ${ages} in education, employment or training`, numerator: `of those, young people whose ${window} records education, training or employment (SSDA903 activity codes F1–F3, P1–P3)`, higherIsBetter: true, target: ages === '17-18' ? 70 : 60 },
    ];
  }),
  // Workforce
  {
    id: 'caseload', title: 'Average caseload per social worker (FTE)', area: 'workforce', unit: 'ratio', window: 'at_date',
    numerator: 'children in need allocated at the date to case-holding social workers', denominator: 'FTE of case-holding social workers in post at the date (assessment, long-term, children in care and disabled children teams; not team managers)',
    exclusions: ['team managers', 'workers in teams that do not hold cases'],
    higherIsBetter: false, source: WORKFORCE, target: 17, tolerance: 3, attribution: "the worker and the worker's team",
  },
  {
    id: 'agency-rate', title: 'Agency social workers', area: 'workforce', unit: 'percent', window: 'at_date',
    numerator: 'FTE of agency social workers in post at the date', denominator: 'FTE of social workers in post at the date', exclusions: [],
    higherIsBetter: false, source: WORKFORCE, target: 15, tolerance: 5, attribution: "the worker's team",
  },
  {
    id: 'vacancy-rate', title: 'Vacancy rate', area: 'workforce', unit: 'percent', window: 'at_date',
    numerator: 'FTE vacancies: per team, the establishment FTE at the date (team_establishment, the latest row on or before the date) not filled by permanent social workers in post (agency cover counts as a vacancy)',
    denominator: 'FTE vacancies plus the FTE of permanent social workers in post, in teams with an establishment (per team the larger of the establishment and the permanent FTE)',
    exclusions: ['teams with no establishment recorded'],
    higherIsBetter: false, source: `${WORKFORCE}: vacancy rate = FTE vacancies / (FTE vacancies + FTE social workers), vacancies including posts covered by agency workers`, target: 15, tolerance: 5, attribution: 'the team',
  },
  {
    id: 'turnover', title: 'Social worker turnover', area: 'workforce', unit: 'percent', window: 'rolling_12_months',
    numerator: 'permanent social workers who left in the 12 months', denominator: 'average permanent social worker headcount (in post the day before the 12 months start and at the date)',
    exclusions: ['agency workers'],
    higherIsBetter: false, source: WORKFORCE, target: 15, tolerance: 5, attribution: "the worker's team",
  },
];

export const AREAS: readonly { id: IndicatorArea; slug: string; title: string }[] = [
  { id: 'front_door', slug: 'front-door', title: 'Front door and children in need' },
  { id: 'child_protection', slug: 'child-protection', title: 'Child protection' },
  { id: 'looked_after', slug: 'looked-after', title: 'Children looked after' },
  { id: 'care_leavers', slug: 'care-leavers', title: 'Care leavers' },
  { id: 'workforce', slug: 'workforce', title: 'Workforce' },
];

const BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));

export function indicatorById(id: string): IndicatorDefinition | undefined {
  return BY_ID.get(id);
}

export function indicatorsInArea(area: IndicatorArea): IndicatorDefinition[] {
  return INDICATORS.filter((d) => d.area === area);
}
