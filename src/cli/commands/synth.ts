/**
 * `hearth synth`: generates a synthetic borough and loads it into the
 * configured database. Prints counts and timings only, never child details.
 */
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createDemoAccounts, demoPassword, type DemoAccount } from '../../synth/demo-accounts.ts';
import { generateBorough, type GenerateOptions, type SynthSize } from '../../synth/generate.ts';
import { countChildren, emptyCaseTables, loadBorough } from '../../synth/load.ts';
import { writeSyntheticReference } from '../../synth/reference.ts';
import { CliError, parseOptions, type Command } from '../command.ts';
import { withDatabase } from '../database-from-config.ts';

export interface SynthRunOptions extends GenerateOptions {
  replace?: boolean;
  /** Folder to write the borough's invented 903 reference data to (postcodes.csv, providers.csv). */
  referenceOut?: string;
}

/** Checks raw option strings and turns them into generator options (throws CliError). */
export function parseSynthOptions(values: { size?: string; years?: string; seed?: string; councils?: string; 'as-of'?: string; scale?: string }): GenerateOptions {
  const size = values.size ?? 'small';
  if (size !== 'small' && size !== 'large') throw new CliError(`unknown size "${size}": use --size small or --size large`);
  const years = values.years === undefined ? 3 : Number(values.years);
  if (!/^\d+$/.test(values.years ?? '3') || !Number.isInteger(years) || years < 1 || years > 20) throw new CliError(`--years must be a whole number from 1 to 20, got "${values.years}"`);
  const seedText = values.seed ?? '1';
  if (!/^\d{1,10}$/.test(seedText) || Number(seedText) > 0xffffffff) throw new CliError(`--seed must be a whole number from 0 to 4294967295, got "${seedText}"`);
  const councils = values.councils === undefined ? undefined : values.councils.split(',').map((c) => c.trim()).filter(Boolean);
  if (councils) {
    if (councils.length === 0) throw new CliError('--councils needs at least one three-digit DfE LA code');
    for (const c of councils) if (!/^\d{3}$/.test(c)) throw new CliError(`--councils: "${c}" is not a three-digit DfE LA code`);
    if (new Set(councils).size !== councils.length) throw new CliError('--councils: a council code is repeated');
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)) || new Date(asOf).toISOString().slice(0, 10) !== asOf)) {
    throw new CliError(`--as-of must be a date as YYYY-MM-DD, got "${asOf}"`);
  }
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && !(scale > 0 && scale <= 4)) throw new CliError(`--scale must be a number above 0 and at most 4, got "${values.scale}"`);
  return {
    size: size as SynthSize,
    years,
    seed: Number(seedText),
    ...(councils ? { councils } : {}),
    ...(asOf ? { asOf } : {}),
    ...(scale !== undefined ? { scale } : {}),
  };
}

export interface SynthSummary {
  counts: Record<string, number>;
  generateMs: number;
  loadMs: number;
  accounts: DemoAccount[];
  /** Where the 903 reference data was written, when asked for. */
  reference?: { postcodes: string; providers: string; laCodes: Record<string, string> };
}

/** Generates and loads a borough into a migrated database, with demo accounts. */
export async function runSynth(db: Db, options: SynthRunOptions): Promise<SynthSummary> {
  const existing = await countChildren(db);
  if (existing > 0 && !options.replace) {
    throw new CliError(`the database already holds ${existing} children; run again with --replace to empty the case tables first`);
  }
  if (existing > 0 || options.replace) await emptyCaseTables(db);
  const t0 = performance.now();
  const borough = generateBorough(options);
  const generateMs = performance.now() - t0;
  const loaded = await loadBorough(db, borough);
  const accounts = await createDemoAccounts(db, borough.options.councils, { password: demoPassword(options.seed) });
  const reference = options.referenceOut ? await writeSyntheticReference(borough, options.referenceOut) : undefined;
  return { counts: loaded.counts, generateMs, loadMs: loaded.milliseconds, accounts, ...(reference ? { reference } : {}) };
}

/** For start-up: loads a borough only when the database has no children yet. Returns null when it did nothing. */
export async function seedIfEmpty(db: Db, options: GenerateOptions): Promise<SynthSummary | null> {
  if ((await countChildren(db)) > 0) return null;
  return runSynth(db, options);
}

export const synth: Command = {
  name: 'synth',
  summary: 'Generate and load a synthetic borough (fake children, staff and records) for demos and tests',
  usage: '--size small|large --years N --seed S [--councils 872,318] [--as-of YYYY-MM-DD] [--scale F] [--replace] [--reference-out <folder>]',
  async run(args) {
    const { values } = parseOptions(args, {
      size: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      councils: { type: 'string' },
      'as-of': { type: 'string' },
      scale: { type: 'string' },
      replace: { type: 'boolean' },
      'reference-out': { type: 'string' },
    });
    const options = parseSynthOptions(values);
    // Synthetic data never goes near a live record: --replace empties every case table and every user account.
    if (loadConfig().production) throw new CliError('`hearth synth` loads synthetic data and empties case tables; it is refused when NODE_ENV=production');
    await withDatabase(async ({ db, kind }) => {
      await migrateToLatest(db);
      const s = await runSynth(db, { ...options, replace: Boolean(values.replace), ...(values['reference-out'] ? { referenceOut: values['reference-out'] } : {}) });
      const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
      console.log(`Loaded a synthetic ${options.size} borough (${options.years} years, seed ${options.seed}) into ${kind}: ${total} rows; generated in ${(s.generateMs / 1000).toFixed(1)} s, loaded in ${(s.loadMs / 1000).toFixed(1)} s.`);
      for (const [t, n] of Object.entries(s.counts)) console.log(`  ${t.padEnd(22)} ${String(n).padStart(9)}`);
      if (s.reference) {
        console.log(`903 reference data (invented): ${s.reference.postcodes}, ${s.reference.providers}; LA codes ${Object.entries(s.reference.laCodes).map(([k, v]) => `${k} = ${v}`).join(', ')}`);
        console.log(`  hearth validate 903 <folder> --postcodes ${s.reference.postcodes} --providers ${s.reference.providers} --la-code ${Object.values(s.reference.laCodes)[0]}`);
      }
      if (s.accounts.length) {
        console.log(`Demo accounts (synthetic data only, never for production), password "${s.accounts[0]!.password}":`);
        for (const a of s.accounts) console.log(`  ${a.username.padEnd(22)} ${a.description}`);
      }
    });
  },
};
