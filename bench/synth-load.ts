/**
 * Benchmark: generate a `large` synthetic borough (5 years) and load it into
 * PostgreSQL (a fresh database on BENCH_DATABASE_URL's server, default
 * postgres://postgres@127.0.0.1:55499/postgres) and, unless --no-pglite,
 * into in-memory PGlite. Target: under 2 minutes on PostgreSQL.
 *   node --import tsx bench/synth-load.ts [--size large] [--years 5] [--seed 1] [--no-pglite]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { generateBorough, tableCounts, type SynthSize } from '../src/synth/generate.ts';
import { loadBorough } from '../src/synth/load.ts';
import { measure } from '../src/synth/measures.ts';

const { values } = parseArgs({ options: { size: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' }, 'no-pglite': { type: 'boolean' }, 'as-of': { type: 'string' } } });
const size = (values.size ?? 'large') as SynthSize;
const years = Number(values.years ?? 5);
const seed = Number(values.seed ?? 1);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55499/postgres';
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);

async function main() {
  const t0 = performance.now();
  const b = generateBorough({ size, years, seed, ...(values['as-of'] ? { asOf: values['as-of'] } : {}) });
  const genMs = performance.now() - t0;
  const counts = tableCounts(b);
  const total = Object.values(counts).reduce((a, x) => a + x, 0);
  console.log(`generated ${size}/${years}y seed ${seed}: ${total} rows in ${(genMs / 1000).toFixed(1)} s`);
  console.log(JSON.stringify(counts));
  const m = measure(b);
  console.log(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1000) / 1000 : v]))));

  const scratch = await createScratchDatabase(server, 'hearth_bench');
  try {
    const h = await openDatabase({ url: scratch.url });
    await migrateToLatest(h.db);
    const r = await loadBorough(h.db, b);
    console.log(`postgres load: ${(r.milliseconds / 1000).toFixed(1)} s; generate + load ${((genMs + r.milliseconds) / 1000).toFixed(1)} s`);
    await h.close();
  } finally {
    await scratch.drop();
  }
  if (!values['no-pglite']) {
    const h = await openDatabase();
    await migrateToLatest(h.db);
    const r = await loadBorough(h.db, b);
    console.log(`pglite (in memory) load: ${(r.milliseconds / 1000).toFixed(1)} s`);
    await h.close();
  }
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`peak RSS ${Math.round(peak / 1e6)} MB`);
}

main().catch((err) => {
  clearInterval(sample);
  console.error(err);
  process.exit(1);
});
