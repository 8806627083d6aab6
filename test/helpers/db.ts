/**
 * Test databases. Each call gives a fresh, migrated, empty database:
 * in-memory PGlite by default, or a new database on the PostgreSQL server
 * named by TEST_DATABASE_URL (dropped again by `close`). The suite runs once
 * on each (scripts/test.sh).
 *
 * Creating and migrating a PGlite database takes seconds, so the migrated
 * PGlite data folder is dumped once to the temp folder (keyed by the
 * migrations' source) and each fresh database starts from that dump.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const serverUrl = process.env.TEST_DATABASE_URL || undefined;
export const testDatabaseKind = serverUrl ? 'postgres' : 'pglite';

const migrationsDir = new URL('../../src/db/migrations/', import.meta.url);

function migrationsKey(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsDir).sort()) h.update(f).update(readFileSync(new URL(f, migrationsDir)));
  h.update(readFileSync(new URL('../../src/db/migrate.ts', import.meta.url)));
  h.update(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)));
  return h.digest('hex').slice(0, 16);
}

async function migratedSnapshot(): Promise<Blob> {
  const file = join(tmpdir(), `hearth-test-pglite-${migrationsKey()}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const h = await openDatabase();
  await migrateToLatest(h.db);
  const blob = await h.pglite!.dumpDataDir('none');
  await h.close();
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  renameSync(partial, file);
  return blob;
}

export async function freshDatabase(options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const migrate = options.migrate !== false;
  if (!serverUrl) {
    const handle = await openDatabase({ pgliteSnapshot: migrate ? await migratedSnapshot() : undefined });
    if (migrate) await migrateToLatest(handle.db); // a no-op unless the snapshot is stale
    return handle;
  }
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const inner = await openDatabase({ url: url.toString(), poolSize: 4 });
  const handle: DatabaseHandle = {
    ...inner,
    async close() {
      await inner.close();
      // pg's Pool.end() resolves before its sockets have closed; dropping the database "with (force)" at that
      // moment would terminate them mid-close and surface as an uncaught error. Wait for them to go first.
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      for (let i = 0; i < 100; i++) {
        const { rows } = await a.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
  if (migrate) await migrateToLatest(handle.db);
  return handle;
}
