/**
 * Indexes for the indicator queries' 12-month windows (issue 6): each flow
 * indicator selects the records whose date falls in the window, so a plain
 * index on that date turns a scan of the whole table into a range scan.
 * See bench/RESULTS.md for the plans.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contact_date_idx on contact (contact_date)`.execute(db);
  await sql`create index contact_decision_date_idx on contact (decision_date) where decision_date is not null`.execute(db);
  await sql`create index referral_date_idx on referral (referral_date)`.execute(db);
  await sql`create index s47_start_idx on s47_enquiry (start_date)`.execute(db);
  await sql`create index cp_plan_start_idx on cp_plan (start_date)`.execute(db);
  await sql`create index cp_plan_end_idx on cp_plan (end_date) where end_date is not null`.execute(db);
  await sql`create index missing_start_idx on missing_episode (start_date)`.execute(db);
  await sql`create index cla_review_date_idx on cla_review (review_date)`.execute(db);
  await sql`create index cp_review_date_idx on cp_review (review_date)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Hearth migrations are forward-only');
}
