/**
 * Check (not a timing benchmark): the `large` synthetic borough's SSDA903 (with last year's files and the
 * earlier years' Episodes) and CIN census validate clean. Generates the borough into a fresh database on
 * BENCH_DATABASE_URL's server (default postgres://postgres@127.0.0.1:55499/postgres), or uses --db <url>
 * holding one already (`hearth synth`), builds the returns for the latest complete collection year and
 * validates them. Exit 0 when the 903 has no failures and the census no errors and only queries that the record
 * bears out (EXPLAINED_CIN_QUERIES in src/synth/returns-check.ts), 1 otherwise (failures listed by rule). A borough
 * generated here is validated with its invented 903 reference data (src/synth/reference.ts), so every rule runs;
 * with --db the 20 rules needing reference data are listed as not run.
 *
 *   node --import tsx bench/returns-clean.ts [--size large] [--years 5] [--seed 1] [--as-of 2026-06-30] [--db <url>]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import type { SynthSize } from '../src/synth/generate.ts';
import { checkReturns } from '../src/synth/returns-check.ts';
import { parsePostcodes, parseProviders, type ReferenceData } from '../src/returns/ssda903/reference.ts';
import { syntheticOnsCode, syntheticReferenceCsv } from '../src/synth/reference.ts';
import { boroughInScratchDatabase, type ScratchBorough } from './scratch-borough.ts';

const { values } = parseArgs({ options: { size: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, db: { type: 'string' } } });
const size = (values.size ?? 'large') as SynthSize;
const years = Number(values.years ?? 5);
const seed = Number(values.seed ?? 1);
const asOf = values['as-of'] ?? '2026-06-30';

/** The latest collection year (1 April – 31 March) complete on a date. */
function latestCompleteYear(iso: string): number {
  const y = Number(iso.slice(0, 4));
  return iso.slice(5) >= '04-01' ? y : y - 1;
}

async function main(): Promise<number> {
  let scratch: ScratchBorough | null = null;
  let url = values.db;
  let la = '330';
  let reference: ReferenceData | undefined;
  if (!url) {
    scratch = await boroughInScratchDatabase('hearth_bench_returns', { size, years, seed, asOf });
    url = scratch.url;
    const b = scratch.borough;
    la = b.options.councils[0]!;
    const csv = syntheticReferenceCsv(b);
    reference = { postcodes: parsePostcodes(csv.postcodes), providers: parseProviders(csv.providers), la: syntheticOnsCode(la) };
    console.log(`synthesised ${size}/${years}y seed ${seed} as of ${asOf} and loaded in ${scratch.seconds.toFixed(1)} s`);
  }
  const h = await openDatabase({ url });
  try {
    if (values.db) la = (await h.db.selectFrom('local_authority').select('la_code').orderBy('la_code').executeTakeFirstOrThrow()).la_code;
    const year = latestCompleteYear(asOf);
    const r = await checkReturns(h.db, { laCode: la, collectionYear: year, ...(reference ? { reference } : {}) });
    const byRule = (fs: { rule?: string; code?: string }[]) => {
      const m = new Map<string, number>();
      for (const f of fs) m.set(f.rule ?? f.code!, (m.get(f.rule ?? f.code!) ?? 0) + 1);
      return Object.fromEntries(m);
    };
    console.log(`SSDA903 ${year - 1}-${String(year).slice(2)} for LA ${la}: ${JSON.stringify(r.ssda903.rows)}`);
    console.log(`  failures ${r.ssda903.failures.length} ${JSON.stringify(byRule(r.ssda903.failures))}; file issues ${r.ssda903.fileIssues.length}; rules not run ${r.ssda903.notRun.length}${r.ssda903.notRun.length ? ` (${r.ssda903.notRun.map((n) => n.rule).join(' ')}: no reference data)` : ''}`);
    console.log(`CIN census ${year}: ${r.cin.children} children; failures ${r.cin.failures.length} ${JSON.stringify(byRule(r.cin.failures))}`);
    console.log(`ms: ${JSON.stringify(Object.fromEntries(Object.entries(r.ms).map(([k, v]) => [k, Math.round(v)])))}`);
    for (const f of r.ssda903.failures.slice(0, 20)) console.log(`  903 ${f.rule} ${f.table} row ${f.row}: ${f.message}`);
    for (const f of r.cin.failures.slice(0, 20)) console.log(`  CIN ${f.code} (${f.type}) ${f.element}: ${f.message}`);
    console.log(`CIN errors ${r.cin.errors.length}; queries not borne out by the record (or of an unexplained kind) ${r.cin.unexplainedQueries.length}`);
    return r.ssda903.failures.length + r.ssda903.fileIssues.length + r.cin.errors.length + r.cin.unexplainedQueries.length === 0 ? 0 : 1;
  } finally {
    await h.close();
    await scratch?.drop();
  }
}

process.exitCode = await main();
