/**
 * The team manager's view: each worker's caseload against the team's range
 * (amber above `team.caseload_amber`, red above `team.caseload_red`), the
 * team's children, allocation and reallocation with a reason (the old
 * allocation row closed, a new one opened: the child's worker history), and
 * the sign-off queue (assessments completed but not authorised).
 */
import { sql } from 'kysely';
import { checkNewAllocation } from '../domain/journey/invariants.ts';
import { auditAllowed, authoriseChild } from './children.ts';
import { ForbiddenError, type ServiceContext } from './context.ts';
import { recordOrFail } from './audit.ts';
import { childAccess } from './policy.ts';
import { caseloadFor, isoToday, loadJourneys, type CaseloadChild } from './record.ts';
import { FormErrors, type FieldError } from './recording.ts';

export const DEFAULT_AMBER = 18;
export const DEFAULT_RED = 22;

export const ALLOCATION_REASONS: { value: string; text: string }[] = [
  { value: 'new_case', text: 'New case' },
  { value: 'worker_left', text: 'Worker left' },
  { value: 'caseload_balance', text: 'Balancing caseloads' },
  { value: 'team_transfer', text: 'Transfer between teams' },
  { value: 'family_request', text: 'Family request' },
  { value: 'other', text: 'Other' },
];

export type Rag = 'green' | 'amber' | 'red';
export interface WorkerLoad { staffId: number; name: string; caseload: number; rag: Rag }
export interface SignOff { childId: number; childName: string; assessmentId: number; completedDate: string; worker: string | null }
export interface TeamView { teamId: number; teamName: string; amber: number; red: number; workers: WorkerLoad[]; alerts: string[]; children: CaseloadChild[]; signOff: SignOff[] }

/** The teams the user manages. */
export function managedTeams(ctx: ServiceContext): number[] {
  const ids = ctx.user.roles.filter((g) => g.role === 'team_manager').map((g) => g.teamId ?? ctx.user.staffTeamId).filter((x): x is number => x !== null);
  return [...new Set(ids)];
}

export function ragFor(n: number, amber: number, red: number): Rag {
  return n > red ? 'red' : n > amber ? 'amber' : 'green';
}

export async function getTeamView(ctx: ServiceContext, teamId?: number): Promise<TeamView> {
  const teams = managedTeams(ctx);
  const id = teamId ?? teams[0];
  if (id === undefined || !teams.includes(id)) throw new ForbiddenError('You do not manage this team.');
  const team = await ctx.db.selectFrom('team').select(['id', 'name', 'caseload_amber', 'caseload_red']).where('id', '=', id).executeTakeFirstOrThrow();
  const amber = team.caseload_amber ?? DEFAULT_AMBER;
  const red = team.caseload_red ?? DEFAULT_RED;
  const loads = await sql<{ id: number; name: string; n: number }>`
    select s.id, s.given_name || ' ' || s.family_name as name,
      (select count(*) from allocation a where a.staff_id = s.id and a.end_date is null) as n
    from staff s where s.team_id = ${id} and (s.leave_date is null or s.leave_date > ${isoToday(ctx)})
    order by s.family_name, s.given_name`.execute(ctx.db);
  const workers = loads.rows.map((r) => ({ staffId: Number(r.id), name: r.name, caseload: Number(r.n), rag: ragFor(Number(r.n), amber, red) }));
  const alerts = workers.filter((w) => w.rag !== 'green').map((w) => `${w.name} has ${w.caseload} children, above the team’s ${w.rag === 'red' ? 'upper limit' : 'range'} (${w.rag === 'red' ? red : amber})`);
  const children = await caseloadFor(ctx, { teamId: id });
  const signOffRows = await sql<{ child_id: number; given_name: string; family_name: string; id: number; completed_date: string; worker: string | null }>`
    select a.child_id, c.given_name, c.family_name, a.id, a.completed_date,
      (select s.given_name || ' ' || s.family_name from allocation al join staff s on s.id = al.staff_id where al.child_id = c.id and al.end_date is null limit 1) as worker
    from assessment a join child c on c.id = a.child_id
    where a.completed_date is not null and a.authorised_date is null and not c.restricted
      and exists (select 1 from allocation al where al.child_id = c.id and al.end_date is null and al.team_id = ${id})
    order by a.completed_date, a.id`.execute(ctx.db);
  const signOff = signOffRows.rows.map((r) => ({ childId: Number(r.child_id), childName: `${r.given_name} ${r.family_name}`, assessmentId: Number(r.id), completedDate: r.completed_date, worker: r.worker }));
  await recordOrFail(ctx.audit, {
    occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, role: 'team_manager', action: 'read', childId: null,
    recordType: 'team_caseload', recordId: String(id), requestId: ctx.requestId, outcome: 'allowed',
    detail: { childIds: [...new Set([...children.map((c) => c.id), ...signOff.map((s) => s.childId)])] },
  });
  return { teamId: id, teamName: team.name, amber, red, workers, alerts, children, signOff };
}

/** Allocates (or reallocates) a child to a worker: closes the open allocation and opens a new one, with the reason. */
export async function allocateChild(ctx: ServiceContext, childId: number, input: { staffId: unknown; reason: unknown; date?: unknown }): Promise<{ allocationId: number }> {
  const teams = managedTeams(ctx);
  const { decision, facts } = await authoriseChild(ctx, childId, 'allocation', (f) => {
    const d = childAccess(ctx.user, f);
    return d.level === 'edit' && d.role === 'team_manager' ? d : { level: 'none', role: null, reason: 'only the team manager allocates' };
  });
  const today = isoToday(ctx);
  const errors: FieldError[] = [];
  const staffId = typeof input.staffId === 'string' && /^[0-9]{1,12}$/.test(input.staffId) ? Number(input.staffId) : typeof input.staffId === 'number' ? input.staffId : null;
  const reason = typeof input.reason === 'string' && ALLOCATION_REASONS.some((r) => r.value === input.reason) ? input.reason : null;
  const date = typeof input.date === 'string' && input.date ? input.date : today;
  const staff = staffId === null ? undefined : await ctx.db.selectFrom('staff').select(['id', 'team_id']).where('id', '=', staffId).executeTakeFirst();
  if (!staff || staff.team_id === null || !teams.includes(Number(staff.team_id))) errors.push({ field: 'staffId', message: 'Select a worker in your team' });
  if (!reason) errors.push({ field: 'reason', message: 'Select the reason for the allocation' });
  if (staff && facts.allocatedStaffId === Number(staff.id)) errors.push({ field: 'staffId', message: 'The child is already allocated to this worker' });
  if (errors.length) throw new FormErrors(errors);
  const journey = (await loadJourneys(ctx.db, [childId])).get(childId)!;
  const open = journey.allocation.filter((a) => a.end_date === null);
  const closed = { ...journey, allocation: journey.allocation.map((a) => (a.end_date === null ? { ...a, end_date: date } : a)) };
  const v = checkNewAllocation(closed, { child_id: childId, staff_id: Number(staff!.id), team_id: Number(staff!.team_id), start_date: date, end_date: null });
  if (v.length) throw new FormErrors(v.map((x) => ({ field: 'staffId', message: x.message })));
  await auditAllowed(ctx, { childId, action: 'update', role: decision.role, recordType: 'allocation', detail: { reason } });
  return ctx.db.transaction().execute(async (trx) => {
    for (const a of open) await trx.updateTable('allocation').set({ end_date: date, end_reason: reason }).where('id', '=', a.id).execute();
    const r = await trx.insertInto('allocation').values({ child_id: childId, staff_id: Number(staff!.id), team_id: Number(staff!.team_id), start_date: date, start_reason: reason! }).returning('id').executeTakeFirstOrThrow();
    const from = open[0]?.team_id ?? null;
    if (from !== Number(staff!.team_id)) {
      await trx.insertInto('team_transfer').values({ child_id: childId, from_team_id: from, to_team_id: Number(staff!.team_id), transfer_date: date, rule: 'manual', recorded_by: ctx.user.id }).execute();
    }
    return { allocationId: Number(r.id) };
  });
}
