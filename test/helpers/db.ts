/**
 * Test databases. Each call gives a fresh, migrated, empty database:
 * in-memory PGlite by default, or a new database on the PostgreSQL server
 * named by TEST_DATABASE_URL (dropped again by `close`). The suite runs once
 * on each (scripts/test.sh).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const serverUrl = process.env.TEST_DATABASE_URL || undefined;
export const testDatabaseKind = serverUrl ? 'postgres' : 'pglite';

export async function freshDatabase(options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (!serverUrl) {
    handle = await openDatabase();
  } else {
    const name = `hearth_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const inner = await openDatabase({ url: url.toString(), poolSize: 4 });
    handle = {
      ...inner,
      async close() {
        await inner.close();
        const a = new pg.Client({ connectionString: serverUrl });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return handle;
}
