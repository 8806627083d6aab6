/**
 * Statutory-return validation reports kept for the user who ran the check
 * (issue 7, the "Check a statutory return" pages): the report only, never the
 * uploaded files, so the results page and its CSV / JSON downloads can be
 * served after the upload. Reports hold child identifiers (CHILD / LAchildID
 * from the files), so each row belongs to one user (only they can fetch it)
 * and expires (24 hours; expired rows are purged on every write).
 *
 * `facts` (JSON: file names, number of children) is what the results page
 * shows beside the report. `report` is the ValidationReport as JSON text (not jsonb, which would
 * reorder keys), so the downloads are byte-for-byte what the CLI prints.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table validation_run (
      id text primary key check (id ~ '^[A-Za-z0-9_-]{22}$'),
      user_id bigint not null references user_account on delete cascade,
      kind text not null check (kind in ('ssda903', 'cin')),
      source text not null check (source in ('upload', 'hearth')),
      la_code text references local_authority,
      collection_year integer not null check (collection_year between 0 and 9999),
      title text not null,
      failure_count integer not null check (failure_count >= 0),
      file_issue_count integer not null check (file_issue_count >= 0),
      facts text not null,
      report text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      check (expires_at > created_at),
      check ((source = 'hearth') = (la_code is not null))
    )`.execute(db);
  await sql`create index validation_run_user_idx on validation_run (user_id, created_at desc)`.execute(db);
  await sql`create index validation_run_expiry_idx on validation_run (expires_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Hearth migrations are forward-only');
}
