/**
 * Indexes for the indicator queries' "open at the date" and "overlapping the
 * periods" conditions (issue 6, speed): `start <= D and (end is null or end > D')`.
 * PostgreSQL answers the OR with a BitmapOr of an index on the end date and a
 * partial index of the rows still open (for allocation the existing
 * allocation_staff_idx, partial on end_date is null, serves), so a snapshot or the team/worker
 * attribution reads the allocations and referrals of the periods rather than
 * five years of history. See bench/RESULTS.md for the plans.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index allocation_end_idx on allocation (end_date) where end_date is not null`.execute(db);
  await sql`create index referral_closure_idx on referral (closure_date) where closure_date is not null`.execute(db);
  await sql`create index referral_still_open_idx on referral (referral_date) where closure_date is null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Hearth migrations are forward-only');
}
