/** Rules on the child (ChildIdentifiers, ChildCharacteristics) and on the return as a whole. */
import { CIN_DISABILITY, CIN_ETHNICITY, isCinCode } from '../../../domain/codes/cin.ts';
import type { CinChild } from '../model.ts';
import { addDays, addMonths, addYears } from './dates.ts';
import { rule, type CinRule } from './types.ts';

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The UPN check letter (character 1) for characters 2–13, or null if they cannot be checked. */
export function upnCheckLetter(upn: string): string | null {
  if (upn.length !== 13) return null;
  let sum = 0;
  for (let i = 1; i <= 11; i++) {
    const c = upn.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    sum += c * (i + 1);
  }
  const last = upn[12]!.toUpperCase();
  const lastValue = /[0-9]/.test(last) ? Number(last) : UPN_LETTERS.indexOf(last);
  if (lastValue < 0) return null;
  sum += lastValue * 13;
  return UPN_LETTERS[sum % 23]!;
}

function upnWellFormed(upn: string): boolean {
  return /^[A-Za-z]\d{11}[0-9A-Za-z]$/.test(upn) && upnCheckLetter(upn) === upn[0]!.toUpperCase();
}

const LA_RANGES: [number, number][] = [
  [1, 5], [201, 213], [301, 320], [330, 336], [340, 344], [350, 359], [370, 373], [380, 384], [390, 394], [660, 681],
  [701, 708], [800, 803], [805, 808], [810, 813], [820, 823], [835, 839], [850, 852], [855, 857], [865, 896], [935, 938], [940, 943],
];
const LA_SINGLE = new Set([420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933]);
function knownUpnLa(s: string): boolean {
  if (!/^\d{3}$/.test(s)) return false;
  const n = Number(s);
  return LA_SINGLE.has(n) || LA_RANGES.some(([a, b]) => n >= a && n <= b);
}

const anyFurtherAction = (c: CinChild) => c.episodes.some((e) => e.referralNfa === false);

export const childRules: CinRule[] = [
  // --- return level -------------------------------------------------------------------------
  rule('100', 'Header', ['ReferenceDate'], 'Reference Date is incorrect', (ctx) => {
    const h = ctx.file.header;
    if (!h || h.referenceDate !== ctx.end) ctx.report(null, h ?? { path: 'Header', line: null });
  }),
  rule('2883', 'ChildProtectionPlans', ['CPPstartDate', 'DateOfInitialCPC'], 'There are more child protection plans starting than initial conferences taking place', (ctx) => {
    let plans = 0;
    let icpcs = 0;
    const inYear = (d: string | null) => d != null && d >= ctx.start && d <= ctx.end;
    for (const c of ctx.file.children) for (const e of c.episodes) {
      if (inYear(e.icpcDate)) icpcs++;
      for (const s of e.s47s) if (inYear(s.icpcDate)) icpcs++;
      for (const p of e.cpps) if (inYear(p.startDate)) plans++;
    }
    if (plans > icpcs) ctx.report(null, null);
  }),
  rule('2886Q', 'ChildIdentifiers', ['Sex', 'ExpectedPersonBirthDate'], 'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)', (ctx) => {
    const n = ctx.file.children.length;
    const missing = ctx.file.children.filter((c) => (c.sex == null || c.sex === 'U') && c.expectedBirthDate == null).length;
    if (n > 0 && missing / n > 0.02) ctx.report(null, null);
  }),
  rule('2887Q', 'ChildCharacteristics', ['Disability'], 'Please check: Less than 8 disability codes have been used in your return', (ctx) => {
    const used = new Set<string>();
    for (const c of ctx.file.children) for (const d of c.disabilities) if (d !== 'NONE') used.add(d);
    if (ctx.file.children.length > 0 && used.size < 8) ctx.report(null, null);
  }),
  rule('2888Q', 'ChildCharacteristics', ['Disability'], 'Please check: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.', (ctx) => {
    if (ctx.file.children.length === 0) return;
    if (!ctx.file.children.some((c) => c.disabilities.filter((d) => d !== 'NONE').length > 1)) ctx.report(null, null);
  }),

  // --- ChildIdentifiers ---------------------------------------------------------------------
  rule('8500', 'ChildIdentifiers', ['LAchildID'], 'LA Child ID missing', (ctx) => {
    for (const c of ctx.file.children) if (c.laChildId == null) ctx.report(c, c);
  }),
  rule('8510', 'ChildIdentifiers', ['LAchildID'], 'More than one child record with the same LA Child ID', (ctx) => {
    const count = new Map<string, number>();
    for (const c of ctx.file.children) if (c.laChildId != null) count.set(c.laChildId, (count.get(c.laChildId) ?? 0) + 1);
    for (const c of ctx.file.children) if (c.laChildId != null && count.get(c.laChildId)! > 1) ctx.report(c, c);
  }),
  rule('1570', 'ChildIdentifiers', ['LAchildID'], 'LA Child ID must not be longer than 20 characters', (ctx) => {
    for (const c of ctx.file.children) if (c.laChildId != null && c.laChildId.length > 20) ctx.report(c, c);
  }),
  rule('1580', 'ChildIdentifiers', ['LAchildID'], 'LA Child ID must not contain any non-alphanumeric characters', (ctx) => {
    for (const c of ctx.file.children) if (c.laChildId != null && !/^[A-Za-z0-9]+$/.test(c.laChildId)) ctx.report(c, c);
  }),
  rule('1510', 'ChildIdentifiers', ['UPN'], 'UPN invalid (wrong check letter at character 1)', (ctx) => {
    for (const c of ctx.file.children) {
      if (c.upn == null) continue;
      const check = upnCheckLetter(c.upn);
      if (check != null && check !== c.upn[0]!.toUpperCase()) ctx.report(c, c);
    }
  }),
  rule('1520', 'ChildIdentifiers', ['UPN'], 'More than one record with the same UPN', (ctx) => {
    const count = new Map<string, number>();
    for (const c of ctx.file.children) if (c.upn != null) count.set(c.upn, (count.get(c.upn) ?? 0) + 1);
    for (const c of ctx.file.children) if (c.upn != null && count.get(c.upn)! > 1) ctx.report(c, c);
  }),
  rule('1530', 'ChildIdentifiers', ['UPN'], 'UPN invalid (characters 2-4 not a recognised LA code)', (ctx) => {
    for (const c of ctx.file.children) if (c.upn != null && !knownUpnLa(c.upn.slice(1, 4))) ctx.report(c, c);
  }),
  rule('1540', 'ChildIdentifiers', ['UPN'], 'UPN invalid (characters 5-12 not all numeric)', (ctx) => {
    for (const c of ctx.file.children) if (c.upn != null && !/^\d{8}$/.test(c.upn.slice(4, 12))) ctx.report(c, c);
  }),
  rule('1550', 'ChildIdentifiers', ['UPN'], 'UPN invalid (character 13 not a recognised value)', (ctx) => {
    for (const c of ctx.file.children) {
      if (c.upn == null) continue;
      const last = (c.upn[12] ?? '').toUpperCase();
      if (c.upn.length !== 13 || !(/[0-9]/.test(last) || UPN_LETTERS.includes(last))) ctx.report(c, c);
    }
  }),
  rule('1560Q', 'ChildIdentifiers', ['FormerUPN'], 'Please check: Former UPN wrongly formatted', (ctx) => {
    for (const c of ctx.file.children) if (c.formerUpn != null && !upnWellFormed(c.formerUpn)) ctx.report(c, c);
  }),
  rule('8520', 'ChildIdentifiers', ['PersonBirthDate'], 'Date of Birth is after data collection period (must be on or before the end of the census period)', (ctx) => {
    for (const c of ctx.file.children) if (c.birthDate != null && c.birthDate > ctx.end) ctx.report(c, c);
  }),
  rule('8525', 'ChildIdentifiers', ['PersonBirthDate', 'ExpectedPersonBirthDate'], 'Either Date of Birth or Expected Date of Birth must be provided (but not both)', (ctx) => {
    for (const c of ctx.file.children) if ((c.birthDate == null) === (c.expectedBirthDate == null)) ctx.report(c, c);
  }),
  rule('8530Q', 'ChildIdentifiers', ['ExpectedPersonBirthDate'], 'Please check: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)', (ctx) => {
    const lo = addDays(ctx.end, -30);
    const hi = addMonths(ctx.end, 9);
    for (const c of ctx.file.children) {
      const d = c.expectedBirthDate;
      if (d != null && (d < lo || d > hi)) ctx.report(c, c);
    }
  }),
  rule('4180', 'ChildIdentifiers', ['Sex'], 'Sex must be provided and equal M, F, or U', (ctx) => {
    for (const c of ctx.file.children) if (c.sex == null || !['M', 'F', 'U'].includes(c.sex)) ctx.report(c, c);
  }),
  rule('8750', 'ChildIdentifiers', ['Sex', 'PersonBirthDate', 'ExpectedPersonBirthDate'], 'Sex must equal U for an unborn child', (ctx) => {
    for (const c of ctx.file.children) if (c.birthDate == null && c.expectedBirthDate != null && c.sex != null && c.sex !== 'U') ctx.report(c, c);
  }),
  rule('8535Q', 'ChildIdentifiers', ['PersonDeathDate', 'PersonBirthDate'], 'Please check: Child’s date of death should not be prior to the date of birth', (ctx) => {
    for (const c of ctx.file.children) {
      if (c.deathDate != null && (c.birthDate == null || c.deathDate < c.birthDate)) ctx.report(c, c);
    }
  }),
  rule('8545Q', 'ChildIdentifiers', ['PersonDeathDate'], 'Please check: Child’s date of death should be within the census year', (ctx) => {
    for (const c of ctx.file.children) if (c.deathDate != null && (c.deathDate < ctx.start || c.deathDate > ctx.end)) ctx.report(c, c);
  }),
  rule('8770Q', 'ChildIdentifiers', ['UPN', 'UPNunknown'], 'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.', (ctx) => {
    // Of school age: born on or before 31 August four years before the census year's end.
    const cutoff = addYears(addDays(addMonths(ctx.end, 4), 31), -4);
    for (const c of ctx.file.children) {
      if (c.birthDate == null || c.birthDate > cutoff || !anyFurtherAction(c) || c.upn != null) continue;
      if (!['UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'].includes((c.upnUnknown ?? '').toUpperCase())) ctx.report(c, c);
    }
  }),
  rule('8772', 'ChildIdentifiers', ['UPNunknown', 'ReferralNFA'], 'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action', (ctx) => {
    for (const c of ctx.file.children) if (c.upnUnknown === 'UN7' && c.episodes.some((e) => e.referralNfa !== true)) ctx.report(c, c);
  }),
  rule('8775Q', 'ChildIdentifiers', ['PersonBirthDate'], 'Please check: Child is over 25 years old', (ctx) => {
    for (const c of ctx.file.children) {
      if (c.birthDate == null) continue;
      const at25 = addYears(c.birthDate, 25);
      if (at25 < ctx.end && c.episodes.some((e) => e.closureDate == null || at25 < e.closureDate)) ctx.report(c, c);
    }
  }),
  rule('8590', 'ChildIdentifiers', ['LAchildID'], 'Child does not have a recorded CIN episode.', (ctx) => {
    for (const c of ctx.file.children) if (c.episodes.length === 0) ctx.report(c, c);
  }),

  // --- ChildCharacteristics -----------------------------------------------------------------
  rule('4220', 'ChildCharacteristics', ['Ethnicity'], 'Ethnicity is missing or invalid (see Ethnicity table)', (ctx) => {
    for (const c of ctx.file.children) if (!isCinCode(CIN_ETHNICITY, c.ethnicity)) ctx.report(c, c);
  }),
  rule('8540', 'ChildCharacteristics', ['Disability'], 'Child’s disability is missing or invalid (see Disability table)', (ctx) => {
    for (const c of ctx.file.children) {
      if (c.birthDate == null || !anyFurtherAction(c)) continue;
      if (c.disabilities.length === 0 || c.disabilities.some((d) => !isCinCode(CIN_DISABILITY, d))) ctx.report(c, c);
    }
  }),
  rule('8790', 'ChildCharacteristics', ['Disability'], 'Disability information includes both None and other values', (ctx) => {
    for (const c of ctx.file.children) if (c.disabilities.includes('NONE') && c.disabilities.some((d) => d !== 'NONE')) ctx.report(c, c);
  }),
  rule('8794', 'ChildCharacteristics', ['Disability'], 'Child has two or more disabilities with the same code', (ctx) => {
    for (const c of ctx.file.children) if (new Set(c.disabilities).size < c.disabilities.length) ctx.report(c, c);
  }),

  // --- child-level episode structure --------------------------------------------------------
  rule('8815', 'CINdetails', ['CINclosureDate', 'ReferralNFA'], 'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.', (ctx) => {
    for (const c of ctx.file.children) if (c.episodes.filter((e) => e.closureDate == null && e.referralNfa !== true).length > 1) ctx.report(c, c);
  }),
  rule('8816', 'CINdetails', ['CINclosureDate', 'CINreferralDate', 'ReferralNFA'], 'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.', (ctx) => {
    for (const c of ctx.file.children) {
      const bad = c.episodes.find((a) => a.closureDate == null && a.referralNfa === false && a.referralDate != null
        && c.episodes.some((b) => b.referralDate != null && b.referralDate > a.referralDate!));
      if (bad) ctx.report(c, bad);
    }
  }),
  rule('8820', 'CINdetails', ['CINreferralDate', 'CINclosureDate'], 'The dates on the CIN episodes for this child overlap', (ctx) => {
    for (const c of ctx.file.children) {
      const bad = c.episodes.find((a) => a.referralDate != null && c.episodes.some((b) => {
        if (b === a || b.referralDate == null) return false;
        const bEnd = b.closureDate ?? (b.referralNfa === false ? ctx.end : null);
        return bEnd != null && a.referralDate! >= b.referralDate && a.referralDate! < bEnd;
      }));
      if (bad) ctx.report(c, bad);
    }
  }),
];
