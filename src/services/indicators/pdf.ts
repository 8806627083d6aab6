/**
 * HTML to PDF with headless Chromium driven by playwright-core. Uses the
 * system's Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH); never
 * downloads a browser. The page is rendered from a string with its CSS inline,
 * JavaScript off and every network request refused, so nothing leaves the
 * machine. One browser is started on first use and kept (each PDF gets its own
 * context); closePdfBrowser() ends it when the app closes.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export class PdfUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(message: string) {
    super(message);
    this.name = 'PdfUnavailableError';
  }
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

let browser: Promise<Browser> | null = null;

function getBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new PdfUnavailableError('The PDF cannot be made because Chromium is not installed on the server. Print the HTML report instead.');
  if (!browser) {
    const launching = chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    browser = launching;
    launching.then(
      (b) => b.on('disconnected', () => {
        if (browser === launching) browser = null;
      }),
      () => {
        if (browser === launching) browser = null;
      },
    );
  }
  return browser;
}

export async function renderPdf(html: string): Promise<Buffer> {
  const b = await getBrowser();
  const context = await b.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  } finally {
    await context.close();
  }
}

export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b.catch(() => null))?.close();
}
