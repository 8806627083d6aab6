/**
 * Use cases on one child's record. Each follows the same order, inside the
 * request: load the facts → authorise (src/services/policy.ts) → audit
 * (refusals too) → act. If the audit write fails, nothing is returned.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { recordOrFail } from './audit.ts';
import { loadChildFacts } from './access.ts';
import { ForbiddenError, NotFoundError, type ServiceContext } from './context.ts';
import { canExportChild, childAccess, type AccessDecision, type ChildFacts } from './policy.ts';

export interface ChildSummary {
  id: number;
  /** True for a performance officer's view: no name, exact date of birth or reference. */
  pseudonymised: boolean;
  displayName: string;
  personRef: string | null;
  /** 'YYYY-MM-DD', or 'YYYY-MM' when pseudonymised; null when only an expected date is known. */
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: 'M' | 'F' | 'U';
  laCode: string;
  laName: string;
  allocatedWorker: { name: string; team: string } | null;
  status: string;
  restricted: boolean;
  canEdit: boolean;
}

/** A stable pseudonym for a child, keyed so it cannot be reversed without the key. */
export function pseudonymFor(key: string, childId: number): string {
  return 'Child ' + createHmac('sha256', key).update(`child:${childId}`).digest('hex').slice(0, 8).toUpperCase();
}

/** Loads the facts and authorises; refusals (including an unknown child) are audited before they are thrown. */
export async function authoriseChild(
  ctx: ServiceContext,
  childId: number,
  recordType: string,
  decide: (facts: ChildFacts) => AccessDecision,
): Promise<{ facts: ChildFacts; decision: AccessDecision }> {
  const facts = await loadChildFacts(ctx.db, childId);
  const decision: AccessDecision = facts ? decide(facts) : { level: 'none', role: null, reason: 'no such child' };
  if (!facts || decision.level === 'none') {
    await recordOrFail(ctx.audit, {
      occurredAt: ctx.clock(),
      userId: ctx.user.id,
      username: ctx.user.username,
      role: ctx.user.roles.map((r) => r.role).join(',') || null,
      action: 'denied',
      childId: facts ? childId : null,
      recordType,
      recordId: String(childId),
      requestId: ctx.requestId,
      outcome: 'denied',
      detail: { reason: decision.reason },
    });
    if (!facts) throw new NotFoundError('There is no child record with that id.');
    // A restricted record is hidden: those not named on it are told nothing, not even that it exists.
    throw new ForbiddenError('You do not have access to this child’s record.', facts.restricted);
  }
  return { facts, decision };
}

export async function auditAllowed(
  ctx: ServiceContext,
  args: { childId: number; action: 'read' | 'export' | 'create' | 'update'; role: string | null; recordType: string; recordId?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await recordOrFail(ctx.audit, {
    occurredAt: ctx.clock(),
    userId: ctx.user.id,
    username: ctx.user.username,
    role: args.role,
    action: args.action,
    childId: args.childId,
    recordType: args.recordType,
    recordId: args.recordId ?? String(args.childId),
    requestId: ctx.requestId,
    outcome: 'allowed',
    detail: args.detail ?? null,
  });
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The child's current legal/plan status, most serious first. */
async function currentStatus(ctx: ServiceContext, childId: number): Promise<string> {
  const today = isoDate(ctx.clock());
  const r = await sql<{ cla: boolean; cp: boolean; cin: boolean; eh: boolean; leaver: boolean }>`
    select
      exists (select 1 from care_period where child_id = ${childId} and start_date <= ${today} and (end_date is null or end_date > ${today})) as cla,
      exists (select 1 from cp_plan where child_id = ${childId} and start_date <= ${today} and (end_date is null or end_date > ${today})) as cp,
      exists (select 1 from referral where child_id = ${childId} and not nfa and referral_date <= ${today} and (closure_date is null or closure_date > ${today})) as cin,
      exists (select 1 from early_help_episode where child_id = ${childId} and start_date <= ${today} and (end_date is null or end_date > ${today})) as eh,
      exists (select 1 from care_leaver_contact where child_id = ${childId}) as leaver`.execute(ctx.db);
  const s = r.rows[0];
  if (!s) return 'Not known';
  if (s.cla) return 'Looked after';
  if (s.cp) return 'Child protection plan';
  if (s.cin) return 'Child in need';
  if (s.eh) return 'Early help';
  if (s.leaver) return 'Care leaver';
  return 'No open episode';
}

export async function getChildSummary(ctx: ServiceContext, childId: number): Promise<ChildSummary> {
  const { decision } = await authoriseChild(ctx, childId, 'child_summary', (facts) => childAccess(ctx.user, facts));
  const pseudonymised = decision.level === 'pseudonymised';
  await auditAllowed(ctx, { childId, action: 'read', role: decision.role, recordType: 'child_summary', ...(pseudonymised ? { detail: { pseudonymised } } : {}) });

  const child = await ctx.db
    .selectFrom('child as c')
    .innerJoin('local_authority as la', 'la.la_code', 'c.la_code')
    .select(['c.id', 'c.person_ref', 'c.given_name', 'c.family_name', 'c.date_of_birth', 'c.expected_dob', 'c.sex', 'c.la_code', 'la.name as la_name', 'c.restricted'])
    .where('c.id', '=', childId)
    .executeTakeFirstOrThrow();
  const worker = await ctx.db
    .selectFrom('allocation as a')
    .innerJoin('staff as s', 's.id', 'a.staff_id')
    .innerJoin('team as t', 't.id', 'a.team_id')
    .select(['s.given_name', 's.family_name', 't.name as team_name'])
    .where('a.child_id', '=', childId)
    .where('a.end_date', 'is', null)
    .orderBy('a.start_date', 'desc')
    .orderBy('a.id', 'desc')
    .executeTakeFirst();
  const dob = child.date_of_birth;
  return {
    id: Number(child.id),
    pseudonymised,
    displayName: pseudonymised ? pseudonymFor(ctx.pseudonymKey, childId) : `${child.given_name} ${child.family_name}`,
    personRef: pseudonymised ? null : child.person_ref,
    dateOfBirth: dob === null ? null : pseudonymised ? dob.slice(0, 7) : dob,
    expectedDateOfBirth: child.expected_dob === null ? null : pseudonymised ? child.expected_dob.slice(0, 7) : child.expected_dob,
    sex: child.sex as ChildSummary['sex'],
    laCode: child.la_code,
    laName: child.la_name,
    allocatedWorker: worker ? { name: `${worker.given_name} ${worker.family_name}`, team: worker.team_name } : null,
    status: await currentStatus(ctx, childId),
    restricted: child.restricted,
    canEdit: decision.level === 'edit',
  };
}

/** Tables holding a child's data, found from the schema so that tables added later are exported too. */
async function childTables(ctx: ServiceContext): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'child_id' and t.table_type = 'BASE TABLE'
      and c.table_name not in ('audit_event', 'child_access_grant')
    order by c.table_name`.execute(ctx.db);
  return r.rows.map((x) => x.table_name);
}

export interface ChildExport {
  format: 'hearth-subject-access-export/1';
  exportedAt: string;
  exportedBy: string;
  requestId: string;
  child: Record<string, unknown>;
  records: Record<string, Record<string, unknown>[]>;
}

/** Every row held about one child, for a subject access request. */
export async function exportChildRecord(ctx: ServiceContext, childId: number): Promise<ChildExport> {
  const { decision } = await authoriseChild(ctx, childId, 'child_export', (facts) => canExportChild(ctx.user, facts));
  await auditAllowed(ctx, { childId, action: 'export', role: decision.role, recordType: 'child_export' });
  const child = await ctx.db.selectFrom('child').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
  const records: Record<string, Record<string, unknown>[]> = {};
  for (const table of await childTables(ctx)) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where child_id = ${childId} order by 1`.execute(ctx.db);
    records[table] = rows.rows;
  }
  const related = await sql<Record<string, unknown>>`select * from related_person where related_child_id = ${childId} order by id`.execute(ctx.db);
  records['related_person_as_relative'] = related.rows;
  return {
    format: 'hearth-subject-access-export/1',
    exportedAt: ctx.clock().toISOString(),
    exportedBy: ctx.user.username,
    requestId: ctx.requestId,
    child: child as unknown as Record<string, unknown>,
    records,
  };
}
