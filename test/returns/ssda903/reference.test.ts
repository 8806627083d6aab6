import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkLaCode, deriveEpisode, loadReference, parsePostcodes, parseProviders, ReferenceDataError } from '../../../src/returns/ssda903/reference.ts';
import { RULES } from '../../../src/returns/ssda903/rules/index.ts';
import { validate903Tables } from '../../../src/returns/ssda903/validate.ts';
import { renderReport } from '../../../src/returns/validation-report.ts';
import type { Row } from '../../../src/returns/ssda903/read.ts';
import { cleanFixture, fxTables, writeFx, YEAR } from './fixture.ts';
import { POSTCODES_CSV, PROVIDERS_CSV, REF_LA, refData, withReference } from './reference-fixture.ts';

const epRow = (home: string, pl: string): Row => ({ n: 1, child: 'C1', v: { HOME_POST: home, PL_POST: pl }, d: {} as Row['d'] });

test('derived fields: PL_LA from the placement postcode, IN/OUT against the council, distance in miles to 0.1', () => {
  const ref = refData();
  assert.deepEqual(deriveEpisode(ref, epRow('KT1 1AA', 'KT2 5BB')), { PL_LA: REF_LA, PL_LOCATION: 'IN', PL_DISTANCE: 3.1 }); // 5 km
  assert.deepEqual(deriveEpisode(ref, epRow('kt11aa', 'zz22bb')), { PL_LA: 'E09000902', PL_LOCATION: 'OUT', PL_DISTANCE: 3.1 }); // spaces and case ignored
  assert.deepEqual(deriveEpisode(ref, epRow('KT1 1AA', 'ZZ6 6FF')), { PL_LA: 'WAL', PL_LOCATION: 'OUT', PL_DISTANCE: 111.8 }); // 180 km
  assert.deepEqual(deriveEpisode(ref, epRow('ZZ7 7GG', 'KT2 5BB')), { PL_LA: REF_LA, PL_LOCATION: 'IN', PL_DISTANCE: null }); // home unknown
  assert.deepEqual(deriveEpisode(ref, epRow('KT1 1AA', '')), { PL_LA: null, PL_LOCATION: null, PL_DISTANCE: null });
  // the utla column, when present, gives PL_LA for English postcodes (district → upper tier)
  const two = parsePostcodes('pcd,oseast1m,osnrth1m,laua,utla\nAB1 2CD,1,2,E07000901,E10000901\n');
  assert.equal(two.get('AB12CD')?.la, 'E10000901');
});

test('bad reference files are clear errors, never crashes', async () => {
  assert.throws(() => parsePostcodes('pcd,oseast1m,laua\nKT1 1AA,1,E09000901\n', 'pc.csv'), (e: Error) => e instanceof ReferenceDataError && /pc\.csv: missing column 'osnrth1m'/.test(e.message));
  assert.throws(() => parsePostcodes('pcd,oseast1m,osnrth1m,laua\nKT1 1AA,12x,5,E09000901\n', 'pc.csv'), /pc\.csv row 1: oseast1m '12x' is not a number/);
  assert.throws(() => parsePostcodes('', 'pc.csv'), /pc\.csv: file is empty/);
  assert.throws(() => parsePostcodes('pcd,oseast1m,osnrth1m,laua\n"KT1 1AA,1,2,E\n', 'pc.csv'), /pc\.csv: not readable as CSV/);
  assert.throws(() => parseProviders('URN,Placement code,Setting postcode\nSC1,K2,KT1 1AA\n', 'of.csv'), /of\.csv: missing column 'Placement provider code' or 'Provider Code'/);
  assert.throws(() => parseProviders('URN,Placement code,Placement provider code,Deregistration date,Setting postcode\nSC1,K2,PR1,31/02/2024,KT1 1AA\n', 'of.csv'), /of\.csv row 1: closure date '31\/02\/2024' is not a date/);
  assert.throws(() => checkLaCode('872'), /not an English local authority code in ONS form/);
  const dir = await mkdtemp(join(tmpdir(), 'hearth-903ref-'));
  try {
    await assert.rejects(loadReference({ postcodes: join(dir, 'nope.csv') }), /nope\.csv: file not found/);
    await writeFile(join(dir, 'latin1.csv'), Buffer.from([0x70, 0x63, 0x64, 0x0a, 0xe9, 0xff]));
    await assert.rejects(loadReference({ providers: [join(dir, 'latin1.csv')] }), /latin1\.csv: not valid UTF-8/);
  } finally { await rm(dir, { recursive: true, force: true }); }
  // the Children's Homes list's column names are accepted too; codes split on / or ,
  const ch = parseProviders('URN,Provider Code,Provider Placement Code,Closed Date,Setting Address Postcode\nsc2,PR1/PR2,K1/K2,2024-10-01,kt1 1aa\n');
  const p = ch.get('SC2')!;
  assert.deepEqual([[...p.placeCodes], [...p.providerCodes], p.postcode], [['K1', 'K2'], ['PR1', 'PR2'], 'KT11AA']);
  assert.ok(p.regEnd !== null);
});

test('without reference data the rules needing it are listed as not run (table, CSV, JSON), never passed', async () => {
  const needing = RULES.filter((r) => r.needs.length > 0).map((r) => r.code).sort();
  assert.ok(needing.length >= 20);
  const { cur, prev } = fxTables(cleanFixture());
  const report = await validate903Tables(YEAR, cur, prev);
  assert.deepEqual(report.notRun!.map((n) => n.rule).sort(), needing);
  assert.equal(report.summary?.['rules run'], RULES.length - needing.length);
  const n218 = report.notRun!.find((n) => n.rule === '218')!;
  assert.deepEqual(n218.needs, ['postcode look-up (--postcodes)']);
  const table = renderReport(report, 'table');
  assert.match(table, new RegExp(`Rules not run \\(${needing.length}\\):`));
  assert.match(table, /\n {2}229: not run: needs Ofsted provider list \(--providers\) and postcode look-up \(--postcodes\) and the council's LA code \(--la-code\)\n/);
  assert.match(renderReport(report, 'csv'), /\r\n1008,not run: needs Ofsted provider list \(--providers\),,,,\r\n/);
  const json = JSON.parse(renderReport(report, 'json'));
  assert.equal(json.notRun.length, needing.length);
  assert.equal(json.notRun.find((n: { rule: string }) => n.rule === '169').status, 'not run: needs postcode look-up (--postcodes)');
  // partial data: postcodes only still leaves the provider rules and those needing the council's code
  const partial = await validate903Tables(YEAR, cur, prev, [], { reference: { postcodes: refData().postcodes! } });
  assert.deepEqual(partial.notRun!.map((n) => n.rule).sort(), ['1008', '1015', '219', '221', '224', '227', '228', '229', '503J']);
  // with everything supplied nothing is listed
  const full = fxTables(withReference(cleanFixture()));
  assert.equal((await validate903Tables(YEAR, full.cur, full.prev, [], { reference: refData() })).notRun, undefined);
});

test('hearth validate 903 --postcodes --providers --la-code: runs every rule; bad reference files exit 2 with the reason', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-903ref-'));
  try {
    const { cur, prev } = await writeFx(withReference(cleanFixture()), dir);
    const pc = join(dir, 'postcodes.csv'), of = join(dir, 'providers.csv'), bad = join(dir, 'bad.csv');
    await writeFile(pc, POSTCODES_CSV);
    await writeFile(of, PROVIDERS_CSV);
    await writeFile(bad, 'pcd,laua\nKT1 1AA,E09000901\n');
    const run = (...a: string[]) => spawnSync(process.execPath, ['bin/hearth.mjs', 'validate', '903', cur, '--previous', prev, '--year', '2025', ...a], { encoding: 'utf8' });
    const ok = run('--postcodes', pc, '--providers', of, '--la-code', REF_LA);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, new RegExp(`rules run: ${RULES.length}\\n`));
    assert.doesNotMatch(ok.stdout, /not run/);
    const without = run();
    assert.equal(without.status, 0);
    assert.match(without.stdout, /Rules not run \(\d+\):/);
    const b = run('--postcodes', bad);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /reference data: bad\.csv: missing column 'oseast1m'/);
    assert.match(run('--la-code', '872').stderr, /not an English local authority code in ONS form/);
  } finally { await rm(dir, { recursive: true, force: true }); }
});
