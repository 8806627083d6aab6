/**
 * England comparison values, shown on the dashboards as a comparison line.
 * Reference data: at most one value per indicator, in the indicator's unit
 * (percentages as 0–100), each with the year it is for, the publication, the
 * address of the page it was read from and the published figures as printed.
 *
 * How these were checked (2026-11-23): every value below was read from a
 * stored copy of the named Explore education statistics page (the
 * development machine has no web access; the copies were found with the
 * project's search tool). Only figures actually seen are kept:
 *  - `basis: 'published'`: the figure is printed in the source as it is here;
 *  - `basis: 'derived'`: worked out here from counts printed in the source
 *    (the counts are quoted, so anyone can redo the sum).
 * Where the latest release in the stored pages was not the one for the year
 * ending 31 March 2025, the value is the latest year found and says so
 * (`year`); pages show "England <year>" for it and never claim a later year.
 *
 * Indicators the DfE does publish but whose figure could not be found in the
 * stored sources are in ENGLAND_NOT_CHECKED with the reason: the pages show
 * "Not yet checked" for them rather than a figure from memory. Indicators
 * with no national publication at all (return-home interviews, visits in
 * time, ...) appear in neither list and show "Not published".
 */
import type { IndicatorDefinition } from './types.ts';
import { formatValue } from './values.ts';

export interface EnglandValue {
  value: number;
  /**
   * The year the figure is for: the reporting year ending 31 March for the
   * children in need and looked-after statistics; the year to 30 September
   * for the social work workforce census.
   */
  year: number;
  /** The period in words, e.g. "year ending 31 March 2025". */
  period: string;
  /** Publication, release and table or data set. */
  source: string;
  /** Address of the page the figure was read from. */
  url: string;
  /** The published figures, as printed in the source. */
  quote: string;
  /** 'published': printed as is; 'derived': worked out from the quoted counts. */
  basis: 'published' | 'derived';
  /** Where the national definition differs from Hearth's indicator. */
  definitionNote?: string;
  /** True once someone has checked the value against the source (all values here are). */
  checked: boolean;
  /** When and how it was checked. */
  checkedOn: string;
}

const EES = 'https://explore-education-statistics.service.gov.uk';
const CHECKED = '2026-11-23, against a stored copy of the page at `url`';
const CIN_2025 = 'DfE, Children in need, reporting year 2025 (England)';
const CLA_2025 = 'DfE, Children looked after in England including adoptions, reporting year 2025 (England)';
const STAB_2024 = 'DfE, Stability measures for children looked after in England, reporting year 2024 (England)';
const WF_2023 = "DfE, Children's social work workforce, reporting year 2023 (England, at 30 September 2023)";
const YE_2025 = 'year ending 31 March 2025';

export const ENGLAND: Readonly<Record<string, EnglandValue>> = {
  're-referrals-12m': {
    value: 22.6,
    year: 2025,
    period: YE_2025,
    source: `${CIN_2025}: data set "C1 Referrals and re-referrals to children's social care services by local authority", National row`,
    url: `${EES}/data-catalogue/data-set/911dae20-ac5d-4e28-bee8-53a658761fa5`,
    quote: '2025, National, England: referral_count 632830, rereferral_count 142900, rereferral_percent 22.6 ("Re-referrals within 12 months of a previous referral")',
    basis: 'published',
    checked: true,
    checkedOn: CHECKED,
  },
  'cin-rate': {
    value: 330.3,
    year: 2025,
    period: 'at 31 March 2025',
    source: `${CIN_2025}: release text, table "Number and rate (per 10,000 children) of children in need at 31 March, 2020 to 2025"`,
    url: `${EES}/find-statistics/children-in-need/2025`,
    quote: '2025: Number 402,400; Rate 330.3 (rates per 10,000 children aged 0 to 17)',
    basis: 'published',
    checked: true,
    checkedOn: CHECKED,
  },
  'icpc-15wd': {
    value: 81.4,
    year: 2025,
    period: YE_2025,
    source: `${CIN_2025}: data set "C4 Section 47s and Initial Child Protection Conferences by local authority", National row`,
    url: `${EES}/data-catalogue/data-set/b0749fa2-c0e2-4a15-8c0f-23941b3b6161`,
    quote: '2025, National, England: ICPC 72100; Duration between start of Section 47 enquiry and ICPC: 0-10 working days 6240, 11-15 working days 52430, 16-20 working days 6430, 21+ working days 6990. (6240 + 52430) / 72100 = 81.4%',
    basis: 'derived',
    definitionNote: 'The DfE counts working days from the start of the section 47 enquiry; Hearth counts from the strategy discussion that started it (the Working Together timescale). The DfE duration bands leave out conferences recorded before the enquiry start, so the bands sum to 72,090 of the 72,100 conferences; the share here is of all 72,100.',
    checked: true,
    checkedOn: CHECKED,
  },
  'cp-ended-2y': {
    value: 4.4,
    year: 2025,
    period: YE_2025,
    source: `${CIN_2025}: data set "D7 Child Protection Plans ending during the year by duration and local authority", National row`,
    url: `${EES}/data-catalogue/data-set/04a78d29-2196-4bea-bf95-7a2eced5d0d5`,
    quote: '2025, National, England: CPP_End 62300; 2 years or more 2710 (4.4%)',
    basis: 'published',
    checked: true,
    checkedOn: CHECKED,
  },
  'cla-rate': {
    value: 67,
    year: 2025,
    period: 'at 31 March 2025',
    source: `${CLA_2025}: release text, table "Number of children looked after on 31 March 2021 to 2025, England"`,
    url: `${EES}/find-statistics/children-looked-after-in-england-including-adoptions/2025`,
    quote: '2025: Number of children looked after 81,770; Rate per 10,000 children (<18 years) 67 ("This is a rate of 67 CLA per 10,000 children, down from 69 last year.")',
    basis: 'published',
    definitionNote: 'Published as a whole number, so it shows as 67.0.',
    checked: true,
    checkedOn: CHECKED,
  },
  'cla-stability': {
    value: 68,
    year: 2024,
    period: 'at 31 March 2024',
    source: `${STAB_2024}: data set "Placement stability by local authority", National rows`,
    url: `${EES}/data-catalogue/data-set/68c7a1f2-7dd9-42d4-9794-e94203e311f0`,
    quote: '2024, National, England, "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years": Living with the same carer for at least 2 years 19750 (68%); Total children 29000 (100%)',
    basis: 'published',
    definitionNote: 'The 2025 figure was not in the stored pages, so this is 2024. The DfE counts a child placed for adoption as stable only if the adoptive placement and the one before it together lasted 2 years; Hearth counts every A5/A6 placement as stable (docs/indicators.md).',
    checked: true,
    checkedOn: CHECKED,
  },
  'agency-rate': {
    value: 17.8,
    year: 2023,
    period: 'at 30 September 2023',
    source: `${WF_2023}: data set "1. Indicators (in post, starters, leavers, agency workers, vacancies, caseload and absence)", National row`,
    url: `${EES}/data-catalogue/data-set/bd4d8c04-716a-4447-af3d-677aa3223917`,
    quote: '2023, National, England: inpost_fte 33119.1; agency_fte 7173.5; agency_rate_fte 17.8',
    basis: 'published',
    definitionNote: 'The 2024 and 2025 workforce releases were not in the stored pages, so this is 2023. Same definition as Hearth: agency FTE over all FTE in post including agency (7173.5 / (33119.1 + 7173.5) = 17.8%).',
    checked: true,
    checkedOn: CHECKED,
  },
  'vacancy-rate': {
    value: 18.9,
    year: 2023,
    period: 'at 30 September 2023',
    source: `${WF_2023}: data set "1. Indicators (in post, starters, leavers, agency workers, vacancies, caseload and absence)", National row`,
    url: `${EES}/data-catalogue/data-set/bd4d8c04-716a-4447-af3d-677aa3223917`,
    quote: '2023, National, England: vacancy_fte 7722.7; vacancy_rate_fte 18.9',
    basis: 'published',
    definitionNote: 'The 2024 and 2025 workforce releases were not in the stored pages, so this is 2023. The DfE rate is of vacancies plus social workers in post (FTE); Hearth uses the recorded establishment.',
    checked: true,
    checkedOn: CHECKED,
  },
  turnover: {
    value: 15.9,
    year: 2023,
    period: 'year to 30 September 2023',
    source: `${WF_2023}: data set "1. Indicators (in post, starters, leavers, agency workers, vacancies, caseload and absence)", National row`,
    url: `${EES}/data-catalogue/data-set/bd4d8c04-716a-4447-af3d-677aa3223917`,
    quote: '2023, National, England: leavers_fte 5254.6; inpost_fte 33119.1; turnover_rate_fte 15.9 (turnover_rate_headcount 16)',
    basis: 'published',
    definitionNote: 'The 2024 and 2025 workforce releases were not in the stored pages, so this is 2023. The DfE rate is FTE leavers in the year over FTE in post at 30 September; Hearth divides leavers by the average headcount over the year, so the two are close but not identical.',
    checked: true,
    checkedOn: CHECKED,
  },
  caseload: {
    value: 16.0,
    year: 2023,
    period: 'at 30 September 2023',
    source: `${WF_2023}: data set "1. Indicators (in post, starters, leavers, agency workers, vacancies, caseload and absence)", National row`,
    url: `${EES}/data-catalogue/data-set/bd4d8c04-716a-4447-af3d-677aa3223917`,
    quote: '2023, National, England: case_holders_fte 21111.4; cases 337055; caseload_fte 16 (printed without a decimal)',
    basis: 'published',
    definitionNote: 'The 2024 and 2025 workforce releases were not in the stored pages, so this is 2023. The DfE counts cases (any person allocated to a named case-holding social worker) per case-holder FTE; Hearth counts children in need allocated per case-holding FTE.',
    checked: true,
    checkedOn: CHECKED,
  },
};

/**
 * Indicators with a DfE national figure that could not be verified from the
 * stored sources on 2026-11-23: no value is shown for them (the page says
 * "Not yet checked"); the reason says where to look.
 */
export const ENGLAND_NOT_CHECKED: Readonly<Record<string, string>> = {
  'assessments-45wd':
    'CIN 2025, data set "C2 Completed assessments by duration of assessment" (data-set/3fb5a93d-1eb3-4f3a-bdd0-5caea4556ce6): 648,830 assessments, of which 555,820 in the bands up to 41-45 days (85.7%), median 33 days; the stored page does not say that the bands are working days, so the figure is not shown until someone confirms the unit.',
  'cp-rate':
    'CIN 2025, data set "D1 Child Protection Plans by local authority" (data-set/0183a28b-6a55-4eff-aa08-33cc14f3a5bb): 49,420 plans at 31 March 2025; the published rate per 10,000 was not found in the stored pages.',
  'cp-repeat':
    'CIN 2025, table D3 (children becoming the subject of a plan for a second or subsequent time): not found in the stored pages.',
  'cla-3-placements':
    'CLA 2025 or Stability measures 2025, "CLA on 31 March with 3 or more placements during the year": the stored previews stop before that row.',
  'cla-health-assessments':
    'CLA 2025, data set "CLA on 31 March for 12 months - conviction and health outcomes" (data-set/3b90f444-beab-46ee-a815-5177852ff3fd): the stored preview shows only the development-assessment rows.',
  'cla-dental': 'CLA 2025, conviction and health outcomes data set (as for health assessments): row not in the stored preview.',
  'cla-immunisations': 'CLA 2025, conviction and health outcomes data set (as for health assessments): row not in the stored preview.',
  'cla-sdq': 'CLA 2025, conviction and health outcomes data set (as for health assessments): row not in the stored preview.',
  'cl-in-touch-17-18':
    'CLA 2025, care leavers: not found in the stored pages. The DfE publishes ages 17 and 18 separately, so a 17–18 figure would have to be worked out from the two.',
  'cl-accommodation-17-18':
    'CLA 2025, care leavers: not found in the stored pages (latest stored national table is for 2019). The DfE publishes ages 17 and 18 separately.',
  'cl-eet-17-18': 'CLA 2025, care leavers: not found in the stored pages. The DfE publishes ages 17 and 18 separately.',
  'cl-in-touch-19-21': 'CLA 2025, care leavers aged 19 to 21: not found in the stored pages.',
  'cl-accommodation-19-21': 'CLA 2025, care leavers aged 19 to 21: not found in the stored pages (latest stored national table is for 2019).',
  'cl-eet-19-21': 'CLA 2025, care leavers aged 19 to 21: not found in the stored pages.',
};

export function englandValue(id: string): EnglandValue | null {
  return ENGLAND[id] ?? null;
}

/**
 * The England comparison in words for a page: "22.6% (England 2025)",
 * "81.4% (England 2025, worked out from published counts)", "Not yet checked"
 * or "Not published".
 */
export function englandText(def: Pick<IndicatorDefinition, 'id' | 'unit'>): string {
  const e = englandValue(def.id);
  if (!e) return def.id in ENGLAND_NOT_CHECKED ? 'Not yet checked' : 'Not published';
  const notes = [`England ${e.year}`];
  if (e.basis === 'derived') notes.push('worked out from published counts');
  if (!e.checked) notes.push('unchecked');
  return `${formatValue(def, e.value)} (${notes.join(', ')})`;
}
