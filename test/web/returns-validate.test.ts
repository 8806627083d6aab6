/**
 * "Check a statutory return" pages (issue 7): SSDA903 and CIN census uploads,
 * Hearth's own return, the stored report (owner only, expiring), downloads
 * identical to the CLI's csv/json output, CSRF on multipart posts, role
 * refusals and every kind of bad input.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { columnsOf, tableDef, type Ssda903Table } from '../../src/domain/codes/ssda903.ts';
import { toCsv } from '../../src/returns/format.ts';
import { validate903Folder } from '../../src/returns/ssda903/validate.ts';
import { toCinValidationReport, validateCinFile } from '../../src/returns/cin/validate.ts';
import { renderReport } from '../../src/returns/validation-report.ts';
import type { AuditWriter } from '../../src/services/audit.ts';
import { createSession } from '../../src/services/sessions.ts';
import { checkHearthReturn, CheckInputError, readReferenceUploads } from '../../src/services/returns-check.ts';
import { ForbiddenError } from '../../src/services/context.ts';
import { buildApp } from '../../src/web/app.ts';
import { REFERENCE_FILE_BYTES, UPLOAD_LIMITS } from '../../src/web/plugins/multipart.ts';
import { createTestApp, type SignedIn, type TestApp } from '../helpers/app.ts';
import { contextAs } from '../helpers/context.ts';
import type { UserKey } from '../helpers/fixtures.ts';
import { cleanFixture, writeFx, YEAR, type Fx, type Rec } from '../returns/ssda903/fixture.ts';
import { PLANTS } from '../returns/ssda903/plants.ts';
import { POSTCODES_CSV, PROVIDERS_CSV, REF_LA, withReference } from '../returns/ssda903/reference-fixture.ts';
import { RULES } from '../../src/returns/ssda903/rules/index.ts';
import { cleanCin, ids, toXml } from '../returns/cin/fixture.ts';
import { writeFile } from 'node:fs/promises';
import fc from 'fast-check';

let t: TestApp;
let tmp: string;
before(async () => {
  t = await createTestApp();
  tmp = await mkdtemp(join(tmpdir(), 'hearth-returns-web-'));
});
after(async () => {
  await t.close();
  await rm(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------- multipart bodies, by hand

type Part = { name: string; value: string } | { name: string; filename: string; content: Uint8Array | string; type?: string };

function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----hearthtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('value' in p) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'text/csv'}\r\n\r\n`));
      chunks.push(Buffer.from(p.content));
      chunks.push(Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const sessions = new Map<UserKey, SignedIn>();
async function session(user: UserKey): Promise<SignedIn> {
  let s = sessions.get(user);
  if (!s) sessions.set(user, (s = await t.signInAs(user)));
  return s;
}

async function post(user: UserKey, url: string, parts: Part[], options: { csrf?: 'first' | 'last' | 'none' | 'wrong' } = {}): Promise<LightMyRequestResponse> {
  const s = await session(user);
  const mode = options.csrf ?? 'first';
  const token: Part = { name: '_csrf', value: mode === 'wrong' ? 'A'.repeat(43) : s.csrf };
  const all = mode === 'none' ? parts : mode === 'last' ? [...parts, token] : [token, ...parts];
  const { payload, contentType } = multipart(all);
  return t.app.inject({ method: 'POST', url, payload, headers: { cookie: s.cookie, 'content-type': contentType } });
}

/** The fixture's tables as CSV files named as the DfE names them. */
function csvFiles(rows: Fx['cur'], year: number, field: string): Part[] {
  return (Object.entries(rows) as [Ssda903Table, Rec[]][]).map(([tb, recs]) => {
    const cols = columnsOf(year, tb);
    return { name: field, filename: `${tableDef(year, tb).fileName}.csv`, content: toCsv(cols, recs.map((r) => cols.map((c) => r[c] ?? ''))) };
  });
}

const runsCount = async () => Number((await t.db.selectFrom('validation_run').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** GET as a user, with this file's sessions (the clock moves in one test, so the harness's cached sessions are not used). */
async function get(user: UserKey | null, url: string): Promise<LightMyRequestResponse> {
  if (user === null) return t.app.inject({ url });
  return t.app.inject({ url, headers: { cookie: (await session(user)).cookie } });
}

async function followRun(res: LightMyRequestResponse, user: UserKey = 'performanceOfficer'): Promise<{ id: string; page: LightMyRequestResponse }> {
  assert.equal(res.statusCode, 303, errorSummary(res) || res.body.slice(0, 2000));
  const location = String(res.headers.location);
  const m = /^\/returns\/validate\/runs\/([A-Za-z0-9_-]{22})$/.exec(location);
  assert.ok(m, location);
  const page = await get(user, location);
  assert.equal(page.statusCode, 200);
  return { id: m[1]!, page };
}

function errorSummary(res: LightMyRequestResponse): string {
  return /govuk-error-summary[\s\S]*?<\/ul>/.exec(res.body)?.[0] ?? '';
}

// ---------------------------------------------------------------------------- SSDA903

test('903: clean fixture files (this year and last) give zero failures; downloads equal the CLI’s csv and json', async () => {
  const fx = cleanFixture();
  const res = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, ...csvFiles(fx.cur, YEAR, 'current'), ...csvFiles(fx.prev, YEAR - 1, 'previous')]);
  const { id, page } = await followRun(res);
  assert.match(page.body, /No rule failures and no problems with the files/);
  assert.match(page.body, /SSDA903 2024-25 validation/);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /Children\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*6\s*</);

  const dir = join(tmp, 'clean');
  const paths = await writeFx(fx, dir);
  const cli = await validate903Folder(YEAR, paths.cur, paths.prev);
  assert.equal(cli.failures.length, 0);
  const csv = await get('performanceOfficer', `/returns/validate/runs/${id}/report.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="ssda903-2025-validation.csv"/);
  assert.equal(csv.headers['cache-control'], 'no-store');
  assert.equal(csv.body, renderReport(cli, 'csv'));
  const json = await get('performanceOfficer', `/returns/validate/runs/${id}/report.json`);
  assert.equal(json.body, renderReport(cli, 'json'));
});

test('903: a planted error shows with its rule code and child; downloads equal the CLI’s output; another user gets 404', async () => {
  const fx = cleanFixture();
  PLANTS['103']!(fx); // ETHNIC 'XXXX' for child C1
  const res = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, ...csvFiles(fx.cur, YEAR, 'current'), ...csvFiles(fx.prev, YEAR - 1, 'previous')]);
  const { id, page } = await followRun(res);
  const rules = /id="rules"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
  assert.match(rules, />\s*103\s*</);
  const failures = /id="failures"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
  assert.match(failures, /<td class="govuk-table__cell">\s*C1\s*<\/td>\s*<td class="govuk-table__cell">\s*Header\s*<\/td>/);
  assert.match(failures, /ETHNIC/);

  const paths = await writeFx(fx, join(tmp, 'planted'));
  const cli = await validate903Folder(YEAR, paths.cur, paths.prev);
  assert.ok(cli.failures.some((f) => f.rule === '103' && f.child === 'C1'));
  assert.equal((await get('performanceOfficer', `/returns/validate/runs/${id}/report.csv`)).body, renderReport(cli, 'csv'));
  assert.equal((await get('performanceOfficer', `/returns/validate/runs/${id}/report.json`)).body, renderReport(cli, 'json'));

  // Someone else, even with the same role or more, cannot fetch it: not found, no identifiers.
  for (const other of ['headOfService'] as UserKey[]) {
    for (const path of [`/returns/validate/runs/${id}`, `/returns/validate/runs/${id}/report.csv`, `/returns/validate/runs/${id}/report.json`]) {
      const r = await get(other, path);
      assert.equal(r.statusCode, 404, `${other} ${path}`);
      assert.ok(!r.body.includes('C1'));
    }
  }
  // Listed on the owner's index page only.
  assert.ok((await get('performanceOfficer', '/returns/validate')).body.includes(`/returns/validate/runs/${id}`));
  assert.ok(!(await get('headOfService', '/returns/validate')).body.includes(id));
});

test('903: without last year’s files the previous-year rules are reported as skipped, as in the CLI', async () => {
  const fx = cleanFixture();
  const res = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, ...csvFiles(fx.cur, YEAR, 'current')]);
  const { id, page } = await followRun(res);
  assert.match(page.body, /Rules needing previous year \(skipped\)/);
  const paths = await writeFx(fx, join(tmp, 'noprev'));
  const cli = await validate903Folder(YEAR, paths.cur);
  assert.equal((await get('performanceOfficer', `/returns/validate/runs/${id}/report.json`)).body, renderReport(cli, 'json'));
});

test('903 bad input: empty file, wrong columns, bad dates, UTF-16 and non-UTF-8 files are reported, not crashed on', async () => {
  const fx = cleanFixture();
  const good = csvFiles(fx.cur, YEAR, 'current').filter((p) => 'filename' in p && p.filename === 'header.csv');
  const episodes = csvFiles(fx.cur, YEAR, 'current').find((p) => 'filename' in p && p.filename === 'episodes.csv') as { content: string };
  const badDates = episodes.content.replace('01/06/2019', '31/02/2019');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CHILD,SEX\r\nC1,1\r\n', 'utf16le')]);
  const latin1 = Buffer.from('CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC9,1,01/01/2010,WBRI,Ren\xe9e,,\n', 'latin1');
  const res = await post('performanceOfficer', '/returns/validate/903', [
    { name: 'year', value: String(YEAR) },
    ...good,
    { name: 'current', filename: 'episodes.csv', content: badDates },
    { name: 'current', filename: 'empty.csv', content: '' },
    { name: 'current', filename: 'shopping.csv', content: 'item,price\nbread,1.20\n' },
    { name: 'current', filename: 'utf16.csv', content: utf16 },
    { name: 'current', filename: 'latin1.csv', content: latin1 },
  ]);
  const { page } = await followRun(res);
  const issues = /id="file-issues"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
  assert.match(issues, /empty\.csv[\s\S]*?file is empty; skipped/);
  assert.match(issues, /shopping\.csv[\s\S]*?do not match any SSDA903 table; file skipped/);
  assert.match(issues, /utf16\.csv[\s\S]*?not valid UTF-8 \(it looks like UTF-16\)/);
  assert.match(issues, /latin1\.csv[\s\S]*?not valid UTF-8/);
  assert.match(issues, /episodes\.csv[\s\S]*?DECOM &#39;31\/02\/2019&#39; is not a date in dd\/mm\/yyyy form/);
});

test('903 form errors: no file, no year, too many files, a file too large: GOV.UK error summary, nothing stored', async () => {
  const before = await runsCount();
  const none = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, { name: 'current', filename: '', content: '', type: 'application/octet-stream' }]);
  assert.equal(none.statusCode, 400);
  assert.match(errorSummary(none), /href="#current">Select this year’s SSDA903 files/);
  assert.match(none.body, /<title>Error: Check SSDA903 files/);

  const noYear = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: '1999' }, { name: 'current', filename: 'a.csv', content: 'CHILD\n1\n' }]);
  assert.equal(noYear.statusCode, 400);
  assert.match(errorSummary(noYear), /href="#year">Select a collection year/);

  const thirteen = Array.from({ length: 13 }, (_, i): Part => ({ name: 'current', filename: `f${i}.csv`, content: 'CHILD\n1\n' }));
  const many = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, ...thirteen]);
  assert.equal(many.statusCode, 400);
  assert.match(errorSummary(many), /You can upload at most 12 files in each field/);

  const flood = Array.from({ length: UPLOAD_LIMITS.files + 3 }, (_, i): Part => ({ name: i % 2 ? 'previous' : 'current', filename: `g${i}.csv`, content: 'CHILD\n1\n' }));
  const tooMany = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, ...flood]);
  assert.equal(tooMany.statusCode, 400);
  assert.match(errorSummary(tooMany), /You can upload at most 12 files in each field/);

  const big = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, { name: 'current', filename: 'huge.csv', content: Buffer.alloc(UPLOAD_LIMITS.fileSize + 10, 0x41) }]);
  assert.equal(big.statusCode, 413);
  assert.match(errorSummary(big), /huge\.csv must be smaller than 10MB/);
  assert.match(big.body, /<h1 class="govuk-heading-l">Check SSDA903 files<\/h1>/);

  // A urlencoded post (no files at all) with a valid token is answered with the form, not a crash.
  const s = await session('performanceOfficer');
  const plain = await t.app.inject({ method: 'POST', url: '/returns/validate/903', payload: `_csrf=${s.csrf}&year=2025`, headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(plain.statusCode, 400);
  assert.match(errorSummary(plain), /Select this year’s SSDA903 files/);

  // A truncated multipart body is a clear 400, not a 500.
  const { payload, contentType } = multipart([{ name: '_csrf', value: s.csrf }, { name: 'current', filename: 'a.csv', content: 'CHILD\nC1\n' }]);
  const cut = await t.app.inject({ method: 'POST', url: '/returns/validate/903', payload: payload.subarray(0, payload.length - 60), headers: { cookie: s.cookie, 'content-type': contentType } });
  assert.equal(cut.statusCode, 400);
  assert.match(cut.body, /upload could not be read/);
  assert.equal(await runsCount(), before, 'nothing stored');
});

// ---------------------------------------------------------------------------- SSDA903 reference data

/** The synthetic provider list split into two files (header on each), to upload as two Ofsted lists. */
function providerFiles(): { a: string; b: string } {
  const [head, ...rows] = PROVIDERS_CSV.trim().split('\n');
  const mid = Math.ceil(rows.length / 2);
  return { a: [head, ...rows.slice(0, mid), ''].join('\n'), b: [head, ...rows.slice(mid), ''].join('\n') };
}

test('903 with reference data: planted postcode and provider errors fire through the upload; every rule runs; downloads equal the CLI’s with --postcodes --providers --la-code', async () => {
  const fx = withReference(cleanFixture());
  PLANTS['169']!(fx); // C3 placed at a postcode not in the look-up
  PLANTS['452']!(fx); // C1's placement LA changes without a change of placement (needs the postcodes)
  PLANTS['1008']!(fx); // C3's URN is not in the Ofsted lists
  const pv = providerFiles();
  const base: Part[] = [{ name: 'year', value: String(YEAR) }, ...csvFiles(fx.cur, YEAR, 'current'), ...csvFiles(fx.prev, YEAR - 1, 'previous')];
  const ref: Part[] = [
    { name: 'postcodes', filename: 'nspl-extract.csv', content: POSTCODES_CSV },
    // uploaded out of name order: read in name order, as the CLI reads --providers a-… b-…
    { name: 'providers', filename: 'b-childrens-homes.csv', content: pv.b },
    { name: 'providers', filename: 'a-social-care-providers.csv', content: pv.a },
    { name: 'la', value: ` ${REF_LA.toLowerCase()} ` },
  ];
  const { id, page } = await followRun(await post('performanceOfficer', '/returns/validate/903', [...base, ...ref]));
  assert.doesNotMatch(page.body, /Rules not run/);
  assert.match(page.body, new RegExp(`Rules run\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*${RULES.length}\\s*<`));
  assert.match(page.body, /postcode look-up: nspl-extract\.csv/);
  assert.match(page.body, /Ofsted provider list: a-social-care-providers\.csv/);
  assert.match(page.body, new RegExp(`council’s LA code: ${REF_LA}`));
  const rules = /id="rules"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
  for (const code of ['169', '452', '1008']) assert.match(rules, new RegExp(`>${code}<`), `rule ${code} in the table by rule`);

  const dir = join(tmp, 'with-reference');
  const paths = await writeFx(fx, dir);
  await writeFile(join(dir, 'nspl-extract.csv'), POSTCODES_CSV);
  await writeFile(join(dir, 'a-social-care-providers.csv'), pv.a);
  await writeFile(join(dir, 'b-childrens-homes.csv'), pv.b);
  const cli = await validate903Folder(YEAR, paths.cur, paths.prev, {
    referenceFiles: { postcodes: join(dir, 'nspl-extract.csv'), providers: [join(dir, 'a-social-care-providers.csv'), join(dir, 'b-childrens-homes.csv')], la: REF_LA },
  });
  const fired = new Set(cli.failures.map((f) => f.rule));
  for (const code of ['169', '452', '1008']) assert.ok(fired.has(code), `CLI fires ${code}`);
  assert.ok(cli.failures.some((f) => f.rule === '169' && f.child === 'C3'));
  assert.equal(cli.notRun, undefined);
  assert.equal((await get('performanceOfficer', `/returns/validate/runs/${id}/report.csv`)).body, renderReport(cli, 'csv'));
  assert.equal((await get('performanceOfficer', `/returns/validate/runs/${id}/report.json`)).body, renderReport(cli, 'json'));

  // the same files without reference data: those rules are listed as not run, never as passed
  const { page: without } = await followRun(await post('performanceOfficer', '/returns/validate/903', base));
  assert.match(without.body, /Rules not run/);
  assert.match(without.body, /Not run: needs postcode look-up/);
  assert.match(without.body, /check the files again<\/a> with the reference data/);
  assert.doesNotMatch(/id="rules"[\s\S]*?<\/table>/.exec(without.body)?.[0] ?? '', />1008</);
  // postcodes only (no LA code): the rules needing the council's code are still not run
  const { page: partial } = await followRun(await post('performanceOfficer', '/returns/validate/903', [...base, ref[0]!]));
  assert.match(partial.body, /Not run: needs [^<]*the council&#39;s LA code/);
});

test('903 bad reference data: missing columns, bad numbers and dates, not UTF-8, a DfE code for the LA code, two look-ups: GOV.UK errors, nothing stored', async () => {
  const fx = withReference(cleanFixture());
  const base: Part[] = [{ name: 'year', value: String(YEAR) }, ...csvFiles(fx.cur, YEAR, 'current')];
  const before = await runsCount();
  const cases: { parts: Part[]; errors: { href: string; text: RegExp }[] }[] = [
    { parts: [{ name: 'postcodes', filename: 'pc.csv', content: 'pcd,laua\nKT1 1AA,E09000901\n' }],
      errors: [{ href: '#postcodes', text: /The postcode look-up cannot be used: pc\.csv: missing column &#39;oseast1m&#39;/ }] },
    { parts: [{ name: 'postcodes', filename: 'pc.csv', content: 'pcd,oseast1m,osnrth1m,laua\nKT1 1AA,12x,5,E09000901\n' }],
      errors: [{ href: '#postcodes', text: /pc\.csv row 1: oseast1m &#39;12x&#39; is not a number/ }] },
    { parts: [{ name: 'postcodes', filename: 'pc.csv', content: '' }], errors: [{ href: '#postcodes', text: /pc\.csv: file is empty/ }] },
    { parts: [{ name: 'providers', filename: 'ofsted.csv', content: Buffer.from([0x55, 0x52, 0x4e, 0x0a, 0xe9, 0xff]) }],
      errors: [{ href: '#providers', text: /The Ofsted provider list cannot be used: ofsted\.csv: not valid UTF-8/ }] },
    { parts: [{ name: 'providers', filename: 'ofsted.csv', content: 'URN,Placement code,Placement provider code,Deregistration date,Setting postcode\nSC1,K2,PR1,31/02/2024,KT1 1AA\n' }],
      errors: [{ href: '#providers', text: /ofsted\.csv row 1: closure date &#39;31\/02\/2024&#39; is not a date/ }] },
    { parts: [{ name: 'la', value: '872' }], errors: [{ href: '#la', text: /Enter the council’s LA code in ONS form, for example E09000021/ }] },
    // every problem at once, each at its field
    { parts: [{ name: 'postcodes', filename: 'pc.csv', content: 'x\n' }, { name: 'providers', filename: 'of.csv', content: 'URN\nSC1\n' }, { name: 'la', value: 'W06000001' }],
      errors: [{ href: '#la', text: /LA code in ONS form/ }, { href: '#postcodes', text: /pc\.csv: missing column/ }, { href: '#providers', text: /of\.csv: missing column/ }] },
    { parts: [{ name: 'postcodes', filename: 'a.csv', content: POSTCODES_CSV }, { name: 'postcodes', filename: 'b.csv', content: POSTCODES_CSV }],
      errors: [{ href: '#postcodes', text: /Select one postcode look-up file/ }] },
    { parts: Array.from({ length: 5 }, (_, i): Part => ({ name: 'providers', filename: `p${i}.csv`, content: PROVIDERS_CSV })),
      errors: [{ href: '#providers', text: /Select at most 4 Ofsted provider files/ }] },
  ];
  for (const c of cases) {
    const r = await post('performanceOfficer', '/returns/validate/903', [...base, ...c.parts]);
    assert.equal(r.statusCode, 400, JSON.stringify(c.parts.map((p) => p.name)));
    const summary = errorSummary(r);
    for (const e of c.errors) {
      assert.match(summary, new RegExp(`href="${e.href}">[^<]*${e.text.source}`), `${e.href}: ${summary}`);
      assert.match(r.body, new RegExp(`id="${e.href.slice(1)}-error"`));
    }
    assert.equal((summary.match(/<li>/g) ?? []).length, c.errors.length, summary);
  }
  // the LA code typed is kept on the form
  const kept = await post('performanceOfficer', '/returns/validate/903', [...base, { name: 'la', value: '872' }]);
  assert.match(kept.body, /<input[^>]*name="la"[^>]*value="872"/);
  assert.equal(await runsCount(), before);
});

test('903 reference size limits: the postcode look-up may be larger than a 903 file (up to the documented limit), a provider list may not', async () => {
  const base: Part[] = [{ name: 'year', value: String(YEAR) }, ...csvFiles(cleanFixture().cur, YEAR, 'current')];
  // 11MB postcode look-up (one long row): over the 903 files' limit, under the look-up's
  const long = `pcd,oseast1m,osnrth1m,laua\nKT1 1AA,1,2,"E${'9'.repeat(UPLOAD_LIMITS.fileSize + 1024 * 1024)}"\n`;
  const ok = await post('performanceOfficer', '/returns/validate/903', [...base, { name: 'postcodes', filename: 'pc.csv', content: long }]);
  assert.equal(ok.statusCode, 303, errorSummary(ok));
  const bigProviders = await post('performanceOfficer', '/returns/validate/903', [...base, { name: 'providers', filename: 'of.csv', content: Buffer.alloc(UPLOAD_LIMITS.fileSize + 10, 0x41) }]);
  assert.equal(bigProviders.statusCode, 413);
  assert.match(errorSummary(bigProviders), new RegExp(`href="#providers">of\\.csv must be smaller than ${UPLOAD_LIMITS.fileSize / 1048576}MB`));
  const before = await runsCount();
  const bigPc = await post('performanceOfficer', '/returns/validate/903', [...base, { name: 'postcodes', filename: 'nspl.csv', content: Buffer.alloc(REFERENCE_FILE_BYTES + 10, 0x41) }]);
  assert.equal(bigPc.statusCode, 413);
  assert.match(errorSummary(bigPc), new RegExp(`href="#postcodes">nspl\\.csv must be smaller than ${REFERENCE_FILE_BYTES / 1048576}MB`));
  assert.equal(await runsCount(), before);
});

test('CSRF with reference data: the token must still come first; reference files after a missing or late token are never read', async () => {
  const before = await runsCount();
  const parts: Part[] = [{ name: 'year', value: String(YEAR) }, ...csvFiles(cleanFixture().cur, YEAR, 'current'),
    { name: 'postcodes', filename: 'pc.csv', content: POSTCODES_CSV }, { name: 'providers', filename: 'of.csv', content: PROVIDERS_CSV }, { name: 'la', value: REF_LA }];
  for (const csrf of ['none', 'wrong', 'last'] as const) {
    const r = await post('performanceOfficer', '/returns/validate/903', parts, { csrf });
    assert.equal(r.statusCode, 403, csrf);
  }
  // a reference file first (before the token) is refused too
  const first = await post('performanceOfficer', '/returns/validate/903', [{ name: 'postcodes', filename: 'pc.csv', content: POSTCODES_CSV }, ...parts], { csrf: 'last' });
  assert.equal(first.statusCode, 403);
  assert.equal(await runsCount(), before);
});

// ---------------------------------------------------------------------------- CSRF

test('CSRF: a multipart upload without a valid token first is refused (403) and nothing is stored', async () => {
  const fx = cleanFixture();
  const files = csvFiles(fx.cur, YEAR, 'current');
  const before = await runsCount();
  const auditBefore = Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('record_type', '=', 'validation_run').executeTakeFirstOrThrow()).n);
  for (const csrf of ['none', 'wrong', 'last'] as const) {
    for (const url of ['/returns/validate/903', '/returns/validate/cin']) {
      const r = await post('performanceOfficer', url, [{ name: 'year', value: String(YEAR) }, ...files], { csrf });
      assert.equal(r.statusCode, 403, `${csrf} ${url}`);
      assert.match(r.body, /could not be verified/);
    }
  }
  // The session's token of a different user is not accepted either.
  const other = await session('headOfService');
  const me = await session('performanceOfficer');
  const { payload, contentType } = multipart([{ name: '_csrf', value: other.csrf }, { name: 'year', value: String(YEAR) }, ...files]);
  const r = await t.app.inject({ method: 'POST', url: '/returns/validate/903', payload, headers: { cookie: me.cookie, 'content-type': contentType } });
  assert.equal(r.statusCode, 403);
  assert.equal(await runsCount(), before);
  const auditAfter = Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('record_type', '=', 'validation_run').executeTakeFirstOrThrow()).n);
  assert.equal(auditAfter, auditBefore);
  // The header token works for multipart too (API-style clients).
  const h = multipart([{ name: 'year', value: String(YEAR) }, ...files]);
  const ok = await t.app.inject({ method: 'POST', url: '/returns/validate/903', payload: h.payload, headers: { cookie: me.cookie, 'content-type': h.contentType, 'x-csrf-token': me.csrf } });
  assert.equal(ok.statusCode, 303);
});

test('other routes still refuse multipart bodies (the parser exists only on the upload routes)', async () => {
  const s = await session('practitioner');
  const { payload, contentType } = multipart([{ name: '_csrf', value: s.csrf }, { name: 'x', value: 'y' }]);
  const r = await t.app.inject({ method: 'POST', url: '/sign-out', payload, headers: { cookie: s.cookie, 'content-type': contentType } });
  assert.equal(r.statusCode, 415);
});

// ---------------------------------------------------------------------------- CIN census

test('CIN: the clean file gives zero failures; a planted error shows with rule and child; downloads equal the CLI’s', async () => {
  const clean = await post('performanceOfficer', '/returns/validate/cin', [{ name: 'year', value: '' }, { name: 'file', filename: 'cin.xml', content: toXml(cleanCin()), type: 'application/xml' }]);
  const c = await followRun(clean);
  assert.match(c.page.body, /No rule failures and no problems with the files/);
  assert.match(c.page.body, /CIN census 2025-26: cin\.xml/);

  const doc = cleanCin();
  ids(doc, 3)['LAchildID'] = 'CH-0004'; // rule 1580
  const xml = toXml(doc);
  const res = await post('performanceOfficer', '/returns/validate/cin', [{ name: 'year', value: '2026' }, { name: 'file', filename: 'planted.xml', content: xml, type: 'application/xml' }]);
  const { id, page } = await followRun(res);
  assert.match(/id="rules"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '', />\s*1580\s*</);
  assert.match(/id="failures"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '', /CH-0004/);
  const path = join(tmp, 'planted.xml');
  await writeFile(path, xml);
  const cli = toCinValidationReport(await validateCinFile(path, { collectionYear: 2026 }), 'planted.xml');
  assert.equal((await get('performanceOfficer', `/returns/validate/runs/${id}/report.csv`)).body, renderReport(cli, 'csv'));
  assert.equal((await get('performanceOfficer', `/returns/validate/runs/${id}/report.json`)).body, renderReport(cli, 'json'));
});

test('CIN bad input: not XML, empty, UTF-16 without a declaration problem, an entity bomb: a clear report, never a crash', async () => {
  const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<Message><Header><CollectionDetails><Collection>&lol3;</Collection></CollectionDetails></Header><Children/></Message>`;
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['notes.xml', 'Dear performance team, here are the figures.', /the file is not XML/],
    ['empty.xml', '', /the file is empty/],
    ['bomb.xml', bomb, /not well-formed XML: a DOCTYPE \(document type declaration\) is not allowed/],
    ['xxe.xml', bomb.replace('&lol3;', '&xxe;'), /a DOCTYPE \(document type declaration\) is not allowed/],
    ['undeclared.xml', '<?xml version="1.0"?><Message><Header><CollectionDetails><Collection>&bomb;</Collection></CollectionDetails></Header><Children/></Message>', /unknown entity &amp;bomb;/],
    ['latin.xml', Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Message>\xe9</Message>', 'latin1'), /not valid UTF-8/],
    ['wrong-root.xml', '<?xml version="1.0"?><Root/>', /expected &lt;Message&gt;/],
  ];
  for (const [name, content, expected] of cases) {
    const res = await post('performanceOfficer', '/returns/validate/cin', [{ name: 'year', value: '' }, { name: 'file', filename: name, content, type: 'application/xml' }]);
    const { page } = await followRun(res);
    const issues = /id="file-issues"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
    assert.match(issues, expected, name);
    assert.ok(!page.body.includes('root:x:0:0'), 'no external entity is read');
  }
  const none = await post('performanceOfficer', '/returns/validate/cin', [{ name: 'year', value: '' }, { name: 'file', filename: '', content: '', type: 'application/octet-stream' }]);
  assert.equal(none.statusCode, 400);
  assert.match(errorSummary(none), /href="#file">Select a CIN census XML file/);
  const two = await post('performanceOfficer', '/returns/validate/cin', [{ name: 'year', value: '' }, { name: 'file', filename: 'a.xml', content: '<a/>' }, { name: 'file', filename: 'b.xml', content: '<b/>' }]);
  assert.equal(two.statusCode, 400);
  assert.match(errorSummary(two), /Select one CIN census XML file/);
  const year = await post('performanceOfficer', '/returns/validate/cin', [{ name: 'year', value: '2019' }, { name: 'file', filename: 'a.xml', content: '<a/>' }]);
  assert.equal(year.statusCode, 400);
  assert.match(errorSummary(year), /href="#year">Select a collection year from the list/);
});

// ---------------------------------------------------------------------------- roles, expiry, pagination

test('roles: performance officers and heads of service only; aggregate-only and other roles are refused every route', async () => {
  const allowed: UserKey[] = ['performanceOfficer', 'headOfService'];
  const refused: UserKey[] = ['practitioner', 'teamManager', 'frontDoor', 'iro', 'qaOfficer', 'boardMember', 'commissioner', 'partnershipChair', 'sysadmin', 'dataProtection'];
  for (const u of allowed) {
    for (const p of ['/returns/validate', '/returns/validate/903', '/returns/validate/cin', '/returns/validate/hearth']) assert.equal((await get(u, p)).statusCode, 200, `${u} ${p}`);
    const home = await get(u, '/');
    assert.match(home.body, /href="\/returns\/validate"/);
  }
  for (const u of refused) {
    for (const p of ['/returns/validate', '/returns/validate/903', '/returns/validate/cin', '/returns/validate/hearth']) assert.equal((await get(u, p)).statusCode, 403, `${u} ${p}`);
    const r = await post(u, '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, { name: 'current', filename: 'a.csv', content: 'CHILD\nC1\n' }]);
    assert.equal(r.statusCode, 403, `${u} POST`);
    assert.ok(!(await get(u, '/')).body.includes('/returns/validate'), `${u} home has no link`);
  }
  assert.equal((await get(null, '/returns/validate')).statusCode, 303);
});

test('a report expires after 24 hours and expired reports are purged on the next write', async () => {
  const fx = cleanFixture();
  const res = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, ...csvFiles(fx.cur, YEAR, 'current')]);
  const { id } = await followRun(res);
  const start = t.clock().toISOString();
  t.clock.advanceMinutes(24 * 60 + 1);
  try {
    // A fresh session: the old one has timed out with the clock.
    const s = await t.signInAs('performanceOfficer');
    sessions.set('performanceOfficer', s);
    const gone = await t.app.inject({ url: `/returns/validate/runs/${id}`, headers: { cookie: s.cookie } });
    assert.equal(gone.statusCode, 404);
    assert.ok(await t.db.selectFrom('validation_run').select('id').where('id', '=', id).executeTakeFirst(), 'still in the table until the next write');
    await followRun(await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, ...csvFiles(fx.cur, YEAR, 'current')]));
    assert.equal(await t.db.selectFrom('validation_run').select('id').where('id', '=', id).executeTakeFirst(), undefined, 'purged');
  } finally {
    t.clock.set(start);
    sessions.delete('performanceOfficer');
  }
});

test('many failures are paginated, 100 a page, with the total and the downloads holding all of them', async () => {
  // 150 header rows with an unknown ethnicity: 150 failures of rule 103.
  const cols = columnsOf(YEAR, 'Header');
  const rows = Array.from({ length: 150 }, (_, i) => cols.map((c) => ({ CHILD: `P${i}`, SEX: '1', DOB: '01/01/2012', ETHNIC: 'XXXX', UPN: 'UN1', MOTHER: '', MC_DOB: '' } as Rec)[c] ?? ''));
  const res = await post('performanceOfficer', '/returns/validate/903', [{ name: 'year', value: String(YEAR) }, { name: 'current', filename: 'header.csv', content: toCsv(cols, rows) }]);
  const { id, page } = await followRun(res);
  const total = JSON.parse((await get('performanceOfficer', `/returns/validate/runs/${id}/report.json`)).body).failureCount as number;
  assert.ok(total >= 150);
  assert.match(page.body, new RegExp(`Showing 1 to 100 of ${total} failures, 100 a page`));
  assert.match(page.body, /govuk-pagination/);
  const p2 = await get('performanceOfficer', `/returns/validate/runs/${id}?page=2`);
  assert.match(p2.body, new RegExp(`Showing 101 to ${Math.min(200, total)} of ${total}`));
  const bad = await get('performanceOfficer', `/returns/validate/runs/${id}?page=abc`);
  assert.equal(bad.statusCode, 400);
});

// ---------------------------------------------------------------------------- Hearth's own return

test('Hearth’s own return: built, validated, shown, and audited as an export; scoped to the role’s councils', async () => {
  const s = await session('performanceOfficer');
  const form = await get('performanceOfficer', '/returns/validate/hearth');
  assert.match(form.body, /Richmond upon Thames \(318\)/);
  for (const kind of ['ssda903', 'cin']) {
    const res = await t.app.inject({ method: 'POST', url: '/returns/validate/hearth', payload: `_csrf=${s.csrf}&kind=${kind}&la=318&year=2026`, headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
    const requestId = String(res.headers['x-request-id']);
    const { page } = await followRun(res);
    assert.match(page.body, kind === 'ssda903' ? /SSDA903 2025-26 validation: Hearth&#39;s return for council 318/ : /CIN census 2025-26: Hearth CIN census 318/);
    const audit = await t.db.selectFrom('audit_event').selectAll().where('request_id', '=', requestId).execute();
    assert.deepEqual(audit.map((a) => [a.action, a.record_type, a.record_id, a.outcome, a.role]), [['export', kind === 'ssda903' ? 'ssda903_return' : 'cin_census_return', '318/2026', 'allowed', 'performance_officer']]);
  }
  const bad = await t.app.inject({ method: 'POST', url: '/returns/validate/hearth', payload: `_csrf=${s.csrf}&kind=cin&la=&year=2019`, headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(bad.statusCode, 400);
  assert.match(errorSummary(bad), /Select a council/);
  assert.match(errorSummary(bad), /Select a collection year the CIN census can be checked for/);

  // A performance officer for Kingston only: Richmond is not offered and is refused (audited as denied).
  const u = await t.db.insertInto('user_account').values({ username: 'po.kingston', display_name: 'PO Kingston', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('user_role').values({ user_id: u.id, role: 'performance_officer', la_code: '314', team_id: null }).execute();
  const ks = await createSession(t.db, Number(u.id), t.clock());
  const kForm = await t.app.inject({ url: '/returns/validate/hearth', headers: { cookie: `hearth-session=${ks.id}` } });
  assert.match(kForm.body, /Kingston upon Thames \(314\)/);
  assert.doesNotMatch(kForm.body, /Richmond/);
  const refused = await t.app.inject({ method: 'POST', url: '/returns/validate/hearth', payload: `_csrf=${ks.csrfToken}&kind=ssda903&la=318&year=2026`, headers: { cookie: `hearth-session=${ks.id}`, 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(refused.statusCode, 400);
  assert.match(errorSummary(refused), /Select a council/);

  // The service refuses it too (not only the form), and audits the refusal.
  const ctx = contextAs(t.db, { id: Number(u.id), staffId: null, staffTeamId: null, username: 'po.kingston', displayName: 'PO Kingston', roles: [{ role: 'performance_officer', laCode: '314', teamId: null }] },
    { requestId: 'req-scope-test', clock: t.clock });
  const before = await runsCount();
  await assert.rejects(checkHearthReturn(ctx, { kind: 'ssda903', laCode: '318', collectionYear: 2026 }), ForbiddenError);
  const denied = await t.db.selectFrom('audit_event').selectAll().where('request_id', '=', 'req-scope-test').execute();
  assert.deepEqual(denied.map((a) => [a.action, a.outcome, a.record_type, a.record_id]), [['denied', 'denied', 'ssda903_return', '318/2026']]);
  await assert.rejects(checkHearthReturn(ctx, { kind: 'cin', laCode: '314', collectionYear: 2019 }), CheckInputError);
  assert.equal(await runsCount(), before);
});

test('Hearth’s own return with SSDA903 reference data (multipart): the reference rules run; bad reference data and CIN with reference data are form errors; CSRF first', async () => {
  const exports = async () => Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'export').executeTakeFirstOrThrow()).n);
  const form: Part[] = [{ name: 'kind', value: 'ssda903' }, { name: 'la', value: '318' }, { name: 'year', value: '2026' }];
  const ref: Part[] = [
    { name: 'postcodes', filename: 'pc.csv', content: POSTCODES_CSV },
    { name: 'providers', filename: 'of.csv', content: PROVIDERS_CSV },
    { name: 'onsCode', value: REF_LA },
  ];
  const page = await get('performanceOfficer', '/returns/validate/hearth');
  assert.match(page.body, /enctype="multipart\/form-data"/);
  assert.match(page.body, /knows each council by its 3-digit DfE code only/);

  const { page: run } = await followRun(await post('performanceOfficer', '/returns/validate/hearth', [...form, ...ref]));
  assert.match(run.body, /Hearth&#39;s return for council 318/);
  assert.doesNotMatch(run.body, /Rules not run/);
  assert.match(run.body, /postcode look-up: pc\.csv/);
  assert.match(run.body, new RegExp(`council’s LA code: ${REF_LA}`));
  // without: listed as not run, with the way to run them
  const { page: bare } = await followRun(await post('performanceOfficer', '/returns/validate/hearth', form));
  assert.match(bare.body, /Rules not run/);
  assert.match(bare.body, /check Hearth’s own return again<\/a> with the postcode look-up/);

  const before = await runsCount();
  const exportsBefore = await exports();
  const bad = await post('performanceOfficer', '/returns/validate/hearth', [...form, { name: 'postcodes', filename: 'pc.csv', content: 'pcd\nKT1 1AA\n' }, { name: 'onsCode', value: '318' }]);
  assert.equal(bad.statusCode, 400);
  assert.match(errorSummary(bad), /href="#onsCode">Enter the council’s LA code in ONS form/);
  assert.match(errorSummary(bad), /href="#postcodes">The postcode look-up cannot be used: pc\.csv: missing column &#39;oseast1m&#39;/);
  assert.match(bad.body, /<input[^>]*name="onsCode"[^>]*value="318"/);
  const cin = await post('performanceOfficer', '/returns/validate/hearth', [{ name: 'kind', value: 'cin' }, { name: 'la', value: '318' }, { name: 'year', value: '2026' }, ref[0]!]);
  assert.equal(cin.statusCode, 400);
  assert.match(errorSummary(cin), /href="#kind">Reference data is used only for SSDA903/);
  for (const csrf of ['none', 'last'] as const) assert.equal((await post('performanceOfficer', '/returns/validate/hearth', [...form, ...ref], { csrf })).statusCode, 403);
  assert.equal(await runsCount(), before);
  assert.equal(await exports(), exportsBefore, 'nothing built, so no export audited');
  // the service refuses reference data for the CIN census and unusable reference data too
  const ctx = contextAs(t.db, { id: 1, staffId: null, staffTeamId: null, username: 'x', displayName: 'x', roles: [{ role: 'performance_officer', laCode: null, teamId: null }] },
    { requestId: 'req-ref-test', clock: t.clock });
  await assert.rejects(checkHearthReturn(ctx, { kind: 'cin', laCode: '318', collectionYear: 2026, reference: readReferenceUploads({ laCode: REF_LA }) }), CheckInputError);
  await assert.rejects(checkHearthReturn(ctx, { kind: 'ssda903', laCode: '318', collectionYear: 2026, reference: readReferenceUploads({ laCode: '318' }) }), /reference data cannot be used: LA code '318'/);
  assert.equal(await runsCount(), before);
});

test('Hearth’s own return: if the audit write fails, nothing is built or stored (503)', async () => {
  const failing: AuditWriter = { record: async () => { throw new Error('audit store down'); } };
  const app = await buildApp({ db: t.db, config: t.config, clock: t.clock, services: { audit: failing } });
  try {
    const s = await t.signInAs('headOfService');
    const before = await runsCount();
    const res = await app.inject({ method: 'POST', url: '/returns/validate/hearth', payload: `_csrf=${s.csrf}&kind=ssda903&la=318&year=2026`, headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /audit trail could not be written/);
    const { payload, contentType } = multipart([{ name: '_csrf', value: s.csrf }, { name: 'year', value: '' }, { name: 'file', filename: 'c.xml', content: toXml(cleanCin()) }]);
    const up = await app.inject({ method: 'POST', url: '/returns/validate/cin', payload, headers: { cookie: s.cookie, 'content-type': contentType } });
    assert.equal(up.statusCode, 503);
    assert.equal(await runsCount(), before);
  } finally {
    await app.close();
  }
});

// ---------------------------------------------------------------------------- random input

test('random files and malformed multipart bodies (with a valid token) never give a 5xx', { timeout: 120_000 }, async () => {
  const s = await session('headOfService');
  const csvish = fc.array(fc.array(fc.oneof(fc.constantFrom('CHILD', 'DECOM', 'SEX', 'DOB', '01/02/2020', '31/02/2020', '"', '""', 'C1', '', '\r'), fc.string({ maxLength: 8 })), { maxLength: 8 }), { maxLength: 8 })
    .map((rows) => rows.map((r) => r.join(',')).join('\n'));
  const xmlish = fc.array(fc.constantFrom('<Message>', '</Message>', '<Children>', '</Children>', '<Child>', '</Child>', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "b">]>', '&a;', '&amp;', '&#x110000;', '<![CDATA[', ']]>', '<!--', 'text', '<Header/>'), { maxLength: 12 }).map((a) => a.join(''));
  const content = fc.oneof(csvish, xmlish, fc.uint8Array({ maxLength: 300 }));
  const file = fc.record({ name: fc.constantFrom('main', 'main', 'main', 'previous', 'other'), filename: fc.oneof(fc.constantFrom('a.csv', '../../etc/passwd', 'x.xml', 'weird\\name.csv'), fc.string({ maxLength: 10 }).map((x) => x.replace(/["\r\n]/g, ''))), content });
  let fiveHundreds = 0;
  const seen = new Set<number>();
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('/returns/validate/903', '/returns/validate/cin'),
    fc.constantFrom('2025', '2026', '2025', '2026', '', 'x', undefined),
    fc.array(file, { minLength: 1, maxLength: 4 }),
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 }),
    async (url, year, chosen, garbage) => {
      const files = chosen.map((f) => ({ ...f, name: f.name === 'main' ? (url.endsWith('/cin') ? 'file' : 'current') : f.name }));
      const parts: Part[] = [...(year === undefined ? [] : [{ name: 'year', value: year }]), ...files];
      let res: LightMyRequestResponse;
      if (garbage) {
        // A token, then bytes that are not a multipart body.
        const { payload, contentType } = multipart([{ name: '_csrf', value: s.csrf }]);
        res = await t.app.inject({ method: 'POST', url, payload: Buffer.concat([payload.subarray(0, payload.length - 4), Buffer.from(garbage)]), headers: { cookie: s.cookie, 'content-type': contentType } });
      } else {
        res = await post('headOfService', url, parts);
      }
      seen.add(res.statusCode);
      if (res.statusCode >= 500) fiveHundreds++;
      assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
    },
  ), { numRuns: 60, seed: 7 });
  assert.equal(fiveHundreds, 0);
  // Both paths were exercised: reports made from random files (303) and refused forms (400).
  assert.ok(seen.has(303) && seen.has(400), [...seen].join(','));
});
