import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toCinValidationReport, validateCinFile, validateCinXml } from '../../../src/returns/cin/validate.ts';
import { renderReport } from '../../../src/returns/validation-report.ts';
import { cleanCin, ids, toXml } from './fixture.ts';

const fileMessage = (input: string | Uint8Array) => {
  const r = validateCinXml(input);
  assert.equal(r.unreadable, true);
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0]!.code, 'FILE');
  return r.failures[0]!.message;
};

test('malformed files get one clear FILE failure, never an exception', () => {
  assert.match(fileMessage(''), /empty/);
  assert.match(fileMessage(new Uint8Array()), /empty/);
  assert.match(fileMessage('   \n'), /empty/);
  assert.match(fileMessage('LAchildID,UPN\nCH1,A1\n'), /not XML/);
  assert.match(fileMessage('<?xml version="1.0"?><Message><Children><Child></Message>'), /not well-formed/);
  assert.match(fileMessage('<?xml version="1.0"?><Foo><Children/></Foo>'), /root element is <Foo>/);
  assert.match(fileMessage('<Message><Header/></Message>'), /no <Children>/);
  assert.match(fileMessage(new Uint8Array([0x3c, 0x4d, 0xff, 0xfe, 0x00, 0x3e])), /not valid UTF-8/);
  assert.match(fileMessage(Buffer.from('<?xml version="1.0" encoding="EBCDIC-XYZ"?><Message/>')), /not supported/);
});

test('UTF-16 and Latin-1 encoded files are read', () => {
  const xml = toXml(cleanCin());
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
  assert.deepEqual(validateCinXml(utf16).failures, []);
  const latin1 = Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
  assert.deepEqual(validateCinXml(latin1).failures, []);
});

test('bad dates are FORMAT failures at the element, treated as missing', () => {
  const d = cleanCin();
  ids(d, 3)['PersonBirthDate'] = '2015-13-45';
  const r = validateCinXml(toXml(d));
  const codes = r.failures.map((f) => f.code).sort();
  assert.deepEqual(codes, ['8525', 'FORMAT']);
  const f = r.failures.find((x) => x.code === 'FORMAT')!;
  assert.equal(f.child, 'CH0004');
  assert.deepEqual(f.fields, ['PersonBirthDate']);
  assert.match(f.message, /2015-13-45/);
});

test('files on disk: missing file, and the shared report formats', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-cin-'));
  try {
    const missing = await validateCinFile(path.join(dir, 'nope.xml'));
    assert.match(missing.failures[0]!.message, /no such file/);
    const d = cleanCin();
    ids(d, 0)['Sex'] = 'X';
    const file = path.join(dir, 'cin.xml');
    writeFileSync(file, toXml(d));
    const report = toCinValidationReport(await validateCinFile(file), 'cin.xml');
    assert.equal(report.failures.length, 1);
    assert.equal(report.failures[0]!.rule, '4180');
    assert.equal(report.failures[0]!.table, 'ChildIdentifiers');
    assert.equal(report.failures[0]!.child, 'CH0001');
    assert.ok(typeof report.failures[0]!.row === 'number');
    const json = JSON.parse(renderReport(report, 'json'));
    assert.equal(json.failures[0].rule, '4180');
    assert.match(renderReport(report, 'csv'), /^rule,message,table,row,child,fields\r\n4180,/);
    assert.match(renderReport(report, 'table'), /4180/);
    const unreadable = toCinValidationReport(missing, 'nope.xml');
    assert.equal(unreadable.fileIssues.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
