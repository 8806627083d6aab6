/**
 * The browser-test harness: playwright-core driving Debian's Chromium
 * (/usr/bin/chromium; never a downloaded browser), the app listening on an
 * ephemeral local port, axe-core checks (WCAG 2.x A/AA, no violations) and
 * the sign-in form. Tests skip themselves when Chromium is not installed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './app.ts';
import { FIXTURE_PASSWORD } from './fixtures.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** A node:test `skip` value: false, or why the browser tests cannot run here. */
export const browserSkip: false | string = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed: browser tests skipped`;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface BrowserHarness {
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  /** A fresh context; bypassCSP lets the test inject axe-core (the app's CSP is tested in test/web/security.test.ts). */
  newContext(javaScriptEnabled?: boolean): Promise<BrowserContext>;
  /** Closes the browser, then the test app. */
  close(): Promise<void>;
}

/** Starts the test app listening and launches Chromium headless; `close()` ends both. */
export async function startBrowser(t: TestApp): Promise<BrowserHarness> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  return {
    browser,
    base,
    newContext: (javaScriptEnabled = true) => browser.newContext({ bypassCSP: true, javaScriptEnabled }),
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** Fails with every axe-core violation (WCAG 2.0–2.2 A and AA) on the page as it is now. */
export async function axe(page: Page): Promise<void> {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
  });
  const v = result.violations.map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  assert.deepEqual(v, [], `axe violations on ${page.url()}`);
}

/** Fills and submits the sign-in form (axe-checked unless JavaScript is off: axe runs as a page script). */
export async function submitSignIn(page: Page, base: string, username: string, options: { password?: string; checkAxe?: boolean } = {}): Promise<void> {
  await page.goto(`${base}/sign-in`);
  if (options.checkAxe) await axe(page);
  await page.fill('#username', username);
  await page.fill('#password', options.password ?? FIXTURE_PASSWORD);
  await page.click('button[type=submit]:has-text("Sign in")');
}
