/**
 * Sessions and the audit trail. The audit table is append-only: the database
 * itself rejects UPDATE, DELETE and TRUNCATE on it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_session (
      id_hash text primary key,
      user_id bigint not null references user_account on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      ended_at timestamptz
    )`.execute(db);
  await sql`create index user_session_user_idx on user_session (user_id)`.execute(db);

  await sql`
    create table audit_event (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      user_id bigint,
      username text,
      role text,
      action text not null check (action in ('read','create','update','export','search','denied','sign_in','sign_in_failed','sign_out','lockout')),
      child_id bigint,
      record_type text,
      record_id text,
      request_id text,
      outcome text not null check (outcome in ('allowed','denied','failed')),
      detail jsonb
    )`.execute(db);
  await sql`create index audit_child_idx on audit_event (child_id, occurred_at)`.execute(db);
  await sql`create index audit_user_idx on audit_event (user_id, occurred_at)`.execute(db);

  await sql`
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = '42501';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_event_no_update_delete before update or delete on audit_event
    for each row execute function audit_event_append_only()`.execute(db);
  await sql`
    create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Hearth migrations are forward-only');
}
