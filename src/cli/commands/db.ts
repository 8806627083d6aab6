import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { generateSchemaTypes } from '../../db/schema-gen.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../db/schema.ts', import.meta.url));

export const dbCommand: Command = {
  name: 'db',
  summary: 'Developer tools: `hearth db types` regenerates src/db/schema.ts from the migrations',
  usage: 'types',
  async run(args) {
    const { positionals } = parseOptions(args, {}, true);
    if (positionals[0] !== 'types') throw new CliError('expected `hearth db types`');
    const handle = await openDatabase(); // a scratch in-memory database
    try {
      await migrateToLatest(handle.db);
      await writeFile(SCHEMA_FILE, await generateSchemaTypes(handle.db));
      console.log(`Wrote ${SCHEMA_FILE}`);
    } finally {
      await handle.close();
    }
  },
};
