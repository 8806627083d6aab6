/**
 * The generator's weights and distributions over DfE code values. The code
 * values themselves belong to src/domain/codes (CIN census: cin.ts; SSDA903 by
 * collection year: ssda903.ts): CIN code lists are typed by the domain's code
 * types (so a code the census does not know fails to compile), and every
 * weighted SSDA903 code is checked against `codeSet(year, field)` for each year
 * it is used (test/synth/codes.test.ts). Only the weights live here.
 */
import {
  CIN_DISABILITY,
  type CinAssessmentFactor,
  type CinCategoryOfAbuse,
  type CinEthnicity,
  type CinPrimaryNeed,
  type CinReasonForClosure,
  type CinReferralSource,
} from '../domain/codes/cin.ts';
import type { Ssda903CodeField } from '../domain/codes/ssda903.ts';
import type { Random } from './random.ts';

export type Weighted<T = string> = readonly (readonly [T, number])[];

export const ETHNICITY: Weighted<CinEthnicity> = [
  ['WBRI', 62], ['WIRI', 1], ['WOTH', 7], ['WIRT', 0.5], ['WROM', 0.7],
  ['MWBC', 3], ['MWBA', 1.2], ['MWAS', 1.5], ['MOTH', 3],
  ['AIND', 3], ['APKN', 4], ['ABAN', 1.5], ['AOTH', 2],
  ['BCRB', 1.5], ['BAFR', 4], ['BOTH', 1.5], ['CHNE', 0.4], ['OOTH', 2], ['REFU', 0.3], ['NOBT', 1],
];

/** Ethnicity of unaccompanied asylum-seeking children. */
export const ETHNICITY_UASC: Weighted<CinEthnicity> = [['OOTH', 30], ['AOTH', 25], ['BAFR', 30], ['WOTH', 5], ['NOBT', 10]];

/** Disability codes (the CIN census list less NONE, which stands for an empty list). */
export const DISABILITIES = (Object.keys(CIN_DISABILITY) as (keyof typeof CIN_DISABILITY)[]).filter((c) => c !== 'NONE');

export const REFERRAL_SOURCE: Weighted<CinReferralSource> = [
  ['1A', 3], ['1B', 1], ['1C', 1], ['1D', 1], ['2A', 20], ['2B', 1.5],
  ['3A', 3], ['3B', 2], ['3C', 1], ['3D', 3], ['3E', 3], ['3F', 2],
  ['4', 2], ['5A', 2], ['5B', 3], ['5C', 3], ['5D', 3], ['6', 29], ['7', 4], ['8', 4], ['9', 1], ['10', 3],
];

export const CONTACT_SOURCE = REFERRAL_SOURCE;

/** Referral sources of an unaccompanied asylum-seeking child (police, other legal agency, another LA). */
export const REFERRAL_SOURCE_UASC: readonly CinReferralSource[] = ['6', '7', '5C'];

/** Primary need for cases that do not go to child protection. */
export const PRIMARY_NEED_CIN: Weighted<CinPrimaryNeed> = [
  ['N1', 40], ['N2', 9], ['N3', 4], ['N4', 11], ['N5', 16], ['N6', 3], ['N7', 0.5], ['N8', 6], ['N9', 3], ['N0', 7.5],
];

export const CP_CATEGORY: Weighted<CinCategoryOfAbuse> = [['NEG', 50], ['EMO', 37], ['PHY', 6], ['SAB', 4], ['MUL', 3]];

/** Factors at assessment (the B/C split of 18 and 19 only; 18A/19A are retired). */
export const ASSESSMENT_FACTORS: Weighted<CinAssessmentFactor> = [
  ['3A', 14], ['3B', 13], ['4B', 16], ['4A', 10], ['1B', 6], ['2B', 7], ['16A', 8], ['17A', 12],
  ['18B', 2], ['18C', 4], ['19B', 1], ['19C', 2], ['5B', 2], ['6B', 2], ['7A', 1], ['10A', 2],
  ['11A', 1], ['13A', 1], ['14A', 3], ['15A', 3], ['24A', 2], ['2A', 1.5], ['1A', 0.5], ['20', 5], ['22A', 0.2], ['23A', 0.3],
];

/** Factors of a disabled child's assessment: the child's learning or physical disability. */
export const ASSESSMENT_FACTORS_DISABLED: Weighted<CinAssessmentFactor> = [['5A', 55], ['6A', 45]];

/** Reasons for closure (CIN census). */
export const CLOSURE = {
  adopted: 'RC1', died: 'RC2', childArrangements: 'RC3', sgo: 'RC4', otherLa: 'RC5',
  adultServices: 'RC6', ceased: 'RC7', nfaAfterAssessment: 'RC8', earlyHelp: 'RC9',
} as const satisfies Record<string, CinReasonForClosure>;

/**
 * SSDA903 weighted code lists, each with the 903 field whose code set (for the
 * collection year of use) must contain every code: test/synth/codes.test.ts.
 */
// No E1 (placement order) at entry: a placement order follows a decision that the child should be placed for adoption,
// which the generator makes only for children already in care (SSDA903 rule 553).
export const LEGAL_STATUS_ENTRY: Weighted = [['V2', 30], ['C1', 44], ['C2', 8], ['L1', 4], ['L2', 3], ['J2', 1]];

/** SSDA903 category of need (N1–N8). */
export const CLA_NEED: Weighted = [['N1', 63], ['N2', 3], ['N3', 3], ['N4', 7], ['N5', 13], ['N6', 1], ['N7', 0.2], ['N8', 10]];

export type PlacementKind = 'foster' | 'residential' | 'independent' | 'parents' | 'other';
export const PLACEMENT_KINDS: readonly PlacementKind[] = ['foster', 'residential', 'independent', 'parents', 'other'];

/**
 * Placement types by broad kind, valid in the collection year of the
 * placement's start. H5 was replaced by K3 and P2 withdrawn from 2025;
 * Z11–Z14 were added in 2026.
 */
export function placementOptions(kind: PlacementKind, year: number): Weighted {
  switch (kind) {
    case 'foster':
      return [['U1', 8], ['U2', 2], ['U3', 4], ['U4', 26], ['U5', 8], ['U6', 10]];
    case 'residential':
      return [['K2', 8], ['K1', 1], ['R1', 1], ['S1', 0.5]];
    case 'independent':
      return year >= 2025 ? [['K3', 3], ['P3', 1]] : [['H5', 3], ['P3', 1]];
    case 'parents':
      return [['P1', 1]];
    case 'other':
      // No temporary moves (T0–T4): a period may not start with one (rule 380) and one carries no reason for
      // the change that ends it (rule 226); the generator does not model returns to the previous placement.
      return year >= 2026 ? [['Z1', 1], ['R5', 1], ['Z11', 0.3]] : [['Z1', 1], ['R5', 1]];
  }
}

/** Youngest age for some placement types (SSDA903 rules 371–374). */
export const PLACE_MIN_AGE: Readonly<Record<string, number>> = { H5: 16, K3: 16, R5: 10, S1: 4, P3: 14 };

/** `placementOptions` less the types the child is too young for (falls back to foster care if none is left). */
export function placementOptionsForAge(kind: PlacementKind, year: number, age: number): Weighted {
  const ok = placementOptions(kind, year).filter(([c]) => age >= (PLACE_MIN_AGE[c] ?? 0));
  return ok.length ? ok : placementOptions('foster', year);
}

export const PLACEMENT_PROVIDER_FOSTER: Weighted = [['PR1', 55], ['PR4', 45]];
export const PLACEMENT_PROVIDER_RESIDENTIAL: Weighted = [['PR1', 15], ['PR5', 85]];

/**
 * PLACE_PROVIDER for a placement: PR0 (parents) only with P1 (rule 550); none for temporary moves (T0–T4) and
 * other placements (Z1, Z11–Z14) (rule 213); the local authority for adoption placements; other public
 * provision (PR3) for a young offender institution (rules 527, 528).
 */
export function placementProvider(rng: Random, kind: PlacementKind, type: string): string | null {
  if (/^(T[0-4]|Z1\d?)$/.test(type)) return null;
  if (type === 'P1') return 'PR0';
  if (/^A[3-6]$/.test(type)) return 'PR1';
  if (type === 'R5') return 'PR3';
  return rng.weighted(kind === 'foster' ? PLACEMENT_PROVIDER_FOSTER : PLACEMENT_PROVIDER_RESIDENTIAL);
}

export const REASON_PLACE_CHANGE: Weighted = [
  ['CARPL', 30], ['CHILD', 8], ['CREQB', 12], ['CREQO', 5], ['LAREQ', 8], ['ALLEG', 2], ['STAND', 6], ['APPRR', 5], ['CLOSE', 3], ['PLACE', 6], ['OTHER', 15],
];

export const PARTICIPATION: Weighted = [['PN1', 72], ['PN2', 4], ['PN3', 5], ['PN4', 3], ['PN5', 4], ['PN6', 6], ['PN7', 6]];

export const IN_TOUCH: Weighted = [['YES', 91], ['NO', 4], ['REFU', 2], ['NREQ', 2], ['RHOM', 1]];
/** Care leaver activity (OC3 ACTIV) in a collection year: F3/P3 were split into F4/P4 (apprenticeship) and F5/P5 from 2022. */
export function activityOptions(year: number): Weighted {
  return year >= 2022
    ? [['F1', 6], ['P1', 2], ['F2', 28], ['P2', 5], ['F4', 10], ['P4', 5], ['F5', 2], ['P5', 2], ['G4', 20], ['G5', 15], ['G6', 5]]
    : [['F1', 6], ['P1', 2], ['F2', 28], ['P2', 5], ['F3', 12], ['P3', 7], ['G4', 20], ['G5', 15], ['G6', 5]];
}
/** OC3 accommodation type letters; the code is the letter + 1 (suitable) or 2 (not suitable). */
export const ACCOMMODATION_TYPE: Weighted = [['B', 10], ['C', 3], ['D', 8], ['E', 5], ['G', 3], ['H', 5], ['K', 4], ['R', 5], ['S', 20], ['T', 12], ['U', 18], ['V', 5], ['W', 1], ['X', 2], ['Y', 2], ['Z', 3]];

export const ADOPTERS_SEX: Weighted = [['MF', 80], ['FF', 6], ['MM', 5], ['F1', 8], ['M1', 1]];
/** Adopters' legal status consistent with their sex (SSDA903 rules 519, 520): a single adopter L0; a couple by kind. */
export function adoptersLegalStatus(sex: string): Weighted {
  if (sex.length === 2 && sex[1] === '1') return [['L0', 1]];
  return sex === 'MF' ? [['L11', 85], ['L2', 2], ['L3', 13]] : [['L12', 60], ['L2', 30], ['L4', 10]];
}
export const REASON_PLACED_CEASED: readonly string[] = ['RD1', 'RD2', 'RD3', 'RD4'];
export const PREVIOUS_PERMANENCE: Weighted = [['Z1', 80], ['P1', 3], ['P2', 10], ['P3', 7]];

/** Residential placements not registered with Ofsted (CQC care homes, NHS, young offender institutions): no Ofsted URN (SSDA903 rule 222). */
export const NO_OFSTED_URN: ReadonlySet<string> = new Set(['R1', 'R2', 'R5']);

/** Reasons an episode ceases, by how the period of care ends (SSDA903 REC); SGOs by year, see `sgoReasonCeased`. */
export const REASON_CEASED = { transfer: 'X1', died: 'E2', home: 'E4A', adoption: 'E11', cao: 'E41', eighteen: 'E17', other: 'E8' } as const;

/**
 * Special guardianship order codes: E43/E44 until 2018, split by relative/friend into E45–E48 from 2019. E45/E46
 * (to former foster carers) only when the child is in a foster placement (U1–U6) at the order (SSDA903 rule 516).
 */
export function sgoReasonCeased(year: number, fromFosterCare = true): Weighted {
  if (year < 2019) return [['E43', 35], ['E44', 65]];
  return fromFosterCare ? [['E45', 25], ['E46', 10], ['E47', 55], ['E48', 10]] : [['E47', 85], ['E48', 15]];
}

/** Every SSDA903 weighted list with its field (for the code-validity test). Placement lists are per year. */
export const SSDA903_WEIGHTED: readonly { field: Ssda903CodeField; codes: (year: number) => readonly string[] }[] = [
  { field: 'LS', codes: () => [...LEGAL_STATUS_ENTRY.map(([c]) => c), 'V2', 'C1', 'C2', 'E1'] },
  { field: 'CIN', codes: () => CLA_NEED.map(([c]) => c) },
  { field: 'PLACE', codes: (y) => [...PLACEMENT_KINDS.flatMap((k) => placementOptions(k, y).map(([c]) => c)), 'A5', 'A6'] },
  { field: 'PLACE_PROVIDER', codes: () => [...PLACEMENT_PROVIDER_FOSTER, ...PLACEMENT_PROVIDER_RESIDENTIAL].map(([c]) => c).concat('PR0', 'PR3') },
  { field: 'REASON_PLACE_CHANGE', codes: () => REASON_PLACE_CHANGE.map(([c]) => c) },
  { field: 'REVIEW_CODE', codes: () => [...PARTICIPATION.map(([c]) => c), 'PN0'] },
  { field: 'IN_TOUCH', codes: () => IN_TOUCH.map(([c]) => c) },
  { field: 'ACTIV', codes: (y) => [...activityOptions(y).map(([c]) => c), '0'] },
  { field: 'ACCOM', codes: () => [...ACCOMMODATION_TYPE.flatMap(([l]) => [`${l}1`, `${l}2`]), '0'] },
  { field: 'SEX_ADOPTR', codes: () => ADOPTERS_SEX.map(([c]) => c) },
  { field: 'LS_ADOPTR', codes: () => ['MF', 'FF', 'MM', 'M1', 'F1'].flatMap(adoptersLegalStatus).map(([c]) => c) },
  { field: 'REASON_PLACED_CEASED', codes: () => REASON_PLACED_CEASED },
  { field: 'PREV_PERM', codes: () => PREVIOUS_PERMANENCE.map(([c]) => c) },
  { field: 'REC', codes: (y) => [...Object.values(REASON_CEASED), ...sgoReasonCeased(y).map(([c]) => c)] },
];

export const STAFF_LEAVE_REASONS: Weighted = [
  ['resigned', 45], ['end_of_agency_contract', 0], ['moved_la', 20], ['retired', 8], ['career_change', 12], ['other', 15],
];

/** Reasons a child's allocated worker changed (after the SSDA903 social worker return's SW_REASON codes). */
export const ALLOCATION_REASON = {
  newCase: 'NEWCASE',
  transfer: 'TSPROC',
  workerLeft: 'LEFTRL',
  managerDecision: 'MANAGE',
  restructure: 'ORGRST',
  absence: 'ABSENC',
  caseClosed: 'CLOSED',
} as const;
