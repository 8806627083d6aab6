/**
 * Aggregate figures for board members, council commissioners and
 * safeguarding-partnership chairs: counts by council, never an identifier,
 * with counts of 1–4 suppressed.
 */
import { sql } from 'kysely';
import type { ServiceContext } from './context.ts';
import { ForbiddenError } from './context.ts';
import { aggregateScope, suppressSmallCounts, type ShownCount } from './policy.ts';

export interface CouncilAggregate {
  laCode: string;
  laName: string;
  childrenInNeed: ShownCount;
  childProtectionPlans: ShownCount;
  childrenLookedAfter: ShownCount;
}

export async function getAggregates(ctx: ServiceContext): Promise<{ asAt: string; councils: CouncilAggregate[] }> {
  const scope = aggregateScope(ctx.user);
  if (scope !== 'all' && scope.length === 0) throw new ForbiddenError('You do not have access to aggregate figures.');
  const today = ctx.clock().toISOString().slice(0, 10);
  const codes = scope === 'all' ? null : scope;
  const r = await sql<{ la_code: string; name: string; cin: number; cp: number; cla: number }>`
    select la.la_code, la.name,
      (select count(distinct r.child_id) from referral r where r.la_code = la.la_code and not r.nfa
         and r.referral_date <= ${today} and (r.closure_date is null or r.closure_date > ${today}))::int as cin,
      (select count(distinct p.child_id) from cp_plan p join child c on c.id = p.child_id where c.la_code = la.la_code
         and p.start_date <= ${today} and (p.end_date is null or p.end_date > ${today}))::int as cp,
      (select count(distinct cp.child_id) from care_period cp where cp.la_code = la.la_code
         and cp.start_date <= ${today} and (cp.end_date is null or cp.end_date > ${today}))::int as cla
    from local_authority la
    where ${codes === null ? sql`true` : sql`la.la_code in (${sql.join(codes)})`}
    order by la.name`.execute(ctx.db);
  return {
    asAt: today,
    councils: r.rows.map((row) => ({
      laCode: row.la_code,
      laName: row.name,
      childrenInNeed: suppressSmallCounts(Number(row.cin)),
      childProtectionPlans: suppressSmallCounts(Number(row.cp)),
      childrenLookedAfter: suppressSmallCounts(Number(row.cla)),
    })),
  };
}
