/**
 * Covering indexes for the flow indicators' 12-month windows (issue 6, speed): the
 * contacts, referrals and authorised assessments of the window are read by an
 * index-only scan (the columns the indicator queries need are in the index)
 * instead of a bitmap heap scan of ~41,000 contacts, ~17,000 referrals and
 * ~16,000 assessments a year on the `large` borough. Each replaces the plain
 * date index of 0005/0006 on the same column (a covering index serves every
 * query the plain one did). See bench/RESULTS.md.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contact_date_cover_idx on contact (contact_date) include (la_code, child_id)`.execute(db);
  await sql`drop index contact_date_idx`.execute(db);
  await sql`create index contact_decision_cover_idx on contact (decision_date) include (la_code, child_id, decision) where decision_date is not null`.execute(db);
  await sql`drop index contact_decision_date_idx`.execute(db);
  await sql`create index referral_date_cover_idx on referral (referral_date) include (la_code, child_id, id)`.execute(db);
  await sql`drop index referral_date_idx`.execute(db);
  await sql`create index assessment_authorised_cover_idx on assessment (authorised_date) include (start_date, referral_id, child_id) where authorised_date is not null`.execute(db);
  await sql`drop index assessment_authorised_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Hearth migrations are forward-only');
}
