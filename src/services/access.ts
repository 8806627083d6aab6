/**
 * Loads the facts the policy needs about one child (src/services/policy.ts),
 * in a single query: council, restriction and its named users, the current
 * allocation, the child's reviewing officers and whether front-door work is open.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ChildFacts } from './policy.ts';

interface FactsRow {
  id: number;
  la_code: string;
  restricted: boolean;
  grant_user_ids: number[] | null;
  allocated_staff_id: number | null;
  allocated_team_id: number | null;
  reviewer_staff_ids: number[] | null;
  in_front_door: boolean;
}

/** The child's facts, or undefined when there is no such child. */
export async function loadChildFacts(db: Db, childId: number): Promise<ChildFacts | undefined> {
  return (await loadChildFactsMany(db, [childId])).get(childId);
}

/** The facts of several children in one query (search results), by child id; unknown ids are absent. */
export async function loadChildFactsMany(db: Db, childIds: readonly number[]): Promise<Map<number, ChildFacts>> {
  const out = new Map<number, ChildFacts>();
  if (!childIds.length) return out;
  const result = await sql<FactsRow>`
    select c.id, c.la_code, c.restricted,
      (select array_agg(g.user_id order by g.user_id) from child_access_grant g where g.child_id = c.id) as grant_user_ids,
      a.staff_id as allocated_staff_id,
      a.team_id as allocated_team_id,
      (select array_agg(distinct r.staff_id) from (
          select iro_staff_id as staff_id from cla_review where child_id = c.id and iro_staff_id is not null
          union select chair_staff_id from cp_review where child_id = c.id and chair_staff_id is not null
          union select chair_staff_id from icpc where child_id = c.id and chair_staff_id is not null
        ) r) as reviewer_staff_ids,
      (exists (select 1 from contact ct where ct.child_id = c.id and ct.decision is null)
        or coalesce(t.kind = 'front_door', false)) as in_front_door
    from child c
    left join lateral (
      select al.staff_id, al.team_id from allocation al
      where al.child_id = c.id and al.end_date is null
      order by al.start_date desc, al.id desc limit 1
    ) a on true
    left join team t on t.id = a.team_id
    where c.id in (${sql.join(childIds.map((id) => sql`${id}`))})`.execute(db);
  for (const row of result.rows) {
    out.set(Number(row.id), {
      id: Number(row.id),
      laCode: row.la_code,
      restricted: row.restricted,
      grantUserIds: (row.grant_user_ids ?? []).map(Number),
      allocatedStaffId: row.allocated_staff_id === null ? null : Number(row.allocated_staff_id),
      allocatedTeamId: row.allocated_team_id === null ? null : Number(row.allocated_team_id),
      reviewerStaffIds: (row.reviewer_staff_ids ?? []).map(Number),
      inFrontDoor: row.in_front_door,
    });
  }
  return out;
}
