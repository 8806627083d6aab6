/**
 * Small hand-made records for the statutory returns tests (synthetic names,
 * no real data). Each helper inserts one row and returns its id.
 */
import type { Db } from '../../src/db/database.ts';

export async function addCouncil(db: Db, laCode: string, name: string): Promise<void> {
  await db.insertInto('local_authority').values({ la_code: laCode, name, population_0_17: 50000 }).execute();
}

export async function addTeam(db: Db, laCode: string, name: string, kind = 'long_term'): Promise<number> {
  const r = await db.insertInto('team').values({ la_code: laCode, name, kind }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

let staffSeq = 0;
export async function addWorker(db: Db, teamId: number, givenName: string, familyName: string, swe?: string): Promise<number> {
  staffSeq++;
  const r = await db.insertInto('staff').values({
    staff_ref: `STF${String(staffSeq).padStart(4, '0')}${Math.random().toString(36).slice(2, 6)}`,
    swe_number: swe ?? null, given_name: givenName, family_name: familyName, job_title: 'Social worker',
    is_social_worker: true, fte: 1, start_date: '2020-01-01', team_id: teamId,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface ChildInput {
  laCode: string;
  ref: string;
  dob?: string | null;
  expectedDob?: string | null;
  sex?: 'M' | 'F' | 'U';
  ethnicity?: string;
  upn?: string | null;
  disabilities?: string[];
  uasc?: boolean;
  uascCeased?: string | null;
  givenName?: string;
  familyName?: string;
}

export async function addChild(db: Db, c: ChildInput): Promise<number> {
  const r = await db.insertInto('child').values({
    la_code: c.laCode, person_ref: c.ref, upn: c.upn ?? null, given_name: c.givenName ?? 'Sam', family_name: c.familyName ?? 'Example',
    date_of_birth: c.dob === undefined ? '2015-06-01' : c.dob, expected_dob: c.expectedDob ?? null, sex: c.sex ?? 'F',
    ethnicity: c.ethnicity ?? 'WBRI', disabilities: c.disabilities ?? [], uasc: c.uasc ?? false, uasc_ceased: c.uascCeased ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function allocate(db: Db, childId: number, staffId: number, teamId: number, start: string, end: string | null = null, endReason: string | null = null): Promise<number> {
  const r = await db.insertInto('allocation').values({
    child_id: childId, staff_id: staffId, team_id: teamId, start_date: start, end_date: end, start_reason: 'NEWCASE', end_reason: endReason,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function addCarePeriod(db: Db, childId: number, laCode: string, start: string, end: string | null = null): Promise<number> {
  const r = await db.insertInto('care_period').values({ child_id: childId, la_code: laCode, start_date: start, end_date: end })
    .returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface EpisodeInput {
  start: string;
  end?: string | null;
  rne?: string;
  ls?: string;
  cin?: string;
  place?: string;
  provider?: string | null;
  placePostcode?: string | null;
  homePostcode?: string | null;
  urn?: string | null;
  rec?: string | null;
  reasonPlaceChange?: string | null;
}

export async function addEpisode(db: Db, childId: number, periodId: number, e: EpisodeInput): Promise<number> {
  const r = await db.insertInto('cla_episode').values({
    care_period_id: periodId, child_id: childId, start_date: e.start, end_date: e.end ?? null, reason_new_episode: e.rne ?? 'S',
    legal_status: e.ls ?? 'C2', category_of_need: e.cin ?? 'N1', placement_type: e.place ?? 'U4',
    placement_provider: e.provider === undefined ? 'PR1' : e.provider, placement_postcode: e.placePostcode ?? 'AB1 2CD',
    home_postcode: e.homePostcode ?? 'AB3 4EF', provider_urn: e.urn ?? null, reason_ceased: e.rec ?? null,
    reason_place_change: e.reasonPlaceChange ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
