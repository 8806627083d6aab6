/**
 * For benchmarks and checks: a synthetic borough generated and loaded into a
 * fresh, migrated scratch database on BENCH_DATABASE_URL's server (default:
 * the developer server at 127.0.0.1:55499), dropped again by `drop()`.
 */
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { generateBorough, type GenerateOptions, type SynthBorough } from '../src/synth/generate.ts';
import { loadBorough } from '../src/synth/load.ts';

export const BENCH_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55499/postgres';

export interface ScratchBorough {
  url: string;
  borough: SynthBorough;
  /** Generate + migrate + load, in seconds. */
  seconds: number;
  drop(): Promise<void>;
}

export async function boroughInScratchDatabase(prefix: string, options: GenerateOptions): Promise<ScratchBorough> {
  const t0 = performance.now();
  const borough = generateBorough(options);
  const scratch = await createScratchDatabase(BENCH_SERVER, prefix);
  try {
    const h = await openDatabase({ url: scratch.url });
    try {
      await migrateToLatest(h.db);
      await loadBorough(h.db, borough);
    } finally {
      await h.close();
    }
  } catch (err) {
    await scratch.drop();
    throw err;
  }
  return { url: scratch.url, borough, seconds: (performance.now() - t0) / 1000, drop: scratch.drop };
}
