/**
 * Benchmark: recompute every indicator for every team, worker, council and the
 * whole service on a `large` synthetic borough with 5 years of history, on
 * PostgreSQL (a fresh database on BENCH_DATABASE_URL's server, default
 * postgres://postgres@127.0.0.1:55499/postgres) and on PGlite. Target: under 1
 * second on PostgreSQL. Also times each dashboard's 24-month trends (target 2 s),
 * prints the service-level values beside the generator's own measures, and
 * EXPLAIN ANALYZE of the slowest indicator. Wall times come with this process's
 * CPU and, for a server on this machine, the database backends' CPU (/proc), and
 * the load average, as the machine may be shared.
 *   node --import tsx bench/indicators.ts [--size large] [--years 5] [--seed 1] [--as-of 2026-03-31] [--runs 3]
 *        [--db NAME] [--no-pglite] [--no-postgres] [--pglite-dir DIR]
 * --db NAME keeps the loaded borough in database NAME on the server and reuses it on later runs (loading
 * `large` takes minutes): if NAME exists it is only migrated to the latest version, not reloaded, and the
 * generator's measures are then not printed beside the values (the borough is not regenerated).
 * --pglite-dir DIR does the same for PGlite: the borough is loaded into the folder DIR once and reused
 * (otherwise PGlite runs in memory and is loaded each time).
 * --no-postgres / --no-pglite skip an engine.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { AREAS, INDICATORS, indicatorValue, indicatorsInArea } from '../src/domain/indicators/index.ts';
import { computeIndicator, computeIndicators, indicatorQuery, populations, serviceFigure, withoutJit } from '../src/services/indicators/compute.ts';
import { trendOptions } from '../src/services/indicators/performance.ts';
import { generateBorough, type SynthSize } from '../src/synth/generate.ts';
import { loadBorough } from '../src/synth/load.ts';
import { measure } from '../src/synth/measures.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, 'no-pglite': { type: 'boolean' },
    'no-postgres': { type: 'boolean' }, 'pglite-dir': { type: 'string' }, runs: { type: 'string' }, db: { type: 'string' },
  },
});
const size = (values.size ?? 'large') as SynthSize;
const years = Number(values.years ?? 5);
const seed = Number(values.seed ?? 1);
const asOf = values['as-of'] ?? '2026-03-31';
const runs = Number(values.runs ?? 3);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55499/postgres';

const ms = (t: number) => `${t.toFixed(0)} ms`;

/**
 * The generator records each team's establishment (src/synth/generate.ts). A borough loaded by an older generator
 * (a reused --db or --pglite-dir) has none: give it 1.2 × the social-worker FTE in post at asOf per team, as before.
 */
async function addEstablishment(h: DatabaseHandle) {
  const n = await sql<{ n: number }>`select count(*)::int as n from team_establishment`.execute(h.db);
  if (Number(n.rows[0]!.n) > 0) return;
  console.log('no establishment recorded (borough from an older generator): adding 1.2 × FTE in post per team');
  await sql`insert into team_establishment (team_id, effective_from, social_worker_fte)
    select s.team_id, '2000-01-01', round(sum(s.fte) * 1.2, 2) from staff s
    where s.is_social_worker and s.team_id is not null and s.start_date <= ${asOf} and (s.leave_date is null or s.leave_date > ${asOf})
    group by s.team_id`.execute(h.db);
}

/**
 * CPU seconds (user + system) used so far by the PostgreSQL backends serving this database (the server is on
 * this machine: read from /proc), or null when they cannot be read (remote server, PGlite).
 */
async function serverCpu(h: DatabaseHandle): Promise<number | null> {
  if (h.kind !== 'postgres') return null;
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(h.db);
  let ticks = 0;
  for (const { pid } of r.rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      return null;
    }
  }
  return ticks / 100; // USER_HZ
}

/** Wall time, this process's CPU and the database backends' CPU of fn. */
async function measured(h: DatabaseHandle, fn: () => Promise<unknown>) {
  await computeIndicator(h.db, 'referrals', { asAt: asOf }); // open the pool's connections first, so their backends are counted
  const c0 = process.cpuUsage();
  const s0 = await serverCpu(h);
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const s1 = await serverCpu(h);
  return { wall, node: (c.user + c.system) / 1000, server: s0 === null || s1 === null ? null : (s1 - s0) * 1000 };
}

const cpuText = (m: { node: number; server: number | null }) => `node CPU ${ms(m.node)}${m.server === null ? '' : `, database CPU ${ms(m.server)}`}`;

/** Every indicator for the service, councils, teams and workers at asOf (the full recompute), `concurrency` queries at a time. */
async function timeAll(h: DatabaseHandle, label: string, concurrency: number) {
  const perIndicator = new Map<string, number>();
  const results: Awaited<ReturnType<typeof measured>>[] = [];
  for (let r = 0; r < runs; r++) {
    results.push(await measured(h, async () => {
      if (concurrency > 1) return computeIndicators(h.db, INDICATORS.map((d) => d.id), { asAt: asOf, detail: true }, concurrency);
      for (const d of INDICATORS) {
        const s = performance.now();
        await computeIndicator(h.db, d.id, { asAt: asOf, detail: true });
        perIndicator.set(d.id, Math.min(perIndicator.get(d.id) ?? Infinity, performance.now() - s));
      }
    }));
  }
  const best = results.reduce((a, b) => (b.wall < a.wall ? b : a));
  console.log(`${label}: every indicator (${INDICATORS.length}) for service, councils, teams and workers, period ending ${asOf}: runs ${results.map((x) => ms(x.wall)).join(', ')}; best ${ms(best.wall)} (${cpuText(best)}); load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  return { perIndicator, best };
}

/**
 * Each dashboard's 24-month trends, as getDashboard runs them (trendOptions): service and councils, as a head of
 * service sees them; a team manager's (their team's rows only, rates per 10,000 at service level), for the team with
 * the most allocations in its council; and, for comparison, the team and worker rows of every team, which is what a
 * team manager's dashboards computed before the team filter (issue #6).
 */
async function timeTrends(h: DatabaseHandle, label: string, concurrency: number) {
  const big = await h.db.selectFrom('allocation as a').innerJoin('team as t', 't.id', 'a.team_id')
    .select(['t.id', 't.la_code', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['t.id', 't.la_code']).orderBy('n', 'desc').orderBy('t.id').executeTakeFirst();
  const scopes = [
    { what: 'service and councils', scope: { laCodes: null, teamIds: null } },
    ...(big ? [{ what: `team manager (one team, ${big.n} allocations, council ${big.la_code})`, scope: { laCodes: [big.la_code], teamIds: [Number(big.id)] } }] : []),
  ];
  for (const { what, scope } of [...scopes, { what: 'with team and worker rows for every team (what a team manager ran before issue #6)', scope: null }]) {
    const parts: string[] = [];
    let total = 0;
    for (const area of AREAS) {
      const defs = indicatorsInArea(area.id);
      const options = scope ? trendOptions(scope, defs, asOf) : { asAt: asOf, months: 24, detail: true };
      const m = await measured(h, () => computeIndicators(h.db, defs.map((d) => d.id), options, concurrency));
      total += m.wall;
      parts.push(`${area.slug} ${ms(m.wall)} (${cpuText(m)})`);
    }
    console.log(`${label}: 24-month trends per dashboard, ${what}, ${concurrency} at a time: ${parts.join('; ')}; all ${INDICATORS.length}: ${ms(total)}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  }
}

async function explainSlowest(h: DatabaseHandle, perIndicator: Map<string, number>) {
  const slowest = [...perIndicator.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`slowest five: ${slowest.slice(0, 5).map(([id, t]) => `${id} ${ms(t)}`).join(', ')}`);
  const [id] = slowest[0]!;
  const q = indicatorQuery(id, { asAt: asOf, detail: true }).compile(h.db);
  const plan = await withoutJit(h.db, (trx) => trx.executeQuery({ ...q, sql: `explain (analyze, buffers) ${q.sql}` }));
  console.log(`EXPLAIN ANALYZE of ${id} (jit off, as the app runs it):`);
  for (const row of plan.rows as unknown as Record<string, string>[]) console.log(`  ${Object.values(row)[0]}`);
}

async function values_(h: DatabaseHandle, b: ReturnType<typeof generateBorough> | null) {
  const pops = await populations(h.db);
  const pop = [...pops.values()].reduce((a, x) => a + x, 0);
  if (!b) {
    console.log(`values at ${asOf} (service level):`);
    for (const d of INDICATORS) {
      const [p] = await computeIndicator(h.db, d.id, { asAt: asOf });
      const f = serviceFigure(p!);
      const v = indicatorValue(d, f, pop);
      console.log(`  ${d.id.padEnd(26)} ${v === null ? 'no data' : v.toFixed(1).padStart(8)}   (${f.numerator.toFixed(1)} / ${f.denominator.toFixed(1)})`);
    }
    return;
  }
  const m = measure(b);
  console.log(`values at ${asOf} (service level) beside the generator's measures for year ending ${m.yearEnd}:`);
  const compare: Record<string, string> = {
    referrals: `referrals ${m.referrals}`, 'cin-rate': `CIN ${m.cin} = ${((10000 * m.cin) / pop).toFixed(1)}/10k`, 'cp-rate': `CP ${m.cp} = ${((10000 * m.cp) / pop).toFixed(1)}/10k`,
    'cla-rate': `CLA ${m.cla} = ${((10000 * m.cla) / pop).toFixed(1)}/10k`, 're-referrals-12m': `${(100 * m.reReferralRate).toFixed(1)}%`,
    'assessments-45wd': `${(100 * m.assessmentsWithin45).toFixed(1)}%`, 'icpc-15wd': `${(100 * m.icpcWithin15).toFixed(1)}%`, 'cp-repeat': `${(100 * m.repeatCpRate).toFixed(1)}%`,
    'cla-3-placements': `${(100 * m.cla3PlusPlacements).toFixed(1)}%`, 'cla-stability': `${(100 * m.longTermStability).toFixed(1)}%`,
    'cla-health-assessments': `${(100 * m.healthAssessments).toFixed(1)}%`, 'cla-dental': `${(100 * m.dentalChecks).toFixed(1)}%`,
    'agency-rate': `${(100 * m.agencyRate).toFixed(1)}%`, caseload: m.caseload.toFixed(1), turnover: `${(100 * m.swTurnover).toFixed(1)}%`,
    'vacancy-rate': `${(100 * m.vacancyRate).toFixed(1)}%`,
  };
  for (const d of INDICATORS) {
    const [p] = await computeIndicator(h.db, d.id, { asAt: asOf });
    const f = serviceFigure(p!);
    const v = indicatorValue(d, f, pop);
    console.log(`  ${d.id.padEnd(26)} ${v === null ? 'no data' : v.toFixed(1).padStart(8)}   (${f.numerator.toFixed(1)} / ${f.denominator.toFixed(1)})${compare[d.id] ? `   generator: ${compare[d.id]}` : ''}`);
  }
}

async function runPostgres(h: DatabaseHandle, b: ReturnType<typeof generateBorough> | null) {
  const { perIndicator } = await timeAll(h, 'postgres (sequential, 1 query at a time)', 1);
  await timeAll(h, 'postgres (2 queries at a time, as the dashboards and report run them)', 2);
  await timeTrends(h, 'postgres', 2);
  await values_(h, b);
  await explainSlowest(h, perIndicator);
}

async function main() {
  const keep = values.db;
  if (keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error(`--db must be a plain lower-case name, got ${keep}`);
  const pgliteDir = values['pglite-dir'];
  const pgliteReuse = pgliteDir !== undefined && existsSync(`${pgliteDir}/PG_VERSION`);
  const wantPostgres = !values['no-postgres'];
  const wantPglite = !values['no-pglite'];
  const admin = wantPostgres ? new pg.Client({ connectionString: server }) : null;
  await admin?.connect();
  const reuse = admin !== null && keep !== undefined && (await admin.query('select 1 from pg_database where datname = $1', [keep])).rowCount === 1;
  let b: ReturnType<typeof generateBorough> | null = null;
  if ((wantPostgres && !reuse) || (wantPglite && !pgliteReuse)) {
    const t0 = performance.now();
    b = generateBorough({ size, years, seed, asOf });
    console.log(`generated ${size}/${years}y seed ${seed} as of ${asOf} in ${ms(performance.now() - t0)}`);
  }

  if (admin) {
    const name = keep ?? `hearth_bench_${randomBytes(4).toString('hex')}`;
    const url = new URL(server);
    url.pathname = `/${name}`;
    try {
      if (!reuse) await admin.query(`create database ${name}`);
      const h = await openDatabase({ url: url.toString() });
      await migrateToLatest(h.db);
      if (!reuse) {
        await loadBorough(h.db, b!);
        await addEstablishment(h);
      }
      await sql`analyze`.execute(h.db);
      console.log(reuse ? `postgres: reusing database ${name} (migrated, analyzed)` : `postgres: loaded${keep ? ` into ${name} (kept)` : ''}`);
      await runPostgres(h, reuse ? null : b);
      await h.close();
    } finally {
      // Let the pool's connections finish closing before the database is dropped (a forced drop kills them, and
      // an idle pg client that is killed emits an unhandled 'error' that ended an earlier run before PGlite).
      if (!keep) {
        await new Promise((r) => setTimeout(r, 1000));
        await admin.query(`drop database if exists ${name} with (force)`);
      }
      await admin.end();
    }
  }
  if (wantPglite) {
    const t0 = performance.now();
    const h = await openDatabase(pgliteDir ? { dataDir: pgliteDir } : {});
    await migrateToLatest(h.db);
    if (!pgliteReuse) {
      await loadBorough(h.db, b!);
      await addEstablishment(h);
    }
    await sql`analyze`.execute(h.db);
    console.log(`pglite (${pgliteDir ? `folder ${pgliteDir}` : 'in memory'}): ${pgliteReuse ? 'reused' : 'loaded'}, migrated and analyzed in ${ms(performance.now() - t0)}`);
    const { perIndicator } = await timeAll(h, 'pglite', 1);
    await timeTrends(h, 'pglite', 1);
    await explainSlowest(h, perIndicator);
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
