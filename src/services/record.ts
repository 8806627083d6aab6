/**
 * The case record's read models: a child's whole record (one query), the
 * signed-in worker's caseload with due items (one query for all journeys),
 * and person search. Every read is authorised (src/services/policy.ts) and
 * audited (src/services/audit.ts) before data is returned.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { ageAt } from '../domain/dates.ts';
import { compareDueItems, dueItemsForChild, summariseDue, type DueCounts, type DueItem } from '../domain/due.ts';
import { JOURNEY_COLUMNS, RECORD_TABLES, type ChildJourney, type RecordTable } from '../domain/journey/types.ts';
import { CIN_CATEGORY_OF_ABUSE, CIN_REASON_FOR_CLOSURE } from '../domain/codes/cin.ts';
import { loadChildFactsMany } from './access.ts';
import { auditAllowed, authoriseChild, pseudonymFor } from './children.ts';
import type { ServiceContext } from './context.ts';
import { recordOrFail } from './audit.ts';
import { childAccess, type AccessLevel } from './policy.ts';

export const isoToday = (ctx: Pick<ServiceContext, 'clock'>): string => ctx.clock().toISOString().slice(0, 10);

type Row = Record<string, unknown> & { id: number };

/** The journey tables and the extra record tables the record page shows, each as `select *` of the child's rows. */
const EXTRA_TABLES = ['early_help_episode', 'team_transfer', 'related_person'] as const;

function journeySelect(idExpr: string): string {
  const parts = RECORD_TABLES.map((t) => `(select coalesce(json_agg(x), '[]'::json) from (select * from ${t} where child_id = ${idExpr}) x) as "${t}"`);
  return parts.join(',\n');
}

/** Loads the journeys (domain shape, with every column) of several children in one query. */
export async function loadJourneys(db: Db, childIds: readonly number[]): Promise<Map<number, ChildJourney & Record<string, unknown>>> {
  const out = new Map<number, ChildJourney & Record<string, unknown>>();
  if (!childIds.length) return out;
  const ids = childIds.map((i) => Math.trunc(Number(i))).filter((i) => Number.isSafeInteger(i) && i > 0);
  const text = `select c.id, c.la_code, c.date_of_birth, c.expected_dob, c.date_of_death, ${journeySelect('c.id')}
    from child c where c.id in (${ids.join(',')})`;
  const r = await sql.raw<Record<string, unknown>>(text).execute(db);
  for (const row of r.rows) out.set(Number(row['id']), toJourney(row));
  return out;
}

function toJourney(row: Record<string, unknown>): ChildJourney & Record<string, unknown> {
  const j: Record<string, unknown> = {
    child: { id: Number(row['id']), la_code: row['la_code'], date_of_birth: row['date_of_birth'], expected_dob: row['expected_dob'], date_of_death: row['date_of_death'] },
  };
  for (const t of RECORD_TABLES) j[t] = normaliseRows(row[t]);
  return j as ChildJourney & Record<string, unknown>;
}

/** json_agg gives dates as 'YYYY-MM-DD' already; ids may arrive as strings from some drivers. */
function normaliseRows(v: unknown): Row[] {
  const rows = (typeof v === 'string' ? JSON.parse(v) : v ?? []) as Row[];
  for (const r of rows) {
    for (const k of Object.keys(r)) if ((k === 'id' || k.endsWith('_id') || k === 'authorised_by' || k === 'decided_by' || k === 'recorded_by') && typeof r[k] === 'string') r[k] = Number(r[k]);
  }
  return rows;
}

// ---------------------------------------------------------------------------
// The child record

export interface TimelineEntry { date: string; title: string; detail: string; table: string; id: number }
export interface WorkerSpell { worker: string; team: string; startDate: string; endDate: string | null; startReason: string; endReason: string | null }

export interface ChildRecord {
  id: number;
  pseudonymised: boolean;
  canEdit: boolean;
  isManager: boolean;
  displayName: string;
  personRef: string | null;
  upn: string | null;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  age: number | null;
  sex: string;
  laCode: string;
  laName: string;
  status: string;
  legalStatus: string | null;
  currentPlan: string | null;
  allocatedWorker: { name: string; team: string; teamId: number } | null;
  warnings: string[];
  due: DueItem[];
  timeline: TimelineEntry[];
  /** The current (latest) referral's parts, table by table. */
  episode: { referral: Row | null; parts: Record<string, Row[]> };
  workers: { count: number; spells: WorkerSpell[] };
  family: { name: string; relationship: string; parentalResponsibility: boolean; livesWithChild: boolean; dateOfBirth: string | null; childId: number | null }[];
  transfers: { date: string; from: string | null; to: string; rule: string }[];
}

const LABELS: Record<string, (r: Row) => [string, string, string]> = {
  contact: (r) => [String(r['contact_date']), 'Contact', r['decision'] ? `Decision: ${String(r['decision']).replace(/_/g, ' ')} (${r['decision_date']})` : 'Awaiting decision'],
  referral: (r) => [String(r['referral_date']), r['nfa'] ? 'Referral (no further action)' : 'Referral', r['closure_date'] ? `Closed ${r['closure_date']}: ${CIN_REASON_FOR_CLOSURE[r['closure_reason'] as keyof typeof CIN_REASON_FOR_CLOSURE] ?? r['closure_reason']}` : `Source ${r['source']}`],
  assessment: (r) => [String(r['start_date']), 'Assessment started', r['authorised_date'] ? `Completed ${r['completed_date']}, authorised ${r['authorised_date']}` : r['completed_date'] ? `Completed ${r['completed_date']}, awaiting authorisation` : 'In progress'],
  strategy_discussion: (r) => [String(r['discussion_date']), 'Strategy discussion', r['outcome'] === 's47' ? 'Section 47 enquiry to start' : r['outcome'] === 'no_s47' ? 'No section 47 enquiry' : 'Outcome not recorded'],
  s47_enquiry: (r) => [String(r['start_date']), 'Section 47 enquiry', r['end_date'] ? `Ended ${r['end_date']}: ${String(r['outcome'] ?? '').replace(/_/g, ' ')}` : 'Open'],
  icpc: (r) => [String(r['conference_date']), 'Initial child protection conference', r['plan_decided'] ? 'Child protection plan decided' : 'No plan'],
  cp_plan: (r) => [String(r['start_date']), 'Child protection plan', `${CIN_CATEGORY_OF_ABUSE[r['latest_category'] as keyof typeof CIN_CATEGORY_OF_ABUSE] ?? r['latest_category']}${r['end_date'] ? `, ended ${r['end_date']}` : ''}`],
  cp_review: (r) => [String(r['review_date']), 'Child protection review', r['plan_continues'] ? 'Plan continues' : 'Plan to end'],
  core_group_meeting: (r) => [String(r['meeting_date']), 'Core group meeting', ''],
  cin_plan: (r) => [String(r['start_date']), 'Child in need plan', r['end_date'] ? `Ended ${r['end_date']}` : 'Open'],
  visit: (r) => [String(r['visit_date']), `Visit (${String(r['kind']).toUpperCase()})`, r['child_seen'] ? (r['seen_alone'] ? 'Child seen alone' : 'Child seen') : 'Child not seen'],
  care_period: (r) => [String(r['start_date']), 'Started to be looked after', r['end_date'] ? `Ceased ${r['end_date']}` : 'Current'],
  cla_episode: (r) => [String(r['start_date']), 'Care episode', `Legal status ${r['legal_status']}, placement ${r['placement_type']}${r['reason_place_change'] ? `, change reason ${r['reason_place_change']}` : ''}`],
  cla_review: (r) => [String(r['review_date']), 'Looked-after review', `Participation ${r['participation']}`],
  health_event: (r) => [String(r['event_date']), 'Health', String(r['kind']).replace(/_/g, ' ')],
  education_plan: (r) => [String(r['plan_date']), 'Personal education plan', ''],
  missing_episode: (r) => [String(r['start_date']), r['kind'] === 'away' ? 'Away from placement' : 'Missing', r['end_date'] ? `Returned ${r['end_date']}${r['rhi_date'] ? `, return interview ${r['rhi_date']}` : ''}` : 'Still missing'],
  care_leaver_contact: (r) => [String(r['contact_date']), 'Care leaver contact', `In touch: ${r['in_touch']}`],
  pathway_plan: (r) => [String(r['plan_date']), 'Pathway plan', ''],
  allocation: (r) => [String(r['start_date']), 'Worker allocated', String(r['start_reason']).replace(/_/g, ' ')],
};

export function timelineOf(j: ChildJourney): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const t of RECORD_TABLES) {
    const label = LABELS[t];
    if (!label) continue;
    for (const r of j[t] as unknown as Row[]) {
      const [date, title, detail] = label(r);
      out.push({ date, title, detail, table: t, id: Number(r.id) });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
}

function isOpen(r: Row, start: string, today: string): boolean {
  const s = r[start] as string | null;
  const e = r['end_date'] as string | null;
  return s !== null && s <= today && (e === null || e > today);
}

/** The child's whole record, read in one query after the access check; one audit row. */
export async function getChildRecord(ctx: ServiceContext, childId: number): Promise<ChildRecord> {
  const { decision } = await authoriseChild(ctx, childId, 'child_summary', (facts) => childAccess(ctx.user, facts));
  const pseudonymised = decision.level === 'pseudonymised';
  await auditAllowed(ctx, { childId, action: 'read', role: decision.role, recordType: 'child_summary', ...(pseudonymised ? { detail: { pseudonymised } } : {}) });
  const id = Math.trunc(childId);
  const extras = EXTRA_TABLES.map((t) => `(select coalesce(json_agg(x), '[]'::json) from (select * from ${t} where child_id = ${id}) x) as "${t}"`).join(',\n');
  const text = `select c.*, la.name as la_name, ${journeySelect('c.id')}, ${extras},
      (select coalesce(json_agg(x order by x.start_date, x.id), '[]'::json) from (
        select a.id, a.start_date, a.end_date, a.start_reason, a.end_reason, a.team_id, s.given_name || ' ' || s.family_name as worker, t.name as team
        from allocation a join staff s on s.id = a.staff_id join team t on t.id = a.team_id where a.child_id = c.id) x) as worker_spells,
      (select coalesce(json_agg(x), '[]'::json) from (select id, name from team where la_code = c.la_code) x) as teams
    from child c join local_authority la on la.la_code = c.la_code where c.id = ${id}`;
  const r = await sql.raw<Record<string, unknown>>(text).execute(ctx.db);
  const row = r.rows[0];
  if (!row) throw new Error('child vanished between the access check and the read');
  const j = toJourney(row);
  const today = isoToday(ctx);
  const spells = normaliseRows(row['worker_spells']);
  const teams = new Map(normaliseRows(row['teams']).map((t) => [Number(t.id), String(t['name'])]));
  const current = spells.filter((s) => s['end_date'] === null).at(-1);
  const openEpisode = (j.cla_episode as unknown as Row[]).filter((e) => isOpen(e, 'start_date', today)).at(-1);
  const openCp = (j.cp_plan as unknown as Row[]).find((p) => isOpen(p, 'start_date', today));
  const openCin = (j.cin_plan as unknown as Row[]).find((p) => isOpen(p, 'start_date', today));
  const openCare = (j.care_period as unknown as Row[]).find((p) => isOpen(p, 'start_date', today));
  const referrals = [...(j.referral as unknown as Row[])].sort((a, b) => String(a['referral_date']).localeCompare(String(b['referral_date'])) || a.id - b.id);
  const latest = referrals.at(-1) ?? null;
  const status = openCare ? 'Looked after' : openCp ? 'Child protection plan' : latest && !latest['nfa'] && !latest['closure_date'] ? 'Child in need' : (j.care_leaver_contact.length ? 'Care leaver' : 'No open episode');
  const warnings: string[] = [];
  if (row['restricted']) warnings.push('Restricted record');
  if (row['uasc'] && !row['uasc_ceased']) warnings.push('Unaccompanied asylum-seeking child');
  if ((j.missing_episode as unknown as Row[]).some((m) => m['end_date'] === null)) warnings.push('Currently missing');
  if (row['date_of_death']) warnings.push('Deceased');
  const parts: Record<string, Row[]> = {};
  if (latest) {
    for (const t of ['assessment', 'strategy_discussion', 's47_enquiry', 'cin_plan', 'cp_plan'] as const) parts[t] = (j[t] as unknown as Row[]).filter((x) => x['referral_id'] === latest.id);
    const s47Ids = new Set(parts['s47_enquiry']!.map((s) => s.id));
    parts['icpc'] = (j.icpc as unknown as Row[]).filter((x) => s47Ids.has(Number(x['s47_id'])));
    const cpIds = new Set(parts['cp_plan']!.map((p) => p.id));
    parts['cp_review'] = (j.cp_review as unknown as Row[]).filter((x) => cpIds.has(Number(x['cp_plan_id'])));
  }
  for (const t of ['care_period', 'cla_episode', 'cla_review', 'visit', 'health_event', 'missing_episode', 'care_leaver_contact'] as const) parts[t] = [...(j[t] as unknown as Row[])];
  if (pseudonymised) {
    // Where a child lives or is placed identifies them: not in a pseudonymised view.
    parts['cla_episode'] = parts['cla_episode']!.map(({ placement_postcode: _p, home_postcode: _h, placement_provider: _pp, provider_urn: _u, ...rest }) => rest as Row);
  }
  const dob = row['date_of_birth'] as string | null;
  const name = `${row['given_name']} ${row['family_name']}`;
  const due = j.child.date_of_birth || j.child.expected_dob ? dueItemsForChild(j, today) : [];
  const related = normaliseRows(row['related_person']);
  return {
    id,
    pseudonymised,
    canEdit: decision.level === 'edit',
    isManager: decision.level === 'edit' && ctx.user.roles.some((g) => g.role === 'team_manager'),
    displayName: pseudonymised ? pseudonymFor(ctx.pseudonymKey, id) : name,
    personRef: pseudonymised ? null : (row['person_ref'] as string),
    upn: pseudonymised ? null : (row['upn'] as string | null),
    dateOfBirth: dob === null ? null : pseudonymised ? dob.slice(0, 7) : dob,
    expectedDateOfBirth: (row['expected_dob'] as string | null) === null ? null : pseudonymised ? String(row['expected_dob']).slice(0, 7) : (row['expected_dob'] as string),
    age: dob && dob <= today ? ageAt(dob, today) : null,
    sex: String(row['sex']),
    laCode: String(row['la_code']),
    laName: String(row['la_name']),
    status,
    legalStatus: openEpisode ? String(openEpisode['legal_status']) : null,
    currentPlan: openCp ? 'Child protection plan' : openCin ? 'Child in need plan' : openCare ? 'Care plan' : null,
    allocatedWorker: current ? { name: String(current['worker']), team: String(current['team']), teamId: Number(current['team_id']) } : null,
    warnings,
    due,
    timeline: pseudonymised ? timelineOf(j).map((e) => ({ ...e, detail: '' })) : timelineOf(j),
    episode: { referral: latest, parts },
    workers: {
      count: new Set(spells.map((s) => s['worker'])).size,
      spells: spells.map((s) => ({ worker: String(s['worker']), team: String(s['team']), startDate: String(s['start_date']), endDate: (s['end_date'] as string | null) ?? null, startReason: String(s['start_reason']), endReason: (s['end_reason'] as string | null) ?? null })),
    },
    family: pseudonymised ? [] : related.map((p) => ({
      name: `${p['given_name']} ${p['family_name']}`,
      relationship: String(p['relationship']),
      parentalResponsibility: Boolean(p['parental_responsibility']),
      livesWithChild: Boolean(p['lives_with_child']),
      dateOfBirth: (p['date_of_birth'] as string | null) ?? null,
      childId: p['related_child_id'] === null ? null : Number(p['related_child_id']),
    })),
    transfers: normaliseRows(row['team_transfer']).map((t) => ({ date: String(t['transfer_date']), from: t['from_team_id'] === null ? null : teams.get(Number(t['from_team_id'])) ?? null, to: teams.get(Number(t['to_team_id'])) ?? '', rule: String(t['rule']) })),
  };
}

// ---------------------------------------------------------------------------
// My work

export interface CaseloadChild { id: number; name: string; personRef: string; age: number | null; status: string; due: DueItem[]; next: DueItem | null; overdue: number }
export interface MyWork { staffId: number | null; children: CaseloadChild[]; counts: DueCounts & { children: number } }

async function auditList(ctx: ServiceContext, recordType: string, childIds: number[]): Promise<void> {
  await recordOrFail(ctx.audit, {
    occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, role: ctx.user.roles.map((r) => r.role).join(',') || null,
    action: 'read', childId: null, recordType, recordId: null, requestId: ctx.requestId, outcome: 'allowed', detail: { childIds },
  });
}

/** Children with an open allocation to the given staff (or team), with names, refs and statuses. */
export async function caseloadFor(ctx: ServiceContext, by: { staffId?: number; teamId?: number }): Promise<CaseloadChild[]> {
  let q = ctx.db
    .selectFrom('allocation as a')
    .innerJoin('child as c', 'c.id', 'a.child_id')
    .select(['c.id', 'c.given_name', 'c.family_name', 'c.person_ref', 'c.date_of_birth', 'c.restricted', 'a.staff_id'])
    .where('a.end_date', 'is', null);
  if (by.staffId !== undefined) q = q.where('a.staff_id', '=', by.staffId);
  if (by.teamId !== undefined) q = q.where('a.team_id', '=', by.teamId);
  const rows = await q.execute();
  // Restricted records stay hidden unless the user is named on them.
  const grants = rows.some((r) => r.restricted)
    ? new Set((await ctx.db.selectFrom('child_access_grant').select('child_id').where('user_id', '=', ctx.user.id).execute()).map((g) => Number(g.child_id)))
    : new Set<number>();
  const visible = rows.filter((r) => !r.restricted || grants.has(Number(r.id)));
  const journeys = await loadJourneys(ctx.db, visible.map((r) => Number(r.id)));
  const today = isoToday(ctx);
  const out: CaseloadChild[] = [];
  for (const r of visible) {
    const j = journeys.get(Number(r.id));
    if (!j) continue;
    const due = dueItemsForChild(j, today);
    const dob = r.date_of_birth;
    const openCare = (j.care_period as unknown as Row[]).some((p) => isOpen(p, 'start_date', today));
    const openCp = (j.cp_plan as unknown as Row[]).some((p) => isOpen(p, 'start_date', today));
    const openRef = (j.referral as unknown as Row[]).some((p) => !p['nfa'] && p['closure_date'] === null);
    out.push({
      id: Number(r.id), name: `${r.given_name} ${r.family_name}`, personRef: r.person_ref, age: dob && dob <= today ? ageAt(dob, today) : null,
      status: openCare ? 'Looked after' : openCp ? 'Child protection plan' : openRef ? 'Child in need' : 'No open episode',
      due, next: due[0] ?? null, overdue: due.filter((d) => d.status === 'overdue').length,
    });
  }
  // Most urgent first: children with the worst next item first; children with nothing due last.
  out.sort((a, b) => (a.next && b.next ? compareDueItems(a.next, b.next) : a.next ? -1 : b.next ? 1 : a.name.localeCompare(b.name)));
  return out;
}

/** The signed-in worker's caseload: every child allocated to them, with due and overdue items, most urgent first. */
export async function getMyWork(ctx: ServiceContext): Promise<MyWork> {
  const staffId = ctx.user.staffId;
  if (staffId === null) return { staffId, children: [], counts: { total: 0, overdue: 0, due_soon: 0, upcoming: 0, children: 0 } };
  const children = await caseloadFor(ctx, { staffId });
  await auditList(ctx, 'my_work', children.map((c) => c.id));
  const s = summariseDue(children.flatMap((c) => c.due));
  return { staffId, children, counts: { total: s.total, overdue: s.overdue, due_soon: s.due_soon, upcoming: s.upcoming, children: children.length } };
}

// ---------------------------------------------------------------------------
// Search

export interface SearchQuery { name?: string; dob?: string; id?: string; upn?: string }
export interface SearchResult { id: number; name: string; personRef: string | null; dateOfBirth: string | null; laName: string; pseudonymised: boolean; access: AccessLevel }
export const SEARCH_LIMIT = 25;

/** Person search by name (typo-tolerant, pg_trgm), date of birth, Hearth id or reference, UPN; only children the searcher may see. */
export async function searchChildren(ctx: ServiceContext, q: SearchQuery): Promise<SearchResult[]> {
  const name = q.name?.trim().replace(/\s+/g, ' ') ?? '';
  const conds = [];
  // Both `%` (similarity) and `ilike` (part of a name) can use the trigram GIN index on the same expression.
  if (name) conds.push(sql`(c.given_name || ' ' || c.family_name) % ${name} or (c.given_name || ' ' || c.family_name) ilike ${'%' + name.replace(/[\\%_]/g, (m) => '\\' + m) + '%'}`);
  if (q.dob) conds.push(sql`c.date_of_birth = ${q.dob}`);
  if (q.id) {
    const n = /^[0-9]{1,15}$/.test(q.id) ? Number(q.id) : null;
    conds.push(n !== null ? sql`(c.id = ${n} or c.person_ref = ${q.id})` : sql`c.person_ref = ${q.id}`);
  }
  if (q.upn) conds.push(sql`(c.upn = ${q.upn.toUpperCase()} or c.former_upn = ${q.upn.toUpperCase()})`);
  if (!conds.length) return [];
  const identifying = Boolean(name || q.dob || q.upn || (q.id && !/^[0-9]{1,15}$/.test(q.id)));
  const where = sql.join(conds.map((c) => sql`(${c})`), sql` and `);
  const score = name ? sql`similarity(c.given_name || ' ' || c.family_name, ${name})` : sql`1`;
  const rows = await sql<{ id: number; given_name: string; family_name: string; person_ref: string; date_of_birth: string | null; la_name: string; score: number }>`
    select c.id, c.given_name, c.family_name, c.person_ref, c.date_of_birth, la.name as la_name, ${score} as score
    from child c join local_authority la on la.la_code = c.la_code
    where ${where}
    order by score desc, c.family_name, c.given_name, c.id
    limit 200`.execute(ctx.db);
  const results: SearchResult[] = [];
  const allFacts = await loadChildFactsMany(ctx.db, rows.rows.map((r) => Number(r.id)));
  for (const r of rows.rows) {
    if (results.length >= SEARCH_LIMIT) break;
    const facts = allFacts.get(Number(r.id));
    if (!facts) continue;
    const d = childAccess(ctx.user, facts);
    if (d.level === 'none') continue;
    const pseudo = d.level === 'pseudonymised';
    // A pseudonymised view must not be linkable to a name, date of birth, reference or UPN:
    // such users find children by Hearth id only.
    if (pseudo && identifying) continue;
    results.push({
      id: Number(r.id),
      name: pseudo ? pseudonymFor(ctx.pseudonymKey, Number(r.id)) : `${r.given_name} ${r.family_name}`,
      personRef: pseudo ? null : r.person_ref,
      dateOfBirth: r.date_of_birth === null ? null : pseudo ? r.date_of_birth.slice(0, 7) : r.date_of_birth,
      laName: r.la_name,
      pseudonymised: pseudo,
      access: d.level,
    });
  }
  await recordOrFail(ctx.audit, {
    occurredAt: ctx.clock(), userId: ctx.user.id, username: ctx.user.username, role: ctx.user.roles.map((g) => g.role).join(',') || null,
    action: 'search', childId: null, recordType: 'person_search', recordId: null, requestId: ctx.requestId, outcome: 'allowed',
    // The query itself may hold a name: record which fields were used and what was shown, never the terms.
    detail: { fields: Object.entries(q).filter(([, v]) => v).map(([k]) => k), childIds: results.map((x) => x.id) },
  });
  return results;
}

export { JOURNEY_COLUMNS };
export type { RecordTable };
