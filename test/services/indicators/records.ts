/**
 * A small builder for hand-made records in the indicator tests: each call
 * inserts the fewest rows the schema needs. All names are invented.
 */
import type { Db } from '../../../src/db/database.ts';

let seq = 0;
const next = () => ++seq;

export class Records {
  constructor(readonly db: Db) {}

  async council(laCode: string, population = 10_000): Promise<string> {
    await this.db.insertInto('local_authority').values({ la_code: laCode, name: `Council ${laCode}`, population_0_17: population }).execute();
    return laCode;
  }

  async team(laCode: string, kind = 'assessment'): Promise<number> {
    const r = await this.db.insertInto('team').values({ la_code: laCode, name: `Team ${next()}`, kind }).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async staff(teamId: number, o: { agency?: boolean; fte?: number; start?: string; leave?: string | null; title?: string; socialWorker?: boolean } = {}): Promise<number> {
    const n = next();
    const r = await this.db
      .insertInto('staff')
      .values({
        staff_ref: `S${n}`, given_name: 'Wren', family_name: `Worker${n}`, job_title: o.title ?? 'Social Worker', is_social_worker: o.socialWorker ?? true,
        fte: o.fte ?? 1, agency: o.agency ?? false, start_date: o.start ?? '2020-01-01', leave_date: o.leave ?? null, team_id: teamId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async child(laCode: string, dob = '2015-06-01'): Promise<number> {
    const n = next();
    const r = await this.db
      .insertInto('child')
      .values({ la_code: laCode, person_ref: `P${n}`, given_name: 'Testchild', family_name: `Fixture${n}`, date_of_birth: dob, sex: 'F', ethnicity: 'WBRI' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async allocate(childId: number, staffId: number, teamId: number, start: string, end: string | null = null): Promise<void> {
    await this.db.insertInto('allocation').values({ child_id: childId, staff_id: staffId, team_id: teamId, start_date: start, end_date: end, start_reason: 'new', end_reason: end ? 'moved' : null }).execute();
  }

  async referral(childId: number, laCode: string, date: string, o: { closed?: string; nfa?: boolean } = {}): Promise<number> {
    const r = await this.db
      .insertInto('referral')
      .values({ child_id: childId, la_code: laCode, referral_date: date, source: '1A', nfa: o.nfa ?? false, closure_date: o.closed ?? null, closure_reason: o.closed ? 'RC1' : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async assessment(referralId: number, childId: number, start: string, authorised: string): Promise<void> {
    await this.db.insertInto('assessment').values({ referral_id: referralId, child_id: childId, start_date: start, completed_date: authorised, authorised_date: authorised }).execute();
  }

  /** Strategy discussion → section 47 → ICPC → (optionally) a CP plan. */
  async cp(childId: number, laCode: string, o: { strategy: string; icpc: string; planStart?: string; planEnd?: string | null }): Promise<{ referralId: number; planId: number | null }> {
    const referralId = await this.referral(childId, laCode, o.strategy);
    const sd = await this.db.insertInto('strategy_discussion').values({ referral_id: referralId, child_id: childId, discussion_date: o.strategy, outcome: 's47' }).returning('id').executeTakeFirstOrThrow();
    const s47 = await this.db
      .insertInto('s47_enquiry')
      .values({ referral_id: referralId, child_id: childId, strategy_discussion_id: sd.id, start_date: o.strategy, end_date: o.icpc, outcome: 'icpc' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const icpc = await this.db.insertInto('icpc').values({ s47_id: s47.id, child_id: childId, conference_date: o.icpc, plan_decided: Boolean(o.planStart) }).returning('id').executeTakeFirstOrThrow();
    if (!o.planStart) return { referralId, planId: null };
    const plan = await this.db
      .insertInto('cp_plan')
      .values({ referral_id: referralId, child_id: childId, icpc_id: icpc.id, start_date: o.planStart, end_date: o.planEnd ?? null, initial_category: 'NEG', latest_category: 'NEG', end_reason: o.planEnd ? 'RC1' : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { referralId, planId: Number(plan.id) };
  }

  async cpReview(planId: number, childId: number, date: string): Promise<void> {
    await this.db.insertInto('cp_review').values({ cp_plan_id: planId, child_id: childId, review_date: date }).execute();
  }

  /** A period of care with its episodes: [start, reason for new episode, placement type], each ending when the next starts. */
  async care(childId: number, laCode: string, episodes: [string, string, string?][], end: string | null = null): Promise<number> {
    const p = await this.db.insertInto('care_period').values({ child_id: childId, la_code: laCode, start_date: episodes[0]![0], end_date: end }).returning('id').executeTakeFirstOrThrow();
    for (const [i, [start, reason, type]] of episodes.entries()) {
      const epEnd = episodes[i + 1]?.[0] ?? end;
      await this.db
        .insertInto('cla_episode')
        .values({
          care_period_id: p.id, child_id: childId, start_date: start, end_date: epEnd, reason_new_episode: reason, legal_status: 'C2', category_of_need: 'N1',
          placement_type: type ?? 'U1', reason_ceased: epEnd ? (i + 1 < episodes.length ? 'X1' : 'E11') : null,
        })
        .execute();
    }
    return Number(p.id);
  }
}
