/**
 * SSDA903 (children looked after return) code sets and table definitions,
 * versioned by collection year.
 *
 * Year convention: a collection year is named by the year in which it ENDS.
 * 2025 means the 2024-25 collection (1 April 2024 – 31 March 2025).
 *
 * Built from the DfE SSDA903 schema (2017 base) plus the yearly diffs
 * (2019: REC E43/E44 → E45–E48, REASON_PLACE_CHANGE CUSTOD; 2022: ACTIV F3/P3 →
 * F4/P4/F5/P5; 2024: SWEpisodes table; 2025: SEX M/F/U, PLACE H5/P2 removed
 * and K3 added; 2026: PLACE Z11–Z14 added beside Z1). Pure data, no I/O.
 */

export type Code = { readonly code: string; readonly description: string };
type CodeList = readonly Code[];

/** Earliest and latest collection years this module knows. Later years use the latest set. */
export const FIRST_YEAR = 2017;
export const LATEST_YEAR = 2026;

function c(pairs: readonly (readonly [string, string])[]): CodeList {
  return pairs.map(([code, description]) => ({ code, description }));
}

const SEX_1_2 = c([['1', 'Male'], ['2', 'Female']]);
const SEX_M_F_U = c([['M', 'Male'], ['F', 'Female'], ['U', 'Unknown']]);

const ETHNIC = c([
  ['WBRI', 'White British'], ['WIRI', 'White Irish'], ['WOTH', 'Any other White background'],
  ['WIRT', 'Traveller of Irish heritage'], ['WROM', 'Gypsy/Roma'],
  ['MWBC', 'White and Black Caribbean'], ['MWBA', 'White and Black African'], ['MWAS', 'White and Asian'],
  ['MOTH', 'Any other Mixed background'], ['AIND', 'Indian'], ['APKN', 'Pakistani'], ['ABAN', 'Bangladeshi'],
  ['AOTH', 'Any other Asian background'], ['BCRB', 'Caribbean'], ['BAFR', 'African'],
  ['BOTH', 'Any other Black background'], ['CHNE', 'Chinese'], ['OOTH', 'Any other ethnic group'],
  ['REFU', 'Refused'], ['NOBT', 'Information not yet obtained'],
]);

const YES_NO = c([['0', 'No / False'], ['1', 'Yes / True']]);
const MOTHER = c([['0', 'Not a mother'], ['1', 'Mother']]);

const RNE = c([
  ['S', 'Started to be looked after'],
  ['L', 'Change of legal status only'],
  ['P', 'Change of placement and carer(s) only'],
  ['T', 'Change of both legal status and placement (but same carer(s)) at the same time'],
  ['B', 'Change of placement and carer(s) and legal status at the same time'],
  ['U', 'Change of placement (but same carer(s)) only'],
]);

const LS = c([
  ['C1', 'Interim care order'],
  ['C2', 'Full care order'],
  ['D1', 'Freeing order granted'],
  ['E1', 'Placement order granted'],
  ['V2', 'Single period of accommodation under section 20 (Children Act 1989)'],
  ['V3', 'Accommodated under an agreement for a series of short-term breaks, when individual episodes of care are recorded'],
  ['V4', 'Accommodated under an agreement for a series of short-term breaks, when agreements are recorded (not individual episodes of care)'],
  ['L1', 'Under police protection and in local authority accommodation'],
  ['L2', 'Emergency protection order (EPO)'],
  ['L3', 'Under child assessment order and in local authority accommodation'],
  ['J1', 'Remanded to local authority accommodation or to youth detention accommodation'],
  ['J2', 'Placed in local authority accommodation under the Police and Criminal Evidence Act 1984'],
  ['J3', 'Sentenced to Youth Rehabilitation Order with residence or intensive fostering requirement'],
]);

const CIN = c([
  ['N1', 'Abuse or neglect'], ['N2', "Child's disability"], ['N3', 'Parental illness or disability'],
  ['N4', 'Family in acute stress'], ['N5', 'Family dysfunction'], ['N6', 'Socially unacceptable behaviour'],
  ['N7', 'Low income'], ['N8', 'Absent parenting'],
]);

const PLACE_DESCRIPTIONS: Record<string, string> = {
  A3: 'Placed for adoption with parental/guardian consent with current foster carer(s) (or with a freeing order where consent was given)',
  A4: 'Placed for adoption with parental/guardian consent not with current foster carer(s)',
  A5: 'Placed for adoption with placement order with current foster carer(s)',
  A6: 'Placed for adoption with placement order not with current foster carer(s)',
  H5: "Semi-independent living accommodation not subject to Children's Homes Regulations",
  K1: "Secure children's home",
  K2: "Children's home subject to Children's Homes Regulations",
  K3: 'Supported accommodation (registered with Ofsted, not subject to Children\'s Homes Regulations)',
  P1: 'Placed with own parent(s) or other person(s) with parental responsibility',
  P2: 'Independent living, e.g. in flat, lodgings, bedsit, B&B or with friends, with or without formal support',
  P3: 'Residential employment',
  R1: 'Residential care home',
  R2: 'NHS/health trust or other establishment providing medical or nursing care',
  R3: 'Family centre or mother and baby unit',
  R5: 'Young offender institution (YOI)',
  S1: "All residential schools, except where dual-registered as a school and children's home",
  T0: 'All types of temporary move',
  T1: 'Temporary periods in hospital',
  T2: 'Temporary absences of the child on holiday',
  T3: 'Temporary accommodation whilst normal foster carer(s) is/are on holiday',
  T4: 'Temporary accommodation of seven days or less, for any reason, not covered by codes T1 to T3',
  U1: 'Foster placement with relative(s) or friend(s) – long term fostering',
  U2: 'Foster placement with relative(s) or friend(s) who is/are also an approved adopter(s) – fostering for adoption / concurrent planning',
  U3: 'Foster placement with relative(s) or friend(s) – not long term or fostering for adoption / concurrent planning',
  U4: 'Foster placement with other foster carer(s) – long term fostering',
  U5: 'Foster placement with other foster carer(s) who is/are also an approved adopter(s) – fostering for adoption / concurrent planning',
  U6: 'Foster placement with other foster carer(s) – not long term or fostering for adoption / concurrent planning',
  Z1: 'Other placements',
  Z11: 'Other placement (2025-26 sub-category Z11 of Z1; see DfE guidance)',
  Z12: 'Other placement (2025-26 sub-category Z12 of Z1; see DfE guidance)',
  Z13: 'Other placement (2025-26 sub-category Z13 of Z1; see DfE guidance)',
  Z14: 'Other placement (2025-26 sub-category Z14 of Z1; see DfE guidance)',
};
function placeList(codes: string): CodeList {
  return codes.split(' ').map((code) => ({ code, description: PLACE_DESCRIPTIONS[code] ?? code }));
}
const PLACE_2017 = placeList('A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1');
const PLACE_2025 = placeList('A3 A4 A5 A6 K1 K2 K3 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1');
const PLACE_2026 = placeList('A3 A4 A5 A6 K1 K2 K3 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1 Z11 Z12 Z13 Z14');

const PLACE_PROVIDER = c([
  ['PR0', 'Parent(s) or other person(s) with parental responsibility'],
  ['PR1', 'Own provision (by the local authority)'],
  ['PR2', 'Other local authority provision'],
  ['PR3', 'Other public provision (e.g. by an NHS body)'],
  ['PR4', 'Private provision'],
  ['PR5', 'Voluntary/third sector provision'],
]);

const REC_DESCRIPTIONS: Record<string, string> = {
  X1: 'Episode ceases, and new episode begins on same day, for any reason',
  E11: 'Adopted – application for an adoption order unopposed',
  E12: 'Adopted – consent dispensed with by the court',
  E2: 'Died',
  E3: 'Care taken over by another local authority in the UK',
  E4A: 'Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility as part of the care planning process',
  E4B: 'Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility not as part of the care planning process',
  E13: 'Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility',
  E41: 'Residence order or child arrangements order (setting out with whom the child is to live) granted',
  E43: 'Special guardianship order made to former foster carer(s)',
  E44: 'Special guardianship order made to carer(s) other than former foster carer(s)',
  E45: 'Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)',
  E46: 'Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)',
  E47: 'Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)',
  E48: 'Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)',
  E5: 'Moved into independent living arrangement and no longer looked after: supportive accommodation providing formalised advice/support arrangements',
  E6: 'Moved into independent living arrangement and no longer looked after: accommodation providing no formalised advice/support arrangements',
  E7: 'Transferred to residential care funded by adult social care services',
  E9: 'Sentenced to custody',
  E14: 'Accommodation on remand ended',
  E15: 'Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply',
  E16: 'Child moved abroad',
  E17: 'Aged 18 (or over) and remained with current carers (inc. under staying put arrangements)',
  E8: 'Period of being looked after ceased for any other reason',
};
function recList(codes: string): CodeList {
  return codes.split(' ').map((code) => ({ code, description: REC_DESCRIPTIONS[code] ?? code }));
}
const REC_2017 = recList('X1 E11 E12 E2 E3 E4A E4B E13 E41 E43 E44 E5 E6 E7 E9 E14 E15 E16 E17 E8');
const REC_2019 = recList('X1 E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E9 E14 E15 E16 E17 E8');

const REASON_PLACE_CHANGE_2017 = c([
  ['CARPL', 'Change to/implementation of care plan'],
  ['CLOSE', 'Resignation/closure of provision'],
  ['ALLEG', 'Allegation (s47)'],
  ['STAND', 'Standards of care concern'],
  ['APPRR', 'Approval removed'],
  ['CREQB', "Carer(s) requests placement end due to child's behaviour"],
  ['CREQO', "Carer(s) requests placement end other than due to child's behaviour"],
  ['CHILD', 'Child requests placement end'],
  ['LAREQ', 'Responsible/area authority requests placement end'],
  ['PLACE', 'Change in the status of placement only'],
  ['OTHER', 'Other'],
]);
const REASON_PLACE_CHANGE_2019 = [
  ...REASON_PLACE_CHANGE_2017.slice(0, 10),
  { code: 'CUSTOD', description: 'Custody arrangement' },
  ...REASON_PLACE_CHANGE_2017.slice(10),
];

const MISSING = c([['M', 'Missing'], ['A', 'Away from placement without authorisation']]);

const REVIEW_CODE = c([
  ['PN0', 'Child aged under 4 at the time of the review'],
  ['PN1', 'Child physically attends and speaks for him or herself'],
  ['PN2', 'Child physically attends and an advocate speaks on his or her behalf'],
  ['PN3', 'Child attends and conveys his or her view symbolically (non-verbally)'],
  ['PN4', 'Child physically attends but does not speak for him or herself, does not convey his or her view symbolically and does not ask an advocate to speak for him or her'],
  ['PN5', 'Child does not attend physically but briefs an advocate to speak for him or her'],
  ['PN6', 'Child does not attend but conveys his or her feelings to the review by a facilitative medium'],
  ['PN7', 'Child does not attend nor are his or her views conveyed to the review'],
]);

const SDQ_REASON = c([
  ['SDQ1', 'No form returned as child was aged under 4 or over 17 at date of latest assessment'],
  ['SDQ2', 'Carer(s) refused to complete and return questionnaire'],
  ['SDQ3', "Not possible to complete the questionnaire due to severity of the child's disability"],
  ['SDQ4', 'Other'],
  ['SDQ5', 'Child or young person refuses to allow an SDQ to be completed'],
]);

const IN_TOUCH = c([
  ['YES', 'Yes'], ['NO', 'No'], ['DIED', 'Young person has died since ceasing care'],
  ['REFU', 'Young person refuses contact'], ['NREQ', 'Young person no longer requires services'],
  ['RHOM', 'Young person has returned home to parents (or others with parental responsibility) for a continuous period of at least 6 months'],
]);

const ACTIV_DESCRIPTIONS: Record<string, string> = {
  F1: 'Full time in higher education', P1: 'Part time in higher education',
  F2: 'Full time in education other than higher education', P2: 'Part time in education other than higher education',
  F3: 'Full time in training or employment', P3: 'Part time in training or employment',
  F4: 'Full time in an apprenticeship', P4: 'Part time in an apprenticeship',
  F5: 'Full time in training or employment (not an apprenticeship)', P5: 'Part time in training or employment (not an apprenticeship)',
  G4: 'Not in education, training or employment, owing to illness or disability',
  G5: 'Not in education, training or employment, owing to other reasons',
  G6: 'Not in education, training or employment, owing to pregnancy or parenting',
  '0': 'Not applicable (young person has died, returned home or no longer requires services)',
};
function activList(codes: string): CodeList {
  return codes.split(' ').map((code) => ({ code, description: ACTIV_DESCRIPTIONS[code] ?? code }));
}
const ACTIV_2017 = activList('F1 P1 F2 P2 F3 P3 G4 G5 G6 0');
const ACTIV_2022 = activList('F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0');

const ACCOM_TYPES: readonly (readonly [string, string])[] = [
  ['B', 'With parents or relatives'],
  ['C', 'Community home or other form of residential care such as an NHS establishment'],
  ['D', 'Semi-independent, transitional accommodation and self-contained accommodation'],
  ['E', 'Supported lodgings'],
  ['G', 'Gone abroad'],
  ['H', 'Deported'],
  ['K', 'Ordinary lodgings, without formal support'],
  ['R', 'Residence not known'],
  ['S', 'No fixed abode/homeless'],
  ['T', 'Foyers and similar supported accommodation'],
  ['U', 'Independent living, e.g. in flat, lodgings, bedsit, B&B or with friends'],
  ['V', 'Emergency accommodation, e.g. night shelters, direct access, emergency hostels'],
  ['W', 'Bed and breakfast'],
  ['X', 'In custody'],
  ['Y', 'Other accommodation'],
  ['Z', 'With former foster carer(s)'],
];
const ACCOM: CodeList = [
  ...ACCOM_TYPES.flatMap(([letter, d]) => [
    { code: `${letter}1`, description: `${d} – accommodation considered suitable` },
    { code: `${letter}2`, description: `${d} – accommodation considered not suitable` },
  ]),
  { code: '0', description: 'Not applicable (young person has died, returned home or no longer requires services)' },
];

const SEX_ADOPTR = c([
  ['M1', 'Male single adopter'], ['F1', 'Female single adopter'],
  ['MM', 'Male couple'], ['FF', 'Female couple'], ['MF', 'Male and female couple'],
]);
const LS_ADOPTR = c([
  ['L0', 'Single person'], ['L11', 'Married couple (different sex)'], ['L12', 'Married couple (same sex)'],
  ['L2', 'Civil partnership couple'], ['L3', 'Unmarried couple (different sex)'], ['L4', 'Unmarried couple (same sex)'],
]);
const REASON_PLACED_CEASED = c([
  ['RD1', "The child's needs changed subsequent to the decision"],
  ['RD2', 'The court did not make a placement order'],
  ['RD3', 'Prospective adopters could not be found'],
  ['RD4', 'Any other reason'],
]);
const PREV_PERM = c([
  ['P1', 'Adoption'],
  ['P2', 'Special guardianship order (SGO)'],
  ['P3', 'Residence order or child arrangements order setting out with whom the child is to live'],
  ['P4', 'Previous permanence option P4 (listed in the 2017 schema; see DfE guidance)'],
  ['Z1', 'Child has not previously had a permanence option, or it is not known'],
]);
const SW_REASON = c([
  ['MANAGE', 'Management decision'],
  ['FCONTA', 'Family request for a change of social worker'],
  ['LEFTRL', 'Social worker left the role'],
  ['ORGRST', 'Organisational restructure'],
  ['TSPROC', 'Transfer between teams as part of standard process'],
  ['ABSENC', 'Social worker absence'],
  ['CHCHAN', 'Child requested a change of social worker'],
  ['PCCHAN', 'Parent or carer requested a change of social worker'],
  ['SWDIED', 'Social worker died'],
  ['OTHERS', 'Other'],
]);
const UPN_UNKNOWN = c([
  ['UN1', 'Child is aged under 6 years old and is not yet in school'],
  ['UN2', 'Child has never attended a state school in England'],
  ['UN3', 'Child lives abroad'],
  ['UN4', 'Child has moved to a new local authority and UPN not yet obtained'],
  ['UN5', 'Sources collating UPNs reflect discrepancy/UPN not yet obtained'],
]);

/** Every coded field of the 903, by name. Fields that share a name across tables share a code set, except SEX (see codesFor). */
export type Ssda903CodeField =
  | 'SEX' | 'ETHNIC' | 'MOTHER' | 'RNE' | 'LS' | 'CIN' | 'PLACE' | 'PLACE_PROVIDER' | 'REC'
  | 'REASON_PLACE_CHANGE' | 'MISSING' | 'REVIEW_CODE' | 'SDQ_REASON' | 'YES_NO' | 'IN_TOUCH'
  | 'ACTIV' | 'ACCOM' | 'FOSTER_CARE' | 'SEX_ADOPTR' | 'LS_ADOPTR' | 'REASON_PLACED_CEASED'
  | 'PREV_PERM' | 'SW_REASON' | 'UPN_UNKNOWN'
  | 'CONVICTED' | 'HEALTH_CHECK' | 'IMMUNISATIONS' | 'TEETH_CHECK' | 'HEALTH_ASSESSMENT'
  | 'SUBSTANCE_MISUSE' | 'INTERVENTION_RECEIVED' | 'INTERVENTION_OFFERED';

function clampYear(year: number): number {
  if (!Number.isInteger(year)) throw new RangeError(`collection year must be an integer, got ${year}`);
  return Math.min(Math.max(year, FIRST_YEAR), LATEST_YEAR);
}

/**
 * The codes (with descriptions) valid for a field in a collection year
 * (the year the collection ends: 2025 = 2024-25). Years before 2017 use the
 * 2017 set and years after 2026 the 2026 set.
 */
export function codesFor(year: number, field: Ssda903CodeField): readonly Code[] {
  const y = clampYear(year);
  switch (field) {
    case 'SEX': return y >= 2025 ? SEX_M_F_U : SEX_1_2;
    case 'ETHNIC': return ETHNIC;
    case 'MOTHER': return MOTHER;
    case 'RNE': return RNE;
    case 'LS': return LS;
    case 'CIN': return CIN;
    case 'PLACE': return y >= 2026 ? PLACE_2026 : y >= 2025 ? PLACE_2025 : PLACE_2017;
    case 'PLACE_PROVIDER': return PLACE_PROVIDER;
    case 'REC': return y >= 2019 ? REC_2019 : REC_2017;
    case 'REASON_PLACE_CHANGE': return y >= 2019 ? REASON_PLACE_CHANGE_2019 : REASON_PLACE_CHANGE_2017;
    case 'MISSING': return MISSING;
    case 'REVIEW_CODE': return REVIEW_CODE;
    case 'SDQ_REASON': return SDQ_REASON;
    case 'IN_TOUCH': return IN_TOUCH;
    case 'ACTIV': return y >= 2022 ? ACTIV_2022 : ACTIV_2017;
    case 'ACCOM': return ACCOM;
    case 'SEX_ADOPTR': return SEX_ADOPTR;
    case 'LS_ADOPTR': return LS_ADOPTR;
    case 'REASON_PLACED_CEASED': return REASON_PLACED_CEASED;
    case 'PREV_PERM': return PREV_PERM;
    case 'SW_REASON': return SW_REASON;
    case 'UPN_UNKNOWN': return UPN_UNKNOWN;
    case 'YES_NO': case 'FOSTER_CARE': case 'CONVICTED': case 'HEALTH_CHECK': case 'IMMUNISATIONS':
    case 'TEETH_CHECK': case 'HEALTH_ASSESSMENT': case 'SUBSTANCE_MISUSE':
    case 'INTERVENTION_RECEIVED': case 'INTERVENTION_OFFERED':
      return YES_NO;
  }
}

/** Set of valid code values, cached per (year, field). */
const setCache = new Map<string, ReadonlySet<string>>();
export function codeSet(year: number, field: Ssda903CodeField): ReadonlySet<string> {
  const key = `${clampYear(year)}:${field}`;
  let s = setCache.get(key);
  if (!s) {
    s = new Set(codesFor(year, field).map((x) => x.code));
    setCache.set(key, s);
  }
  return s;
}

export function describeCode(year: number, field: Ssda903CodeField, code: string): string | undefined {
  return codesFor(year, field).find((x) => x.code === code)?.description;
}

/** The UASC table's SEX accepts the pre-2025 numeric codes as aliases from 2025 (1 = M, 2 = F). */
export function normaliseSex(value: string): string {
  return value === '1' ? 'M' : value === '2' ? 'F' : value;
}

// ---------------------------------------------------------------------------
// Tables

export type Ssda903Table =
  | 'Header' | 'Episodes' | 'Reviews' | 'UASC' | 'OC2' | 'OC3' | 'AD1'
  | 'PlacedAdoption' | 'PrevPerm' | 'Missing' | 'SWEpisodes';

export const SSDA903_TABLES: readonly Ssda903Table[] = [
  'Header', 'Episodes', 'Reviews', 'UASC', 'OC2', 'OC3', 'AD1', 'PlacedAdoption', 'PrevPerm', 'Missing', 'SWEpisodes',
];

/**
 * A column's format: 'id' (child or worker identifier, alphanumeric),
 * 'date' (dd/mm/yyyy), 'code' (one of codesFor(year, codeField)),
 * 'integer', 'postcode' (UK postcode, the outward code alone is accepted
 * for some placements), 'text' (free alphanumeric, e.g. UPN, URN, LA code).
 */
export type ColumnFormat = 'id' | 'date' | 'code' | 'integer' | 'postcode' | 'text';

export interface ColumnDef {
  readonly name: string;
  readonly format: ColumnFormat;
  /** The code set for 'code' columns. */
  readonly codeField?: Ssda903CodeField;
  /** True when the schema allows the cell to be blank. */
  readonly canBeBlank: boolean;
}

export interface TableDef {
  readonly table: Ssda903Table;
  /** The DfE's CSV file stem, e.g. 'header', 'episodes'. */
  readonly fileName: string;
  readonly columns: readonly ColumnDef[];
}

const col = (name: string, format: ColumnFormat, canBeBlank: boolean, codeField?: Ssda903CodeField): ColumnDef =>
  codeField ? { name, format, canBeBlank, codeField } : { name, format, canBeBlank };
const CHILD = col('CHILD', 'id', false);
const DOB = col('DOB', 'date', false);

const TABLES: Record<Ssda903Table, TableDef> = {
  Header: { table: 'Header', fileName: 'header', columns: [
    CHILD, col('SEX', 'code', false, 'SEX'), DOB, col('ETHNIC', 'code', false, 'ETHNIC'),
    col('UPN', 'text', false), col('MOTHER', 'code', true, 'MOTHER'), col('MC_DOB', 'date', true),
  ] },
  Episodes: { table: 'Episodes', fileName: 'episodes', columns: [
    CHILD, col('DECOM', 'date', false), col('RNE', 'code', false, 'RNE'), col('LS', 'code', false, 'LS'),
    col('CIN', 'code', false, 'CIN'), col('PLACE', 'code', false, 'PLACE'),
    col('PLACE_PROVIDER', 'code', true, 'PLACE_PROVIDER'), col('DEC', 'date', true), col('REC', 'code', true, 'REC'),
    col('REASON_PLACE_CHANGE', 'code', true, 'REASON_PLACE_CHANGE'), col('HOME_POST', 'postcode', true),
    col('PL_POST', 'postcode', true), col('URN', 'text', true),
  ] },
  Reviews: { table: 'Reviews', fileName: 'reviews', columns: [
    CHILD, DOB, col('REVIEW', 'date', false), col('REVIEW_CODE', 'code', false, 'REVIEW_CODE'),
  ] },
  UASC: { table: 'UASC', fileName: 'uasc', columns: [CHILD, col('SEX', 'code', false, 'SEX'), DOB, col('DUC', 'date', true)] },
  OC2: { table: 'OC2', fileName: 'oc2', columns: [
    CHILD, DOB, col('SDQ_SCORE', 'integer', true), col('SDQ_REASON', 'code', true, 'SDQ_REASON'),
    col('CONVICTED', 'code', true, 'CONVICTED'), col('HEALTH_CHECK', 'code', true, 'HEALTH_CHECK'),
    col('IMMUNISATIONS', 'code', true, 'IMMUNISATIONS'), col('TEETH_CHECK', 'code', true, 'TEETH_CHECK'),
    col('HEALTH_ASSESSMENT', 'code', true, 'HEALTH_ASSESSMENT'), col('SUBSTANCE_MISUSE', 'code', true, 'SUBSTANCE_MISUSE'),
    col('INTERVENTION_RECEIVED', 'code', true, 'INTERVENTION_RECEIVED'),
    col('INTERVENTION_OFFERED', 'code', true, 'INTERVENTION_OFFERED'),
  ] },
  OC3: { table: 'OC3', fileName: 'oc3', columns: [
    CHILD, DOB, col('IN_TOUCH', 'code', false, 'IN_TOUCH'), col('ACTIV', 'code', false, 'ACTIV'), col('ACCOM', 'code', false, 'ACCOM'),
  ] },
  AD1: { table: 'AD1', fileName: 'ad1', columns: [
    CHILD, DOB, col('DATE_INT', 'date', false), col('DATE_MATCH', 'date', false),
    col('FOSTER_CARE', 'code', false, 'FOSTER_CARE'), col('NB_ADOPTR', 'integer', false),
    col('SEX_ADOPTR', 'code', false, 'SEX_ADOPTR'), col('LS_ADOPTR', 'code', false, 'LS_ADOPTR'),
  ] },
  PlacedAdoption: { table: 'PlacedAdoption', fileName: 'placed_adoption', columns: [
    CHILD, DOB, col('DATE_PLACED', 'date', false), col('DATE_PLACED_CEASED', 'date', true),
    col('REASON_PLACED_CEASED', 'code', true, 'REASON_PLACED_CEASED'),
  ] },
  PrevPerm: { table: 'PrevPerm', fileName: 'prev_perm', columns: [
    CHILD, DOB, col('PREV_PERM', 'code', false, 'PREV_PERM'), col('LA_PERM', 'text', true), col('DATE_PERM', 'date', true),
  ] },
  Missing: { table: 'Missing', fileName: 'missing', columns: [
    CHILD, DOB, col('MISSING', 'code', false, 'MISSING'), col('MIS_START', 'date', false), col('MIS_END', 'date', true),
  ] },
  SWEpisodes: { table: 'SWEpisodes', fileName: 'social_worker', columns: [
    CHILD, DOB, col('SW_ID', 'id', false), col('SW_DECOM', 'date', false), col('SW_DEC', 'date', true),
    col('SW_REASON', 'code', true, 'SW_REASON'),
  ] },
};

/** The tables of the return in a collection year (SWEpisodes from 2024). */
export function tablesFor(year: number): readonly Ssda903Table[] {
  return clampYear(year) >= 2024 ? SSDA903_TABLES : SSDA903_TABLES.filter((t) => t !== 'SWEpisodes');
}

/** A table's definition (exact DfE column names in order, formats) for a collection year. */
export function tableDef(year: number, table: Ssda903Table): TableDef {
  clampYear(year);
  return TABLES[table];
}

/** The exact column names of a table, in the DfE's order. */
export function columnsOf(year: number, table: Ssda903Table): readonly string[] {
  return tableDef(year, table).columns.map((x) => x.name);
}

/** Collection year dates as ISO strings: 2025 → 2024-04-01 .. 2025-03-31. */
export function collectionDates(year: number): { start: string; end: string } {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31` };
}
