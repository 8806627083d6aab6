import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ValidateFunction } from 'ajv';
import { freshDatabase } from '../../helpers/db.ts';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { buildDfePayloads, type DfeChild } from '../../../src/returns/dfe-api/payload.ts';
import { planFeed, toBatches, MAX_BATCH } from '../../../src/returns/dfe-api/feed.ts';
import { planDfeFeed, runDfeFeed } from '../../../src/returns/dfe-api/run.ts';
import { DfeSender, retryAfterMs, dfeApiConfigFromEnv, type DfeApiConfig } from '../../../src/returns/dfe-api/sender.ts';
import { addCarePeriod, addChild, addCouncil, addEpisode, addTeam, addWorker, allocate } from '../fixtures.ts';
import { compileCscSchema } from './schema.ts';
import { startMockDfe, MOCK_CREDENTIALS, type MockDfe } from './mock-server.ts';

let h: DatabaseHandle;
let validate: ValidateFunction;
let mock: MockDfe;
let richAssessmentId: number;
const SIMPLE = 150;

function assertValid(batch: unknown, label: string): void {
  const ok = validate(batch);
  assert.ok(ok, `${label}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

function senderFor(m: MockDfe, delays: number[], extra: Partial<DfeApiConfig> = {}): DfeSender {
  return new DfeSender(
    { baseUrl: m.baseUrl, tokenUrl: m.tokenUrl, ...MOCK_CREDENTIALS, timeoutMs: 2000, maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5000, ...extra },
    { sleep: async (ms) => { delays.push(ms); }, random: () => 0.5 },
  );
}

before(async () => {
  validate = compileCscSchema();
  mock = await startMockDfe(validate);
  h = await freshDatabase();
  const db = h.db;
  await addCouncil(db, '330', 'Northshire');
  await addCouncil(db, '331', 'Southshire');
  const team = await addTeam(db, '330', 'Team North');
  const sw = await addWorker(db, team, 'Jo', 'Worker', 'SW123456');
  const sw2 = await addWorker(db, team, 'Max', 'Other');

  // A child with every part of the journey.
  const rich = await addChild(db, { laCode: '330', ref: 'RICH1', dob: '2012-05-05', upn: 'A123456789012', disabilities: ['AUT', 'AUT', 'HEAR'], uasc: true, uascCeased: '2025-06-01' });
  await db.insertInto('address').values({ child_id: rich, line1: '1 Test Street', town: 'Testtown', postcode: 'tt1 1tt', start_date: '2020-01-01' }).execute();
  await db.insertInto('health_event').values({ child_id: rich, kind: 'sdq', event_date: '2025-05-01', score: 14 }).execute();
  await allocate(db, rich, sw, team, '2024-01-10', '2024-12-31', 'LEFTRL');
  await allocate(db, rich, sw2, team, '2025-01-01');
  const ref = await db.insertInto('referral').values({ child_id: rich, la_code: '330', referral_date: '2024-01-10', source: '5A', primary_need: 'N1' }).returning('id').executeTakeFirstOrThrow();
  const as = await db.insertInto('assessment').values({ referral_id: ref.id, child_id: rich, start_date: '2024-01-11', completed_date: '2024-02-01', authorised_date: '2024-02-02', factors: ['2B', '3A', '2B'], outcome: 'strategy_discussion' }).returning('id').executeTakeFirstOrThrow();
  richAssessmentId = as.id;
  await db.insertInto('assessment').values({ referral_id: ref.id, child_id: rich, start_date: '2024-06-01' }).execute();
  const sd = await db.insertInto('strategy_discussion').values({ referral_id: ref.id, child_id: rich, discussion_date: '2024-02-03', outcome: 's47' }).returning('id').executeTakeFirstOrThrow();
  const s47 = await db.insertInto('s47_enquiry').values({ referral_id: ref.id, child_id: rich, strategy_discussion_id: sd.id, start_date: '2024-02-03', end_date: '2024-02-20', outcome: 'icpc' }).returning('id').executeTakeFirstOrThrow();
  const icpc = await db.insertInto('icpc').values({ s47_id: s47.id, child_id: rich, conference_date: '2024-02-20', plan_decided: true }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('cp_plan').values({ referral_id: ref.id, child_id: rich, icpc_id: icpc.id, start_date: '2024-02-20', end_date: '2024-09-01', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  await db.insertInto('cin_plan').values({ referral_id: ref.id, child_id: rich, start_date: '2024-09-01', end_date: '2024-10-01' }).execute();
  const period = await addCarePeriod(db, rich, '330', '2024-10-01');
  await addEpisode(db, rich, period, { start: '2024-10-01', end: '2025-03-01', rne: 'S', place: 'U4', placePostcode: 'PL1 1AA', rec: 'X1' });
  await addEpisode(db, rich, period, { start: '2025-03-01', rne: 'P', place: 'K2', placePostcode: 'PL2 2BB', reasonPlaceChange: 'CARPL' });
  await db.insertInto('adoption_plan').values({ child_id: rich, decision_date: '2025-04-01', matched_date: '2025-06-01' }).execute();

  await addChild(db, { laCode: '330', ref: 'DASH-1', dob: null, expectedDob: '2026-09-01', sex: 'U' }).then((id) =>
    db.insertInto('referral').values({ child_id: id, la_code: '330', referral_date: '2026-01-05', source: '3A' }).execute());
  const kids = await db.insertInto('child').values(Array.from({ length: SIMPLE }, (_, i) => ({
    la_code: '330', person_ref: `K${String(i + 1).padStart(3, '0')}`, given_name: 'Kid', family_name: `Number${i + 1}`,
    date_of_birth: '2014-03-03', sex: i % 2 ? 'M' : 'F', ethnicity: 'WBRI', upn_unknown: 'UN2',
  }))).returning('id').execute();
  await db.insertInto('referral').values(kids.map((k) => ({ child_id: k.id, la_code: '330', referral_date: '2025-11-01', source: '2A' }))).execute();
  const gone = await addChild(db, { laCode: '330', ref: 'GONE1' });
  await db.insertInto('referral').values({ child_id: gone, la_code: '330', referral_date: '2025-12-01', source: '6', nfa: true, closure_date: '2025-12-01', closure_reason: 'RC8' }).execute();
  await addChild(db, { laCode: '330', ref: 'NOSC1' }); // no social care involvement: out of scope
  const other = await addChild(db, { laCode: '331', ref: 'OTHER1' });
  await db.insertInto('referral').values({ child_id: other, la_code: '331', referral_date: '2025-12-01', source: '6' }).execute();
});

after(async () => {
  await mock?.close();
  await h?.close();
});

test('payloads: every batch validates against the DfE CSC schema; scope is the council’s social care children', async () => {
  const built = await buildDfePayloads(h.db, '330');
  assert.equal(built.length, SIMPLE + 3);
  const refs = built.map((b) => b.ref);
  assert.ok(!refs.includes('OTHER1') && !refs.includes('NOSC1'));
  assert.ok(!refs.includes('DASH-1') && refs.some((r) => /^H\d+$/.test(r)), 'a reference outside the la_child_id pattern is replaced');
  const batches = toBatches('330', built.map((b) => ({ ref: b.ref, payload: b.payload, hash: null, ids: b.ids, kind: 'new' as const })));
  assert.deepEqual(batches.map((b) => b.items.length), [100, 53]);
  for (const b of batches) assertValid(b.items.map((i) => i.payload), b.batchId);
  // The validator is live: a malformed child is rejected.
  assert.equal(validate([{ la_child_id: 'X', child_details: { sex: 'Male' } }]), false);
  assert.equal(validate(Array.from({ length: 101 }, (_, i) => ({ la_child_id: `A${i}` }))), false);
});

test('payload content for a child with the whole journey', async () => {
  const built = await buildDfePayloads(h.db, '330');
  const rich = built.find((b) => b.ref === 'RICH1')!.payload;
  assert.deepEqual(rich.child_details, {
    unique_pupil_number: 'A123456789012', first_name: 'Sam', surname: 'Example', date_of_birth: '2012-05-05', sex: 'F',
    ethnicity: 'WBRI', disabilities: ['AUT', 'HEAR'], postcode: 'TT1 1TT', uasc_flag: true, uasc_end_date: '2025-06-01',
  });
  assert.deepEqual(rich.health_and_wellbeing, { sdq_assessments: [{ date: '2025-05-01', score: 14 }] });
  assert.equal(rich.social_care_episodes?.length, 1);
  const ep = rich.social_care_episodes![0]!;
  assert.equal(ep.referral_source, '5A');
  assert.equal(ep.referral_no_further_action_flag, false);
  assert.deepEqual(ep.care_worker_details?.map((w) => w.worker_id.startsWith('SW123456') || w.worker_id.startsWith('STF')), [true, true]);
  assert.equal(ep.care_worker_details?.[0]?.worker_id, 'SW123456', 'the SWE number identifies a qualified social worker');
  assert.deepEqual(ep.child_and_family_assessments?.[0]?.factors, ['2B', '3A']);
  assert.equal(ep.child_and_family_assessments?.[1]?.authorisation_date, undefined);
  assert.deepEqual(ep.section_47_assessments?.map(({ section_47_assessment_id: _, ...s }) => s), [{ start_date: '2024-02-03', icpc_required_flag: true, icpc_date: '2024-02-20', end_date: '2024-02-20' }]);
  assert.equal(ep.child_protection_plans?.length, 1);
  assert.equal(ep.child_in_need_plans?.length, 1);
  assert.deepEqual(ep.child_looked_after_placements?.map((p) => [p.start_reason, p.placement_type, p.postcode, p.end_reason, p.change_reason]),
    [['S', 'U4', 'PL1 1AA', 'X1', undefined], ['P', 'K2', 'PL2 2BB', undefined, 'CARPL']]);
  assert.deepEqual(ep.adoption, { initial_decision_date: '2025-04-01', matched_date: '2025-06-01' });
  const unborn = built.find((b) => /^H\d+$/.test(b.ref))!.payload;
  assert.equal(unborn.child_details?.expected_date_of_birth, '2026-09-01');
  assert.equal(unborn.child_details?.date_of_birth, undefined);
  const kid = built.find((b) => b.ref === 'K001')!.payload;
  assert.equal(kid.child_details?.unique_pupil_number_unknown_reason, 'UN2');
});

test('sender: retries 429/503 with backoff honouring Retry-After, caches the token, records receipts; second run sends only changes and purges', { timeout: 30_000 }, async () => {
  const delays: number[] = [];
  const sender = senderFor(mock, delays);
  mock.script.push({ status: 429, retryAfter: '2' }, { status: 503 }, { status: 503 });
  const first = await runDfeFeed(h.db, sender, { laCode: '330' });
  assert.equal(first.plan.full, true);
  assert.deepEqual(first.batches.map((b) => [b.children, b.result.status]), [[100, 'accepted'], [SIMPLE + 3 - 100, 'accepted']]);
  assert.equal(first.batches[0]!.result.attempts, 4, '429, 503, 503, then accepted');
  assert.equal(first.batches[1]!.result.attempts, 1);
  assert.equal(delays.length, 3);
  assert.ok(delays[0]! >= 2000, `Retry-After: 2 is honoured (waited ${delays[0]} ms)`);
  assert.deepEqual(delays.slice(1), [100, 200], 'exponential backoff with jitter (random 0.5 of 200, 400)');
  assert.equal(sender.tokenRequests, 1, 'one token for the whole run');
  assert.equal(mock.requests.filter((r) => r.status === 200).length, 2);
  for (const r of mock.requests) assert.equal(r.laCode, '330');
  for (const r of mock.requests) assertValid(r.body, 'sent body');

  const receipts = await h.db.selectFrom('dfe_feed_receipt').selectAll().orderBy('id').execute();
  assert.equal(receipts.length, 2);
  assert.ok(receipts.every((r) => r.status === 'accepted' && r.http_status === 200 && /^[0-9a-f-]{36}$/.test(r.receipt ?? '')));
  assert.deepEqual(receipts.map((r) => r.attempts), [4, 1]);
  const state = await h.db.selectFrom('dfe_feed_state').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(state.n), SIMPLE + 3);

  // Nothing changed: nothing to send.
  const before = mock.requests.length;
  const idle = await runDfeFeed(h.db, sender, { laCode: '330' });
  assert.equal(idle.plan.items.length, 0);
  assert.equal(idle.plan.unchanged, SIMPLE + 3);
  assert.equal(mock.requests.length, before);

  // A name corrected, an assessment deleted, a child's record deleted.
  await h.db.updateTable('child').set({ family_name: 'Corrected' }).where('person_ref', '=', 'K007').execute();
  await h.db.deleteFrom('assessment').where('id', '=', richAssessmentId).execute();
  await h.db.deleteFrom('child').where('person_ref', '=', 'GONE1').execute();
  const second = await runDfeFeed(h.db, sender, { laCode: '330' });
  assert.equal(second.plan.full, false);
  assert.deepEqual(second.plan.items.map((i) => [i.ref, i.kind]).sort(), [['GONE1', 'purge'], ['K007', 'changed'], ['RICH1', 'changed']]);
  const body = mock.requests.at(-1)!.body as DfeChild[];
  assertValid(body, 'change batch');
  assert.deepEqual(body.find((c) => c.la_child_id === 'GONE1'), { la_child_id: 'GONE1', purge: true });
  assert.equal(body.find((c) => c.la_child_id === 'K007')?.child_details?.surname, 'Corrected');
  const richSent = body.find((c) => c.la_child_id === 'RICH1')!;
  const purged = richSent.social_care_episodes!.flatMap((e) => e.child_and_family_assessments ?? []).filter((a) => a.purge);
  assert.deepEqual(purged, [{ child_and_family_assessment_id: String(richAssessmentId), purge: true }]);
  const gone = await h.db.selectFrom('dfe_feed_state').selectAll().where('child_ref', '=', 'GONE1').executeTakeFirstOrThrow();
  assert.equal(gone.purged, true);
  // …and the purge is not repeated.
  const third = await planDfeFeed(h.db, { laCode: '330' });
  assert.equal(third.items.length, 0);
});

test('a rejected batch is recorded as failed, leaves the state alone and is re-sent with the same batch id', { timeout: 30_000 }, async () => {
  const delays: number[] = [];
  const sender = senderFor(mock, delays);
  await h.db.updateTable('child').set({ given_name: 'Renamed' }).where('person_ref', '=', 'K010').execute();
  mock.script.push({ status: 400 });
  const failed = await runDfeFeed(h.db, sender, { laCode: '330' });
  assert.equal(failed.batches.length, 1);
  assert.equal(failed.batches[0]!.result.status, 'failed');
  assert.equal(failed.batches[0]!.result.attempts, 1, '400 is not retried');
  assert.equal(delays.length, 0);
  const receipt = await h.db.selectFrom('dfe_feed_receipt').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(receipt.status, 'failed');
  assert.equal(receipt.http_status, 400);
  const again = await runDfeFeed(h.db, sender, { laCode: '330' });
  assert.equal(again.batches[0]!.result.status, 'accepted');
  assert.equal(again.batches[0]!.batchId, failed.batches[0]!.batchId, 'same content, same batch id');
});

test('a re-send after a timeout uses the same idempotency key and does not duplicate state', { timeout: 30_000 }, async () => {
  const delays: number[] = [];
  const sender = senderFor(mock, delays, { timeoutMs: 300 });
  await h.db.updateTable('child').set({ ethnicity: 'WOTH' }).where('person_ref', '=', 'K020').execute();
  mock.script.push({ delayMs: 1200 });
  const start = mock.requests.length;
  const run = await runDfeFeed(h.db, sender, { laCode: '330' });
  assert.equal(run.batches[0]!.result.status, 'accepted');
  assert.equal(run.batches[0]!.result.attempts, 2);
  const sent = mock.requests.slice(start);
  assert.equal(sent.length, 2);
  assert.equal(sent[0]!.idempotencyKey, run.batches[0]!.batchId);
  assert.equal(sent[1]!.idempotencyKey, sent[0]!.idempotencyKey);
  const rows = await h.db.selectFrom('dfe_feed_state').selectAll().where('child_ref', '=', 'K020').execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.batch_id, run.batches[0]!.batchId);
});

test('attempts are bounded: persistent 503 gives up after maxAttempts', { timeout: 30_000 }, async () => {
  const delays: number[] = [];
  const sender = senderFor(mock, delays, { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1500 });
  mock.script.push({ status: 503 }, { status: 503 }, { status: 503 });
  const r = await sender.send('330', 'bounded-test', [{ la_child_id: 'Z1' }]);
  assert.equal(r.status, 'failed');
  assert.equal(r.httpStatus, 503);
  assert.equal(r.attempts, 3);
  assert.deepEqual(delays, [500, 750], 'jittered and capped at maxDelayMs');
  assert.equal(mock.script.length, 0);
});

test('token: cached until shortly before expiry, then renewed; bad credentials fail without retrying', async () => {
  let now = 1_000_000;
  const sender = new DfeSender({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, ...MOCK_CREDENTIALS }, { now: () => now, sleep: async () => {} });
  const t1 = await sender.accessToken();
  assert.equal(await sender.accessToken(), t1);
  now += 3540_000 + 1; // expires_in 3600 less the 60 s margin
  assert.notEqual(await sender.accessToken(), t1);
  assert.equal(sender.tokenRequests, 2);
  const bad = new DfeSender({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, clientId: 'x', clientSecret: 'y', scope: 'csc.write' }, { sleep: async () => {} });
  const r = await bad.send('330', 'b', [{ la_child_id: 'Z1' }]);
  assert.equal(r.status, 'failed');
  assert.equal(r.httpStatus, 401);
  assert.equal(r.attempts, 1);
});

test('Retry-After parsing and configuration from the environment', () => {
  assert.equal(retryAfterMs('3', 0), 3000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
  assert.equal(retryAfterMs('soon', 0), null);
  assert.equal(retryAfterMs(null, 0), null);
  assert.throws(() => dfeApiConfigFromEnv({}), /DFE_API_BASE_URL/);
  assert.throws(() => dfeApiConfigFromEnv({ DFE_API_BASE_URL: 'http://example.org/api', DFE_API_TOKEN_URL: 'https://example.org/t', DFE_API_CLIENT_ID: 'a', DFE_API_CLIENT_SECRET: 'b' }), /https/);
  const cfg = dfeApiConfigFromEnv({ DFE_API_BASE_URL: 'https://example.org/api', DFE_API_TOKEN_URL: 'https://example.org/t', DFE_API_CLIENT_ID: 'a', DFE_API_CLIENT_SECRET: 'b', DFE_API_SCOPE: 's' });
  assert.equal(cfg.scope, 's');
});

test('planFeed: full snapshot when forced; batch ids depend only on content', () => {
  const child = (ref: string, name: string) => ({ ref, payload: { la_child_id: ref, child_details: { first_name: name } }, ids: [] });
  const p1 = planFeed('330', [child('A1', 'x'), child('B1', 'y')], []);
  const p2 = planFeed('330', [child('A1', 'x'), child('B1', 'y')], []);
  assert.equal(p1.full, true);
  assert.equal(p1.batches[0]!.batchId, p2.batches[0]!.batchId);
  assert.notEqual(planFeed('330', [child('A1', 'z'), child('B1', 'y')], []).batches[0]!.batchId, p1.batches[0]!.batchId);
  assert.notEqual(planFeed('331', [child('A1', 'x'), child('B1', 'y')], []).batches[0]!.batchId, p1.batches[0]!.batchId);
  const state = p1.items.map((i) => ({ child_ref: i.ref, payload_hash: i.hash!, sent_ids: [], purged: false }));
  assert.equal(planFeed('330', [child('A1', 'x'), child('B1', 'y')], state).items.length, 0);
  assert.equal(planFeed('330', [child('A1', 'x'), child('B1', 'y')], state, { full: true }).items.length, 2);
  assert.throws(() => toBatches('330', [], MAX_BATCH + 1), RangeError);
});
