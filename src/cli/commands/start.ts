/**
 * `hearth start`: the one command that runs Hearth for evaluation. It uses
 * the configured database (embedded PGlite in data/pglite unless DATABASE_URL
 * is set), migrates it, loads a synthetic borough the first time, prints the
 * demo sign-ins and serves the web application.
 */
import { loadConfig } from '../../config.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { DEMO_ROLES, demoPassword } from '../../synth/demo-accounts.ts';
import { CliError, parseOptions, type Command } from '../command.ts';
import { openConfiguredDatabase } from '../database-from-config.ts';
import { startServer } from './serve.ts';
import { parseSynthOptions, seedIfEmpty } from './synth.ts';

export const DEFAULT_DEMO_SEED = 2026;

export const start: Command = {
  name: 'start',
  summary: 'Run Hearth with a synthetic borough loaded on first start, printing one demo sign-in per role',
  usage: '[--port N] [--size small|large] [--years N] [--seed S] [--councils 872,318]',
  async run(args) {
    const { values } = parseOptions(args, {
      port: { type: 'string' },
      size: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      councils: { type: 'string' },
    });
    const config = loadConfig();
    if (config.production) throw new CliError('`hearth start` loads synthetic demo data and is not for production; use `hearth serve`');
    const synthOptions = parseSynthOptions({ ...values, seed: values.seed ?? String(DEFAULT_DEMO_SEED) });
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new CliError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);

    const handle = await openConfiguredDatabase();
    try {
      await migrateToLatest(handle.db);
      console.log(`Database: ${handle.kind}${handle.kind === 'pglite' ? ` in ${config.dataDir}` : ''}`);
      const seeded = await seedIfEmpty(handle.db, synthOptions);
      if (seeded) {
        const rows = Object.values(seeded.counts).reduce((a, b) => a + b, 0);
        console.log(`Loaded a synthetic ${synthOptions.size} borough (${synthOptions.years} years, seed ${synthOptions.seed}): ${rows} rows in ${((seeded.generateMs + seeded.loadMs) / 1000).toFixed(1)} s.`);
      }
      await printDemoAccounts(handle.db, synthOptions.seed, Boolean(seeded));
    } catch (err) {
      await handle.close();
      throw err;
    }
    const server = await startServer({ handle, config, ...(port === undefined ? {} : { port }) });
    await server.closed;
  },
};

async function printDemoAccounts(db: Parameters<typeof seedIfEmpty>[0], seed: number, fresh: boolean): Promise<void> {
  const usernames = DEMO_ROLES.map((r) => r.replace(/_/g, '-'));
  const rows = await db.selectFrom('user_account').select(['username', 'display_name']).where('username', 'in', usernames).execute();
  if (rows.length === 0) {
    console.log('No demo accounts in this database (it was not seeded by `hearth start`).');
    return;
  }
  const byName = new Map(rows.map((r) => [r.username, r.display_name]));
  console.log(`\nDemo sign-ins (synthetic data only)${fresh ? '' : ', loaded on an earlier start'}; password for each: ${fresh ? demoPassword(seed) : `the one printed then (by default ${demoPassword(seed)})`}`);
  for (const u of usernames) if (byName.has(u)) console.log(`  ${u.padEnd(22)} ${byName.get(u)}`);
  console.log('');
}
