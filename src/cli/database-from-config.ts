import { loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';

/** Opens the database the environment points at (DATABASE_URL, else embedded PGlite in the data folder). */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const config = loadConfig();
  return openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
}

/** Runs `fn` with the configured database and always closes it. */
export async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openConfiguredDatabase();
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
