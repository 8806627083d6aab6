/**
 * The administration pages in a real browser (playwright-core driving
 * Debian's /usr/bin/chromium), every page and its error state checked with
 * axe-core (WCAG 2.x A/AA): a sysadmin finds Administration from the home
 * page, creates a user with a one-time password, gives them a role, resets a
 * password, disables an account through the confirmation page, creates and
 * edits a team and records its establishment; the new user then has to
 * change their password at first sign-in. A second run with JavaScript off
 * creates a user with a chosen password and a team.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { FIXTURE_PASSWORD } from '../helpers/fixtures.ts';
import { axe, browserSkip, startBrowser, submitSignIn, type BrowserHarness } from '../helpers/browser.ts';

const skip = browserSkip;

let t: TestApp;
let harness: BrowserHarness | undefined;
let newContext: BrowserHarness['newContext'];
let base: string;

before(async () => {
  if (skip) return;
  t = await createTestApp();
  harness = await startBrowser(t);
  ({ base, newContext } = harness);
});
after(async () => {
  if (skip) return;
  await (harness ?? t)?.close();
});

function signIn(page: Page, username: string, password = FIXTURE_PASSWORD): Promise<void> {
  return submitSignIn(page, base, username, { password });
}

const banner = async (page: Page) => (await page.textContent('.govuk-notification-banner')) ?? '';

test('sysadmin: users, roles, one-time password, reset, disable; teams and establishment; every page and error state accessible', { skip }, async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await signIn(page, 'sysadmin');
  await page.waitForURL(`${base}/`);
  await axe(page);
  await page.click('.govuk-service-navigation a:has-text("Administration")');
  await page.waitForURL(`${base}/admin`);
  await axe(page);

  // Users: list, search with a filter, the error state.
  await page.click('a:has-text("Users and roles")');
  await page.waitForURL(`${base}/admin/users`);
  await axe(page);
  await page.selectOption('#role', 'council_commissioner');
  await page.click('button:has-text("Search")');
  assert.match(await page.textContent('#results') ?? '', /2 users/);
  await axe(page);
  await page.goto(`${base}/admin/users?role=superuser`);
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);

  // Create a user: the error state, then a generated one-time password.
  await page.goto(`${base}/admin/users`);
  await page.click('a:has-text("Create a user")');
  await page.waitForURL(`${base}/admin/users/new`);
  await axe(page);
  await page.click('button:has-text("Create user")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);
  await page.fill('#username', 'rhea.newstarter');
  await page.fill('#displayName', 'Rhea Newstarter');
  await page.fill('#staffRef', 'S2');
  await page.check('input[name="passwordMode"][value="generate"]');
  await page.click('button:has-text("Create user")');
  const oneTime = (await page.textContent('#one-time-password'))!.trim();
  assert.match(oneTime, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await axe(page);
  await page.click('a:has-text("Go to the user’s page")');
  await axe(page);
  const userUrl = page.url();
  await page.click('a[href$="/details"]');
  await axe(page);
  await page.fill('#displayName', '');
  await page.click('button:has-text("Save details")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);
  await page.fill('#displayName', 'Rhea Newstarter-Jones');
  await page.click('button:has-text("Save details")');
  await page.waitForURL(/done=details/);
  await axe(page);

  // Add a role: the error state, then success with a banner.
  await page.click('a:has-text("Add a role")');
  await axe(page);
  await page.selectOption('#role', 'practitioner');
  await page.selectOption('#laCode', '314');
  await page.selectOption('#teamId', String(t.teams.richmondAssessment));
  await page.click('button:has-text("Add role")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);
  await page.selectOption('#laCode', '318');
  await page.click('button:has-text("Add role")');
  await page.waitForURL(/done=role-added/);
  assert.match(await banner(page), /Role added/);
  await axe(page);

  // Reset a password (another user's): the page and its error state.
  await page.goto(`${base}/admin/users/${t.users.iro.id}/password`);
  await axe(page);
  await page.check('input[name="passwordMode"][value="set"]');
  await page.fill('#password', 'short');
  await page.click('button:has-text("Reset password")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);

  // Disable through the confirmation page.
  await page.goto(`${base}/admin/users/${t.users.boardMember.id}`);
  await page.click('a:has-text("Disable account")');
  await axe(page);
  await page.click('button:has-text("Disable account")');
  await page.waitForURL(/done=disabled/);
  assert.match(await banner(page), /signed out everywhere/);
  await axe(page);

  // Teams: list, create (error state), team page, edit (error state), establishment (error state, success).
  await page.goto(`${base}/admin`);
  await page.click('a:has-text("Teams, caseload thresholds")');
  await page.waitForURL(`${base}/admin/teams`);
  await axe(page);
  await page.click('a:has-text("Create a team")');
  await axe(page);
  await page.fill('#amber', '20');
  await page.fill('#red', '10');
  await page.click('button:has-text("Create team")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);
  await page.selectOption('#laCode', '318');
  await page.fill('#name', 'Richmond Leaving Care');
  await page.selectOption('#kind', 'leaving_care');
  await page.fill('#amber', '16');
  await page.fill('#red', '20');
  await page.click('button:has-text("Create team")');
  await page.waitForURL(/done=created/);
  assert.match(await banner(page), /Team created/);
  await axe(page);
  await page.click('a:has-text("Change")');
  await axe(page);
  await page.fill('#red', '16');
  await page.click('button:has-text("Save team")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);
  await page.fill('#red', '21');
  await page.click('button:has-text("Save team")');
  await page.waitForURL(/done=updated/);
  await page.click('a:has-text("Record a change in establishment")');
  await axe(page);
  await page.fill('#fte', '6');
  await page.fill('#effectiveFrom-day', '31');
  await page.fill('#effectiveFrom-month', '2');
  await page.fill('#effectiveFrom-year', '2026');
  await page.click('button:has-text("Record establishment")');
  assert.ok(await page.isVisible('.govuk-error-summary'));
  await axe(page);
  await page.fill('#effectiveFrom-day', '1');
  await page.click('button:has-text("Record establishment")');
  await page.waitForURL(/done=establishment/);
  assert.match(await page.textContent('main') ?? '', /1 February 2026/);
  await axe(page);
  await ctx.close();

  // The new user signs in with the one-time password and must choose their own first.
  const ctx2 = await newContext();
  const p2 = await ctx2.newPage();
  await signIn(p2, 'rhea.newstarter', oneTime);
  await p2.waitForURL(`${base}/account/password`);
  await axe(p2);
  await p2.fill('#current', oneTime);
  await p2.fill('#password', 'rhea.newstarter-pass');
  await p2.fill('#confirm', 'rhea.newstarter-pass');
  await p2.click('button:has-text("Change password")');
  assert.ok(await p2.isVisible('.govuk-error-summary'));
  await axe(p2);
  await p2.fill('#current', oneTime);
  await p2.fill('#password', 'tidal copper fern 11');
  await p2.fill('#confirm', 'tidal copper fern 11');
  await p2.click('button:has-text("Change password")');
  await p2.waitForURL(/done=changed/);
  await axe(p2);
  await p2.goto(`${base}/my-work`);
  assert.equal(p2.url(), `${base}/my-work`, 'no longer sent to change the password');
  await ctx2.close();
  void userUrl;
});

test('with JavaScript disabled: create a user with a chosen password, and a team', { skip }, async () => {
  const ctx = await newContext(false);
  const page = await ctx.newPage();
  await signIn(page, 'sysadmin');
  await page.waitForURL(`${base}/`);
  assert.equal(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), false, 'no script ran');
  await page.goto(`${base}/admin/users/new`);
  await page.fill('#username', 'sol.nojs');
  await page.fill('#displayName', 'Sol Nojs');
  await page.check('input[name="passwordMode"][value="set"]');
  await page.fill('#password', 'harbour velvet comet 2');
  await page.click('button:has-text("Create user")');
  await page.waitForURL(/\/admin\/users\/\d+\?done=created/);
  assert.match(await banner(page), /Account created/);
  await page.goto(`${base}/admin/teams/new`);
  await page.selectOption('#laCode', '314');
  await page.fill('#name', 'Kingston Early Help');
  await page.selectOption('#kind', 'early_help');
  await page.click('button:has-text("Create team")');
  await page.waitForURL(/\/admin\/teams\/\d+\?done=created/);
  assert.match(await page.textContent('h1') ?? '', /Kingston Early Help/);
  await ctx.close();
});
