/**
 * `hearth returns 903|cin|annex-a` as an operator runs them: the files are
 * written, the CIN census passes the DfE's XSD, every build is in the audit
 * trail as an export (council and return, no child identifier) before
 * anything is read, and mistakes get one clear line.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/database.ts';
import { addCarePeriod, addChild, addCouncil, addEpisode } from './fixtures.ts';
import { validateAgainstXsd, xmllintAvailable, xsdAvailable } from './cin/helpers.ts';

// The CLI opens its own (embedded) database; it runs once, in the PGlite pass.
const skip = process.env.TEST_DATABASE_URL ? 'the CLI runs in the PGlite pass' : false;
let dir: string;
const dataDir = () => join(dir, 'pglite');

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'hearth-returns-cli-'));
  const h = await openDatabase({ dataDir: dataDir() });
  try {
    await migrateToLatest(h.db);
    await addCouncil(h.db, '330', 'Northshire');
    const cin = await addChild(h.db, { laCode: '330', ref: 'CLIKID1', dob: '2014-03-03' });
    await h.db.insertInto('referral').values({ child_id: cin, la_code: '330', referral_date: '2025-11-01', source: '2A', primary_need: 'N1' }).execute();
    const cla = await addChild(h.db, { laCode: '330', ref: 'CLIKID2', dob: '2012-05-05' });
    await h.db.insertInto('referral').values({ child_id: cla, la_code: '330', referral_date: '2025-05-01', source: '5A', primary_need: 'N1' }).execute();
    const period = await addCarePeriod(h.db, cla, '330', '2025-06-01');
    await addEpisode(h.db, cla, period, { start: '2025-06-01', rne: 'S', place: 'U4', placePostcode: 'PL1 1AA' });
  } finally {
    await h.close();
  }
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function hearth(args: string[]) {
  return spawnSync(process.execPath, ['bin/hearth.mjs', 'returns', ...args], {
    encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', HEARTH_DATA_DIR: dataDir() },
  });
}

async function exportEvents(): Promise<{ record_type: string | null; username: string | null; child_id: number | null; detail: unknown }[]> {
  const h = await openDatabase({ dataDir: dataDir() });
  try {
    return await h.db.selectFrom('audit_event').select(['record_type', 'username', 'child_id', 'detail']).where('action', '=', 'export').orderBy('id').execute();
  } finally {
    await h.close();
  }
}

test('each return is built, written and audited as an export before it is read', { timeout: 180_000, skip }, async () => {
  const xmlFile = join(dir, 'cin.xml');
  const cin = hearth(['cin', '--la', '330', '--year', '2026', '--out', xmlFile]);
  assert.equal(cin.status, 0, cin.stderr);
  assert.match(cin.stdout, /CIN census 2025-26 for 330: 2 child\(ren\); written to /);
  const xml = await readFile(xmlFile, 'utf8');
  assert.match(xml, /<LAchildID>CLIKID1<\/LAchildID>/);
  if (xmllintAvailable() && xsdAvailable) {
    const check = validateAgainstXsd(xml);
    assert.ok(check.ok, check.output);
  }

  const out903 = join(dir, '903');
  const r903 = hearth(['903', '--la', '330', '--year', '2026', '--out', out903]);
  assert.equal(r903.status, 0, r903.stderr);
  assert.ok((await readdir(out903)).some((f) => /header/i.test(f)));

  const outA = join(dir, 'annex-a');
  const annex = hearth(['annex-a', '--la', '330', '--date', '2026-03-31', '--out', outA]);
  assert.equal(annex.status, 0, annex.stderr);

  const events = await exportEvents();
  assert.deepEqual(events.map((e) => e.record_type), ['cin_census', 'ssda903_return', 'annex_a']);
  for (const e of events) {
    assert.match(e.username ?? '', /^cli:/);
    assert.equal(e.child_id, null);
    assert.doesNotMatch(JSON.stringify(e.detail), /CLIKID/, 'no child identifier in the audit detail');
  }
});

test('mistakes get one clear line and a non-zero exit, and nothing is audited', { timeout: 120_000, skip }, async () => {
  const before = (await exportEvents()).length;
  for (const [args, pattern] of [
    [['cin', '--la', '330', '--year', '2026'], /--out <file\.xml> is required/],
    [['cin', '--la', '330', '--year', '26', '--out', 'x.xml'], /--year <YYYY>/],
    [['cin', '--la', '999', '--year', '2026', '--out', join(dir, 'x.xml')], /no council with LA code 999/],
    [['cin', '--la', 'Kent', '--year', '2026', '--out', 'x.xml'], /--la must be a three-digit DfE LA code/],
  ] as const) {
    const r = hearth([...args]);
    assert.notEqual(r.status, 0, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
  }
  assert.equal((await exportEvents()).length, before);
});
