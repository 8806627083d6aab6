/**
 * The CIN census file as a typed model with element positions (for the
 * validator). Values are kept as the text found in the file (trimmed), so rules
 * can tell "missing" from "invalid"; `date()` gives the ISO date or null.
 */

/** Where an element is: its path (1-based indexes) and line in the file. */
export interface Position {
  path: string;
  line: number | null;
}

export interface CinHeader extends Position {
  collection: string | null;
  year: string | null;
  referenceDate: string | null;
  lea: string | null;
}

export interface CinReview extends Position {
  date: string | null;
}

export interface CinCpp extends Position {
  index: number;
  startDate: string | null;
  endDate: string | null;
  initialCategory: string | null;
  latestCategory: string | null;
  numberOfPreviousCpp: string | null;
  /** One entry per CPPreviewDate (empty ones have date null). */
  reviews: CinReview[];
}

export interface CinS47 extends Position {
  index: number;
  startDate: string | null;
  icpcTarget: string | null;
  icpcDate: string | null;
  /** true / false, or null when missing or not a boolean. */
  icpcNotRequired: boolean | null;
}

export interface CinPlan extends Position {
  index: number;
  startDate: string | null;
  endDate: string | null;
}

export interface CinAssessment extends Position {
  index: number;
  startDate: string | null;
  authorisationDate: string | null;
  factors: string[];
}

export interface CinEpisode extends Position {
  index: number;
  referralDate: string | null;
  referralSource: string | null;
  primaryNeed: string | null;
  closureDate: string | null;
  reasonForClosure: string | null;
  icpcDate: string | null;
  /** true / false, or null when missing or not a boolean. */
  referralNfa: boolean | null;
  referralNfaRaw: string | null;
  assessments: CinAssessment[];
  plans: CinPlan[];
  s47s: CinS47[];
  cpps: CinCpp[];
}

export interface CinChild extends Position {
  index: number;
  laChildId: string | null;
  upn: string | null;
  formerUpn: string | null;
  upnUnknown: string | null;
  birthDate: string | null;
  expectedBirthDate: string | null;
  sex: string | null;
  deathDate: string | null;
  ethnicity: string | null;
  disabilities: string[];
  episodes: CinEpisode[];
}

export interface CinFile {
  header: CinHeader | null;
  children: CinChild[];
}
