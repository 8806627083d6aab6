/** Rules on assessments, CIN plans, Section 47 enquiries and child protection plans. */
import { CIN_ASSESSMENT_FACTOR, CIN_CATEGORY_OF_ABUSE, isCinCode } from '../../../domain/codes/cin.ts';
import type { CinAssessment, CinChild, CinCpp, CinEpisode, CinPlan, CinS47 } from '../model.ts';
import { isWeekend, subtractWorkingDays } from './dates.ts';
import { rule, type CinRule, type RuleContext } from './types.ts';

type Each<T> = (c: CinChild, e: CinEpisode, x: T) => boolean;
function eachAssessment(ctx: RuleContext, fn: Each<CinAssessment>) {
  for (const c of ctx.file.children) for (const e of c.episodes) for (const a of e.assessments) if (fn(c, e, a)) ctx.report(c, a);
}
function eachPlan(ctx: RuleContext, fn: Each<CinPlan>) {
  for (const c of ctx.file.children) for (const e of c.episodes) for (const p of e.plans) if (fn(c, e, p)) ctx.report(c, p);
}
function eachS47(ctx: RuleContext, fn: Each<CinS47>) {
  for (const c of ctx.file.children) for (const e of c.episodes) for (const s of e.s47s) if (fn(c, e, s)) ctx.report(c, s);
}
function eachCpp(ctx: RuleContext, fn: Each<CinCpp>) {
  for (const c of ctx.file.children) for (const e of c.episodes) for (const p of e.cpps) if (fn(c, e, p)) ctx.report(c, p);
}
const inYear = (ctx: RuleContext, d: string | null) => d != null && d >= ctx.start && d <= ctx.end;
const outsideYear = (ctx: RuleContext, d: string | null) => d != null && (d < ctx.start || d > ctx.end);

export const assessmentRules: CinRule[] = [
  rule('1103', 'Assessments', ['AssessmentActualStartDate', 'CINreferralDate'], 'The assessment start date cannot be before the referral date', (ctx) =>
    eachAssessment(ctx, (_, e, a) => a.startDate != null && e.referralDate != null && a.startDate < e.referralDate)),
  rule('8608', 'Assessments', ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], 'Assessment Start Date cannot be later than its End Date', (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.startDate != null && a.authorisationDate != null && a.startDate > a.authorisationDate)),
  rule('8670Q', 'Assessments', ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], 'Please check: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.', (ctx) => {
    const threshold = subtractWorkingDays(ctx.end, 45);
    eachAssessment(ctx, (_, __, a) => a.authorisationDate == null && a.startDate != null && a.startDate < threshold);
  }),
  rule('8696', 'Assessments', ['AssessmentAuthorisationDate'], 'Assessment end date must fall within the census year', (ctx) =>
    eachAssessment(ctx, (_, __, a) => outsideYear(ctx, a.authorisationDate))),
  rule('8736', 'Assessments', ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], 'For an Assessment that has not been completed, the start date must fall within the census year', (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.authorisationDate == null && outsideYear(ctx, a.startDate))),
  rule('8897', 'Assessments', ['AssessmentFactors', 'AssessmentAuthorisationDate'], 'Parental or child factors at assessment information is missing from a completed assessment', (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.authorisationDate != null && a.authorisationDate >= ctx.start && !a.factors.some((f) => isCinCode(CIN_ASSESSMENT_FACTOR, f)))),
  rule('8614', 'Assessments', ['AssessmentFactors', 'AssessmentAuthorisationDate'], 'Parental or child factors at assessment should only be present for a completed assessment.', (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.authorisationDate == null && a.factors.length > 0)),
  rule('8898', 'Assessments', ['AssessmentFactors'], 'The assessment has more than one parental or child factors with the same code', (ctx) =>
    eachAssessment(ctx, (_, __, a) => new Set(a.factors).size < a.factors.length)),
  rule('8869', 'Assessments', ['AssessmentFactors'], 'The assessment factors code "21" cannot be used in conjunction with any other assessment factors.', (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.factors.includes('21') && a.factors.some((f) => f !== '21'))),
  rule('8617', 'Assessments', ['AssessmentFactors'], 'Code 8A has been returned. This code is not a valid code.', (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.factors.some((f) => f.toUpperCase() === '8A'))),
  rule('8899Q', 'Assessments', ['AssessmentFactors', 'Disability'], 'Please check: A child identified as having a disability does not have a disability factor recorded at the end of assessment.', (ctx) =>
    eachAssessment(ctx, (c, __, a) => a.authorisationDate != null && a.authorisationDate >= ctx.start
      && c.disabilities.some((d) => d !== 'NONE') && !a.factors.some((f) => f === '5A' || f === '6A'))),
  rule('8945Q', 'Assessments', ['AssessmentFactors'], "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)", (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.factors.some((f) => f.toUpperCase() === '18A'))),
  rule('8950Q', 'Assessments', ['AssessmentFactors'], "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)", (ctx) =>
    eachAssessment(ctx, (_, __, a) => a.factors.some((f) => f.toUpperCase() === '19A'))),
];

export const planRules: CinRule[] = [
  rule('4008', 'CINPlanDates', ['CINPlanStartDate', 'PersonDeathDate'], 'CIN Plan shown as starting after the child’s Date of Death', (ctx) =>
    eachPlan(ctx, (c, _, p) => c.deathDate != null && p.startDate != null && p.startDate > c.deathDate)),
  rule('4009', 'CINPlanDates', ['CINPlanEndDate', 'PersonDeathDate'], 'CIN Plan cannot end after the child’s Date of Death', (ctx) =>
    eachPlan(ctx, (c, _, p) => c.deathDate != null && (p.endDate == null || p.endDate > c.deathDate))),
  rule('4010', 'CINPlanDates', ['CINPlanStartDate'], 'CIN Plan start date is missing or out of data collection period', (ctx) =>
    eachPlan(ctx, (_, __, p) => p.startDate == null || p.startDate > ctx.end)),
  rule('4011', 'CINPlanDates', ['CINPlanStartDate', 'CINPlanEndDate'], 'CIN Plan End Date earlier than Start Date', (ctx) =>
    eachPlan(ctx, (_, __, p) => p.endDate != null && p.startDate != null && p.endDate < p.startDate)),
  rule('4012Q', 'CINPlanDates', ['CINPlanStartDate', 'CINPlanEndDate'], 'CIN Plan shown as starting and ending on the same day – please check', (ctx) =>
    eachPlan(ctx, (_, __, p) => p.endDate != null && p.endDate === p.startDate)),
  rule('4013', 'CINPlanDates', ['CINPlanEndDate'], 'CIN Plan end date must fall within the census year', (ctx) =>
    eachPlan(ctx, (_, __, p) => outsideYear(ctx, p.endDate))),
  rule('4015', 'CINPlanDates', ['CINPlanStartDate', 'CINreferralDate'], 'The CIN Plan start date cannot be before the referral date', (ctx) =>
    eachPlan(ctx, (_, e, p) => p.startDate != null && e.referralDate != null && p.startDate < e.referralDate)),
];

export const s47Rules: CinRule[] = [
  rule('1104', 'Section47', ['DateOfInitialCPC', 'CINreferralDate'], 'The date of the initial child protection conference cannot be before the referral date', (ctx) =>
    eachS47(ctx, (_, e, s) => s.icpcDate != null && e.referralDate != null && s.icpcDate < e.referralDate)),
  rule('8615', 'Section47', ['S47ActualStartDate', 'DateOfInitialCPC'], 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference', (ctx) =>
    eachS47(ctx, (_, __, s) => s.icpcDate != null && (s.startDate == null || s.startDate > s.icpcDate))),
  rule('2889', 'Section47', ['S47ActualStartDate', 'CINreferralDate'], 'The S47 start date cannot be before the referral date.', (ctx) =>
    eachS47(ctx, (_, e, s) => s.startDate != null && e.referralDate != null && s.startDate < e.referralDate)),
  rule('8740', 'Section47', ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'], 'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year', (ctx) =>
    eachS47(ctx, (_, __, s) => s.icpcDate == null && s.icpcNotRequired === false && outsideYear(ctx, s.startDate))),
  rule('8675Q', 'Section47', ['S47ActualStartDate', 'DateOfInitialCPC'], 'Please check: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.', (ctx) => {
    const threshold = subtractWorkingDays(ctx.end, 15);
    eachS47(ctx, (_, __, s) => s.icpcDate == null && s.icpcNotRequired === false && s.startDate != null && s.startDate < threshold);
  }),
  rule('8870Q', 'Section47', ['InitialCPCtarget'], 'Please check: The Target Date for Initial Child Protection Conference should not be a weekend', (ctx) =>
    eachS47(ctx, (_, __, s) => s.icpcTarget != null && isWeekend(s.icpcTarget))),
  rule('8715', 'Section47', ['DateOfInitialCPC'], 'Date of Initial Child Protection Conference must fall within the census year', (ctx) =>
    eachS47(ctx, (_, __, s) => outsideYear(ctx, s.icpcDate))),
  rule('8875', 'Section47', ['DateOfInitialCPC'], 'The Date of Initial Child Protection Conference cannot be a weekend', (ctx) =>
    eachS47(ctx, (_, __, s) => s.icpcDate != null && isWeekend(s.icpcDate))),
];

export const cppRules: CinRule[] = [
  rule('8720', 'ChildProtectionPlans', ['CPPstartDate'], 'Child Protection Plan Start Date missing or out of data collection period', (ctx) =>
    eachCpp(ctx, (_, __, p) => p.startDate == null || p.startDate > ctx.end)),
  rule('1105', 'ChildProtectionPlans', ['CPPstartDate', 'CINreferralDate'], 'The child protection plan start date cannot be before the referral date', (ctx) =>
    eachCpp(ctx, (_, e, p) => p.startDate != null && e.referralDate != null && p.startDate < e.referralDate)),
  rule('2885', 'ChildProtectionPlans', ['CPPstartDate', 'DateOfInitialCPC'], 'Child protection plan shown as starting a different day to the initial child protection conference', (ctx) =>
    eachCpp(ctx, (_, e, p) => inYear(ctx, p.startDate) && e.icpcDate !== p.startDate && !e.s47s.some((s) => s.icpcDate === p.startDate))),
  rule('8905', 'ChildProtectionPlans', ['InitialCategoryOfAbuse'], 'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)', (ctx) =>
    eachCpp(ctx, (_, __, p) => !isCinCode(CIN_CATEGORY_OF_ABUSE, p.initialCategory))),
  rule('8910', 'ChildProtectionPlans', ['LatestCategoryOfAbuse'], 'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)', (ctx) =>
    eachCpp(ctx, (_, __, p) => !isCinCode(CIN_CATEGORY_OF_ABUSE, p.latestCategory))),
  rule('8730', 'ChildProtectionPlans', ['NumberOfPreviousCPP'], 'Total Number of previous Child Protection Plans missing', (ctx) =>
    eachCpp(ctx, (_, __, p) => p.numberOfPreviousCpp == null)),
  rule('8915', 'ChildProtectionPlans', ['CPPstartDate', 'PersonDeathDate'], 'Child Protection Plan shown as starting after the child’s Date of Death', (ctx) =>
    eachCpp(ctx, (c, _, p) => c.deathDate != null && p.startDate != null && p.startDate > c.deathDate)),
  rule('8920', 'ChildProtectionPlans', ['CPPendDate', 'PersonDeathDate'], 'Child Protection Plan cannot end after the child’s Date of Death', (ctx) =>
    eachCpp(ctx, (c, _, p) => c.deathDate != null && (p.endDate == null || p.endDate > c.deathDate))),
  rule('8925', 'ChildProtectionPlans', ['CPPstartDate', 'CPPendDate'], 'Child Protection Plan End Date earlier than Start Date', (ctx) =>
    eachCpp(ctx, (_, __, p) => p.endDate != null && p.startDate != null && p.endDate < p.startDate)),
  rule('8930', 'ChildProtectionPlans', ['CPPendDate'], 'Child Protection Plan End Date must fall within the census year', (ctx) =>
    eachCpp(ctx, (_, __, p) => outsideYear(ctx, p.endDate))),
  rule('8840', 'ChildProtectionPlans', ['CPPstartDate', 'CPPendDate'], 'Child Protection Plan cannot start and end on the same day', (ctx) =>
    eachCpp(ctx, (_, __, p) => p.endDate != null && p.endDate === p.startDate)),
  rule('8841', 'Reviews', ['CPPreviewDate', 'CPPstartDate'], 'The review date cannot be on the same day or before the Child protection Plan start date.', (ctx) =>
    eachCpp(ctx, (_, __, p) => p.startDate != null && p.reviews.some((r) => r.date != null && r.date <= p.startDate!))),
  rule('8842Q', 'Reviews', ['CPPreviewDate'], 'Please check and either amend or provide a reason: Review Record has a missing date', (ctx) =>
    eachCpp(ctx, (_, __, p) => p.reviews.some((r) => r.date == null))),
];
