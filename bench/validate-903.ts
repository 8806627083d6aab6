/**
 * Benchmark: read + validate SSDA903 CSVs at the `large` borough's scale
 * (~5,000 children looked after in the year, cloned from the clean test
 * fixture with varied ids and dates) and at 10×.
 * Run: node --expose-gc --import tsx bench/validate-903.ts [--reference]
 * With --reference the fixture is made consistent with the synthetic reference data and validated with the
 * postcode look-up, Ofsted provider list and LA code (test/returns/ssda903/reference-fixture.ts), so the 20 rules
 * needing them run too.
 * Each size is validated 3 times from disk; the median wall time and the CPU time of that run are reported
 * (on a shared machine CPU time is the steadier figure), with peak RSS over all runs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validate903Folder } from '../src/returns/ssda903/validate.ts';
import { cleanFixture, writeFx, YEAR, type Fx, type TableRows } from '../test/returns/ssda903/fixture.ts';
import { POSTCODES_CSV, PROVIDERS_CSV, REF_LA, withReference } from '../test/returns/ssda903/reference-fixture.ts';

const REFERENCE = process.argv.includes('--reference');

/** Many copies of the 6-child fixture (5 looked after in the year each). */
function scaled(copies: number): Fx {
  const out: Fx = { cur: {}, prev: {} };
  for (let i = 0; i < copies; i++) {
    const fx = REFERENCE ? withReference(cleanFixture(`K${i}`)) : cleanFixture(`K${i}`);
    for (const side of ['cur', 'prev'] as const) {
      const dst: TableRows = out[side];
      for (const [t, rows] of Object.entries(fx[side]) as [keyof TableRows, TableRows[keyof TableRows]][]) (dst[t] ??= []).push(...rows!);
    }
  }
  return out;
}

async function run(children: number) {
  const copies = Math.ceil(children / 5);
  const dir = await mkdtemp(join(tmpdir(), 'bench-903-'));
  try {
    const { cur, prev } = await writeFx(scaled(copies), dir);
    const referenceFiles = REFERENCE ? { postcodes: join(dir, 'postcodes.csv'), providers: [join(dir, 'providers.csv')], la: REF_LA } : undefined;
    if (referenceFiles) { await writeFile(referenceFiles.postcodes, POSTCODES_CSV); await writeFile(referenceFiles.providers[0]!, PROVIDERS_CSV); }
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
    const runs: { ms: number; cpuMs: number; failures: number }[] = [];
    for (let k = 0; k < 3; k++) {
      if (k > 0) (globalThis as { gc?: () => void }).gc?.();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const report = await validate903Folder(YEAR, cur, prev, referenceFiles ? { referenceFiles } : {});
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      runs.push({ ms, cpuMs: (c.user + c.system) / 1000, failures: report.failures.length });
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    clearInterval(timer);
    const first = runs[0]!;
    const median = [...runs].sort((a, b) => a.ms - b.ms)[1]!;
    return { children: copies * 5, firstMs: Math.round(first.ms), medianMs: Math.round(median.ms), cpuMs: Math.round(median.cpuMs), rssMB: Math.round(peak / 1e6), deltaMB: Math.round((peak - before) / 1e6), failures: median.failures };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await run(500); // warm-up
for (const n of [5000, 50000]) console.log(JSON.stringify(await run(n)));
