/**
 * Benchmark: recompute every indicator for every team, worker, council and the
 * whole service on a `large` synthetic borough with 5 years of history, on
 * PostgreSQL (a fresh database on BENCH_DATABASE_URL's server, default
 * postgres://postgres@127.0.0.1:55499/postgres) and on in-memory PGlite.
 * Target: under 1 second on PostgreSQL. Also times the 24-month trends, prints
 * the service-level values beside the generator's own measures, and EXPLAIN
 * ANALYZE of the slowest indicator.
 *   node --import tsx bench/indicators.ts [--size large] [--years 5] [--seed 1] [--as-of 2026-03-31] [--no-pglite] [--runs 3] [--db NAME]
 * --db NAME keeps the loaded borough in database NAME on the server and reuses it on later runs (loading
 * `large` takes minutes): if NAME exists it is only migrated to the latest version, not reloaded, and the
 * generator's measures are then not printed beside the values (the borough is not regenerated).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { INDICATORS, indicatorValue } from '../src/domain/indicators/index.ts';
import { computeIndicator, indicatorQuery, populations, serviceFigure, withoutJit } from '../src/services/indicators/compute.ts';
import { generateBorough, type SynthSize } from '../src/synth/generate.ts';
import { loadBorough } from '../src/synth/load.ts';
import { measure } from '../src/synth/measures.ts';

const { values } = parseArgs({ options: { size: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, 'no-pglite': { type: 'boolean' }, runs: { type: 'string' }, db: { type: 'string' } } });
const size = (values.size ?? 'large') as SynthSize;
const years = Number(values.years ?? 5);
const seed = Number(values.seed ?? 1);
const asOf = values['as-of'] ?? '2026-03-31';
const runs = Number(values.runs ?? 3);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55499/postgres';

const ms = (t: number) => `${t.toFixed(0)} ms`;

/** Synthetic establishment for the vacancy rate (the generator records none): 1.2 × social-worker FTE in post at asOf, per team. */
async function addEstablishment(h: DatabaseHandle) {
  await sql`insert into team_establishment (team_id, effective_from, social_worker_fte)
    select s.team_id, '2000-01-01', round(sum(s.fte) * 1.2, 2) from staff s
    where s.is_social_worker and s.team_id is not null and s.start_date <= ${asOf} and (s.leave_date is null or s.leave_date > ${asOf})
    group by s.team_id`.execute(h.db);
}

async function timeAll(h: DatabaseHandle, label: string, parallel: boolean) {
  const perIndicator = new Map<string, number>();
  const totals: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const one = async (id: string) => {
      const s = performance.now();
      await computeIndicator(h.db, id, { asAt: asOf, detail: true });
      const d = performance.now() - s;
      perIndicator.set(id, Math.min(perIndicator.get(id) ?? Infinity, d));
    };
    if (parallel) {
      const queue = INDICATORS.map((d) => d.id);
      await Promise.all([0, 1, 2, 3].map(async () => {
        for (let id = queue.shift(); id; id = queue.shift()) await one(id);
      }));
    } else {
      for (const d of INDICATORS) await one(d.id);
    }
    totals.push(performance.now() - t0);
  }
  const best = Math.min(...totals);
  console.log(`${label}: every indicator (${INDICATORS.length}) for service, councils, teams and workers, period ending ${asOf}: runs ${totals.map(ms).join(', ')}; best ${ms(best)}`);
  return { perIndicator, best };
}

async function timeTrends(h: DatabaseHandle, label: string) {
  const t0 = performance.now();
  for (const d of INDICATORS) await computeIndicator(h.db, d.id, { asAt: asOf, months: 24 });
  console.log(`${label}: 24-month trends of every indicator (service and councils): ${ms(performance.now() - t0)}`);
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
  };
  for (const d of INDICATORS) {
    const [p] = await computeIndicator(h.db, d.id, { asAt: asOf });
    const f = serviceFigure(p!);
    const v = indicatorValue(d, f, pop);
    console.log(`  ${d.id.padEnd(26)} ${v === null ? 'no data' : v.toFixed(1).padStart(8)}   (${f.numerator.toFixed(1)} / ${f.denominator.toFixed(1)})${compare[d.id] ? `   generator: ${compare[d.id]}` : ''}`);
  }
}

async function runPostgres(h: DatabaseHandle, b: ReturnType<typeof generateBorough> | null) {
  await timeAll(h, 'postgres (sequential, 1 connection at a time)', false);
  const { perIndicator } = await timeAll(h, 'postgres (4 concurrent queries)', true);
  await timeTrends(h, 'postgres');
  await values_(h, b);
  await explainSlowest(h, perIndicator);
}

async function main() {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const keep = values.db;
  if (keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error(`--db must be a plain lower-case name, got ${keep}`);
  const reuse = keep !== undefined && (await admin.query('select 1 from pg_database where datname = $1', [keep])).rowCount === 1;
  let b: ReturnType<typeof generateBorough> | null = null;
  if (!reuse || !values['no-pglite']) {
    const t0 = performance.now();
    b = generateBorough({ size, years, seed, asOf });
    console.log(`generated ${size}/${years}y seed ${seed} as of ${asOf} in ${ms(performance.now() - t0)}`);
  }

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
  if (!values['no-pglite']) {
    const h = await openDatabase();
    await migrateToLatest(h.db);
    await loadBorough(h.db, b!);
    await addEstablishment(h);
    await sql`analyze`.execute(h.db);
    console.log('pglite (in memory): loaded');
    await timeAll(h, 'pglite', false);
    await timeTrends(h, 'pglite');
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
