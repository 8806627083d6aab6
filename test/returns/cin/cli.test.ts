import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanCin, ids, toXml } from './fixture.ts';

const run = (...a: string[]) => spawnSync(process.execPath, ['bin/hearth.mjs', 'validate', 'cin', ...a], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'hearth-cin-cli-'));

test('hearth validate cin: a clean file exits 0; a file with an error exits 1 and names the rule, child and line', () => {
  const clean = join(dir, 'clean.xml');
  writeFileSync(clean, toXml(cleanCin()));
  const ok = run(clean);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);

  const doc = cleanCin();
  ids(doc, 0)['Sex'] = 'X';
  const bad = join(dir, 'bad.xml');
  writeFileSync(bad, toXml(doc));
  const r = run(bad, '--format', 'json');
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { failures: { rule: string; child: string | null; row: number | null }[] };
  assert.ok(report.failures.length >= 1);
  assert.ok(report.failures.every((f) => f.child !== null && typeof f.row === 'number'));
});

test('hearth validate cin: usage errors and unreadable files are one clear line, never a stack trace', () => {
  const usage = run();
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: hearth validate cin/);
  const missing = run(join(dir, 'nope.xml'));
  assert.equal(missing.status, 1);
  assert.match(missing.stdout, /cannot be read: no such file/);
  assert.doesNotMatch(missing.stdout + missing.stderr, /\n\s+at /);
  const badYear = run(join(dir, 'nope.xml'), '--year', 'soon');
  assert.equal(badYear.status, 2);
});
