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
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createScratchDatabase } from '../../src/db/scratch.ts';
import { seedFixtures, type Fixtures } from './fixtures.ts';

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
  const scratch = await createScratchDatabase(serverUrl, 'hearth_test');
  const inner = await openDatabase({ url: scratch.url, poolSize: 4 });
  const handle: DatabaseHandle = {
    ...inner,
    async close() {
      await inner.close();
      await scratch.drop();
    },
  };
  if (migrate) await migrateToLatest(handle.db);
  return handle;
}

/** A fresh database with the hand-made fixtures (test/helpers/fixtures.ts) seeded. */
export async function freshFixtureDatabase(): Promise<{ h: DatabaseHandle; f: Fixtures }> {
  const h = await freshDatabase();
  return { h, f: await seedFixtures(h.db) };
}
