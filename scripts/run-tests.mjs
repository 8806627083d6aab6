#!/usr/bin/env node
// Runs every *.test.ts under test/ with Node's built-in test runner (through tsx).
// Usage: node scripts/run-tests.mjs [path-filter ...]
// The database: embedded PGlite, or the PostgreSQL server named by TEST_DATABASE_URL.
// For a developer's own server, HEARTH_TEST_PGPORT=N stands for
// TEST_DATABASE_URL=postgres://postgres@127.0.0.1:N/postgres when TEST_DATABASE_URL is
// not set at all (scripts/test.sh sets it, empty for the PGlite pass).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = find('test').filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (process.env.TEST_DATABASE_URL === undefined && process.env.HEARTH_TEST_PGPORT) {
  process.env.TEST_DATABASE_URL = `postgres://postgres@127.0.0.1:${process.env.HEARTH_TEST_PGPORT}/postgres`;
}
console.log(`# database: ${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}`);
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
