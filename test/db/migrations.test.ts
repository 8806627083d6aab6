import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest, migrations } from '../../src/db/migrate.ts';
import { freshDatabase } from '../helpers/db.ts';

let h: DatabaseHandle;
before(async () => {
  h = await freshDatabase({ migrate: false });
});
after(async () => h.close());

test('migrations run forward on an empty database, and re-running is a no-op', async () => {
  const first = await migrateToLatest(h.db);
  assert.deepEqual(first, Object.keys(migrations));
  const second = await migrateToLatest(h.db);
  assert.deepEqual(second, []);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'child'`.execute(h.db);
  assert.equal(rows[0]?.n, 1);
});

test('the audit table rejects UPDATE, DELETE and TRUNCATE', async () => {
  await h.db.insertInto('audit_event').values({ action: 'read', outcome: 'allowed', username: 't' }).execute();
  await assert.rejects(h.db.updateTable('audit_event').set({ outcome: 'denied' }).execute(), /append-only/);
  await assert.rejects(h.db.deleteFrom('audit_event').execute(), /append-only/);
  await assert.rejects(sql`truncate audit_event`.execute(h.db), /append-only/);
  const count = await h.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(count.n, 1);
});

test('dates come back as ISO strings and counts as numbers on either database', async () => {
  await h.db.insertInto('local_authority').values({ la_code: '999', name: 'Test', population_0_17: 10 }).execute();
  const child = await h.db.insertInto('child').values({
    la_code: '999', person_ref: 'T1', given_name: 'A', family_name: 'B', date_of_birth: '2015-03-31', sex: 'F', ethnicity: 'WBRI',
  }).returning(['id', 'date_of_birth']).executeTakeFirstOrThrow();
  assert.equal(child.date_of_birth, '2015-03-31');
  assert.equal(typeof child.id, 'number');
});

test('a child may not have two open care periods', async () => {
  const c = await h.db.selectFrom('child').select('id').executeTakeFirstOrThrow();
  await h.db.insertInto('care_period').values({ child_id: c.id, la_code: '999', start_date: '2020-01-01' }).execute();
  await assert.rejects(h.db.insertInto('care_period').values({ child_id: c.id, la_code: '999', start_date: '2021-01-01' }).execute());
});
