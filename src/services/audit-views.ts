/**
 * "Who has viewed this record": the audit trail for one child, for team
 * managers (their team's children), heads of service and data protection.
 * Looking at the audit trail is itself audited.
 */
import { authoriseChild, auditAllowed } from './children.ts';
import type { ServiceContext } from './context.ts';
import { canViewAudit } from './policy.ts';

export interface RecordView {
  occurredAt: string;
  username: string | null;
  role: string | null;
  action: string;
  recordType: string | null;
  outcome: string;
}

export const RECORD_VIEWS_LIMIT = 500;

export async function listRecordViews(ctx: ServiceContext, childId: number): Promise<RecordView[]> {
  const { decision } = await authoriseChild(ctx, childId, 'audit_log', (facts) => canViewAudit(ctx.user, facts));
  await auditAllowed(ctx, { childId, action: 'read', role: decision.role, recordType: 'audit_log' });
  const rows = await ctx.db
    .selectFrom('audit_event')
    .select(['occurred_at', 'username', 'role', 'action', 'record_type', 'outcome'])
    .where('child_id', '=', childId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(RECORD_VIEWS_LIMIT)
    .execute();
  return rows.map((r) => ({
    occurredAt: new Date(r.occurred_at).toISOString(),
    username: r.username,
    role: r.role,
    action: r.action,
    recordType: r.record_type,
    outcome: r.outcome,
  }));
}
