/**
 * The CIN census return (DfE children in need census) as XML, built from the
 * record for one council (DfE LA code) and one collection year, following
 * CIN_schema_2026.xsd.
 *
 * Conventions
 *  - Collection year N is the census year 1 April (N-1) – 31 March N
 *    (collection year 2026 = 2025-26); the header's ReferenceDate is 31 March N.
 *  - A CIN episode (<CINdetails>) is a referral of the council that was open
 *    at any time in the census year: referral date on or before 31 March and
 *    no closure date, or a closure date on or after 1 April. A child is
 *    included when they have at least one such episode.
 *  - Anything dated after the census year is left out (a closure, plan end or
 *    death after 31 March is reported as not yet happened). A child born after
 *    31 March was unborn on the reference date: ExpectedPersonBirthDate (the
 *    birth date), Sex U and no disabilities.
 *  - Assessments: those authorised in the year, and those not authorised by
 *    the year end. Section 47 enquiries: those that started in the year, or
 *    had their initial child protection conference (ICPC) in the year, or were
 *    still awaiting a decision at the start of the year. CIN and CP plans: those
 *    open at any time in the year. CP plan reviews: those held in the year.
 *  - ICPCs are recorded on the Section47 module they came from (our record
 *    always links an ICPC to its enquiry), never at CINdetails level (rule 2884).
 *  - InitialCPCtarget: 15 working days (England's calendar, src/domain/calendar.ts)
 *    after the strategy discussion that led to the enquiry.
 *  - NumberOfPreviousCPP: the child's child protection plans recorded in Hearth
 *    that started before this one (plans held in other councils before the
 *    child's record began are not known to us).
 *  - Disabilities: the child's recorded codes, or NONE when none are recorded
 *    (the record has no separate "not yet asked" state); omitted for an unborn child.
 *  - Values are written as recorded; data-quality problems (an unborn child
 *    whose sex is not U, a missing disability) are left for the validator to
 *    report rather than silently corrected.
 */
import { groupBy } from '../format.ts';
import { addWorkingDays } from '../../domain/calendar.ts';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { cinCensusYear } from '../../domain/codes/cin.ts';

export interface CinCensusOptions {
  laCode: string;
  /** Collection year, named by the year the census year ends (2026 = 2025-26). */
  collectionYear: number;
  /** Header <DateTime>; defaults to now. */
  generatedAt?: Date;
  softwareRelease?: string;
}

/** XML text escaping for element content. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

const UPN_PATTERN = /^[A-Za-z]\d{11}[0-9A-Za-z]$/;

interface Ep {
  id: number;
  childId: number;
  referralDate: string;
  source: string;
  primaryNeed: string | null;
  nfa: boolean;
  closureDate: string | null;
  closureReason: string | null;
}

export async function buildCinCensus(db: Db, options: CinCensusOptions): Promise<string> {
  const { laCode, collectionYear } = options;
  const { start, end } = cinCensusYear(collectionYear);

  // Referrals (CIN episodes) of this council open at some time in the census year.
  const episodeIds = db
    .selectFrom('referral')
    .select('referral.id')
    .where('referral.la_code', '=', laCode)
    .where('referral.referral_date', '<=', end)
    .where((eb) => eb.or([eb('referral.closure_date', 'is', null), eb('referral.closure_date', '>=', start)]));
  const childIds = db.selectFrom('referral').select('referral.child_id').where('referral.id', 'in', episodeIds);

  const [referrals, children, assessments, cinPlans, s47s, cpPlans, reviews] = await Promise.all([
    db
      .selectFrom('referral')
      .select(['id', 'child_id', 'referral_date', 'source', 'primary_need', 'nfa', 'closure_date', 'closure_reason'])
      .where('id', 'in', episodeIds)
      .orderBy('child_id')
      .orderBy('referral_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('child')
      .select(['id', 'person_ref', 'upn', 'former_upn', 'upn_unknown', 'date_of_birth', 'expected_dob', 'sex', 'date_of_death', 'ethnicity', 'disabilities'])
      .where('id', 'in', childIds)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('assessment')
      .select(['referral_id', 'start_date', 'authorised_date', 'factors'])
      .where('referral_id', 'in', episodeIds)
      .where('start_date', '<=', end)
      .where((eb) => eb.or([eb('authorised_date', 'is', null), eb('authorised_date', '>', end), eb('authorised_date', '>=', start)]))
      .orderBy('referral_id')
      .orderBy('start_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('cin_plan')
      .select(['referral_id', 'start_date', 'end_date'])
      .where('referral_id', 'in', episodeIds)
      .where('start_date', '<=', end)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', start)]))
      .orderBy('referral_id')
      .orderBy('start_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('s47_enquiry as s')
      .innerJoin('strategy_discussion as sd', 'sd.id', 's.strategy_discussion_id')
      .leftJoin('icpc', 'icpc.s47_id', 's.id')
      .select(['s.id', 's.referral_id', 's.start_date', 's.end_date', 's.outcome', 'sd.discussion_date', 'icpc.conference_date'])
      .where('s.referral_id', 'in', episodeIds)
      .where('s.start_date', '<=', end)
      .orderBy('s.referral_id')
      .orderBy('s.start_date')
      .orderBy('s.id')
      .execute(),
    // Every CP plan of the children in scope (for NumberOfPreviousCPP); filtered to the year below.
    db
      .selectFrom('cp_plan')
      .select([
        'id', 'referral_id', 'child_id', 'start_date', 'end_date', 'initial_category', 'latest_category',
        sql<number>`(count(*) over (partition by child_id order by start_date, id)) - 1`.as('previous'),
      ])
      .where('child_id', 'in', childIds)
      .orderBy('referral_id')
      .orderBy('start_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('cp_review')
      .select(['cp_plan_id', 'review_date'])
      .where('child_id', 'in', childIds)
      .where('review_date', '>=', start)
      .where('review_date', '<=', end)
      .orderBy('cp_plan_id')
      .orderBy('review_date')
      .execute(),
  ]);

  const episodesByChild = groupBy<Ep>(
    referrals.map((r) => ({
      id: r.id, childId: r.child_id, referralDate: r.referral_date, source: r.source, primaryNeed: r.primary_need,
      nfa: r.nfa, closureDate: r.closure_date, closureReason: r.closure_reason,
    })),
    (e) => e.childId,
  );
  const assessmentsByRef = groupBy(assessments, (a) => a.referral_id);
  const plansByRef = groupBy(cinPlans, (p) => p.referral_id);
  const s47ByRef = groupBy(
    s47s.filter((s) => {
      const icpcInYear = s.conference_date != null && s.conference_date >= start && s.conference_date <= end;
      const startedInYear = s.start_date >= start;
      const undecidedAtStart = (s.end_date == null || s.end_date >= start) && (s.conference_date == null || s.conference_date >= start);
      return startedInYear || icpcInYear || undecidedAtStart;
    }),
    (s) => s.referral_id,
  );
  const cppByRef = groupBy(
    cpPlans.filter((p) => p.start_date <= end && (p.end_date == null || p.end_date >= start)),
    (p) => p.referral_id,
  );
  const reviewsByPlan = groupBy(reviews, (r) => r.cp_plan_id);

  const d = (iso: string | null | undefined) => (iso != null && iso <= end ? iso : null);
  const out: string[] = [];
  const el = (indent: string, name: string, value: string | number | null | undefined) => {
    if (value != null && value !== '') out.push(`${indent}<${name}>${escapeXml(String(value))}</${name}>`);
  };

  const generatedAt = (options.generatedAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<Message>');
  out.push('  <Header>');
  out.push('    <CollectionDetails>');
  el('      ', 'Collection', 'CIN');
  el('      ', 'Year', String(collectionYear));
  el('      ', 'ReferenceDate', end);
  out.push('    </CollectionDetails>');
  out.push('    <Source>');
  el('      ', 'SourceLevel', 'L');
  el('      ', 'LEA', laCode);
  el('      ', 'SoftwareCode', 'Hearth');
  el('      ', 'Release', options.softwareRelease ?? '0.1.0');
  el('      ', 'SerialNo', '001');
  el('      ', 'DateTime', generatedAt);
  out.push('    </Source>');
  out.push('  </Header>');
  out.push('  <Children>');

  for (const c of children) {
    const episodes = episodesByChild.get(c.id);
    if (!episodes) continue;
    out.push('    <Child>');
    out.push('      <ChildIdentifiers>');
    el('        ', 'LAchildID', c.person_ref);
    const upn = c.upn && UPN_PATTERN.test(c.upn) ? c.upn : null;
    el('        ', 'UPN', upn);
    el('        ', 'FormerUPN', c.former_upn && UPN_PATTERN.test(c.former_upn) ? c.former_upn : null);
    if (!upn) el('        ', 'UPNunknown', c.upn_unknown);
    // A child born after the census year was unborn on its reference date: expected birth date, sex U.
    const born = d(c.date_of_birth);
    if (born) el('        ', 'PersonBirthDate', born);
    else el('        ', 'ExpectedPersonBirthDate', c.date_of_birth ?? c.expected_dob);
    el('        ', 'Sex', born || !c.date_of_birth ? c.sex : 'U');
    el('        ', 'PersonDeathDate', d(c.date_of_death));
    out.push('      </ChildIdentifiers>');
    out.push('      <ChildCharacteristics>');
    el('        ', 'Ethnicity', c.ethnicity);
    // An unborn child has no disability record; for others an empty list means no disability (NONE).
    if (born) {
      out.push('        <Disabilities>');
      for (const dis of c.disabilities.length > 0 ? c.disabilities : ['NONE']) el('          ', 'Disability', dis);
      out.push('        </Disabilities>');
    }
    out.push('      </ChildCharacteristics>');

    for (const e of episodes) {
      out.push('      <CINdetails>');
      el('        ', 'CINreferralDate', e.referralDate);
      el('        ', 'ReferralSource', e.source);
      el('        ', 'PrimaryNeedCode', e.primaryNeed);
      const closure = d(e.closureDate);
      el('        ', 'CINclosureDate', closure);
      if (closure) el('        ', 'ReasonForClosure', e.closureReason);
      for (const a of assessmentsByRef.get(e.id) ?? []) {
        const authorised = d(a.authorised_date);
        out.push('        <Assessments>');
        el('          ', 'AssessmentActualStartDate', a.start_date);
        el('          ', 'AssessmentAuthorisationDate', authorised);
        if (authorised && a.factors.length > 0) {
          out.push('          <FactorsIdentifiedAtAssessment>');
          for (const f of a.factors) el('            ', 'AssessmentFactors', f);
          out.push('          </FactorsIdentifiedAtAssessment>');
        }
        out.push('        </Assessments>');
      }
      for (const p of plansByRef.get(e.id) ?? []) {
        out.push('        <CINPlanDates>');
        el('          ', 'CINPlanStartDate', p.start_date);
        el('          ', 'CINPlanEndDate', d(p.end_date));
        out.push('        </CINPlanDates>');
      }
      for (const s of s47ByRef.get(e.id) ?? []) {
        const icpc = d(s.conference_date);
        const decidedNoIcpc = !icpc && d(s.end_date) != null && s.outcome != null && s.outcome !== 'icpc';
        out.push('        <Section47>');
        el('          ', 'S47ActualStartDate', s.start_date);
        el('          ', 'InitialCPCtarget', addWorkingDays(s.discussion_date, 15));
        el('          ', 'DateOfInitialCPC', icpc);
        el('          ', 'ICPCnotRequired', decidedNoIcpc ? '1' : '0');
        out.push('        </Section47>');
      }
      el('        ', 'ReferralNFA', e.nfa ? '1' : '0');
      for (const p of cppByRef.get(e.id) ?? []) {
        out.push('        <ChildProtectionPlans>');
        el('          ', 'CPPstartDate', p.start_date);
        el('          ', 'CPPendDate', d(p.end_date));
        el('          ', 'InitialCategoryOfAbuse', p.initial_category);
        el('          ', 'LatestCategoryOfAbuse', p.latest_category);
        el('          ', 'NumberOfPreviousCPP', Number(p.previous));
        const rs = reviewsByPlan.get(p.id);
        if (rs) {
          out.push('          <Reviews>');
          for (const r of rs) el('            ', 'CPPreviewDate', r.review_date);
          out.push('          </Reviews>');
        }
        out.push('        </ChildProtectionPlans>');
      }
      out.push('      </CINdetails>');
    }
    out.push('    </Child>');
  }
  out.push('  </Children>');
  out.push('</Message>');
  return out.join('\n') + '\n';
}
