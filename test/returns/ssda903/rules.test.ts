import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PENDING, RULES } from '../../../src/returns/ssda903/rules/index.ts';
import { RULE_INFO } from '../../../src/returns/ssda903/rule-info.ts';
import { validate903Tables } from '../../../src/returns/ssda903/validate.ts';
import { cleanFixture, cloneFx, fxTables, YEAR } from './fixture.ts';
import { COMPANIONS, PLANTS } from './plants.ts';
import { refData, withReference } from './reference-fixture.ts';
import type { ReferenceData } from '../../../src/returns/ssda903/reference.ts';

async function failures(fx: ReturnType<typeof cleanFixture>, reference?: ReferenceData) {
  const { cur, prev } = fxTables(fx);
  return (await validate903Tables(YEAR, cur, prev, [], reference ? { reference } : {})).failures;
}

test('the clean fixture produces no failures', async () => {
  const f = await failures(cleanFixture());
  assert.deepEqual(f.map((x) => `${x.rule} ${x.table} row ${x.row} ${x.child}`), []);
});

test('the clean fixture with the synthetic reference data produces no failures and runs every rule', async () => {
  const { cur, prev } = fxTables(withReference(cleanFixture()));
  const report = await validate903Tables(YEAR, cur, prev, [], { reference: refData() });
  assert.deepEqual(report.failures.map((x) => `${x.rule} ${x.table} row ${x.row} ${x.child}`), []);
  assert.equal(report.notRun, undefined);
  assert.equal(report.summary?.['rules run'], RULES.length);
});

test('every implemented rule has a plant, a unique code and the DfE message', () => {
  const codes = RULES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length, 'duplicate rule codes');
  for (const r of RULES) {
    assert.ok(PLANTS[r.code], `no plant for rule ${r.code}`);
    assert.equal(r.message, RULE_INFO[r.code]!.message);
  }
  for (const code of Object.keys(PLANTS)) assert.ok(codes.includes(code) || PENDING.has(code), `plant for unknown rule ${code}`);
});

for (const r of RULES) {
  const plant = PLANTS[r.code];
  if (!plant) continue;
  test(`rule ${r.code} fires alone on its planted error`, async () => {
    // rules needing reference data are planted into the fixture made consistent with the synthetic reference data
    const withRef = r.needs.length > 0;
    const fx = cloneFx(withRef ? withReference(cleanFixture()) : cleanFixture());
    plant(fx);
    const f = await failures(fx, withRef ? refData() : undefined);
    const fired = [...new Set(f.map((x) => x.rule))].sort();
    // A few DfE rules overlap so that the planted error necessarily breaks a related rule too: the plant declares them.
    const expected = [r.code, ...(COMPANIONS[r.code] ?? [])].sort();
    assert.deepEqual(fired, expected, `expected only ${expected.join(', ')}; got ${f.map((x) => `${x.rule}(${x.table}:${x.row} ${x.child})`).join(', ')}`);
    for (const x of f) {
      if (x.rule !== r.code) continue;
      assert.equal(x.message, r.message);
      assert.ok(x.fields.length > 0);
    }
  });
}

test('docs/ssda903.md states the number of implemented and pending rules', () => {
  const doc = readFileSync(new URL('../../../docs/ssda903.md', import.meta.url), 'utf8');
  assert.match(doc, new RegExp(`\\*\\*${RULES.length} are implemented\\*\\*`));
  assert.match(doc, new RegExp(`pending\\*\\* \\(${PENDING.size},`));
});
