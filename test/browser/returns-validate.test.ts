/**
 * The "Check a statutory return" pages in a real browser (playwright-core
 * driving Debian's /usr/bin/chromium, as test/browser/journeys.test.ts): a
 * performance officer uploads SSDA903 CSVs (files chosen with setInputFiles),
 * sees the error summary when nothing is chosen, reads the results page and
 * checks a CIN census file and Hearth's own return; the SSDA903 upload with
 * reference data (postcode look-up, Ofsted lists, LA code), its error path and
 * its planted postcode / provider failures. Every page is checked
 * with axe-core (WCAG 2.x A/AA); the upload also works with JavaScript off.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { axe, browserSkip, startBrowser, submitSignIn, type BrowserHarness } from '../helpers/browser.ts';
import { cleanFixture, writeFx, YEAR } from '../returns/ssda903/fixture.ts';
import { PLANTS } from '../returns/ssda903/plants.ts';
import { POSTCODES_CSV, PROVIDERS_CSV, REF_LA, withReference } from '../returns/ssda903/reference-fixture.ts';
import { cleanCin, toXml } from '../returns/cin/fixture.ts';

const skip = browserSkip;

let t: TestApp;
let harness: BrowserHarness | undefined;
let newContext: BrowserHarness['newContext'];
let base: string;
let tmp: string;
let cur: string[];
let prev: string[];
let refCur: string[];
let refPrev: string[];

before(async () => {
  if (skip) return;
  t = await createTestApp();
  tmp = await mkdtemp(join(tmpdir(), 'hearth-returns-browser-'));
  const fx = cleanFixture();
  PLANTS['103']!(fx); // one planted failure: ETHNIC for child C1
  const dirs = await writeFx(fx, tmp);
  cur = (await readdir(dirs.cur)).map((f) => join(dirs.cur, f));
  prev = (await readdir(dirs.prev)).map((f) => join(dirs.prev, f));
  await writeFile(join(tmp, 'cin.xml'), toXml(cleanCin()));
  // a return consistent with the synthetic reference data, with a postcode (169) and an Ofsted URN (1008) error planted
  const rfx = withReference(cleanFixture());
  PLANTS['169']!(rfx);
  PLANTS['1008']!(rfx);
  const rdirs = await writeFx(rfx, join(tmp, 'ref'));
  refCur = (await readdir(rdirs.cur)).map((f) => join(rdirs.cur, f));
  refPrev = (await readdir(rdirs.prev)).map((f) => join(rdirs.prev, f));
  await writeFile(join(tmp, 'postcodes.csv'), POSTCODES_CSV);
  await writeFile(join(tmp, 'providers.csv'), PROVIDERS_CSV);
  await writeFile(join(tmp, 'bad-postcodes.csv'), 'pcd,laua\nKT1 1AA,E09000901\n');
  harness = await startBrowser(t);
  ({ base, newContext } = harness);
});
after(async () => {
  if (skip) return;
  await (harness ?? t)?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function signIn(page: Page): Promise<void> {
  await submitSignIn(page, base, t.users.performanceOfficer.username);
  await page.waitForURL(`${base}/`);
}

test('performance officer: upload SSDA903 files, error path, results; CIN census; Hearth’s own return; every page accessible', { skip }, async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await signIn(page);
  await page.click('a:has-text("Check a statutory return")');
  await page.waitForURL(`${base}/returns/validate`);
  await axe(page);

  await page.click('a:has-text("Check SSDA903 files")');
  await axe(page);
  // Nothing chosen: the error summary, linked to the field.
  await page.click('button:has-text("Check files")');
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.textContent('.govuk-error-summary') ?? '', /Select this year’s SSDA903 files/);
  assert.match(await page.title(), /^Error: /);
  await axe(page);

  await page.selectOption('#year', String(YEAR));
  await page.setInputFiles('#current', cur);
  await page.setInputFiles('#previous', prev);
  await page.click('button:has-text("Check files")');
  await page.waitForURL(/\/returns\/validate\/runs\/[A-Za-z0-9_-]{22}$/);
  await axe(page);
  const rules = await page.textContent('#rules + table');
  assert.match(rules ?? '', /103/);
  const failures = await page.textContent('#failures ~ table');
  assert.match(failures ?? '', /C1/);
  const download = page.waitForEvent('download');
  await page.click('a:has-text("Download as CSV")');
  const file = await download;
  assert.equal(file.suggestedFilename(), `ssda903-${YEAR}-validation.csv`);
  // without reference data the reference rules are listed as not run
  assert.match(await page.textContent('#not-run + .govuk-warning-text + p') ?? '', /check the files again with the reference data/);

  // Reference data: a bad postcode look-up and a 3-digit LA code are errors at their fields
  await page.goto(`${base}/returns/validate/903`);
  await page.selectOption('#year', String(YEAR));
  await page.setInputFiles('#current', refCur);
  await page.setInputFiles('#postcodes', join(tmp, 'bad-postcodes.csv'));
  await page.fill('#la', '872');
  await page.click('button:has-text("Check files")');
  await page.waitForSelector('.govuk-error-summary');
  const summary = await page.textContent('.govuk-error-summary') ?? '';
  assert.match(summary, /Enter the council’s LA code in ONS form/);
  assert.match(summary, /The postcode look-up cannot be used: bad-postcodes\.csv: missing column 'oseast1m'/);
  assert.equal(await page.inputValue('#la'), '872');
  await axe(page);
  // and with good reference data every rule runs and the planted errors show
  await page.setInputFiles('#current', refCur);
  await page.setInputFiles('#previous', refPrev);
  await page.setInputFiles('#postcodes', join(tmp, 'postcodes.csv'));
  await page.setInputFiles('#providers', join(tmp, 'providers.csv'));
  await page.fill('#la', REF_LA);
  await page.click('button:has-text("Check files")');
  await page.waitForURL(/\/returns\/validate\/runs\/[A-Za-z0-9_-]{22}$/);
  assert.equal(await page.locator('#not-run').count(), 0);
  const refRules = await page.textContent('#rules + table') ?? '';
  assert.match(refRules, /169/);
  assert.match(refRules, /1008/);
  await axe(page);

  await page.goto(`${base}/returns/validate/cin`);
  await axe(page);
  await page.setInputFiles('#file', join(tmp, 'cin.xml'));
  await page.click('button:has-text("Check file")');
  await page.waitForURL(/\/returns\/validate\/runs\//);
  assert.match(await page.textContent('main') ?? '', /No rule failures and no problems with the files/);
  await axe(page);

  await page.goto(`${base}/returns/validate/hearth`);
  assert.match(await page.textContent('main') ?? '', /SSDA903 reference data \(optional\)/);
  await axe(page);
  await page.click('button:has-text("Build and check")');
  await page.waitForSelector('.govuk-error-summary');
  await axe(page);
  await page.check('input[name=kind][value=cin]');
  await page.selectOption('#la', '318');
  await page.selectOption('#year', '2026');
  await page.click('button:has-text("Build and check")');
  await page.waitForURL(/\/returns\/validate\/runs\//);
  assert.match(await page.textContent('h1') ?? '', /Hearth CIN census 318/);
  await axe(page);
  // Hearth's own SSDA903 return with reference data uploaded on the form: the reference rules run
  await page.goto(`${base}/returns/validate/hearth`);
  await page.check('input[name=kind][value=ssda903]');
  await page.selectOption('#la', '318');
  await page.selectOption('#year', '2026');
  await page.setInputFiles('#postcodes', join(tmp, 'postcodes.csv'));
  await page.setInputFiles('#providers', join(tmp, 'providers.csv'));
  await page.fill('#onsCode', REF_LA);
  await page.click('button:has-text("Build and check")');
  await page.waitForURL(/\/returns\/validate\/runs\//);
  assert.match(await page.textContent('h1') ?? '', /Hearth's return for council 318/);
  assert.equal(await page.locator('#not-run').count(), 0);
  await axe(page);

  await page.goto(`${base}/returns/validate`);
  assert.equal(await page.locator('main table tbody tr').count(), 5, 'the five checks are listed');
  await axe(page);
  await ctx.close();
});

test('with JavaScript disabled: upload SSDA903 files and see the results', { skip }, async () => {
  const ctx = await newContext(false);
  const page = await ctx.newPage();
  await signIn(page);
  await page.goto(`${base}/returns/validate/903`);
  await page.setInputFiles('#current', cur);
  await page.click('button:has-text("Check files")');
  await page.waitForURL(/\/returns\/validate\/runs\//);
  assert.match(await page.textContent('#rules + table') ?? '', /103/);
  // with reference data
  await page.goto(`${base}/returns/validate/903`);
  await page.setInputFiles('#current', refCur);
  await page.setInputFiles('#postcodes', join(tmp, 'postcodes.csv'));
  await page.setInputFiles('#providers', join(tmp, 'providers.csv'));
  await page.fill('#la', REF_LA);
  await page.click('button:has-text("Check files")');
  await page.waitForURL(/\/returns\/validate\/runs\//);
  assert.match(await page.textContent('#rules + table') ?? '', /1008/);
  await ctx.close();
});
