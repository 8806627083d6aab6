/**
 * Versioned, forward-only migrations. The list is static (not read from the
 * file system) so the same code runs under tsx, a bundler or a compiled build.
 * Re-running is a no-op: Kysely records what has run in kysely_migration.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001_record.ts';
import * as m0002 from './migrations/0002_security.ts';
import * as m0003cin from './migrations/0003_cin_upn_unknown.ts';
import * as m0004dfe from './migrations/0004_returns_dfe_feed.ts';
import * as m0005ind from './migrations/0005_indicators_calendar.ts';
import * as m0006ind from './migrations/0006_indicator_indexes.ts';
import * as m0007ind from './migrations/0007_indicators_speed.ts';
import * as m0009admin from './migrations/0009_admin.ts';
import * as m0010runs from './migrations/0010_validation_runs.ts';
import * as m0011ind from './migrations/0011_indicator_covering.ts';
import { UserFacingError } from '../errors.ts';

export const migrations: Record<string, Migration> = {
  '0001_record': m0001,
  '0002_security': m0002,
  '0003_cin_upn_unknown': m0003cin,
  '0004_returns_dfe_feed': m0004dfe,
  '0005_indicators_calendar': m0005ind,
  '0006_indicator_indexes': m0006ind,
  '0007_indicators_speed': m0007ind,
  '0009_admin': m0009admin,
  '0010_validation_runs': m0010runs,
  '0011_indicator_covering': m0011ind,
};

export class MigrationError extends UserFacingError {}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${(result.error as Error).message ?? result.error}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
