/**
 * `hearth validate 903` and `hearth validate cin` on malformed files (issue #7): wrong columns, bad dates, UTF-16 and
 * Latin-1 text, binary junk, empty files, a missing Header file. Each gets a clear report on stdout and exit 1 —
 * never a stack trace, never exit 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'hearth-validate-malformed-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nC1,M,01/01/2010,WBRI,UN1,,\r\n';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\nC1,01/05/2025,S,V2,N1,U1,PR1,,,,QA1 1AA,QA2 2BB,\r\n';
/** Bytes that are not text in any encoding (a fixed pattern, so the test is repeatable). */
const junk = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 151 + 7) % 256));
const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/hearth.mjs', 'validate', ...args], { encoding: 'utf8' });
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at |Error:|unexpected error/, `no stack trace: ${r.stderr}`);
  return r;
}

function folder(name: string, files: Record<string, string | Buffer>): string {
  const f = join(dir, name);
  mkdirSync(f, { recursive: true });
  for (const [n, body] of Object.entries(files)) writeFileSync(join(f, n), body);
  return f;
}

const cases903: [string, Record<string, string | Buffer>, RegExp][] = [
  ['empty file', { 'header.csv': '' }, /header\.csv: file is empty/],
  ['UTF-16 file', { 'header.csv': utf16(HEADER) }, /header\.csv: not valid UTF-8 \(it looks like UTF-16\): save the file as UTF-8 CSV/],
  ['Latin-1 file', { 'header.csv': Buffer.from(HEADER.replace('C1', 'C\u00e9'), 'latin1') }, /header\.csv: not valid UTF-8/],
  ['binary junk', { 'header.csv': junk(2000) }, /header\.csv: not valid UTF-8/],
  ['wrong columns', { 'header.csv': 'CHILD,SEXX,DOBB\nC1,M,01/01/2010\n' }, /header\.csv: columns \(CHILD, SEXX, DOBB\) do not match any SSDA903 table/],
  ['bad date', { 'header.csv': HEADER.replace('01/01/2010', '2010-31-01') }, /header\.csv row 1: DOB '2010-31-01' is not a date in dd\/mm\/yyyy form/],
  ['missing Header file', { 'episodes.csv': EPISODES }, /no Header file \(columns CHILD, SEX, DOB/],
];

for (const [what, files, expected] of cases903) {
  test(`hearth validate 903: ${what} is a clear file issue, exit 1`, () => {
    const f = folder(what.replace(/\W+/g, '-'), files);
    const r = run('903', f, '--year', '2026');
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /File issues \(\d+\):/);
    assert.match(r.stdout, expected);
  });
}

test('hearth validate 903: an empty folder and a missing one are reported, not crashed on', () => {
  const empty = run('903', folder('nothing', {}), '--year', '2026');
  assert.equal(empty.status, 1);
  assert.match(empty.stdout, /no \.csv files found/);
  const missing = run('903', join(dir, 'no-such-folder'), '--year', '2026');
  assert.equal(missing.status, 1);
  assert.match(missing.stdout, /not found/);
});

const CIN_OK = '<?xml version="1.0" encoding="UTF-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header><Children></Children></Message>';
const casesCin: [string, string | Buffer, RegExp | null][] = [
  ['empty file', '', /File cannot be read: the file is empty/],
  ['binary junk', junk(3000), /File cannot be read: the file is not valid UTF-8 text/],
  ['a CSV, not XML', 'LAchildID,UPN\nC1,X\n', /File cannot be read: the file is not XML/],
  ['unclosed elements', '<?xml version="1.0"?><Message><Children><Child></Message>', /File cannot be read: .*not well-formed/],
  ['wrong columns (root element)', '<?xml version="1.0"?><Foo><Children/></Foo>', /File cannot be read: .*root element is <Foo>/],
];

for (const [what, body, expected] of casesCin) {
  test(`hearth validate cin: ${what} is a clear file issue, exit 1`, () => {
    const f = join(dir, `${what.replace(/\W+/g, '-')}.xml`);
    writeFileSync(f, body);
    const r = run('cin', f);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /File issues \(1\):/);
    assert.match(r.stdout, expected!);
  });
}

test('hearth validate cin: UTF-16 and Latin-1 files are decoded and validated; a bad date is a FORMAT failure at its element', () => {
  const u = join(dir, 'utf16.xml');
  writeFileSync(u, utf16(CIN_OK.replace('UTF-8', 'UTF-16')));
  const ru = run('cin', u, '--format', 'json');
  assert.equal(ru.status, 0, ru.stdout);
  const l = join(dir, 'latin1.xml');
  writeFileSync(l, Buffer.from(CIN_OK.replace('UTF-8', 'ISO-8859-1').replace('<Children>', '<!-- caf\u00e9 --><Children>'), 'latin1'));
  assert.equal(run('cin', l).status, 0);
  const d = join(dir, 'baddate.xml');
  writeFileSync(d, CIN_OK.replace('<Children></Children>', '<Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-13-45</PersonBirthDate></ChildIdentifiers></Child></Children>'));
  const rd = run('cin', d, '--format', 'json');
  assert.equal(rd.status, 1);
  const report = JSON.parse(rd.stdout) as { failures: { rule: string; message: string; child: string }[] };
  assert.ok(report.failures.some((f) => f.rule === 'FORMAT' && /2015-13-45/.test(f.message) && f.child === 'C1'), rd.stdout);
});
