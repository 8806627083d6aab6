/**
 * Earlier years' files for the care leaver rules: 1001 and 1002 warn that two years' files flag a care leaver whose
 * care ended before last year's collection. With the earlier years' Episodes supplied, they see that care.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate903Folder, validate903Tables } from '../../../src/returns/ssda903/validate.ts';
import { cleanFixture, cloneFx, fxTables, writeFx, YEAR, type Fx } from './fixture.ts';
import { PLANTS } from './plants.ts';

/** The clean fixture with care leaver C5's episodes moved from last year's file to the year before's. */
function leftCareEarlier(): { fx: Fx; earlier: Fx } {
  const fx = cloneFx(cleanFixture());
  const moved = fx.prev.Episodes!.filter((r) => r.CHILD === 'C5');
  assert.ok(moved.length > 0, 'the fixture has a care leaver C5 with last year\'s episodes');
  PLANTS['1002']!(fx); // removes them from last year's file
  return { fx, earlier: { cur: { Episodes: moved }, prev: {} } };
}

const rules = (fs: { rule: string }[]) => [...new Set(fs.map((f) => f.rule))].sort();

test('1001/1002 fire without the earlier years and not with them', async () => {
  const { fx, earlier } = leftCareEarlier();
  const { cur, prev } = fxTables(fx);
  const without = await validate903Tables(YEAR, cur, prev);
  assert.deepEqual(rules(without.failures), ['1001', '1002']);
  const older = fxTables(earlier, YEAR - 2).cur;
  const withEarlier = await validate903Tables(YEAR, cur, prev, [], { earlier: [older] });
  assert.deepEqual(withEarlier.failures, []);
  assert.equal(withEarlier.summary?.['earlier years (episodes)'], 1);
  // An unrelated child's earlier episodes do not excuse C5.
  const other = fxTables({ cur: { Episodes: earlier.cur.Episodes!.map((r) => ({ ...r, CHILD: 'C9' })) }, prev: {} }, YEAR - 2).cur;
  assert.deepEqual(rules((await validate903Tables(YEAR, cur, prev, [], { earlier: [other] })).failures), ['1001', '1002']);
});

test('validate903Folder and `hearth validate 903 --earlier` read earlier years\' folders', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-903-earlier-'));
  try {
    const { fx, earlier } = leftCareEarlier();
    const { cur, prev } = await writeFx(fx, dir);
    const old = await writeFx(earlier, join(dir, 'y2'), YEAR - 2);
    const report = await validate903Folder(YEAR, cur, prev, { earlierFolders: [old.cur] });
    assert.deepEqual(report.fileIssues, []);
    assert.deepEqual(report.failures, []);
    const run = (...a: string[]) => spawnSync(process.execPath, ['bin/hearth.mjs', 'validate', '903', cur, '--previous', prev, '--year', String(YEAR), ...a], { encoding: 'utf8' });
    const plain = run('--format', 'json');
    assert.equal(plain.status, 1, plain.stderr);
    assert.deepEqual(rules(JSON.parse(plain.stdout).failures), ['1001', '1002']);
    const withEarlier = run('--earlier', old.cur, '--format', 'json');
    assert.equal(withEarlier.status, 0, withEarlier.stdout + withEarlier.stderr);
    const missing = run('--earlier', join(dir, 'nope'));
    assert.equal(missing.status, 1);
    assert.match(missing.stdout, /earlier\/2023\/.*not found/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
