/** Rules on CIN episodes (<CINdetails>) and the modules within them. */
import { CIN_PRIMARY_NEED, CIN_REASON_FOR_CLOSURE, CIN_REFERRAL_SOURCE, isCinCode } from '../../../domain/codes/cin.ts';
import type { CinChild, CinEpisode } from '../model.ts';
import { addDays, isWeekend } from './dates.ts';
import { rule, type CinRule, type RuleContext } from './types.ts';

function eachEpisode(ctx: RuleContext, fn: (c: CinChild, e: CinEpisode) => boolean | void): void {
  for (const c of ctx.file.children) for (const e of c.episodes) if (fn(c, e)) ctx.report(c, e);
}

/** Start of the working day before the census year (rule 8569). */
function previousWorkingDay(start: string): string {
  let d = addDays(start, -1);
  while (isWeekend(d)) d = addDays(d, -1);
  return d;
}

export const cinRules: CinRule[] = [
  rule('8600', 'CINdetails', ['CINreferralDate'], 'Child referral date missing or after data collection period', (ctx) =>
    eachEpisode(ctx, (_, e) => e.referralDate == null || e.referralDate > ctx.end)),
  rule('8606', 'CINdetails', ['CINreferralDate', 'PersonBirthDate', 'ExpectedPersonBirthDate'], 'Child referral date is more than 40 weeks before DOB or expected DOB', (ctx) =>
    eachEpisode(ctx, (c, e) => {
      const born = c.birthDate ?? c.expectedBirthDate;
      return e.referralDate != null && born != null && addDays(born, -280) > e.referralDate;
    })),
  rule('8555', 'CINdetails', ['CINreferralDate', 'PersonDeathDate'], 'Child cannot be referred after its recorded date of death', (ctx) =>
    eachEpisode(ctx, (c, e) => c.deathDate != null && e.referralDate != null && c.deathDate < e.referralDate)),
  rule('8610', 'CINdetails', ['PrimaryNeedCode', 'ReferralNFA'], 'Primary Need code is missing for a referral which led to further action', (ctx) =>
    eachEpisode(ctx, (_, e) => e.referralNfa === false && e.primaryNeed == null)),
  rule('8650', 'CINdetails', ['PrimaryNeedCode'], 'Primary Need Code invalid (see Primary Need table in CIN census code set)', (ctx) =>
    eachEpisode(ctx, (_, e) => e.primaryNeed != null && !isCinCode(CIN_PRIMARY_NEED, e.primaryNeed))),
  rule('8866', 'CINdetails', ['ReferralSource'], 'Source of Referral is missing or an invalid code', (ctx) =>
    eachEpisode(ctx, (_, e) => !isCinCode(CIN_REFERRAL_SOURCE, e.referralSource))),
  rule('8568', 'CINdetails', ['ReferralNFA'], 'RNFA flag is missing or invalid', (ctx) =>
    eachEpisode(ctx, (_, e) => e.referralNfa == null)),
  rule('8569', 'CINdetails', ['CINreferralDate', 'ReferralNFA'], 'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case', (ctx) => {
    const cutoff = previousWorkingDay(ctx.start);
    eachEpisode(ctx, (_, e) => e.referralNfa === true && e.referralDate != null && e.referralDate < cutoff);
  }),
  rule('8620', 'CINdetails', ['CINclosureDate'], 'CIN Closure Date present and does not fall within the Census year', (ctx) =>
    eachEpisode(ctx, (_, e) => e.closureDate != null && (e.closureDate < ctx.start || e.closureDate > ctx.end))),
  rule('8630', 'CINdetails', ['CINclosureDate', 'CINreferralDate'], 'CIN Closure Date is before CIN Referral Date for the same CIN episode', (ctx) =>
    eachEpisode(ctx, (_, e) => e.closureDate != null && e.referralDate != null && e.closureDate < e.referralDate)),
  rule('8640', 'CINdetails', ['ReasonForClosure'], 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)', (ctx) =>
    eachEpisode(ctx, (_, e) => e.reasonForClosure != null && !isCinCode(CIN_REASON_FOR_CLOSURE, e.reasonForClosure))),
  rule('8805', 'CINdetails', ['CINclosureDate', 'ReasonForClosure'], 'A CIN case cannot have a CIN closure date without a Reason for Closure', (ctx) =>
    eachEpisode(ctx, (_, e) => e.closureDate != null && e.reasonForClosure == null)),
  rule('8810', 'CINdetails', ['CINclosureDate', 'ReasonForClosure'], 'A CIN case cannot have a Reason for Closure without a CIN Closure Date', (ctx) =>
    eachEpisode(ctx, (_, e) => e.closureDate == null && e.reasonForClosure != null)),
  rule('8565', 'CINdetails', ['CINclosureDate'], 'Activity shown after a case has been closed', (ctx) =>
    eachEpisode(ctx, (_, e) => {
      const cd = e.closureDate;
      if (cd == null) return false;
      const after = (d: string | null) => d != null && d > cd;
      return after(e.icpcDate)
        || e.assessments.some((a) => after(a.startDate) || after(a.authorisationDate))
        || e.s47s.some((s) => after(s.startDate) || after(s.icpcDate))
        || e.plans.some((p) => after(p.startDate) || after(p.endDate))
        || e.cpps.some((p) => after(p.endDate));
    })),
  rule('8867', 'CINdetails', ['CINclosureDate', 'AssessmentAuthorisationDate'], 'CIN episode is shown as closed, however Assessment is not shown as completed', (ctx) =>
    eachEpisode(ctx, (_, e) => e.closureDate != null && e.assessments.some((a) => a.authorisationDate == null))),
  rule('8868', 'CINdetails', ['CINclosureDate', 'DateOfInitialCPC', 'ICPCnotRequired'], 'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag', (ctx) =>
    eachEpisode(ctx, (_, e) => e.closureDate != null && e.s47s.some((s) => s.icpcDate == null && s.icpcNotRequired !== true))),
  rule('8825Q', 'CINdetails', ['ReasonForClosure'], 'Reason for Closure code RC8 (case closed after assessment) has been returned but there is no assessment present for the episode.', (ctx) =>
    eachEpisode(ctx, (_, e) => e.reasonForClosure === 'RC8' && e.assessments.length === 0)),
  rule('8585Q', 'CINdetails', ['ReasonForClosure', 'PersonDeathDate'], 'Please check: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death', (ctx) =>
    eachEpisode(ctx, (c, e) => e.reasonForClosure === 'RC2' && c.deathDate == null)),
  rule('2990', 'CINdetails', ['ReasonForClosure'], "Activity is recorded against a case marked as 'Case closed after assessment, no further action'", (ctx) =>
    eachEpisode(ctx, (_, e) => e.reasonForClosure === 'RC8' && (e.s47s.length > 0 || e.plans.length > 0 || e.cpps.length > 0 || e.icpcDate != null))),
  rule('8831', 'CINdetails', ['ReferralNFA'], 'Activity is recorded against a case marked as a referral with no further action', (ctx) =>
    eachEpisode(ctx, (_, e) => e.referralNfa === true && (e.assessments.length > 0 || e.s47s.length > 0 || e.icpcDate != null))),
  rule('4000', 'CINPlanDates', ['ReferralNFA', 'CINPlanStartDate'], 'CIN Plan details provided for a referral with no further action', (ctx) =>
    eachEpisode(ctx, (_, e) => e.referralNfa === true && e.plans.length > 0)),
  rule('8832', 'ChildProtectionPlans', ['ReferralNFA', 'CPPstartDate'], 'Child Protection details provided for a referral with no further action', (ctx) =>
    eachEpisode(ctx, (_, e) => e.referralNfa === true && e.cpps.length > 0)),
  rule('2884', 'CINdetails', ['DateOfInitialCPC'], 'An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one', (ctx) =>
    eachEpisode(ctx, (_, e) => e.icpcDate != null && e.s47s.some((s) => s.icpcDate === e.icpcDate))),
  rule('2991Q', 'CINdetails', ['S47ActualStartDate', 'AssessmentActualStartDate'], 'Please check: A Section 47 module is recorded and there is no assessment on the episode', (ctx) =>
    eachEpisode(ctx, (_, e) => e.s47s.length > 0 && e.assessments.length === 0)),
  rule('8839', 'Section47', ['DateOfInitialCPC', 'ICPCnotRequired'], 'Within one CINDetails group there are 2 or more open S47 Assessments', (ctx) =>
    eachEpisode(ctx, (_, e) => e.s47s.filter((s) => s.icpcDate == null && s.icpcNotRequired !== true).length > 1)),
  rule('8890', 'Section47', ['S47ActualStartDate', 'DateOfInitialCPC'], 'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing', (ctx) =>
    eachEpisode(ctx, (_, e) => e.s47s.some((a) => a.startDate != null && e.s47s.some((b) => {
      if (b === a || b.startDate == null) return false;
      const bEnd = b.icpcDate ?? (b.icpcNotRequired === false ? ctx.end : null);
      return bEnd != null && a.startDate! >= b.startDate && a.startDate! < bEnd;
    })))),
  rule('8896', 'Assessments', ['AssessmentAuthorisationDate'], 'Within one CINDetails group there are 2 or more open Assessments groups', (ctx) =>
    eachEpisode(ctx, (_, e) => e.assessments.filter((a) => a.authorisationDate == null).length > 1)),
  rule('8863', 'Assessments', ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], 'An Assessment is shown as starting when there is another Assessment ongoing', (ctx) =>
    eachEpisode(ctx, (_, e) => e.assessments.some((a) => a.startDate != null && e.assessments.some((b) =>
      b !== a && b.startDate != null && a.startDate! >= b.startDate && a.startDate! < (b.authorisationDate ?? ctx.end))))),
  rule('8873', 'CINdetails', ['ReasonForClosure', 'AssessmentFactors'], "When there is only one assessment on the episode and the factors code \"21 No factors identified\" has been used for the completed assessment, the reason for closure 'RC8' must be used.", (ctx) =>
    eachEpisode(ctx, (_, e) => e.assessments.length === 1 && e.reasonForClosure != null && e.reasonForClosure !== 'RC8'
      && e.assessments[0]!.authorisationDate != null && e.assessments[0]!.factors.includes('21'))),
  rule('4001', 'CINPlanDates', ['CINPlanEndDate', 'CPPendDate'], 'A CIN Plan cannot run concurrently with a Child Protection Plan', (ctx) =>
    eachEpisode(ctx, (_, e) => e.plans.some((p) => p.endDate == null) && e.cpps.some((p) => p.endDate == null))),
  rule('4003', 'CINPlanDates', ['CPPreviewDate', 'CINPlanStartDate', 'CINPlanEndDate'], 'A CPP review date is shown as being held at the same time as an open CIN Plan', (ctx) =>
    eachEpisode(ctx, (_, e) => e.plans.some((p) => p.startDate != null && e.cpps.some((cp) => cp.reviews.some((r) =>
      r.date != null && r.date > p.startDate! && r.date < (p.endDate ?? '9999-12-31')))))),
  rule('4004', 'CINPlanDates', ['CINPlanEndDate'], 'This child is showing more than one open CIN Plan, i.e. with no End Date', (ctx) =>
    eachEpisode(ctx, (_, e) => e.plans.filter((p) => p.endDate == null).length > 1)),
  rule('4014', 'CINPlanDates', ['CINPlanStartDate', 'CINPlanEndDate'], 'CIN Plan data contains overlapping dates', (ctx) =>
    eachEpisode(ctx, (_, e) => e.plans.some((a) => a.startDate != null && e.plans.some((b) => b !== a && b.startDate != null
      && a.startDate! >= b.startDate && a.startDate! <= (b.endDate ?? ctx.end) && a.startDate !== b.endDate)))),
  rule('4016', 'CINPlanDates', ['CINPlanStartDate', 'CPPstartDate', 'CPPendDate'], 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.', (ctx) =>
    eachEpisode(ctx, (_, e) => e.plans.some((p) => p.startDate != null && e.cpps.some((cp) => cp.startDate != null
      && p.startDate! >= cp.startDate && p.startDate! <= (cp.endDate ?? ctx.end) && p.startDate !== cp.endDate)))),
  rule('4017', 'ChildProtectionPlans', ['CPPstartDate', 'CINPlanStartDate', 'CINPlanEndDate'], 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.', (ctx) =>
    eachEpisode(ctx, (_, e) => e.cpps.some((cp) => cp.startDate != null && e.plans.some((p) => p.startDate != null
      && cp.startDate! >= p.startDate && cp.startDate! <= (p.endDate ?? ctx.end) && cp.startDate !== p.endDate)))),
  rule('8935', 'ChildProtectionPlans', ['CPPendDate'], 'This child is showing more than one open Child Protection plan, i.e. with no End Date', (ctx) =>
    eachEpisode(ctx, (_, e) => e.cpps.filter((p) => p.endDate == null).length > 1)),
  rule('8940', 'ChildProtectionPlans', ['CPPstartDate', 'CPPendDate'], 'Child Protection Plan data contains overlapping dates', (ctx) =>
    eachEpisode(ctx, (_, e) => e.cpps.some((a) => a.startDate != null && e.cpps.some((b) => b !== a && b.startDate != null
      && a.startDate! >= b.startDate && a.startDate! <= (b.endDate ?? ctx.end))))),
];
