/**
 * Administration (issue #4): an account whose password was set by an
 * administrator (a new account, or a reset) must choose its own at the next
 * sign-in, before it can use anything else.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table user_account add column must_change_password boolean not null default false`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Hearth migrations are forward-only');
}
