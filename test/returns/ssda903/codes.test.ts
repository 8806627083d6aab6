import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codesFor, codeSet, columnsOf, tablesFor, describeCode } from '../../../src/domain/codes/ssda903.ts';

test('PLACE codes follow the yearly diffs', () => {
  assert.ok(codeSet(2024, 'PLACE').has('H5'));
  assert.ok(!codeSet(2024, 'PLACE').has('K3'));
  assert.ok(!codeSet(2025, 'PLACE').has('H5'));
  assert.ok(!codeSet(2025, 'PLACE').has('P2'));
  assert.ok(codeSet(2025, 'PLACE').has('K3'));
  assert.ok(!codeSet(2025, 'PLACE').has('Z11'));
  for (const z of ['Z1', 'Z11', 'Z12', 'Z13', 'Z14']) assert.ok(codeSet(2026, 'PLACE').has(z), z);
});

test('SEX is 1/2 before 2025 and M/F/U from 2025', () => {
  assert.deepEqual([...codeSet(2024, 'SEX')], ['1', '2']);
  assert.deepEqual([...codeSet(2025, 'SEX')], ['M', 'F', 'U']);
});

test('REC, REASON_PLACE_CHANGE and ACTIV change in 2019 and 2022', () => {
  assert.ok(codeSet(2018, 'REC').has('E43'));
  assert.ok(!codeSet(2019, 'REC').has('E43'));
  assert.ok(codeSet(2019, 'REC').has('E48'));
  assert.ok(!codeSet(2018, 'REASON_PLACE_CHANGE').has('CUSTOD'));
  assert.ok(codeSet(2019, 'REASON_PLACE_CHANGE').has('CUSTOD'));
  assert.ok(codeSet(2021, 'ACTIV').has('F3'));
  assert.ok(!codeSet(2022, 'ACTIV').has('F3'));
  assert.ok(codeSet(2022, 'ACTIV').has('P5'));
});

test('codes carry descriptions', () => {
  assert.equal(describeCode(2025, 'LS', 'C2'), 'Full care order');
  for (const f of ['LS', 'PLACE', 'REC', 'RNE', 'CIN', 'ACCOM', 'SW_REASON'] as const) {
    for (const x of codesFor(2025, f)) assert.ok(x.description.length > 0, `${f} ${x.code}`);
  }
});

test('tables and columns by year', () => {
  assert.ok(!tablesFor(2023).includes('SWEpisodes'));
  assert.ok(tablesFor(2024).includes('SWEpisodes'));
  assert.deepEqual(columnsOf(2025, 'Header'), ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB']);
  assert.equal(columnsOf(2025, 'Episodes').length, 13);
});
