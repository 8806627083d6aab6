/**
 * Opens Hearth's database: a PostgreSQL server when a URL is given, otherwise
 * embedded PGlite (in a data folder, or in memory for tests). Both speak the
 * same SQL and run the same migrations; values come back in the same shapes
 * (dates as 'YYYY-MM-DD' strings, bigint counts as numbers).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import { UserFacingError } from '../errors.ts';

export type Db = Kysely<Database>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** The embedded engine, when kind is 'pglite'. */
  pglite?: PGlite;
}

export interface OpenOptions {
  /** postgres:// URL of a server. */
  url?: string | undefined;
  /** Folder for embedded PGlite; ignored when `url` is set. Omit both for in-memory PGlite. */
  dataDir?: string | undefined;
  /** Pool size for a server connection. */
  poolSize?: number;
  /** For in-memory PGlite: start from this dump of a data folder (see PGlite.dumpDataDir). */
  pgliteSnapshot?: Blob | undefined;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export class DatabaseUnavailableError extends UserFacingError {}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPGlite(options.dataDir, options.pgliteSnapshot);
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === DATE_OID) return (v: string) => v;
      if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  } as unknown as typeof pg.types;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5000 });
  // An idle connection that the server closes (a restart, a failover) must not crash the process: the pool
  // drops it and opens a new one when next needed.
  pool.on('error', (err) => console.warn(`database connection lost while idle: ${err.message}`));
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`cannot reach the database at ${redactUrl(url)}: ${(err as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function openPGlite(dataDir: string | undefined, snapshot: Blob | undefined): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(snapshot && !dataDir ? { loadDataDir: snapshot } : {}),
    extensions: { pg_trgm },
    parsers: {
      [DATE_OID]: (v: string) => v,
      [INT8_OID]: (v: string) => Number(v),
      [NUMERIC_OID]: (v: string) => Number(v),
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy(), pglite: client };
}

/** Hides the password in a connection URL so it can be shown in an error. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
