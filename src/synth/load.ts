/**
 * Loads a generated borough into PostgreSQL or PGlite in one transaction.
 * Each table is inserted in chunks with one array parameter per column:
 *   insert into t (a, b) select * from unnest($1::bigint[], $2::date[])
 * which is fast on both databases. text[] columns travel as comma-joined
 * text and are split in SQL. Identity sequences are moved past the loaded ids.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SynthBorough } from './generate.ts';
import { TABLE_COLUMNS, TABLE_ORDER, type TableName } from './tables.ts';

export interface LoadResult {
  counts: Record<string, number>;
  milliseconds: number;
}

const CHUNK = 20_000;

/** Every table the generator fills, plus the ones that hang off them (for --replace). */
export const CASE_TABLES = [...TABLE_ORDER, 'child_access_grant', 'user_role', 'user_session', 'user_account'] as const;

export async function loadBorough(db: Db, borough: SynthBorough): Promise<LoadResult> {
  const t0 = performance.now();
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    // The generator's rows are consistent by construction (tests check it),
    // so foreign-key triggers are skipped for the bulk load when the role may
    // do so (superuser); otherwise they run as normal.
    await trx.executeQuery(CompiledQuery.raw('savepoint synth_fast'));
    try {
      await trx.executeQuery(CompiledQuery.raw('set local session_replication_role = replica'));
      await trx.executeQuery(CompiledQuery.raw('release savepoint synth_fast'));
    } catch {
      await trx.executeQuery(CompiledQuery.raw('rollback to savepoint synth_fast'));
    }
    for (const table of TABLE_ORDER) {
      counts[table] = await insertTable(trx, table, borough.tables[table]);
    }
    for (const table of TABLE_ORDER) {
      if (!('id' in TABLE_COLUMNS[table])) continue;
      await trx.executeQuery(
        CompiledQuery.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`),
      );
    }
  });
  return { counts, milliseconds: performance.now() - t0 };
}

async function insertTable(trx: Transaction<any>, table: TableName, rows: Record<string, unknown>[]): Promise<number> {
  const spec = TABLE_COLUMNS[table] as Record<string, string>;
  const cols = Object.keys(spec);
  const params = cols.map((c, i) => {
    const type = spec[c]!;
    return `$${i + 1}::${type === 'text[]' ? 'text' : type}[]`;
  });
  const select = cols.map((c) => (spec[c] === 'text[]' ? `coalesce(string_to_array(u.${c}, ','), '{}')` : `u.${c}`));
  const text = `insert into ${table} (${cols.join(', ')}) select ${select.join(', ')} from unnest(${params.join(', ')}) as u(${cols.join(', ')})`;
  for (let from = 0; from < rows.length; from += CHUNK) {
    const chunk = rows.slice(from, from + CHUNK);
    const arrays = cols.map((c) => chunk.map((r) => (r[c] === undefined ? null : r[c])));
    await trx.executeQuery(CompiledQuery.raw(text, arrays));
  }
  return rows.length;
}

/** Number of children already recorded. */
export async function countChildren(db: Kysely<any>): Promise<number> {
  const r = await db.executeQuery<{ n: number }>(CompiledQuery.raw('select count(*)::int as n from child'));
  return r.rows[0]?.n ?? 0;
}

/**
 * Empties every case table, the councils, teams and staff, and the user
 * accounts (which may point at staff). The audit trail is append-only and
 * is left alone.
 */
export async function emptyCaseTables(db: Db): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(`truncate table ${CASE_TABLES.join(', ')} restart identity cascade`));
}
