import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function hearth(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/hearth.mjs', 'synth', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

test('bad input gives one clear line and a non-zero exit, never a stack trace', () => {
  for (const [args, env, pattern] of [
    [['--size', 'medium'], {}, /unknown size "medium"/],
    [['--seed', 'x1'], {}, /--seed must be a whole number/],
    [['--size', 'small', '--years', '1'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, /cannot reach the database/],
    [['--size', 'small', '--years', '1', '--replace'], { NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SESSION_SECRET: 'x'.repeat(40) }, /refused when NODE_ENV=production/],
  ] as const) {
    const r = hearth([...args], env);
    assert.notEqual(r.status, 0);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});
