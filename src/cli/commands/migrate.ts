import { migrateToLatest } from '../../db/migrate.ts';
import { parseOptions, type Command } from '../command.ts';
import { withDatabase } from '../database-from-config.ts';

export const migrate: Command = {
  name: 'migrate',
  summary: 'Bring the database schema up to date (re-running is a no-op)',
  usage: '',
  async run(args) {
    parseOptions(args, {});
    await withDatabase(async ({ db, kind }) => {
      const ran = await migrateToLatest(db);
      console.log(ran.length ? `Applied ${ran.length} migration(s) on ${kind}: ${ran.join(', ')}` : `Database (${kind}) is already up to date.`);
    });
  },
};
