/**
 * End-to-end journeys in a real browser (playwright-core driving Debian's
 * /usr/bin/chromium; never a downloaded browser): a practitioner walks
 * contact → referral → assessment → strategy discussion → S47 → ICPC → CP
 * plan → visit → CP review, a team manager authorises the assessment from
 * the sign-off queue, and a looked-after child goes start of care → placement
 * change → CLA review. Every page is checked with axe-core (WCAG 2.x A/AA: no
 * violations), one form's error path is shown, and a run with JavaScript
 * disabled records a visit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { axe, browserSkip, startBrowser, submitSignIn, type BrowserHarness } from '../helpers/browser.ts';

const skip = browserSkip;

let t: TestApp;
let harness: BrowserHarness | undefined;
let newContext: BrowserHarness['newContext'];
let base: string;
let childId: number;
let careChildId: number;

before(async () => {
  if (skip) return;
  t = await createTestApp();
  // Two hand-built children allocated to the practitioner: one with no history yet, one for the care journey.
  const mk = async (given: string, family: string, dob: string) => {
    const c = await t.db.insertInto('child').values({ la_code: '318', person_ref: `BR${given}`, given_name: given, family_name: family, date_of_birth: dob, sex: 'M', ethnicity: 'WBRI' }).returning('id').executeTakeFirstOrThrow();
    const staff = await t.db.selectFrom('staff').select('id').where('family_name', '=', 'Quill').executeTakeFirstOrThrow();
    await t.db.insertInto('allocation').values({ child_id: c.id, staff_id: staff.id, team_id: t.teams.richmondAssessment, start_date: '2026-01-05', start_reason: 'new_case' }).execute();
    return Number(c.id);
  };
  childId = await mk('Tamsin', 'Brackenridge', '2017-08-14');
  careChildId = await mk('Ulric', 'Fenwold', '2011-02-03');
  harness = await startBrowser(t);
  ({ base, newContext } = harness);
});
after(async () => {
  if (skip) return;
  await (harness ?? t)?.close();
});

async function signIn(page: Page, username: string, checkAxe = true): Promise<void> {
  await submitSignIn(page, base, username, { checkAxe });
  // Practitioners start on My work, everyone else on the home page.
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/my-work');
}

async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await page.fill(`#${name}-day`, String(Number(d)));
  await page.fill(`#${name}-month`, String(Number(m)));
  await page.fill(`#${name}-year`, y!);
}

type Step = { form: string; dates?: Record<string, string>; radios?: Record<string, string>; selects?: Record<string, string>; checks?: Record<string, string[]>; text?: Record<string, string> };

/** Opens a form from the child's record, checks it with axe, fills it, saves, and checks the record says so. */
async function record(page: Page, id: number, step: Step): Promise<void> {
  await page.goto(`${base}/children/${id}`);
  await page.click(`#record-forms a[href="/children/${id}/record/${step.form}"]`);
  await page.waitForURL(`${base}/children/${id}/record/${step.form}`);
  await axe(page);
  for (const [k, v] of Object.entries(step.dates ?? {})) await fillDate(page, k, v);
  for (const [k, v] of Object.entries(step.radios ?? {})) await page.check(`input[name="${k}"][value="${v}"]`);
  for (const [k, v] of Object.entries(step.selects ?? {})) await page.selectOption(`#${k}`, v);
  for (const [k, vs] of Object.entries(step.checks ?? {})) for (const v of vs) await page.check(`input[name="${k}"][value="${v}"]`);
  for (const [k, v] of Object.entries(step.text ?? {})) await page.fill(`#${k}`, v);
  await page.click('button:has-text("Save")');
  await page.waitForURL(`${base}/children/${id}?recorded=${step.form}`);
  assert.match(await page.textContent('.govuk-notification-banner') ?? '', /saved/, `${step.form} saved`);
  await axe(page);
}

test('practitioner: contact → referral → assessment → S47 → ICPC → CP plan → visit → review, every page accessible', { skip }, async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await signIn(page, 'practitioner');
  assert.equal(new URL(page.url()).pathname, '/my-work', 'a practitioner starts on My work');
  await axe(page);
  assert.ok(await page.isVisible('a:has-text("Tamsin Brackenridge")'));
  await page.goto(`${base}/`);
  await axe(page);
  await page.click('a:has-text("Find a child")');
  await page.fill('#name', 'Tamsen Brakenridge');
  await page.click('button:has-text("Search")');
  await axe(page);
  await page.click('a:has-text("Tamsin Brackenridge")');
  await page.waitForURL(`${base}/children/${childId}`);
  await axe(page);

  await record(page, childId, { form: 'contact', dates: { contact_date: '2026-01-05', decision_date: '2026-01-06' }, selects: { source: '1A' }, text: { summary: 'Synthetic worry for the test' }, radios: { decision: 'referral' } });
  await record(page, childId, { form: 'referral', dates: { referral_date: '2026-01-06' }, selects: { source: '1A', primary_need: 'N1' } });
  await record(page, childId, { form: 'assessment-start', dates: { start_date: '2026-01-07' } });

  // The error path: completing an assessment with the date before it started, nothing chosen.
  await page.goto(`${base}/children/${childId}/record/assessment-complete`);
  await fillDate(page, 'completed_date', '2026-01-02');
  await page.click('button:has-text("Save")');
  await page.waitForSelector('.govuk-error-summary');
  await axe(page);
  assert.match(await page.title(), /^Error: /);
  const summary = await page.textContent('.govuk-error-summary');
  assert.match(summary ?? '', /Select outcome/);
  assert.equal(await page.inputValue('#completed_date-day'), '2', 'input kept');
  await page.click('.govuk-error-summary a[href="#outcome"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'outcome', 'the summary link moves focus to the field');
  assert.equal(await t.db.selectFrom('assessment').select('completed_date').where('child_id', '=', childId).executeTakeFirstOrThrow().then((r) => r.completed_date), null, 'nothing written');

  await record(page, childId, { form: 'assessment-complete', dates: { completed_date: '2026-01-20' }, checks: { factors: ['2B', '3B'] }, radios: { outcome: 'strategy_discussion' } });
  await record(page, childId, { form: 'strategy-discussion', dates: { discussion_date: '2026-01-21' }, radios: { outcome: 's47' } });
  await record(page, childId, { form: 's47-start', dates: { start_date: '2026-01-21' } });
  await record(page, childId, { form: 's47-outcome', dates: { end_date: '2026-01-28' }, radios: { outcome: 'icpc' } });
  await record(page, childId, { form: 'icpc', dates: { conference_date: '2026-02-04' }, radios: { plan_decided: 'yes' } });
  await record(page, childId, { form: 'cp-plan', dates: { start_date: '2026-02-04' }, radios: { category: 'NEG' } });
  await record(page, childId, { form: 'visit', dates: { visit_date: '2026-02-10' }, radios: { kind: 'cp', child_seen: 'yes', seen_alone: 'yes' } });
  await record(page, childId, { form: 'cp-review', dates: { review_date: '2026-02-27' }, radios: { plan_continues: 'yes' } });
  const body = await page.textContent('main');
  for (const s of ['Child protection plan', 'Child protection review', 'Visit (CP)', 'Initial child protection conference', 'Richmond Long Term']) assert.ok(body?.includes(s), s);
  await ctx.close();
});

test('team manager: team page with sign-off queue, authorise the assessment; start of care → placement change → CLA review', { skip }, async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await signIn(page, 'team.manager');
  await page.click('a:has-text("My team")');
  await page.waitForURL(`${base}/team`);
  await axe(page);
  await page.click(`a[href="/children/${childId}/record/assessment-authorise"]`);
  await axe(page);
  await fillDate(page, 'authorised_date', '2026-01-22');
  await page.click('button:has-text("Save")');
  await page.waitForURL(`${base}/children/${childId}?recorded=assessment-authorise`);
  const a = await t.db.selectFrom('assessment').select(['authorised_date', 'authorised_by']).where('child_id', '=', childId).executeTakeFirstOrThrow();
  assert.equal(a.authorised_date, '2026-01-22');
  assert.ok(a.authorised_by);
  await page.goto(`${base}/children/${careChildId}/allocate`);
  await axe(page);

  await record(page, careChildId, { form: 'care-start', dates: { start_date: '2026-01-12' }, selects: { legal_status: 'C2', category_of_need: 'N1', placement_type: 'U4' } });
  await record(page, careChildId, { form: 'placement-change', dates: { change_date: '2026-02-02' }, selects: { placement_type: 'U6', reason_place_change: 'CHILD' } });
  await record(page, careChildId, { form: 'cla-review', dates: { review_date: '2026-02-06' }, selects: { participation: 'PN1' } });
  const main = await page.textContent('main');
  assert.ok(main?.includes('Looked after') && main.includes('Looked-after review'));
  await ctx.close();
});

test('with JavaScript disabled: sign in, find the child, record a visit (error path and success)', { skip }, async () => {
  const ctx = await newContext(false);
  const page = await ctx.newPage();
  await signIn(page, 'practitioner', false);
  assert.equal(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), false, 'no script ran');
  await page.goto(`${base}/children/${childId}/record/visit`);
  await page.click('button:has-text("Save")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await fillDate(page, 'visit_date', '2026-02-24');
  await page.check('input[name="kind"][value="cp"]');
  await page.check('input[name="child_seen"][value="yes"]');
  await page.check('input[name="seen_alone"][value="no"]');
  await page.click('button:has-text("Save")');
  await page.waitForURL(`${base}/children/${childId}?recorded=visit`);
  assert.match(await page.textContent('main') ?? '', /24 February 2026/);
  await ctx.close();
});

test('the axe check itself fails on an inaccessible page (so the checks above can fail)', { skip }, async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await page.setContent('<html lang="en"><head><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>');
  await assert.rejects(axe(page), /image-alt/);
  await ctx.close();
});
