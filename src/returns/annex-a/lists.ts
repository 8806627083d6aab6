/**
 * Ofsted Annex A (ILACS) lists 1–11: number, title, window rule and the exact
 * column names of the liia-tools Annex A schema (Annex_A_schema.yml), plus the
 * labels Hearth writes for the coded columns. Pure data, no I/O.
 */
import { addMonths } from '../format.ts';

export type AnnexAWindow =
  /** Events dated within the six months up to and including the inspection date. */
  | 'six_months'
  /** Open at the inspection date, or ended within the six months before it. */
  | 'current_or_ended_six_months'
  /** Open at the inspection date. */
  | 'current'
  /** Within the twelve months up to and including the inspection date. */
  | 'twelve_months';

export interface AnnexAListDefinition {
  number: number;
  key: string;
  title: string;
  window: AnnexAWindow;
  columns: readonly string[];
}

const CHILD = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)'] as const;
const DISABILITY = 'Does the Child have a Disability';
const ALLOCATED = ['Allocated Team', 'Allocated Worker'] as const;

export const ANNEX_A_LISTS: readonly AnnexAListDefinition[] = [
  {
    number: 1, key: 'list_1', title: 'Contacts', window: 'six_months',
    columns: [...CHILD, 'Date of Contact', 'Contact Source'],
  },
  {
    number: 2, key: 'list_2', title: 'Early help', window: 'six_months',
    columns: [...CHILD, 'Assessment start date', 'Assessment completion date', 'Organisation completing assessment'],
  },
  {
    number: 3, key: 'list_3', title: 'Referrals', window: 'six_months',
    columns: [...CHILD, 'Date of referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', ...ALLOCATED],
  },
  {
    number: 4, key: 'list_4', title: 'Assessments', window: 'six_months',
    columns: [
      ...CHILD, DISABILITY, 'Continuous Assessment Start Date', 'Child Seen During Continuous Assessment',
      'Continuous Assessment Date of Authorisation', "Was the child assessed as requiring LA children's social care support?", ...ALLOCATED,
    ],
  },
  {
    number: 5, key: 'list_5', title: 'Section 47 enquiries and ICPCs', window: 'six_months',
    columns: [
      ...CHILD, DISABILITY, 'Strategy discussion initiating Section 47 Enquiry Start Date',
      'Was an Initial Child Protection Conference deemed unnecessary?', 'Date of Initial Child Protection Conference',
      'Did the Initial Child Protection Conference Result in a Child Protection Plan',
      'Number of Section 47 Enquiries in the last 12 months', 'Number of ICPCs in the last 12 months', ...ALLOCATED,
    ],
  },
  {
    number: 6, key: 'list_6', title: 'Children in need', window: 'current_or_ended_six_months',
    columns: [
      ...CHILD, DISABILITY, 'CIN Start Date', 'Primary Need Code', 'Date Child Was Last Seen', 'CIN Closure Date',
      'Reason for Closure', 'Case Status', ...ALLOCATED,
    ],
  },
  {
    number: 7, key: 'list_7', title: 'Child protection', window: 'current_or_ended_six_months',
    columns: [
      ...CHILD, DISABILITY, 'Child Protection Plan Start Date', 'Initial Category of Abuse', 'Latest Category of Abuse',
      'Date of the Last Statutory Visit', 'Was the Child Seen Alone?', 'Date of latest review conference',
      'Child Protection Plan End Date',
      'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
      'Number of Previous Child Protection Plans', ...ALLOCATED,
    ],
  },
  {
    number: 8, key: 'list_8', title: 'Children looked after', window: 'current_or_ended_six_months',
    columns: [
      ...CHILD, 'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)', DISABILITY,
      'Date Started to be Looked After', "Child's Category of Need",
      'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
      'Start date of current legal status', "Child's Legal Status", 'Date of Latest Statutory Review',
      'Date of Last Social Work Visit', 'What is the permanence plan for this child?',
      'Date of Last IRO Visit / Contact to the Child', 'Date of Last Health Assessment', 'Date of Last Dental Check',
      'Number of Placements in the Last 12 months', 'Date Ceased to be Looked After', 'Reason Ceased to be Looked After',
      'Start Date of Most Recent Placement', 'Placement Type', 'Placement Provider', 'Placement postcode',
      'URN of Placement', 'Placement Location', 'LA of Placement',
      "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
      "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
      'Was the child offered a Return Interview after their last missing episode (Y/N)?',
      'Did the child accept a Return Interview after their last missing episode (Y/N)?', ...ALLOCATED,
    ],
  },
  {
    number: 9, key: 'list_9', title: 'Care leavers', window: 'current',
    columns: [
      ...CHILD, 'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)', DISABILITY,
      ...ALLOCATED, 'Allocated Personal Advisor', 'Eligibility Category', 'Latest Pathway Plan Review Date', 'LA in Touch',
      'Latest Date of Contact', 'Type of Accommodation', 'Suitability of Accommodation', 'Activity Status',
    ],
  },
  {
    number: 10, key: 'list_10', title: 'Adoption', window: 'twelve_months',
    columns: [
      'Child Unique ID', 'Family identifier', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', DISABILITY,
      'Date the Child Entered Care', 'Date of Decision that Child Should be Placed for Adoption', 'Date of Placement Order',
      'Date of Matching Child and Prospective Adopters', 'Date Placed for Adoption', 'Date of Adoption Order',
      'Date of Decision that Child Should No Longer be Placed for Adoption', 'Reason Why Child No Longer Placed for Adoption',
      'Date the child was placed for fostering in FFA or concurrent planning placement',
    ],
  },
  {
    number: 11, key: 'list_11', title: 'Adopters', window: 'twelve_months',
    columns: [
      'Individual adopter identifier', 'Family identifier', 'Gender', 'Ethnicity', 'Disability',
      'Is the (prospective) adopter fostering for adoption?', 'Date enquiry received', 'Date Stage 1 started',
      'Date Stage 1 ended', 'Date Stage 2 started', 'Date Stage 2 ended', 'Date application submitted',
      'Date application approved', 'Date adopter matched with child(ren)', 'Date child/children placed with adopter(s)',
      'No. of children placed', 'Date of Adoption Order', 'Date of leaving adoption process', 'Reason for leaving adoption process',
    ],
  },
];

/** The first date inside a list's window (inclusive); the inspection date is the last. */
export function windowStart(window: AnnexAWindow, inspectionDate: string): string {
  switch (window) {
    case 'six_months':
    case 'current_or_ended_six_months':
      return addMonths(inspectionDate, -6);
    case 'current':
      return inspectionDate;
    case 'twelve_months':
      return addMonths(inspectionDate, -12);
  }
}

export const GENDER_LABEL: Readonly<Record<string, string>> = {
  M: 'a) Male', F: 'b) Female', U: 'c) Not stated/recorded',
};

export const CP_CATEGORY_LABEL: Readonly<Record<string, string>> = {
  NEG: 'a) Neglect', PHY: 'b) Physical Abuse', SAB: 'c) Sexual Abuse', EMO: 'd) Emotional Abuse', MUL: 'e) Multiple',
};

export const CIN_CLOSURE_LABEL: Readonly<Record<string, string>> = {
  RC1: 'a) Adopted', RC2: 'b) Died', RC3: 'c) Residence Order', RC4: 'd) Special Guardianship Order',
  RC5: 'e) Transfer to another LA', RC6: 'f) Transfer to Adult Social Services',
  RC7: "g) 'Other' incl. Child no longer in need", RC8: 'h) Child not in need after assessment', RC9: "g) 'Other' incl. Child no longer in need",
};

export const CASE_STATUS = {
  cla: 'a) Looked after child', cp: 'b) Child Protection plan', cin: 'c) Child in need plan',
  assessment: 'd) Open assessment', closed: 'e) Closed episode',
} as const;

/** SSDA903 PLACE_PROVIDER → Annex A provider grouping. */
export function providerLabel(code: string | null): string {
  if (!code) return '';
  if (code === 'PR1') return 'a) Own LA';
  if (code === 'PR4') return 'b) Private';
  return 'c) Other';
}

/** SSDA903 IN_TOUCH → Annex A "LA in Touch". */
export function inTouchLabel(code: string | null | undefined): string {
  if (!code) return 'c) Not recorded';
  if (code === 'YES') return 'a) In touch';
  if (code === 'NO' || code === 'REFU') return 'b) Not in touch';
  return 'd) Exclude'; // DIED, NREQ, RHOM
}

/** SSDA903 OC3 accommodation letter → Annex A "Type of Accommodation". */
export const ACCOMMODATION_LABEL: Readonly<Record<string, string>> = {
  B: 'a) With parents or relatives', C: 'b) Community home', D: 'c) Semi-independent transitional accommodation',
  E: 'd) Supported lodgings', G: 'e) Gone abroad', H: 'f) Deported', K: 'g) Ordinary lodgings',
  R: 'h) Residence not known', S: 'i) No fixed abode / homeless', T: 'j) Foyers', U: 'k) Independent living',
  V: 'l) Emergency accommodation', W: 'm) Bed and breakfast', X: 'n) In custody', Y: 'o) With Former Foster Carer',
  Z: 'p) Other accommodation',
};

export const ACTIVITY_LABEL: Readonly<Record<string, string>> = {
  F1: 'F1: Full time in higher education',
  P1: 'P1: Part time in higher education',
  F2: 'F2: Full time in education other than higher',
  P2: 'P2: Part time in education other than higher',
  F3: 'F3: Full time in training or employment',
  P3: 'P3: Part time in training or employment',
  F4: 'F4: Young person engaged full time in an apprenticeship',
  P4: 'P4: Young person engaged part time in an apprenticeship',
  F5: 'F5: Young person engaged full time in training or employment (not apprenticeship)',
  P5: 'P5: Young person engaged part time in training or employment (not apprenticeship)',
  G4: 'G4: Not in education, employment or training - illness or disability',
  G5: 'G5: Not in education, employment or training - other',
  G6: 'G6: Not in education, employment or training - pregnancy or parenting',
};

export function yesNo(v: boolean | null | undefined): string {
  return v == null ? '' : v ? 'Yes' : 'No';
}
