/**
 * CIN census: the reason a child has no UPN (<UPNunknown>, codes UN1–UN7 in
 * src/domain/codes/cin.ts). Null when the child has a UPN or no reason has
 * been recorded yet.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table child add column upn_unknown text
      check (upn_unknown in ('UN1','UN2','UN3','UN4','UN5','UN6','UN7'))`.execute(db);
}
