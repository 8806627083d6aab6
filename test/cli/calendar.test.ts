import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.ts';

/** Runs `hearth …` in-process, capturing what it prints. */
async function hearth(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('hearth calendar add-working-days prints an ISO date', async () => {
  assert.deepEqual(await hearth('calendar', 'add-working-days', '2024-12-20', '5'), { code: 0, out: '2024-12-31', err: '' });
  assert.deepEqual(await hearth('calendar', 'add-working-days', '2024-11-01', '45'), { code: 0, out: '2025-01-08', err: '' });
  assert.deepEqual(await hearth('calendar', 'add-working-days', '2024-12-31', '-5'), { code: 0, out: '2024-12-20', err: '' });
});

test('hearth calendar working-days-between prints a number', async () => {
  assert.deepEqual(await hearth('calendar', 'working-days-between', '2024-12-20', '2025-01-02'), { code: 0, out: '6', err: '' });
  assert.deepEqual(await hearth('calendar', 'working-days-between', '2025-01-02', '2024-12-20'), { code: 0, out: '-6', err: '' });
});

test('hearth calendar is-working-day and bank-holidays', async () => {
  assert.equal((await hearth('calendar', 'is-working-day', '2023-05-08')).out, 'no');
  assert.equal((await hearth('calendar', 'is-working-day', '2023-05-09')).out, 'yes');
  const { out } = await hearth('calendar', 'bank-holidays', '2023');
  assert.equal(out.split('\n').length, 9);
  assert.match(out, /^2023-05-08 {2}Coronation of King Charles III$/m);
});

test('bad input is one clear line and a non-zero exit', async () => {
  const cases: [string[], RegExp][] = [
    [['add-working-days', '2024-02-30', '1'], /^hearth calendar: date must be a real date written YYYY-MM-DD/],
    [['add-working-days', '2024-02-01', 'ten'], /^hearth calendar: N must be a whole number/],
    [['add-working-days', '2024-02-01'], /takes 2 arguments/],
    [['working-days-between', '1999-12-01', '2000-01-10'], /outside the working-day calendar/],
    [['fortnight'], /unknown sub-command "fortnight"/],
    [[], /expected a sub-command/],
    [['add-working-days', '--days', '3'], /Unknown option/],
  ];
  for (const [args, message] of cases) {
    const r = await hearth('calendar', ...args);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.out, '');
    assert.match(r.err, message);
    assert.equal(r.err.split('\n').length, 1);
  }
});

test('the installed command prints the same (node bin/hearth.mjs)', () => {
  const r = spawnSync(process.execPath, ['bin/hearth.mjs', 'calendar', 'add-working-days', '2025-04-17', '1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '2025-04-22\n');
});
