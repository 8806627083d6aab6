/**
 * Benchmark: the SSDA903 validator on the `large` synthetic borough's own returns, and on 2×, 5× and 10× them.
 *
 *   node --expose-gc --import tsx bench/validate-903.ts [--db <url>] [--sizes 1,2,5,10] [--runs 3]
 *
 * Files: the 2025-26 and 2024-25 returns built (buildSsda903) from the `large` borough, generated (5 years, seed 1,
 * as of 2026-06-30) and loaded into a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:55499/postgres), or from --db holding one already (`hearth synth --size large`).
 * k× is k copies of both years' files with every child id renamed (CHILD + `_k`), written as CSV: the same
 * per-child mix of histories, k times the children (there is no cross-child rule, such as UPN uniqueness, that the
 * copies could trip; the failure count is printed and should be 0 at every size).
 * Each size runs in its own child process (so peak RSS is that size's): reading the CSVs (loadFolder, both years) is
 * with the Episodes of the four years before (built likewise; the care leaver rules' history, as `--earlier`),
 * timed apart from validation (validate903Tables, every rule needing no reference data), `--runs` times each;
 * the median run's wall and CPU time (user + system) are reported, with the process's peak RSS and the V8 heap in
 * use just after a validation (before any GC, so it includes that run's garbage). CPU time is the steadier figure on
 * a shared machine. Target: `large` validated in under 0.5 s and 200 MB; time linear in children.
 *
 *   node --expose-gc --import tsx bench/validate-903.ts --fixture [--reference]
 * is the earlier mode: copies of the 6-child test fixture (5,000 and 50,000 children), with --reference the
 * synthetic reference data so the 20 rules needing it run too (read + validate timed together).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { tableDef, type Ssda903Table } from '../src/domain/codes/ssda903.ts';
import { loadFolder } from '../src/returns/ssda903/read.ts';
import { buildSsda903, type Ssda903BuildResult } from '../src/returns/ssda903/build.ts';
import { validate903Folder, validate903Tables } from '../src/returns/ssda903/validate.ts';
import { toCsv } from '../src/returns/format.ts';
import { cleanFixture, writeFx, YEAR as FX_YEAR, type Fx, type TableRows } from '../test/returns/ssda903/fixture.ts';
import { POSTCODES_CSV, PROVIDERS_CSV, REF_LA, withReference } from '../test/returns/ssda903/reference-fixture.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' }, sizes: { type: 'string' }, runs: { type: 'string' }, fixture: { type: 'boolean' }, reference: { type: 'boolean' },
    child: { type: 'string' }, year: { type: 'string' },
  },
});
const YEAR = 2026;
/** Years of Episodes before last year's, for the care leaver rules (as bench/returns-clean.ts and hearth validate --earlier). */
const EARLIER = 4;
const runs = Number(values.runs ?? 3);
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const ms = (n: number) => Math.round(n);

/** Child process: time reading and validating one size's folders. */
async function child(dir: string, year: number): Promise<void> {
  const reads: { wall: number; cpu: number }[] = [];
  const vals: { wall: number; cpu: number; heapMB: number; failures: number; rules: number }[] = [];
  for (let k = 0; k < runs; k++) {
    gc();
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    const cur = await loadFolder(year, join(dir, 'current'));
    const prev = await loadFolder(year - 1, join(dir, 'previous'));
    const earlier = [];
    for (let e = 0; e < EARLIER; e++) earlier.push((await loadFolder(year - 2 - e, join(dir, `earlier${e}`))).tables);
    let c = process.cpuUsage(c0);
    reads.push({ wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 });
    if (cur.issues.length || prev.issues.length) throw new Error(`file issues: ${JSON.stringify([...cur.issues, ...prev.issues].slice(0, 3))}`);
    gc();
    c0 = process.cpuUsage();
    t0 = performance.now();
    const report = await validate903Tables(year, cur.tables, prev.tables, [], { earlier });
    c = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    vals.push({ wall, cpu: (c.user + c.system) / 1000, heapMB: process.memoryUsage().heapUsed / 1e6, failures: report.failures.length, rules: Number(report.summary?.['rules run'] ?? 0) });
  }
  const median = <T extends { wall: number }>(xs: T[]) => [...xs].sort((a, b) => a.wall - b.wall)[Math.floor(xs.length / 2)]!;
  const r = median(reads), v = median(vals);
  console.log(JSON.stringify({
    readWallMs: ms(r.wall), readCpuMs: ms(r.cpu), validateWallMs: ms(v.wall), validateCpuMs: ms(v.cpu), validateFirstWallMs: ms(vals[0]!.wall),
    heapAfterValidateMB: Math.round(Math.max(...vals.map((x) => x.heapMB))), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    failures: v.failures, rules: v.rules,
  }));
}

/** The `large` borough's 903 for YEAR and YEAR - 1, built from a database. */
async function largeReturns(): Promise<{ cur: Ssda903BuildResult; prev: Ssda903BuildResult; earlier: Ssda903BuildResult[]; buildMs: number }> {
  const { openDatabase } = await import('../src/db/database.ts');
  let url = values.db;
  let drop: (() => Promise<void>) | null = null;
  if (!url) {
    const { boroughInScratchDatabase } = await import('./scratch-borough.ts');
    const scratch = await boroughInScratchDatabase('hearth_bench_903', { size: 'large', years: 5, seed: 1, asOf: '2026-06-30' });
    drop = scratch.drop;
    url = scratch.url;
    console.error(`synthesised and loaded the large borough in ${scratch.seconds.toFixed(1)} s`);
  }
  const h = await openDatabase({ url });
  try {
    const la = (await h.db.selectFrom('local_authority').select('la_code').orderBy('la_code').executeTakeFirstOrThrow()).la_code;
    const t0 = performance.now();
    const cur = await buildSsda903(h.db, { laCode: la, collectionYear: YEAR });
    const prev = await buildSsda903(h.db, { laCode: la, collectionYear: YEAR - 1 });
    const buildMs = performance.now() - t0;
    const earlier: Ssda903BuildResult[] = [];
    for (let e = 0; e < EARLIER; e++) earlier.push({ Episodes: (await buildSsda903(h.db, { laCode: la, collectionYear: YEAR - 2 - e })).Episodes! });
    return { cur, prev, earlier, buildMs };
  } finally {
    await h.close();
    await drop?.();
  }
}

/** Writes k copies of a year's tables, child ids renamed per copy. */
async function writeCopies(folder: string, year: number, result: Ssda903BuildResult, k: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [t, data] of Object.entries(result) as [Ssda903Table, NonNullable<Ssda903BuildResult[Ssda903Table]>][]) {
    const ci = data.columns.indexOf('CHILD');
    const rows: string[][] = [];
    for (let c = 0; c < k; c++) for (const r of data.rows) rows.push(c === 0 ? r : r.map((v, i) => (i === ci ? `${v}_${c}` : v)));
    await writeFile(join(folder, `${tableDef(year, t).fileName}.csv`), toCsv(data.columns, rows));
  }
}

async function synthMode(): Promise<void> {
  const sizes = (values.sizes ?? '1,2,5,10').split(',').map(Number);
  const { cur, prev, earlier, buildMs } = await largeReturns();
  const children = new Set(cur.Header!.rows.map((r) => r[0])).size;
  console.log(`large borough 2025-26: ${children} children in Header, ${cur.Episodes!.rows.length} episodes, ${cur.SWEpisodes!.rows.length} SW episodes; 903 for both years built from the database in ${ms(buildMs)} ms`);
  const rows: string[] = [];
  for (const k of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'bench-903-'));
    try {
      await writeCopies(join(dir, 'current'), YEAR, cur, k);
      await writeCopies(join(dir, 'previous'), YEAR - 1, prev, k);
      for (const [e, t] of earlier.entries()) await writeCopies(join(dir, `earlier${e}`), YEAR - 2 - e, t, k);
      const p = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--child', dir, '--year', String(YEAR), '--runs', String(runs)], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(p.stderr);
      const r = JSON.parse(p.stdout.trim().split('\n').at(-1)!);
      console.log(JSON.stringify({ copies: k, children: children * k, ...r }));
      rows.push(`| ${k}× | ${(children * k).toLocaleString('en-GB')} | ${r.readWallMs} / ${r.readCpuMs} | ${r.validateWallMs} / ${r.validateCpuMs} | ${r.peakRssMB} | ${r.heapAfterValidateMB} | ${r.failures} |`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log('\n| size | children | read ms (wall / CPU) | validate ms (wall / CPU) | peak RSS MB | heap after validate MB | failures |\n|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
}

// --- the earlier fixture-clone mode

function scaled(copies: number): Fx {
  const out: Fx = { cur: {}, prev: {} };
  for (let i = 0; i < copies; i++) {
    const fx = values.reference ? withReference(cleanFixture(`K${i}`)) : cleanFixture(`K${i}`);
    for (const side of ['cur', 'prev'] as const) {
      const dst: TableRows = out[side];
      for (const [t, rs] of Object.entries(fx[side]) as [keyof TableRows, TableRows[keyof TableRows]][]) (dst[t] ??= []).push(...rs!);
    }
  }
  return out;
}

async function fixtureRun(children: number) {
  const copies = Math.ceil(children / 5);
  const dir = await mkdtemp(join(tmpdir(), 'bench-903-'));
  try {
    const { cur, prev } = await writeFx(scaled(copies), dir);
    const referenceFiles = values.reference ? { postcodes: join(dir, 'postcodes.csv'), providers: [join(dir, 'providers.csv')], la: REF_LA } : undefined;
    if (referenceFiles) { await writeFile(referenceFiles.postcodes, POSTCODES_CSV); await writeFile(referenceFiles.providers[0]!, PROVIDERS_CSV); }
    gc();
    const before = process.memoryUsage().rss;
    let peak = before;
    const out: { ms: number; cpuMs: number; failures: number }[] = [];
    for (let k = 0; k < 3; k++) {
      if (k > 0) gc();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const report = await validate903Folder(FX_YEAR, cur, prev, referenceFiles ? { referenceFiles } : {});
      const c = process.cpuUsage(c0);
      out.push({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, failures: report.failures.length });
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const median = [...out].sort((a, b) => a.ms - b.ms)[1]!;
    return { children: copies * 5, firstMs: ms(out[0]!.ms), medianMs: ms(median.ms), cpuMs: ms(median.cpuMs), rssMB: Math.round(peak / 1e6), deltaMB: Math.round((peak - before) / 1e6), failures: median.failures };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (values.child) await child(values.child, Number(values.year ?? YEAR));
else if (values.fixture || values.reference) {
  await fixtureRun(500); // warm-up
  for (const n of [5000, 50000]) console.log(JSON.stringify(await fixtureRun(n)));
} else await synthMode();
