import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../../src/db/database.ts';
import { buildCinCensus, escapeXml } from '../../../src/returns/cin/build.ts';
import { addWorkingDays } from '../../../src/domain/calendar.ts';
import { freshDatabase } from '../../helpers/db.ts';
import { validateAgainstXsd, xmllintAvailable } from './helpers.ts';

const hasXmllint = xmllintAvailable();

async function seed(db: Db) {
  await db.insertInto('local_authority').values([
    { la_code: '318', name: 'Richmond upon Thames', population_0_17: 40000 },
    { la_code: '314', name: 'Kingston upon Thames', population_0_17: 35000 },
  ]).execute();
  const child = (person_ref: string, extra: Record<string, unknown> = {}) => ({
    la_code: '318', person_ref, given_name: 'Test', family_name: 'Child', date_of_birth: '2015-06-01', sex: 'F', ethnicity: 'WBRI', ...extra,
  });
  const [a, b, c, d, e] = await db.insertInto('child').values([
    child('CH0001', { upn: 'A123456789012', disabilities: ['AUT', 'LD'] }),
    child('CH0002', { family_name: "O'Brien & <Sons>", upn_unknown: 'UN2', sex: 'M' }),
    child('CH0003', { date_of_birth: null, expected_dob: '2026-05-10', sex: 'U' }),
    child('CH0004'), // referral closed before the census year: excluded
    child('CH0005', { la_code: '314' }), // another council: excluded
  ]).returning('id').execute().then((r) => r.map((x) => x.id));

  // Child A: referral in year, assessment, strategy discussion, S47, ICPC, CP plan with a review, open.
  const [refA] = await db.insertInto('referral').values({
    child_id: a!, la_code: '318', referral_date: '2025-05-01', source: '2A', primary_need: 'N1',
  }).returning('id').execute();
  await db.insertInto('assessment').values({
    referral_id: refA!.id, child_id: a!, start_date: '2025-05-02', completed_date: '2025-06-10', authorised_date: '2025-06-12', factors: ['3A', '4B'],
  }).execute();
  const [sd] = await db.insertInto('strategy_discussion').values({ referral_id: refA!.id, child_id: a!, discussion_date: '2025-05-05', outcome: 's47' }).returning('id').execute();
  const [s47] = await db.insertInto('s47_enquiry').values({
    referral_id: refA!.id, child_id: a!, strategy_discussion_id: sd!.id, start_date: '2025-05-05', end_date: '2025-05-23', outcome: 'icpc',
  }).returning('id').execute();
  const [icpc] = await db.insertInto('icpc').values({ s47_id: s47!.id, child_id: a!, conference_date: '2025-05-23', plan_decided: true }).returning('id').execute();
  const [cpp] = await db.insertInto('cp_plan').values({
    referral_id: refA!.id, child_id: a!, icpc_id: icpc!.id, start_date: '2025-05-23', initial_category: 'NEG', latest_category: 'EMO',
  }).returning('id').execute();
  await db.insertInto('cp_review').values([
    { cp_plan_id: cpp!.id, child_id: a!, review_date: '2025-08-20' },
    { cp_plan_id: cpp!.id, child_id: a!, review_date: '2026-04-20' }, // after the year: left out
  ]).execute();

  // Child B: referral before the year, closed in the year with a CIN plan; a second NFA referral.
  const [refB] = await db.insertInto('referral').values({
    child_id: b!, la_code: '318', referral_date: '2025-01-10', source: '6', primary_need: 'N4', closure_date: '2025-09-30', closure_reason: 'RC7',
  }).returning('id').execute();
  await db.insertInto('assessment').values({ referral_id: refB!.id, child_id: b!, start_date: '2025-01-11', completed_date: '2025-02-20', authorised_date: '2025-02-21', factors: ['1B'] }).execute();
  await db.insertInto('cin_plan').values({ referral_id: refB!.id, child_id: b!, start_date: '2025-02-25', end_date: '2025-09-30' }).execute();
  await db.insertInto('referral').values({
    child_id: b!, la_code: '318', referral_date: '2025-11-03', source: '1A', nfa: true, closure_date: '2025-11-03', closure_reason: 'RC8',
  }).execute();

  // Child C: unborn, referral in the year, closure after the year end (reported as open).
  await db.insertInto('referral').values({
    child_id: c!, la_code: '318', referral_date: '2026-02-01', source: '3B', primary_need: 'N2', closure_date: '2026-04-15', closure_reason: 'RC7',
  }).execute();
  // Child D: closed before the year.
  await db.insertInto('referral').values({
    child_id: d!, la_code: '318', referral_date: '2024-06-01', source: '2A', closure_date: '2025-03-01', closure_reason: 'RC7',
  }).execute();
  // Child E: another council.
  await db.insertInto('referral').values({ child_id: e!, la_code: '314', referral_date: '2025-06-01', source: '2A' }).execute();
}

test('CIN census XML from hand-made records: content, inclusion, escaping, XSD', async () => {
  const h = await freshDatabase();
  try {
    await seed(h.db);
    const xml = await buildCinCensus(h.db, { laCode: '318', collectionYear: 2026, generatedAt: new Date('2026-04-10T09:00:00Z') });
    assert.match(xml, /<LEA>318<\/LEA>/);
    assert.match(xml, /<ReferenceDate>2026-03-31<\/ReferenceDate>/);
    assert.match(xml, /<Year>2026<\/Year>/);
    assert.equal((xml.match(/<Child>/g) ?? []).length, 3);
    assert.ok(xml.includes('<LAchildID>CH0001</LAchildID>'));
    assert.ok(!xml.includes('CH0004'), 'closed before the year');
    assert.ok(!xml.includes('CH0005'), 'other council');
    // Child A: the ICPC date, target (15 working days after 2025-05-05), CP plan, one in-year review.
    assert.ok(xml.includes('<DateOfInitialCPC>2025-05-23</DateOfInitialCPC>'));
    assert.ok(xml.includes('<InitialCPCtarget>2025-05-27</InitialCPCtarget>')); // 26 May 2025 is the spring bank holiday
    assert.ok(xml.includes('<CPPstartDate>2025-05-23</CPPstartDate>'));
    assert.ok(xml.includes('<CPPreviewDate>2025-08-20</CPPreviewDate>'));
    assert.ok(!xml.includes('2026-04-20'));
    assert.ok(xml.includes('<NumberOfPreviousCPP>0</NumberOfPreviousCPP>'));
    assert.match(xml, /<AssessmentFactors>3A<\/AssessmentFactors>\s*<AssessmentFactors>4B<\/AssessmentFactors>/);
    assert.match(xml, /<Disability>AUT<\/Disability>/);
    assert.match(xml, /<LAchildID>CH0002<\/LAchildID>[\s\S]*?<Disability>NONE<\/Disability>[\s\S]*?<LAchildID>CH0003/);
    // Child B: UPN unknown reason, closed episode with reason, second NFA episode.
    assert.ok(xml.includes('<UPNunknown>UN2</UPNunknown>'));
    assert.ok(xml.includes('<CINclosureDate>2025-09-30</CINclosureDate>'));
    assert.match(xml, /<ReferralNFA>1<\/ReferralNFA>/);
    // Child C: unborn, closure after the year end left out.
    assert.ok(xml.includes('<ExpectedPersonBirthDate>2026-05-10</ExpectedPersonBirthDate>'));
    assert.ok(!xml.includes('2026-04-15'));
    // Names never appear in the return; escaping is exercised directly.
    assert.ok(!xml.includes("O'Brien"));
    assert.equal(escapeXml(`a&b<c>"d'`), 'a&amp;b&lt;c&gt;&quot;d&apos;');
    if (hasXmllint) {
      const r = validateAgainstXsd(xml);
      assert.ok(r.ok, r.output);
    }
  } finally {
    await h.close();
  }
});

test('XSD check catches an invalid return (the test harness can fail)', { skip: !hasXmllint && 'xmllint not installed' }, () => {
  const r = validateAgainstXsd('<?xml version="1.0"?><Message><Children></Children></Message>');
  assert.equal(r.ok, false);
});

test('an empty council still yields well-formed XML; working days skip weekends and bank holidays', async () => {
  assert.equal(addWorkingDays('2025-05-09', 1), '2025-05-12'); // Friday → Monday
  assert.equal(addWorkingDays('2025-05-05', 15), '2025-05-27'); // over the spring bank holiday
  const h = await freshDatabase();
  try {
    await h.db.insertInto('local_authority').values({ la_code: '318', name: 'R', population_0_17: 1 }).execute();
    const xml = await buildCinCensus(h.db, { laCode: '318', collectionYear: 2026 });
    assert.match(xml, /<Children>\s*<\/Children>/);
  } finally {
    await h.close();
  }
});
