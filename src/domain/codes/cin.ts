/**
 * CIN census code sets (DfE children in need census), with descriptions, as
 * typed constants. Source: the DfE's CIN census XML schema for collection
 * year 2026 (2025-26) — the enumerations of CIN_schema_2026.xsd. The product
 * never reads the reference schema at run time; these constants are the copy.
 *
 * Collection years: a "collection year" is named by the year in which the
 * census year ends (collection year 2026 = 1 April 2025 – 31 March 2026).
 *
 * Changes by year that we know of (see `cinAssessmentFactors`):
 *  - 18A / 19A (physical / sexual abuse, not split by who harmed the child)
 *    were replaced in the DfE's codes by 18B/18C and 19B/19C (child on child,
 *    adult on child) from 2022-23 (collection year 2023). The 2026 schema we
 *    were given still accepts 18A and 19A ("retained despite official schema
 *    change due to client request 08/25"), so the XML accepts them, but new
 *    records should use the B/C codes: `CIN_ASSESSMENT_FACTOR_RETIRED` lists them.
 *  - Sex: M / F / U (U = not known).
 *  - UPN unknown reasons UN1–UN7 are the CIN census codes; UN8–UN10 exist in
 *    other DfE collections (SEN2) and are not valid in the CIN census.
 *
 * Descriptions are the schema's; UPN-unknown descriptions (not in the schema)
 * paraphrase the DfE's common basic data set (CBDS) guidance.
 */

/** A code set: DfE code → description. */
export type CodeSet = Readonly<Record<string, string>>;

/** Ethnicity (<Ethnicity>). */
export const CIN_ETHNICITY = {
  WBRI: "White British",
  WIRI: "White Irish",
  WIRT: "Traveller of Irish heritage",
  WOTH: "Any other White background",
  WROM: "Gypsy/Roma",
  MWBC: "White and Black Caribbean",
  MWBA: "White and Black African",
  MWAS: "White and Asian",
  MOTH: "Any other mixed background",
  AIND: "Indian",
  APKN: "Pakistani",
  ABAN: "Bangladeshi",
  AOTH: "Any other Asian background",
  BCRB: "Caribbean",
  BAFR: "African",
  BOTH: "Any other black background",
  CHNE: "Chinese",
  OOTH: "Any other ethnic group",
  REFU: "Refused",
  NOBT: "Information not yet obtained",
} as const satisfies CodeSet;

/** Sex (<Sex>): M, F, or U where the sex is not known. */
export const CIN_SEX = {
  M: "male",
  F: "female",
  U: "unknown",
} as const satisfies CodeSet;

/** Disability (<Disability>); NONE means no disability and must stand alone. */
export const CIN_DISABILITY = {
  NONE: "No disability",
  MOB: "Mobility",
  HAND: "Hand function",
  PC: "Personal care",
  INC: "Incontinence",
  COMM: "Communication",
  LD: "Learning",
  HEAR: "Hearing",
  VIS: "Vision",
  BEH: "Behaviour",
  CON: "Consciousness",
  AUT: "Autism",
  DDA: "Other",
} as const satisfies CodeSet;

/** Source of referral (<ReferralSource>). */
export const CIN_REFERRAL_SOURCE = {
  "1A": "INDIVIDUAL – family member, relative or carer",
  "1B": "INDIVIDUAL – acquaintance (including neighbours and child minders)",
  "1C": "INDIVIDUAL – self",
  "1D": "INDIVIDUAL – other (including strangers)",
  "2A": "SCHOOLS",
  "2B": "EDUCATION SERVICES",
  "3A": "HEALTH SERVICES – general practitioner (GP)",
  "3B": "HEALTH SERVICES – health visitor",
  "3C": "HEALTH SERVICES – school nurse",
  "3D": "HEALTH SERVICES – other primary health services",
  "3E": "HEALTH SERVICES – A&E (accident and emergency department)",
  "3F": "HEALTH SERVICES – other (for example hospice)",
  "4": "HOUSING - local authority housing or housing association",
  "5A": "LA SERVICES – social care for example adults social care services",
  "5B": "LA SERVICES – other internal (department other than social care in local authorities, for example, youth offending (excluding housing))",
  "5C": "LA SERVICES – external, for example, from another local authority’s adults social care services",
  "5D": "LA SERVICES – early help",
  "6": "POLICE",
  "7": "OTHER LEGAL AGENCY – including courts, probation, immigration, CAFCASS (Children and Family Court Advisory and Support Service) or prison",
  "8": "OTHER – including children’s centres, independent agency providers or voluntary organisations",
  "9": "ANONYMOUS",
  "10": "UNKNOWN",
} as const satisfies CodeSet;

/** Primary need at assessment (<PrimaryNeedCode>). */
export const CIN_PRIMARY_NEED = {
  N1: "Abuse, neglect and exploitation",
  N2: "Child's disability",
  N3: "Parental disability or illness",
  N4: "Family in acute stress",
  N5: "Family dysfunction",
  N6: "Socially unacceptable behaviour",
  N7: "Low income",
  N8: "Absent parenting",
  N9: "Cases other than children in need",
  N0: "Not stated",
} as const satisfies CodeSet;

/** Reason for closure of the CIN episode (<ReasonForClosure>). */
export const CIN_REASON_FOR_CLOSURE = {
  RC1: "Adopted",
  RC2: "Died",
  RC3: "Child arrangements order",
  RC4: "Special guardianship order",
  RC5: "Transferred to services of another local authority",
  RC6: "Transferred to adult social care services",
  RC7: "Services ceased for any other reason, including child no longer in need",
  RC8: "Case closed after assessment, no further action",
  RC9: "Case closed after assessment, referred to early help",
} as const satisfies CodeSet;

/** Factors identified at the end of assessment (<AssessmentFactors>). */
export const CIN_ASSESSMENT_FACTOR = {
  "1A": "Alcohol misuse: concerns about alcohol misuse by the child",
  "1B": "Alcohol misuse: concerns about alcohol misuse by the parent(s)/carer(s)",
  "1C": "Alcohol misuse: concerns about alcohol misuse by another person living in the household",
  "2A": "Drug misuse: concerns about drug misuse by the child",
  "2B": "Drug misuse: concerns about drug misuse by the parent(s)/carer(s)",
  "2C": "Drug misuse: concerns about drug misuse by another person living in the household",
  "3A": "Domestic violence: concerns about the child being the subject of domestic violence",
  "3B": "Domestic violence: concerns about the child’s parent(s)/carer(s) being the subject of domestic violence",
  "3C": "Domestic violence: concerns about another person living in the household being the subject of domestic violence",
  "4A": "Mental health: concerns about the mental health of the child",
  "4B": "Mental health: concerns about the mental health of the parent(s)/carer(s)",
  "4C": "Mental health: concerns about the mental health of another person in the family/household",
  "5A": "Learning disability: concerns about the child’s learning disability",
  "5B": "Learning disability: concerns about the parent(s)/carer(s) learning disability",
  "5C": "Learning disability: concerns about another person in the family/household’s learning disability",
  "6A": "Physical disability or illness: concerns about a physical disability or illness of the child",
  "6B": "Physical disability or illness: concerns about a physical disability or illness of the parent(s)/carer(s)",
  "6C": "Physical disability or illness: concerns about a physical disability or illness of another person in the family/household",
  "7A": "Young carer: concerns that services may be required or the child’s health or development may be impaired due to their caring responsibilities",
  "8B": "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - overseas children who intend to return",
  "8C": "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - overseas children who intend to stay",
  "8D": "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - UK children in educational placements",
  "8E": "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - UK children making alternative family arrangements",
  "8F": "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - other",
  "9A": "UASC: concerns that services may be required or the child may be at risk of harm as an unaccompanied asylum-seeking child",
  "10A": "Missing: concerns that services may be required or the child may be at risk of harm due to going/being missing",
  "11A": "Child sexual exploitation: concerns that services may be required or the child may be at risk of harm due to child sexual exploitation",
  "12A": "Trafficking: concerns that services may be required or the child may be at risk of harm due to trafficking",
  "13A": "Gangs: concerns that services may be required or the child may be at risk of harm because of involvement in/with gangs",
  "14A": "Socially unacceptable behaviour: concerns that services may be required or the child may be at risk due to their socially unacceptable behaviour",
  "15A": "Self-harm: concerns that services may be required or due to suspected/actual self-harming child may be at risk of harm",
  "16A": "Abuse or neglect – ‘NEGLECT’: concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect",
  "17A": "Abuse or neglect – ‘EMOTIONAL ABUSE’: concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect",
  "18A": "Abuse or neglect – ‘PHYSICAL ABUSE’: concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect.",
  "18B": "Abuse or neglect – ‘PHYSICAL ABUSE’ (child on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by another child",
  "18C": "Abuse or neglect – ‘PHYSICAL ABUSE’ (adult on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by an adult",
  "19A": "Abuse or neglect – ‘SEXUAL ABUSE’: concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect.",
  "19B": "Abuse or neglect – ‘SEXUAL ABUSE’ (child on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by another child",
  "19C": "Abuse or neglect – ‘SEXUAL ABUSE’ (adult on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by an adult",
  "20": "Other",
  "21": "No factors identified - only use this if there is no evidence of any of the factors above and no further action is being taken",
  "22A": "Female genital mutilation (FGM) - concerns that services may be required or the child may be at risk due to female genital mutilation",
  "23A": "Abuse linked to faith or belief - concerns that services may be required or the child may be at risk due to abuse linked to faith or belief",
  "24A": "Child criminal exploitation: concerns that services may be required or the child may be at risk of harm due to child criminal exploitation",
} as const satisfies CodeSet;

/** Category of abuse on a child protection plan (<InitialCategoryOfAbuse>, <LatestCategoryOfAbuse>). */
export const CIN_CATEGORY_OF_ABUSE = {
  NEG: "Neglect",
  PHY: "Physical abuse",
  SAB: "Sexual abuse",
  EMO: "Emotional abuse",
  MUL: "Multiple/not recommended",
} as const satisfies CodeSet;

/** Reason a UPN is not held (<UPNunknown>). */
export const CIN_UPN_UNKNOWN_REASON = {
  UN1: "Child is aged under 6 years old and is not yet assigned a UPN",
  UN2: "Child has never attended a state-funded school in England and has not been assigned a UPN",
  UN3: "Child is educated outside England and has not been assigned a UPN",
  UN4: "Child is newly in need (in the last week of the collection period) and the UPN is not yet known",
  UN5: "Sources collating UPNs reflect discrepancies for the child’s name, surname or date of birth, preventing reliable matching (for example a duplicated UPN)",
  UN6: "Child is not looked after and the authority is unable to obtain the UPN",
  UN7: "Child referred but no further action taken",
} as const satisfies CodeSet;

export type CinEthnicity = keyof typeof CIN_ETHNICITY;
export type CinSex = keyof typeof CIN_SEX;
export type CinDisability = keyof typeof CIN_DISABILITY;
export type CinReferralSource = keyof typeof CIN_REFERRAL_SOURCE;
export type CinPrimaryNeed = keyof typeof CIN_PRIMARY_NEED;
export type CinReasonForClosure = keyof typeof CIN_REASON_FOR_CLOSURE;
export type CinAssessmentFactor = keyof typeof CIN_ASSESSMENT_FACTOR;
export type CinCategoryOfAbuse = keyof typeof CIN_CATEGORY_OF_ABUSE;
export type CinUpnUnknownReason = keyof typeof CIN_UPN_UNKNOWN_REASON;

/**
 * Assessment factors that the DfE retired (superseded by the child-on-child /
 * adult-on-child split) but the 2026 schema still accepts: collection year
 * from which they are retired.
 */
export const CIN_ASSESSMENT_FACTOR_RETIRED: Readonly<Partial<Record<CinAssessmentFactor, number>>> = {
  '18A': 2023,
  '19A': 2023,
};

/** Assessment factor "21": no factors identified (must stand alone). */
export const CIN_NO_FACTORS_IDENTIFIED = '21';

/** Every CIN code set by name (for validators and pick-lists). */
export const CIN_CODE_SETS = {
  ethnicity: CIN_ETHNICITY,
  sex: CIN_SEX,
  disability: CIN_DISABILITY,
  referralSource: CIN_REFERRAL_SOURCE,
  primaryNeed: CIN_PRIMARY_NEED,
  reasonForClosure: CIN_REASON_FOR_CLOSURE,
  assessmentFactor: CIN_ASSESSMENT_FACTOR,
  categoryOfAbuse: CIN_CATEGORY_OF_ABUSE,
  upnUnknownReason: CIN_UPN_UNKNOWN_REASON,
} as const;

export type CinCodeSetName = keyof typeof CIN_CODE_SETS;

/** True when `value` is a code of the set (own keys only; safe for "__proto__" etc.). */
export function isCinCode<S extends CodeSet>(set: S, value: string | null | undefined): value is Extract<keyof S, string> {
  return value != null && Object.prototype.hasOwnProperty.call(set, value);
}

/** Description of a code, or undefined if the code is not in the set. */
export function describeCinCode(set: CodeSet, value: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(set, value) ? set[value] : undefined;
}

/**
 * Assessment factors a new record should use for a collection year: the 2026
 * schema's list less codes the DfE had retired by that year. (Validation of a
 * return accepts every schema code: the XSD is the contract for the file.)
 */
export function cinAssessmentFactors(collectionYear: number): CinAssessmentFactor[] {
  return (Object.keys(CIN_ASSESSMENT_FACTOR) as CinAssessmentFactor[]).filter((c) => {
    const retired = CIN_ASSESSMENT_FACTOR_RETIRED[c];
    return retired === undefined || collectionYear < retired;
  });
}

/** Census year for a collection year: 1 April (year-1) to 31 March (year). */
export function cinCensusYear(collectionYear: number): { start: string; end: string } {
  return { start: `${collectionYear - 1}-04-01`, end: `${collectionYear}-03-31` };
}
