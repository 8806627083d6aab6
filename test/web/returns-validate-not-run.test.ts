/**
 * The results page of "Check a statutory return" lists the SSDA903 rules that were not run for want of
 * reference data (postcodes, Ofsted providers, LA code), so an upload never looks as if they had passed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsOf, tableDef, type Ssda903Table } from '../../src/domain/codes/ssda903.ts';
import { toCsv } from '../../src/returns/format.ts';
import { RULES } from '../../src/returns/ssda903/rules/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { cleanFixture, YEAR, type Rec } from '../returns/ssda903/fixture.ts';

let t: TestApp;
before(async () => { t = await createTestApp(); });
after(async () => { await t.close(); });

function multipart(parts: ({ name: string; value: string } | { name: string; filename: string; content: string })[]) {
  const boundary = `----hearthnotrun${Math.random().toString(16).slice(2)}`;
  const body = parts.map((p) => `--${boundary}\r\n` + ('value' in p
    ? `Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`
    : `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: text/csv\r\n\r\n${p.content}\r\n`)).join('') + `--${boundary}--\r\n`;
  return { payload: Buffer.from(body), contentType: `multipart/form-data; boundary=${boundary}` };
}

test('903 upload without reference data: the rules needing it are listed as not run on the results page', async () => {
  const s = await t.signInAs('performanceOfficer');
  const fx = cleanFixture();
  const files = (rows: typeof fx.cur, year: number, field: string) => (Object.entries(rows) as [Ssda903Table, Rec[]][]).map(([tb, recs]) => {
    const cols = columnsOf(year, tb);
    return { name: field, filename: `${tableDef(year, tb).fileName}.csv`, content: toCsv(cols, recs.map((r) => cols.map((c) => r[c] ?? ''))) };
  });
  const { payload, contentType } = multipart([{ name: '_csrf', value: s.csrf }, { name: 'year', value: String(YEAR) }, ...files(fx.cur, YEAR, 'current'), ...files(fx.prev, YEAR - 1, 'previous')]);
  const res = await t.app.inject({ method: 'POST', url: '/returns/validate/903', payload, headers: { cookie: s.cookie, 'content-type': contentType } });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const page = await t.app.inject({ url: String(res.headers.location), headers: { cookie: s.cookie } });
  assert.equal(page.statusCode, 200);
  const needing = RULES.filter((r) => r.needs.length > 0);
  assert.match(page.body, /No rule failures and no problems with the files/);
  assert.match(page.body, new RegExp(`${needing.length} rules were not run because they need reference data`));
  assert.match(page.body, /<h2 class="govuk-heading-m" id="not-run">Rules not run<\/h2>/);
  const section = page.body.slice(page.body.indexOf('id="not-run"'));
  for (const r of needing) assert.match(section, new RegExp(`<td class="govuk-table__cell">${r.code}</td>`), `rule ${r.code} listed`);
  assert.match(section, /Not run: needs Ofsted provider list \(--providers\) and postcode look-up \(--postcodes\) and the council&#39;s LA code \(--la-code\)/);
});
