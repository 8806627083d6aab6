/**
 * Hand-made synthetic fixtures for the security tests: two councils, a few
 * teams and staff, one user per role (plus a few for edge cases) and six
 * children, each placed to exercise one rule of src/services/policy.ts.
 * All names are invented.
 */
import type { Db } from '../../src/db/database.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import type { Role } from '../../src/services/policy.ts';

export const FIXTURE_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
/** Hashed once per process (argon2 is deliberately slow). */
export function fixturePasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(FIXTURE_PASSWORD);
  return passwordHash;
}

export type UserKey =
  | 'practitioner'
  | 'practitionerOtherTeam'
  | 'teamManager'
  | 'headOfService'
  | 'frontDoor'
  | 'iro'
  | 'qaOfficer'
  | 'performanceOfficer'
  | 'boardMember'
  | 'commissioner'
  | 'commissionerKingston'
  | 'partnershipChair'
  | 'sysadmin'
  | 'dataProtection'
  | 'namedOnRestricted';

export type ChildKey = 'allocated' | 'teamChild' | 'otherTeam' | 'kingston' | 'restricted' | 'frontDoor';

export interface FixtureChild {
  id: number;
  givenName: string;
  familyName: string;
  personRef: string;
  dateOfBirth: string;
}

export interface Fixtures {
  users: Record<UserKey, { id: number; username: string }>;
  children: Record<ChildKey, FixtureChild>;
  teams: { richmondAssessment: number; richmondLongTerm: number; kingstonAssessment: number; frontDoor: number };
}

export async function seedFixtures(db: Db): Promise<Fixtures> {
  const hash = await fixturePasswordHash();
  await db
    .insertInto('local_authority')
    .values([
      { la_code: '318', name: 'Richmond upon Thames', population_0_17: 42000 },
      { la_code: '314', name: 'Kingston upon Thames', population_0_17: 38000 },
    ])
    .execute();
  const team = async (la_code: string, name: string, kind: string) =>
    Number((await db.insertInto('team').values({ la_code, name, kind }).returning('id').executeTakeFirstOrThrow()).id);
  const teams = {
    richmondAssessment: await team('318', 'Richmond Assessment', 'assessment'),
    richmondLongTerm: await team('318', 'Richmond Long Term', 'long_term'),
    kingstonAssessment: await team('314', 'Kingston Assessment', 'assessment'),
    frontDoor: await team('318', 'Richmond Front Door', 'front_door'),
  };
  let staffN = 0;
  const staff = async (given: string, family: string, teamId: number | null) =>
    Number(
      (
        await db
          .insertInto('staff')
          .values({ staff_ref: `S${++staffN}`, given_name: given, family_name: family, job_title: 'Social worker', is_social_worker: true, fte: 1, start_date: '2020-01-01', team_id: teamId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  const s = {
    prac: await staff('Ada', 'Quill', teams.richmondAssessment),
    prac2: await staff('Bram', 'Oakes', teams.richmondAssessment),
    prac3: await staff('Cleo', 'Ferns', teams.richmondLongTerm),
    kingstonWorker: await staff('Dev', 'Marsh', teams.kingstonAssessment),
    manager: await staff('Edie', 'Larch', teams.richmondAssessment),
    iro: await staff('Finn', 'Rowan', null),
    frontDoor: await staff('Gus', 'Hazel', teams.frontDoor),
    named: await staff('Hana', 'Birch', teams.richmondLongTerm),
  };
  const userDefs: [UserKey, Role, string | null, number | null, number | null][] = [
    ['practitioner', 'practitioner', '318', teams.richmondAssessment, s.prac],
    ['practitionerOtherTeam', 'practitioner', '318', teams.richmondLongTerm, s.prac3],
    ['teamManager', 'team_manager', '318', teams.richmondAssessment, s.manager],
    ['headOfService', 'head_of_service', null, null, null],
    ['frontDoor', 'front_door', '318', teams.frontDoor, s.frontDoor],
    ['iro', 'iro', null, null, s.iro],
    ['qaOfficer', 'qa_officer', null, null, null],
    ['performanceOfficer', 'performance_officer', null, null, null],
    ['boardMember', 'board_member', null, null, null],
    ['commissioner', 'council_commissioner', '318', null, null],
    ['commissionerKingston', 'council_commissioner', '314', null, null],
    ['partnershipChair', 'partnership_chair', null, null, null],
    ['sysadmin', 'sysadmin', null, null, null],
    ['dataProtection', 'data_protection', null, null, null],
    ['namedOnRestricted', 'practitioner', '318', teams.richmondLongTerm, s.named],
  ];
  const users = {} as Fixtures['users'];
  for (const [key, role, la, teamId, staffId] of userDefs) {
    const username = key.replace(/[A-Z]/g, (c) => `.${c.toLowerCase()}`);
    const id = Number(
      (
        await db
          .insertInto('user_account')
          .values({ username, display_name: `Test ${key}`, password_hash: hash, staff_id: staffId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    await db.insertInto('user_role').values({ user_id: id, role, la_code: la, team_id: teamId }).execute();
    users[key] = { id, username };
  }

  let childN = 0;
  const child = async (la: string, given: string, family: string, dob: string, restricted = false): Promise<FixtureChild> => {
    const personRef = `PREF${String(++childN).padStart(5, '0')}`;
    const id = Number(
      (
        await db
          .insertInto('child')
          .values({ la_code: la, person_ref: personRef, given_name: given, family_name: family, date_of_birth: dob, sex: 'F', ethnicity: 'WBRI', restricted })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    return { id, givenName: given, familyName: family, personRef, dateOfBirth: dob };
  };
  const children: Fixtures['children'] = {
    allocated: await child('318', 'Juniper', 'Wrenfield', '2015-04-11'),
    teamChild: await child('318', 'Kestrel', 'Ashcombe', '2012-09-23'),
    otherTeam: await child('318', 'Linnet', 'Thornby', '2018-01-30'),
    kingston: await child('314', 'Marram', 'Eskdale', '2010-06-05'),
    restricted: await child('318', 'Nettle', 'Quarrington', '2016-12-12', true),
    frontDoor: await child('318', 'Osier', 'Pellow', '2019-03-03'),
  };
  const allocate = (childId: number, staffId: number, teamId: number) =>
    db.insertInto('allocation').values({ child_id: childId, staff_id: staffId, team_id: teamId, start_date: '2025-01-06', start_reason: 'referral' }).execute();
  await allocate(children.allocated.id, s.prac, teams.richmondAssessment);
  await allocate(children.teamChild.id, s.prac2, teams.richmondAssessment);
  await allocate(children.otherTeam.id, s.prac3, teams.richmondLongTerm);
  await allocate(children.kingston.id, s.kingstonWorker, teams.kingstonAssessment);
  // The restricted child is allocated to the practitioner, who is NOT named on it: still hidden from them.
  await allocate(children.restricted.id, s.prac, teams.richmondAssessment);
  await db.insertInto('child_access_grant').values({ child_id: children.restricted.id, user_id: users.namedOnRestricted.id }).execute();

  // An open referral (child in need) for the allocated child; the team's child is looked after, reviewed by the IRO.
  await db.insertInto('referral').values({ child_id: children.allocated.id, la_code: '318', referral_date: '2025-01-06', source: '1A' }).execute();
  const period = await db
    .insertInto('care_period')
    .values({ child_id: children.teamChild.id, la_code: '318', start_date: '2024-05-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('cla_review')
    .values({ care_period_id: period.id, child_id: children.teamChild.id, review_date: '2025-02-01', participation: 'PN1', iro_staff_id: s.iro })
    .execute();
  // Front-door work: an undecided contact.
  await db.insertInto('contact').values({ child_id: children.frontDoor.id, la_code: '318', contact_date: '2026-02-27', source: '1A', summary: 'Worry about home conditions' }).execute();
  return { users, children, teams };
}
