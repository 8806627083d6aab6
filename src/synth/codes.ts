/**
 * The DfE code values the generator draws from (CIN census 2026 schema and the
 * SSDA903 schema with its yearly changes), with rough national weights.
 * Kept in one place so they can be replaced by src/domain/codes when that
 * module exists.
 */

export type Weighted<T = string> = readonly (readonly [T, number])[];

/** Collection year of a date: the year ending 31 March (e.g. 2025-06-01 is in 2026). */
export function collectionYear(iso: string): number {
  const y = Number(iso.slice(0, 4));
  return iso.slice(5) >= '04-01' ? y + 1 : y;
}

export const ETHNICITY: Weighted = [
  ['WBRI', 62], ['WIRI', 1], ['WOTH', 7], ['WIRT', 0.5], ['WROM', 0.7],
  ['MWBC', 3], ['MWBA', 1.2], ['MWAS', 1.5], ['MOTH', 3],
  ['AIND', 3], ['APKN', 4], ['ABAN', 1.5], ['AOTH', 2],
  ['BCRB', 1.5], ['BAFR', 4], ['BOTH', 1.5], ['CHNE', 0.4], ['OOTH', 2], ['REFU', 0.3], ['NOBT', 1],
];

export const DISABILITIES = ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA'] as const;

export const REFERRAL_SOURCE: Weighted = [
  ['1A', 3], ['1B', 1], ['1C', 1], ['1D', 1], ['2A', 20], ['2B', 1.5],
  ['3A', 3], ['3B', 2], ['3C', 1], ['3D', 3], ['3E', 3], ['3F', 2],
  ['4', 2], ['5A', 2], ['5B', 3], ['5C', 3], ['5D', 3], ['6', 29], ['7', 4], ['8', 4], ['9', 1], ['10', 3],
];

export const CONTACT_SOURCE = REFERRAL_SOURCE;

/** Primary need for cases that do not go to child protection. */
export const PRIMARY_NEED_CIN: Weighted = [
  ['N1', 40], ['N2', 9], ['N3', 4], ['N4', 11], ['N5', 16], ['N6', 3], ['N7', 0.5], ['N8', 6], ['N9', 3], ['N0', 7.5],
];

export const CP_CATEGORY: Weighted = [['NEG', 50], ['EMO', 37], ['PHY', 6], ['SAB', 4], ['MUL', 3]];

export const ASSESSMENT_FACTORS: Weighted = [
  ['3A', 14], ['3B', 13], ['4B', 16], ['4A', 10], ['1B', 6], ['2B', 7], ['16A', 8], ['17A', 12],
  ['18B', 2], ['18C', 4], ['19B', 1], ['19C', 2], ['5B', 2], ['6B', 2], ['7A', 1], ['10A', 2],
  ['11A', 1], ['13A', 1], ['14A', 3], ['15A', 3], ['24A', 2], ['2A', 1.5], ['1A', 0.5], ['20', 5], ['22A', 0.2], ['23A', 0.3],
];

/** Reasons for closure (CIN census). */
export const CLOSURE = {
  adopted: 'RC1', died: 'RC2', childArrangements: 'RC3', sgo: 'RC4', otherLa: 'RC5',
  adultServices: 'RC6', ceased: 'RC7', nfaAfterAssessment: 'RC8', earlyHelp: 'RC9',
} as const;

/** SSDA903 legal status on entry. */
export const LEGAL_STATUS_ENTRY: Weighted = [['V2', 30], ['C2', 44], ['C1', 6], ['E1', 2], ['L1', 4], ['L2', 3], ['J2', 1], ['V3', 0.5]];

/** SSDA903 category of need (N1–N8). */
export const CLA_NEED: Weighted = [['N1', 63], ['N2', 3], ['N3', 3], ['N4', 7], ['N5', 13], ['N6', 1], ['N7', 0.2], ['N8', 10]];

/**
 * Placement types by broad kind, valid in the collection year of the
 * placement's start. H5 was replaced by K3 and P2 withdrawn from 2025;
 * Z11–Z14 were added in 2026.
 */
export function placementOptions(kind: 'foster' | 'residential' | 'independent' | 'parents' | 'other', year: number): Weighted {
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
      return year >= 2026 ? [['Z1', 1], ['R5', 1], ['T0', 0.3], ['Z11', 0.3]] : [['Z1', 1], ['R5', 1], ['T0', 0.3]];
  }
}

export const PLACEMENT_PROVIDER_FOSTER: Weighted = [['PR1', 55], ['PR4', 45]];
export const PLACEMENT_PROVIDER_RESIDENTIAL: Weighted = [['PR1', 15], ['PR5', 85]];

export const REASON_PLACE_CHANGE: Weighted = [
  ['CARPL', 30], ['CHILD', 8], ['CREQB', 12], ['CREQO', 5], ['LAREQ', 8], ['ALLEG', 2], ['STAND', 6], ['APPRR', 5], ['CLOSE', 3], ['PLACE', 6], ['OTHER', 15],
];

export const PARTICIPATION: Weighted = [['PN1', 72], ['PN2', 4], ['PN3', 5], ['PN4', 3], ['PN5', 4], ['PN6', 6], ['PN7', 6]];

export const IN_TOUCH: Weighted = [['YES', 91], ['NO', 4], ['REFU', 2], ['NREQ', 2], ['RHOM', 1]];
export const ACTIVITY: Weighted = [['F1', 6], ['P1', 2], ['F2', 28], ['P2', 5], ['F4', 10], ['P4', 5], ['F5', 2], ['P5', 2], ['G4', 20], ['G5', 15], ['G6', 5]];
/** OC3 accommodation: letter = type, digit 1 = suitable, 2 = not suitable. */
export const ACCOMMODATION_TYPE: Weighted = [['B', 10], ['C', 3], ['D', 8], ['E', 5], ['G', 3], ['H', 5], ['K', 4], ['R', 5], ['S', 20], ['T', 12], ['U', 18], ['V', 5], ['W', 1], ['X', 2], ['Y', 2], ['Z', 3]];

export const ADOPTERS_SEX: Weighted = [['MF', 80], ['FF', 6], ['MM', 5], ['F1', 8], ['M1', 1]];
export const ADOPTERS_LEGAL_STATUS: Weighted = [['L0', 1], ['L11', 75], ['L12', 12], ['L2', 5], ['L3', 3], ['L4', 3]];
export const PREVIOUS_PERMANENCE: Weighted = [['Z1', 80], ['P1', 3], ['P2', 10], ['P3', 7]];

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
