/**
 * Benchmark: the case record on PostgreSQL with a synthetic borough (5 years
 * of history), in a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:55499/postgres), dropped afterwards.
 *
 *  1. The child record read model (getChildRecord: access facts, audit row,
 *     one query, due items) for the child with the most records, N runs: median.
 *  2. A load test with autocannon on loopback (bounded: --seconds per route)
 *     for My work, the child record page and search, with --connections
 *     concurrent users: p50/p95/p99 latency and requests per second.
 *
 *   node --import tsx bench/record.ts [--size small] [--years 5] [--seed 1] [--as-of 2026-03-31] [--runs 200] [--connections 50] [--seconds 10]
 *
 * Target: median under 100 ms for the child record page.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { databaseAuditWriter } from '../src/services/audit.ts';
import { getChildRecord } from '../src/services/record.ts';
import { createSession, loadSessionUser } from '../src/services/sessions.ts';
import { generateBorough, type SynthSize } from '../src/synth/generate.ts';
import { loadBorough } from '../src/synth/load.ts';
import { buildApp } from '../src/web/app.ts';

interface CannonResult { requests: { total: number; average: number }; non2xx: number }
/** autocannon ships no type declarations: the little we use. */
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<CannonResult>;

const { values } = parseArgs({
  options: { size: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, runs: { type: 'string' }, connections: { type: 'string' }, seconds: { type: 'string' } },
});
const size = (values.size ?? 'small') as SynthSize;
const years = Number(values.years ?? 5);
const seed = Number(values.seed ?? 1);
const asOf = values['as-of'] ?? '2026-03-31';
const runs = Number(values.runs ?? 200);
const connections = Number(values.connections ?? 50);
const seconds = Number(values.seconds ?? 10);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55499/postgres';
const ms = (t: number) => `${t.toFixed(1)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  const t0 = performance.now();
  const b = generateBorough({ size, years, seed, asOf });
  console.log(`generated ${size}/${years}y seed ${seed} as of ${asOf} in ${(performance.now() - t0).toFixed(0)} ms`);
  const scratch = await createScratchDatabase(server, 'hearth_bench_record');
  try {
    const h = await openDatabase({ url: scratch.url, poolSize: 10 });
    await migrateToLatest(h.db);
    await loadBorough(h.db, b);
    await sql`analyze`.execute(h.db);
    // The child with the most records whose history spans the whole period.
    const tables = ['contact', 'referral', 'assessment', 'visit', 'cp_plan', 'cp_review', 'cla_episode', 'cla_review', 'health_event', 'missing_episode', 'allocation', 'care_leaver_contact'];
    const total = tables.map((t) => `(select count(*) from ${t} x where x.child_id = c.id)`).join(' + ');
    const pick = await sql.raw<{ id: number; n: number; first: string }>(`
      select c.id, ${total} as n, (select min(referral_date) from referral r where r.child_id = c.id) as first
      from child c where not c.restricted and (select min(referral_date) from referral r where r.child_id = c.id) <= date '${asOf}' - interval '4 years 6 months'
      order by n desc limit 1`).execute(h.db);
    const child = pick.rows[0]!;
    console.log(`child ${child.id}: ${child.n} records, first referral ${child.first}`);

    // Users: a head of service (reads any child), and a practitioner linked to the worker with the largest caseload.
    const worker = await sql<{ staff_id: number; team_id: number; n: number }>`
      select staff_id, team_id, count(*) as n from allocation where end_date is null group by staff_id, team_id order by n desc limit 1`.execute(h.db);
    const w = worker.rows[0]!;
    const mk = async (username: string, role: string, staffId: number | null, teamId: number | null) => {
      const u = await h.db.insertInto('user_account').values({ username, display_name: username, password_hash: 'x', staff_id: staffId }).returning('id').executeTakeFirstOrThrow();
      await h.db.insertInto('user_role').values({ user_id: u.id, role, la_code: null, team_id: teamId }).execute();
      return Number(u.id);
    };
    const hosId = await mk('bench.hos', 'head_of_service', null, null);
    const pracId = await mk('bench.prac', 'practitioner', Number(w.staff_id), Number(w.team_id));
    console.log(`practitioner caseload: ${w.n} children`);

    const clock = () => new Date(`${asOf}T10:00:00Z`);
    const ctx = { db: h.db, user: (await loadSessionUser(h.db, hosId))!, requestId: 'bench', clock, audit: databaseAuditWriter(h.db), pseudonymKey: 'k'.repeat(32) };
    for (let i = 0; i < 10; i++) await getChildRecord(ctx, Number(child.id));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      const r = await getChildRecord(ctx, Number(child.id));
      times.push(performance.now() - s);
      if (i === 0) console.log(`record: ${r.timeline.length} timeline entries, ${r.due.length} due items, ${r.workers.count} workers`);
    }
    console.log(`getChildRecord (service, PostgreSQL), ${runs} runs: median ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, min ${ms(Math.min(...times))}`);

    const config = { ...loadConfig({}), sessionSecret: 'bench-secret-0123456789abcdef0123456789' };
    const app = await buildApp({ db: h.db, config, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const hos = await createSession(h.db, hosId, clock());
    const prac = await createSession(h.db, pracId, clock());
    const page = await fetch(`${base}/children/${child.id}`, { headers: { cookie: `hearth-session=${hos.id}` } });
    const pageTimes: number[] = [];
    for (let i = 0; i < Math.min(runs, 100); i++) {
      const s = performance.now();
      const r = await fetch(`${base}/children/${child.id}`, { headers: { cookie: `hearth-session=${hos.id}` } });
      await r.text();
      pageTimes.push(performance.now() - s);
    }
    console.log(`GET /children/:id (whole page over HTTP, one at a time, status ${page.status}): median ${ms(pct(pageTimes, 50))}, p95 ${ms(pct(pageTimes, 95))}`);
    const targets = [
      { label: 'My work', path: '/my-work', cookie: prac.id },
      { label: 'Child record', path: `/children/${child.id}`, cookie: hos.id },
      { label: 'Search (name, typo)', path: '/search?name=Olivr+Smyth', cookie: hos.id },
    ];
    console.log(`\nautocannon: ${connections} connections, ${seconds} s per route, loopback`);
    console.log('| page | requests | non-2xx | req/s (mean) | p50 | p95 | p99 |');
    console.log('|---|---|---|---|---|---|---|');
    for (const tg of targets) {
      // Every response time, so that p95 is exact (autocannon's own summary has p90 and p97.5).
      const lat: number[] = [];
      const r = await autocannon({
        url: `${base}${tg.path}`, connections, duration: seconds, headers: { cookie: `hearth-session=${tg.cookie}` },
        setupClient: (client: { on(e: 'response', f: (status: number, bytes: number, time: number) => void): void }) => client.on('response', (_s, _b, time) => lat.push(time)),
      });
      console.log(`| ${tg.label} | ${r.requests.total} | ${r.non2xx} | ${r.requests.average.toFixed(1)} | ${ms(pct(lat, 50))} | ${ms(pct(lat, 95))} | ${ms(pct(lat, 99))} |`);
    }
    await app.close();
    await h.close();
  } finally {
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
