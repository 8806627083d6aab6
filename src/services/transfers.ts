/**
 * Applies the transfer rules (src/domain/transfers.ts) inside a recording's
 * transaction: records the move in `team_transfer`. The allocation to a worker
 * in the receiving team is the receiving manager's decision (team page).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { transferRuleFor } from '../domain/transfers.ts';

export async function applyTransferRules(trx: Kysely<Database>, a: { childId: number; formId: string; date: string; userId: number }): Promise<{ rule: string; toTeamId: number } | null> {
  const cur = await trx
    .selectFrom('allocation as al')
    .innerJoin('team as t', 't.id', 'al.team_id')
    .select(['t.id', 't.kind', 't.la_code'])
    .where('al.child_id', '=', a.childId)
    .where('al.end_date', 'is', null)
    .orderBy('al.start_date', 'desc')
    .executeTakeFirst();
  const rule = transferRuleFor(a.formId, cur?.kind ?? null);
  if (!rule || !cur) return null;
  const to = await trx.selectFrom('team').select('id').where('la_code', '=', cur.la_code).where('kind', '=', rule.to).orderBy('id').executeTakeFirst();
  if (!to) return null;
  await trx.insertInto('team_transfer').values({ child_id: a.childId, from_team_id: cur.id, to_team_id: to.id, transfer_date: a.date, rule: rule.id, recorded_by: a.userId }).execute();
  return { rule: rule.id, toTeamId: Number(to.id) };
}
