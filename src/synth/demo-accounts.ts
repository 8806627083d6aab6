/**
 * Demonstration sign-ins for a synthetic borough: one account per role,
 * each linked to a suitable synthetic member of staff. All accounts share
 * one documented password for the run (derived from the seed). These are
 * for evaluation only and must never exist in a production database.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from '../db/database.ts';
import { hashPassword } from '../services/passwords.ts';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  description: string;
}

export const DEMO_ROLES = [
  'practitioner', 'team_manager', 'head_of_service', 'front_door', 'iro', 'qa_officer', 'performance_officer',
  'board_member', 'council_commissioner', 'partnership_chair', 'sysadmin', 'data_protection',
] as const;

export function demoPassword(seed: number): string {
  return `hearth-demo-${seed}`;
}

interface StaffPick {
  id: number;
  team_id: number;
  given_name: string;
  family_name: string;
}

async function one<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  const r = await db.executeQuery<T>(CompiledQuery.raw(text, params));
  return r.rows[0];
}

export async function createDemoAccounts(db: Db, laCodes: string[], options: { password?: string } = {}): Promise<DemoAccount[]> {
  const password = options.password ?? 'hearth-demo';
  const la = laCodes[0];
  if (!la) throw new Error('createDemoAccounts needs at least one council code');
  const active = `s.leave_date is null`;
  // The practitioner: a social worker in a long-term team with the most open allocations.
  const practitioner = await one<StaffPick>(db, `
    select s.id::int, s.team_id::int, s.given_name, s.family_name from staff s
    join team t on t.id = s.team_id
    join allocation a on a.staff_id = s.id and a.end_date is null
    where ${active} and t.la_code = $1 and t.kind = 'long_term' and s.job_title <> 'Team Manager'
    group by s.id order by count(*) desc, s.id limit 1`, [la]);
  const manager = practitioner && (await one<StaffPick>(db, `
    select s.id::int, s.team_id::int, s.given_name, s.family_name from staff s
    where ${active} and s.team_id = $1 and s.job_title = 'Team Manager' order by s.id limit 1`, [practitioner.team_id]));
  const byKind = (kind: string, title?: string) => one<StaffPick>(db, `
    select s.id::int, s.team_id::int, s.given_name, s.family_name from staff s join team t on t.id = s.team_id
    where ${active} and t.la_code = $1 and t.kind = $2 ${title ? 'and s.job_title = $3' : ''} order by s.id limit 1`, title ? [la, kind, title] : [la, kind]);
  const iro = await one<StaffPick>(db, `
    select s.id::int, s.team_id::int, s.given_name, s.family_name from staff s
    join team t on t.id = s.team_id
    join cla_review r on r.iro_staff_id = s.id
    where ${active} and t.la_code = $1 group by s.id order by count(*) desc, s.id limit 1`, [la]);
  const frontDoor = await byKind('front_door');
  const qa = await byKind('quality_assurance');
  const perf = await byKind('performance');
  const service = await one<{ id: number }>(db, `select id::int from team where la_code = $1 and kind = 'service'`, [la]);

  const plan: { role: (typeof DEMO_ROLES)[number]; staff?: StaffPick | undefined; la?: string; team?: number | undefined; description: string }[] = [
    { role: 'practitioner', staff: practitioner, team: practitioner?.team_id, description: 'Social worker with an allocated caseload' },
    { role: 'team_manager', staff: manager, team: practitioner?.team_id, description: "Manager of the practitioner's team" },
    { role: 'head_of_service', team: service?.id, description: 'Head of service: whole-service dashboards' },
    { role: 'front_door', staff: frontDoor, team: frontDoor?.team_id, description: 'Front door / MASH worker' },
    { role: 'iro', staff: iro, team: iro?.team_id, description: 'Independent reviewing officer who chairs reviews' },
    { role: 'qa_officer', staff: qa, description: 'Quality assurance officer' },
    { role: 'performance_officer', staff: perf, description: 'Performance officer: returns and data quality' },
    { role: 'board_member', description: 'Board member: aggregates only' },
    { role: 'council_commissioner', la, description: `Council commissioner for ${la}: aggregates only` },
    { role: 'partnership_chair', description: 'Safeguarding partnership chair: aggregates only' },
    { role: 'sysadmin', description: 'System administrator: users, teams and reference data' },
    { role: 'data_protection', description: 'Data protection officer' },
  ];
  const out: DemoAccount[] = [];
  for (const p of plan) {
    const username = p.role.replace(/_/g, '-');
    const display = p.staff ? `${p.staff.given_name} ${p.staff.family_name}` : `Demo ${p.role.replace(/_/g, ' ')}`;
    const hash = await hashPassword(password);
    const row = await one<{ id: number }>(db, `
      insert into user_account (username, display_name, password_hash, staff_id) values ($1, $2, $3, $4)
      on conflict (username) do nothing returning id::int`, [username, display, hash, p.staff?.id ?? null]);
    if (!row) continue;
    await db.executeQuery(CompiledQuery.raw(`insert into user_role (user_id, role, la_code, team_id) values ($1, $2, $3, $4)`, [row.id, p.role, p.la ?? null, p.team ?? null]));
    out.push({ username, password, role: p.role, description: p.description });
  }
  return out;
}
