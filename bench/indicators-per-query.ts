/**
 * Benchmark (issue 6): the database execution time of each indicator's query for one date (every team, worker,
 * council and the service, as the full recompute runs them), from EXPLAIN (ANALYZE) with JIT off as the app runs
 * it: best of --runs per indicator, and the sum. Execution time is server-side time for one backend, so it is far
 * less sensitive to a shared machine's load than wall time. Also prints a checksum of every indicator's figures
 * (to compare query rewrites: the same checksum means the same numerators, denominators, medians and record
 * counts at every level) and, with --values, the figures themselves.
 *   node --import tsx bench/indicators-per-query.ts [--db hearth_bench_large] [--as-of 2026-03-31] [--runs 3]
 *        [--only id,id] [--values]
 * The database is one loaded by bench/indicators.ts --db NAME (on BENCH_DATABASE_URL's server, default
 * postgres://postgres@127.0.0.1:55499).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql, type CompiledQuery } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { INDICATORS } from '../src/domain/indicators/index.ts';
import { computeIndicator, computeIndicators, familyQuery, indicatorQuery, withoutJit } from '../src/services/indicators/compute.ts';
import { FAMILIES } from '../src/services/indicators/queries.ts';

const { values } = parseArgs({
  options: { db: { type: 'string' }, 'as-of': { type: 'string' }, runs: { type: 'string' }, only: { type: 'string' }, values: { type: 'boolean' } },
});
const dbName = values.db ?? 'hearth_bench_large';
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`--db must be a plain lower-case name, got ${dbName}`);
const asAt = values['as-of'] ?? '2026-03-31';
const runs = Math.max(1, Number(values.runs ?? 3));
const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55499/postgres');
url.pathname = `/${dbName}`;
const ids = values.only ? values.only.split(',') : INDICATORS.map((i) => i.id);

/** CPU seconds used so far by the PostgreSQL backends of this database (server on this machine, read from /proc). */
async function serverCpu(h: DatabaseHandle): Promise<number> {
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(h.db);
  let ticks = 0;
  for (const { pid } of r.rows) {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return ticks / 100;
}

/** Best of `runs` by wall time: wall ms and the database backends' CPU ms of fn. */
async function measured(h: DatabaseHandle, fn: () => Promise<unknown>) {
  let best = { wall: Infinity, db: 0 };
  for (let r = 0; r < runs; r++) {
    await computeIndicators(h.db, ['referrals', 'contacts'], { asAt }); // both pooled connections open, so their backends are counted
    const s0 = await serverCpu(h);
    const t0 = performance.now();
    await fn();
    const wall = performance.now() - t0;
    const db = ((await serverCpu(h)) - s0) * 1000;
    if (wall < best.wall) best = { wall, db };
  }
  return `wall ${best.wall.toFixed(0)} ms, database CPU ${best.db.toFixed(0)} ms (best of ${runs} by wall)`;
}

const h = await openDatabase({ url: url.toString() });
try {
  console.log(`database ${dbName}, as at ${asAt}, best of ${runs}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  let total = 0;
  const all = createHash('sha256');
  const alone = new Map<string, number>();
  const sums = new Map<string, string>();
  const checksum = (figures: Awaited<ReturnType<typeof computeIndicator>>) => {
    const lines = figures.flatMap((p) => p.groups.map((g) => [p.periodEnd, g.level, g.laCode, g.teamId, g.staffId, g.numerator, g.denominator, g.median, g.records].join('|'))).sort();
    return { lines, sum: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12) };
  };
  const explainMs = async (q: CompiledQuery) => {
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
      const plan = await withoutJit(h.db, (trx) => trx.executeQuery<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>({ ...q, sql: `explain (analyze, format json) ${q.sql}` }));
      best = Math.min(best, plan.rows[0]!['QUERY PLAN'][0]['Execution Time']);
    }
    return best;
  };
  for (const id of ids) {
    const o = { asAt, detail: true };
    const best = await explainMs(indicatorQuery(id, o).compile(h.db));
    total += best;
    alone.set(id, best);
    const figures = await computeIndicator(h.db, id, o);
    const { lines, sum } = checksum(figures);
    sums.set(id, sum);
    all.update(`${id}:${sum}\n`);
    const service = figures[0]!.groups.find((g) => g.level === 'service');
    console.log(`${id.padEnd(28)} ${best.toFixed(1).padStart(8)} ms  rows ${String(lines.length).padStart(5)}  checksum ${sum}  service ${service ? `${service.numerator}/${service.denominator} median ${service.median} n ${service.records}` : '-'}`);
    if (values.values) for (const l of lines) console.log(`  ${l}`);
  }
  console.log(`total, one query per indicator (sum of best execution times) ${total.toFixed(0)} ms; all checksums ${all.digest('hex').slice(0, 12)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  // The full recompute as computeIndicators runs it: a family's members asked for together share one query.
  let recompute = 0;
  const inFamily = new Set<string>();
  for (const fam of FAMILIES) {
    const members = fam.ids.filter((id) => ids.includes(id));
    if (members.length < 2) continue;
    for (const id of members) inFamily.add(id);
    const best = await explainMs(familyQuery(fam, { asAt, detail: true }).compile(h.db));
    recompute += best;
    const sep = members.reduce((a, id) => a + alone.get(id)!, 0);
    console.log(`family ${fam.ids.join(' + ')}: ${best.toFixed(1)} ms (alone ${sep.toFixed(1)} ms)`);
  }
  for (const id of ids) if (!inFamily.has(id)) recompute += alone.get(id)!;
  const together = await computeIndicators(h.db, ids, { asAt, detail: true });
  const differ = ids.filter((id, k) => checksum(together[k]!).sum !== sums.get(id));
  const o = { asAt, detail: true };
  const oneEach = await measured(h, async () => {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < ids.length; i = next++) await computeIndicator(h.db, ids[i]!, o);
    };
    await Promise.all([worker(), worker()]);
  });
  const shared = await measured(h, () => computeIndicators(h.db, ids, o));
  console.log(`full recompute, one query per indicator, 2 at a time: ${oneEach}`);
  console.log(`full recompute, computeIndicators (families shared), 2 at a time: ${shared}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`full recompute as computeIndicators runs it: sum of best execution times ${recompute.toFixed(0)} ms; figures ${differ.length ? `DIFFER from each indicator alone: ${differ.join(', ')}` : 'identical to each indicator alone'}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await h.close();
}
