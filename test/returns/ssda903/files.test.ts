import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadFolder } from '../../../src/returns/ssda903/read.ts';
import { validate903Folder } from '../../../src/returns/ssda903/validate.ts';
import { renderReport } from '../../../src/returns/validation-report.ts';
import { cleanFixture, writeFx, YEAR } from './fixture.ts';

async function tmp() { return mkdtemp(join(tmpdir(), 'hearth-903-')); }

test('clean fixture written as CSV validates with no failures or file issues', async () => {
  const dir = await tmp();
  try {
    const { cur, prev } = await writeFx(cleanFixture(), dir);
    const report = await validate903Folder(YEAR, cur, prev);
    assert.deepEqual(report.fileIssues, []);
    assert.deepEqual(report.failures, []);
    assert.match(renderReport(report, 'table'), /No rule failures/);
    assert.equal(JSON.parse(renderReport(report, 'json')).failureCount, 0);
  } finally { await rm(dir, { recursive: true, force: true }); }
});

test('BOM, CRLF and quoted fields are read; tables identified by header not name', async () => {
  const dir = await tmp();
  try {
    await writeFile(join(dir, 'whatever.csv'), '\uFEFFCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n"C1","F","10/05/2010",WBRI,A123456789012,0,\r\n');
    const { tables, issues } = await loadFolder(YEAR, dir);
    assert.deepEqual(issues, []);
    assert.equal(tables.Header?.rows[0]?.v.SEX, 'F');
    assert.ok(tables.Header?.rows[0]?.d.DOB !== null);
  } finally { await rm(dir, { recursive: true, force: true }); }
});

test('malformed files become clear issues, never exceptions', async () => {
  const dir = await tmp();
  try {
    await writeFile(join(dir, 'empty.csv'), '');
    await writeFile(join(dir, 'latin1.csv'), Buffer.from([0x43, 0x48, 0x49, 0x4c, 0x44, 0x0a, 0xe9, 0xff, 0x0a]));
    await writeFile(join(dir, 'unknown.csv'), 'FOO,BAR\n1,2\n');
    await writeFile(join(dir, 'episodes.csv'), 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,EXTRA\nC1,2019-06-01,S,C2,N1,U4,PR1,,,,,,,x\n');
    await writeFile(join(dir, 'missing.csv'), 'CHILD,DOB,MISSING,MIS_START\nC1,10/05/2010,M,01/05/2024\n');
    await writeFile(join(dir, 'broken.csv'), 'CHILD,DOB,REVIEW,REVIEW_CODE\n"C1,10/05/2010\n');
    const report = await validate903Folder(YEAR, dir);
    const text = report.fileIssues.map((i) => `${i.file}: ${i.message}`).join('\n');
    assert.match(text, /empty\.csv: file is empty/);
    assert.match(text, /latin1\.csv: not valid UTF-8/);
    assert.match(text, /unknown\.csv: columns \(FOO, BAR\) do not match/);
    assert.match(text, /episodes\.csv: Episodes: unexpected column\(s\) EXTRA/);
    assert.match(text, /episodes\.csv: DECOM '2019-06-01' is not a date/);
    assert.match(text, /missing\.csv: Missing: missing column\(s\) MIS_END/);
    assert.match(text, /broken\.csv: not readable as CSV/);
    assert.ok(report.failures.every((f) => !f.message.startsWith('internal error')));
    const missingFolder = await validate903Folder(YEAR, join(dir, 'nope'));
    assert.match(missingFolder.fileIssues[0]!.message, /not found/);
  } finally { await rm(dir, { recursive: true, force: true }); }
});

test('hearth validate 903: exit 0 clean, 1 with failures, 2 for usage errors; csv output', async () => {
  const dir = await tmp();
  try {
    const fx = cleanFixture();
    const { cur, prev } = await writeFx(fx, dir);
    const run = (...a: string[]) => spawnSync(process.execPath, ['bin/hearth.mjs', 'validate', ...a], { encoding: 'utf8' });
    assert.equal(run('903', cur, '--previous', prev, '--year', '2025').status, 0);
    fx.cur.Reviews![0]!.REVIEW_CODE = 'PN9';
    const bad = join(dir, 'bad');
    const w = await writeFx(fx, bad);
    const r = run('903', w.cur, '--year', '2025', '--format', 'csv');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^rule,message,table,row,child,fields\r\n/);
    assert.match(r.stdout, /167,Data entry for participation is invalid or blank\.,Reviews,1,C1,REVIEW_CODE/);
    const u = run('903');
    assert.equal(u.status, 2);
    assert.doesNotMatch(u.stderr, /at .*\.ts/);
    assert.equal(run('xyz').status, 2);
    assert.equal(run('903', cur, '--format', 'xml').status, 2);
  } finally { await rm(dir, { recursive: true, force: true }); }
});
