import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery } from 'kysely';
import { generateBorough } from '../../src/synth/generate.ts';
import { loadBorough } from '../../src/synth/load.ts';
import { parseSynthOptions, runSynth, seedIfEmpty } from '../../src/cli/commands/synth.ts';
import { CliError } from '../../src/cli/command.ts';
import { verifyPassword } from '../../src/services/passwords.ts';
import { freshDatabase } from '../helpers/db.ts';

const AS_OF = '2026-06-30';

test('loads a borough with counts matching the generated rows, and ids continue after it', async () => {
  const b = generateBorough({ size: 'small', years: 1, seed: 3, asOf: AS_OF, scale: 0.15 });
  const h = await freshDatabase();
  try {
    const r = await loadBorough(h.db, b);
    for (const [table, rows] of Object.entries(b.tables)) {
      const q = await h.db.executeQuery<{ n: number }>(CompiledQuery.raw(`select count(*)::int as n from ${table}`));
      assert.equal(q.rows[0]!.n, rows.length, table);
      assert.equal(r.counts[table], rows.length);
    }
    const dis = await h.db.executeQuery<{ n: number }>(CompiledQuery.raw(`select count(*)::int as n from child where cardinality(disabilities) > 0`));
    assert.equal(dis.rows[0]!.n, b.tables.child.filter((c) => c.disabilities !== '').length, 'text[] columns split');
    const inserted = await h.db.insertInto('local_authority').values({ la_code: '999', name: 'Test', population_0_17: 1 }).execute();
    assert.ok(inserted);
    const team = await h.db.insertInto('team').values({ la_code: '999', name: 'New', kind: 'service' }).returning('id').executeTakeFirstOrThrow();
    assert.equal(team.id, b.tables.team.length + 1, 'identity sequence moved past loaded ids');
  } finally {
    await h.close();
  }
});

test('runSynth refuses a non-empty database unless replacing, and creates demo accounts', async () => {
  const h = await freshDatabase();
  try {
    const opts = { size: 'small' as const, years: 1, seed: 9, asOf: AS_OF, scale: 0.1 };
    const first = await seedIfEmpty(h.db, opts);
    assert.ok(first);
    assert.equal(first.accounts.length, 12);
    assert.equal(await seedIfEmpty(h.db, opts), null, 'second start-up does nothing');
    await assert.rejects(runSynth(h.db, opts), (e: unknown) => e instanceof CliError && /--replace/.test((e as Error).message));
    const again = await runSynth(h.db, { ...opts, replace: true });
    const n = await h.db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), again.counts.child);
    // The practitioner holds open allocations; the team manager manages that team.
    const prac = await h.db.selectFrom('user_account').innerJoin('user_role', 'user_role.user_id', 'user_account.id')
      .select(['user_account.staff_id', 'user_role.team_id', 'user_account.password_hash']).where('username', '=', 'practitioner').executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(prac.password_hash, 'hearth-demo-9'));
    const open = await h.db.selectFrom('allocation').select((eb) => eb.fn.countAll<number>().as('n')).where('staff_id', '=', prac.staff_id!).where('end_date', 'is', null).executeTakeFirstOrThrow();
    assert.ok(Number(open.n) > 0);
    const tm = await h.db.selectFrom('user_account').innerJoin('staff', 'staff.id', 'user_account.staff_id').select(['staff.team_id']).where('username', '=', 'team-manager').executeTakeFirstOrThrow();
    assert.equal(tm.team_id, prac.team_id);
    const cc = await h.db.selectFrom('user_role').select(['la_code']).where('role', '=', 'council_commissioner').executeTakeFirstOrThrow();
    assert.equal(cc.la_code, '872');
  } finally {
    await h.close();
  }
});

test('CLI options are validated with one-line errors', () => {
  assert.throws(() => parseSynthOptions({ size: 'medium' }), (e: unknown) => e instanceof CliError && /unknown size/.test((e as Error).message));
  assert.throws(() => parseSynthOptions({ seed: 'abc' }), CliError);
  assert.throws(() => parseSynthOptions({ seed: '99999999999' }), CliError);
  assert.throws(() => parseSynthOptions({ years: '0' }), CliError);
  assert.throws(() => parseSynthOptions({ councils: '87,318' }), CliError);
  assert.throws(() => parseSynthOptions({ 'as-of': '2026-02-30' }), CliError);
  assert.deepEqual(parseSynthOptions({ size: 'large', years: '5', seed: '7', councils: '318,314' }), { size: 'large', years: 5, seed: 7, councils: ['318', '314'] });
});
